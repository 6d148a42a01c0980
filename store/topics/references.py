"""Words that point at other meetings, resolved against the store.

"Minutes of the Meeting held on 5 October 2015" points at that meeting of the
same committee; "Date of Next Meeting" at the next one; a report's
background papers at the meetings, or better the items, they name; a
decision's "Decided at meeting" at its meeting. Targets are looked up each
time they are asked for, so a meeting imported later is found at once, and a
reference whose target is not in the store keeps its date and gets no target.
"""

from __future__ import annotations

import re
from datetime import date

from store import Archive
from store.ingest.dates import MONTHS
from store.models import Item, Meeting, Reference
from store.topics.normalise import TitleKey, title_key, title_score
from store.topics.records import ResolvedReference

#: A background paper names this item of the meeting it points at when
#: their titles score at least this; otherwise it names the meeting.
PAPER_MATCH = 50

_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]+)\b")


def day_month_after(text: str, after: str) -> str | None:
    """The first date named as "27 June" (no year) that falls after ``after``.

    Minutes often give the next meeting without its year; it is the first
    such day after the meeting that names it.
    """
    try:
        start = date.fromisoformat(after)
    except ValueError:
        return None
    for day, month in _DAY_MONTH.findall(text[:500].casefold()):
        number = MONTHS.get(month)
        if number is None:
            continue
        for year in (start.year, start.year + 1):
            try:
                found = date(year, number, int(day))
            except ValueError:
                break
            if found > start:
                return found.isoformat()
    return None


def item_references(item: Item, meeting: Meeting | None) -> list[Reference]:
    """An item's references, with what the parser left in other fields.

    The parser lists references on the item; a report's background papers,
    a decision's "Decided at meeting" and the meeting's next date are added
    here when the list lacks them, and a next meeting named without a year
    gets its date from the meeting's.
    """
    refs = [Reference(ref.kind, ref.text, ref.date, None) for ref in item.references]
    kinds = {ref.kind for ref in refs}
    if item.report is not None and "background-paper" not in kinds:
        refs.extend(
            Reference("background-paper", paper.paper, paper.date)
            for paper in item.report.background_papers
        )
    if item.decision is not None and item.decision.decided_at and "decided-at" not in kinds:
        text = item.decision.decided_at_text or item.decision.decided_at
        refs.append(Reference("decided-at", text, item.decision.decided_at))
    if meeting is not None:
        if item.standing == "next-meeting" and "next-meeting" not in kinds and meeting.next_meeting:
            refs.append(Reference("next-meeting", item.plain_text()[:200], meeting.next_meeting))
        for ref in refs:
            if ref.kind == "next-meeting" and ref.date is None:
                ref.date = meeting.next_meeting or day_month_after(ref.text, meeting.date)
    return refs


def meeting_on(store: Archive, committee_id: str, day: str | None) -> str | None:
    """The id of ``committee_id``'s meeting on ``day``, if stored."""
    if not day:
        return None
    meeting_id = f"{committee_id}-{day}"
    return meeting_id if store.meeting(meeting_id) is not None else None


def paper_item(store: Archive, meeting_id: str, key: TitleKey) -> tuple[str | None, float]:
    """The item of a meeting that a background paper's title key names best.

    Returns:
        The item id and its title score, or ``(None, 0)`` when no
        substantive item scores ``PAPER_MATCH``.
    """
    return best_paper(substantive_titles(store, meeting_id), key)


def substantive_titles(store: Archive, meeting_id: str) -> list[tuple[str, str]]:
    """``(item id, title)`` of a meeting's items that are not standing ones,
    in agenda order: what a background paper may name."""
    return [(s.id, s.title) for s in store.summaries(meeting_id) if s.standing is None]


def best_paper(titles: list[tuple[str, str]], key: TitleKey) -> tuple[str | None, float]:
    """The item among ``titles`` (see ``substantive_titles``) that a paper's
    title key names best, and its score (``(None, 0)`` below ``PAPER_MATCH``)."""
    best, best_score = None, 0.0
    for item_id, title in titles:
        score, _ = title_score(key, title_key(title))
        if score >= PAPER_MATCH and score > best_score:
            best, best_score = item_id, score
    return best, best_score


def _issue_target(store: Archive, committee_id: str, ref: Reference) -> str | None:
    """The item (or meeting) an issue history entry names: "Title, 02/03/2021
    - Committee", the meeting of this committee or the one named that day."""
    title, _, where = ref.text.rpartition(", ")
    target = meeting_on(store, committee_id, ref.date)
    if target is None and ref.date:
        target = _meeting_of_named(store, ref.date, where.partition(" - ")[2].casefold())
    if target is None:
        return None
    return paper_item(store, target, title_key(title))[0] or target


def _meeting_of_named(store: Archive, day: str, named: str) -> str | None:
    """The meeting on ``day`` of a committee called ``named`` (casefolded),
    the greatest id if several: one look-up per committee (a meeting's id is
    ``<committee>-<date>``), not a walk of every meeting (only records
    written without their committees are walked)."""
    committees = store.table_rows("committees")
    if committees:
        meetings = [store.meeting(f"{committee_id}-{day}") for committee_id in committees]
    else:
        meetings = [meeting for meeting in store.meetings() if meeting.date == day]
    found = [m.id for m in meetings if m is not None and m.committee.casefold() == named]
    return max(found, default=None)


def resolve(store: Archive, item: Item) -> list[ResolvedReference]:
    """Every reference of ``item``, each with its target or None.

    Args:
        store: The store to look targets up in.
        item: A whole item (its body holds the references).

    Returns:
        The references in document order.
    """
    meeting = store.meeting(item.meeting_id)
    committee_id = meeting.committee_id if meeting else item.meeting_id.rsplit("-", 3)[0]
    resolved = []
    for ref in item_references(item, meeting):
        target = None
        if ref.kind in ("previous-minutes", "next-meeting", "decided-at", "background-paper"):
            target = meeting_on(store, committee_id, ref.date)
        if target is not None and ref.kind == "background-paper":
            target = paper_item(store, target, title_key(ref.text))[0] or target
        if ref.kind == "issue":
            target = _issue_target(store, committee_id, ref)
        resolved.append(ResolvedReference(ref.kind, ref.text, ref.date, target))
    return resolved
