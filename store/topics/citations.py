"""Background papers as evidence that two items are one series.

A report lists the reports it follows: "Report to the Cabinet Committee on
Performance Improvement – Quarterly Corporate Performance - Quarter 3
2016/17 Report, 7 March 2017". When that paper's title is like the report's
own (an earlier edition of the same report, ``SERIES``) and the meeting of
that date is stored, the item it names there belongs in the report's thread,
whatever that item was called at the time ("Quarterly Performance Summary
Report"). Either side may be imported first: papers are remembered by date
until their meeting arrives.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from store.models import Item
from store.topics.evidence import Evidence
from store.topics.normalise import key_from_text, title_key, title_score
from store.topics.reader import Features
from store.topics.references import item_references, meeting_on

if TYPE_CHECKING:
    from store.topics.threads import Threader

#: Score of a link through background papers.
CITED = 95
#: A background paper is an earlier edition of the citing report when their
#: titles score at least this (more than half their weighted words shared).
SERIES = 50


def cited_threads(threader: Threader, f: Features) -> list[tuple[Evidence, str]]:
    """Threads of the earlier editions a report names in its background
    papers (never of items the clerk moved: they attract nothing)."""
    found = []
    committee = threader.reader.committee(f.meeting_id)
    for ref in item_references(f.item, None):
        if ref.kind != "background-paper":
            continue
        target = meeting_on(threader.store, committee, ref.date)
        if target is None or target == f.meeting_id:
            continue
        paper = title_key(ref.text)
        cited, _ = threader.paper_item(target, paper)
        if cited is None or threader.clerk_placed(cited) or title_score(paper, f.key)[0] < SERIES:
            continue
        thread_id = threader.thread_of(cited)
        if thread_id is not None:
            found.append((Evidence(CITED, "cites", cited), thread_id))
    return found


def register(threader: Threader, item: Item) -> None:
    """Remember an item's dated background papers for meetings to come."""
    row = threader.state.meeting(item.meeting_id)
    for ref in item_references(item, None):
        if ref.kind == "background-paper" and ref.date:
            key = title_key(ref.text).text
            row["cites"].append([item.id, ref.date, key])
            threader.state.cites_on(ref.date).append([item.id, key])


def forget(threader: Threader, meeting_id: str) -> None:
    """Forget the background papers of a meeting's items."""
    row = threader.state.meeting(meeting_id)
    for item_id, day, _ in row["cites"]:
        entries = threader.state.cites_on(day)
        entries[:] = [entry for entry in entries if entry[0] != item_id]
    row["cites"] = []


def link(threader: Threader, meeting_ids: list[str]) -> None:
    """Link items of these meetings to the reports whose background papers
    name them, merging threads when needed."""
    reader = threader.reader
    for meeting_id in meeting_ids:
        committee = reader.committee(meeting_id)
        for citing, key_text in list(threader.state.cites_on(reader.meeting_date(meeting_id))):
            if reader.committee(reader.meeting_of(citing)) != committee:
                continue
            key = key_from_text(key_text)
            cited, _ = threader.paper_item(meeting_id, key)
            if cited is None or threader.clerk_placed(cited) or threader.clerk_placed(citing):
                continue
            if title_score(key, reader.key(citing))[0] < SERIES:
                continue
            ours, theirs = threader.thread_of(cited), threader.thread_of(citing)
            if ours is None or theirs is None:
                continue
            if ours == theirs:
                threader.upgrade(ours, cited, Evidence(CITED, "cited", citing))
            else:
                threader.merge(theirs, ours, cited, citing, Evidence(CITED, "cites", cited))
