"""Putting each substantive item in the thread of its recurring topic.

An item joins the thread it matches best, if the match is strong enough:

1. **Title.** Keys (``store.topics.normalise``) scoring ``JOIN`` or more
   are enough on their own ("same title once the quarter is removed").
2. **Title and text.** Keys scoring ``SUPPORT_MIN`` or more join when the
   texts back them: distinctive shared words (weighted by how rare they are
   in the archive) and the same presenting officer add to the score.
3. **Background papers.** A report that names an earlier edition of itself
   in its background papers ("Quarterly Corporate Performance - Quarter 3
   2016/17 Report, 7 March 2017") joins the thread of the item that paper
   was, whatever that item was called at the time; if the two were in
   different threads, the threads merge.

Otherwise the item starts a thread of its own. Standing items (apologies,
minutes, next meeting ...) never enter a thread. Two items of one meeting
from the same kind of document never share a thread (a meeting discusses a
topic once), and the clerk's corrections (``store.topics.constraints``)
override everything.

Sections of long items ("Ofsted Post Inspection Update" inside the
performance report) whose heading names another thread's topic, and whose
text backs it, are recorded as *parts* of that thread: related links.

Only the items of the meetings being imported are compared, against the
threads through a word index of their keys, so importing one meeting costs
the same whatever the size of the archive.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from store.database import Store
from store.models import Item
from store.topics.constraints import Constraints
from store.topics.evidence import (
    cosine_weighted,
    item_text,
    section_text,
    shared_presenters,
    shared_terms,
    terms,
)
from store.topics.normalise import (
    TitleKey,
    containment,
    is_boilerplate_heading,
    key_from_text,
    looks_standing,
    slug,
    title_key,
    title_score,
)
from store.topics.references import item_references, meeting_on, paper_item
from store.topics.state import Member, Part, Thread, TopicState

#: A title score that puts an item in a thread on its own.
JOIN = 80
#: The least title score that shared text or people can lift to ``JOIN``.
SUPPORT_MIN = 55
#: Most points shared distinctive words add (at cosine similarity 0.25).
TEXT_BONUS = 25
#: Points for the same presenting officer.
PEOPLE_BONUS = 10
#: A link made partly from the text is never shown as certain.
SUPPORTED_CAP = 95
#: Score of a link through background papers.
CITED = 95
#: A background paper is an earlier edition of the citing report when their
#: titles score at least this.
SERIES = 60
#: How much of a heading's distinctive words a thread's key must have.
PART_MATCH = 85
#: Least cosine similarity between a section and the thread's text.
PART_TEXT = 0.08
#: Threads scored per item, the ones sharing most key words.
CANDIDATES = 40

_APPENDIX = re.compile(r"\bappendix\s+'?[a-z0-9]{1,2}'?\s*[–—-]\s*([^.;:\n()]{4,80})", re.IGNORECASE)

#: Codes of members placed by the clerk.
CLERK_CODES = ("moved", "confirmed")


@dataclass(slots=True)
class Evidence:
    """Why an item belongs with another: a score, a reason code, through
    which item, and the words for the reason."""

    score: float
    code: str
    via: str | None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Features:
    """What the threading looks at in one item."""

    item: Item
    key: TitleKey
    meeting_id: str
    family: str
    date: str
    words: Counter[str]


def family(shape: str) -> str:
    """Agenda and minutes describe the same items; reports and decisions
    are documents of their own."""
    return "minutes" if shape in ("minutes", "agenda") else shape


def substantive(item: Item) -> bool:
    """True for an item that belongs in a topic thread."""
    return item.standing is None and not looks_standing(item.title)


def people(item: Item) -> list[str]:
    """Who presented, wrote or is the contact for an item."""
    found = list(item.presenters)
    if item.report is not None and item.report.contact:
        found.append(item.report.contact)
    if item.decision is not None:
        found += [name for name in (item.decision.author, item.decision.contact) if name]
    return found


def sections(item: Item) -> Iterator[tuple[int, str, str]]:
    """Parts of a long item: ``(block index, heading, text)`` for each
    heading, and for each appendix named in the text ("Appendix B – Ofsted
    Post Inspection Update")."""
    for index, block in enumerate(item.blocks):
        if block.kind == "heading" and block.text.strip():
            yield index, block.text.strip(), section_text(item.blocks, index)
        elif block.kind == "paragraph":
            for match in _APPENDIX.finditer(block.text[:2000]):
                yield index, match.group(1).strip(), section_text(item.blocks, index)


class Threader:
    """Places items in threads, keeping the topic tables consistent."""

    def __init__(self, store: Store, state: TopicState, constraints: Constraints) -> None:
        """Work on ``state`` (written back by the caller with ``state.save``)."""
        self.store = store
        self.state = state
        self.constraints = constraints
        self.item_rows = store.table_rows("items")
        self.meeting_rows = store.table_rows("meetings")
        self._bodies: dict[str, Item | None] = {}
        self._words: dict[str, Counter[str]] = {}
        self._rekeyed: set[str] = set()

    # -- reading ---------------------------------------------------------

    def _item(self, item_id: str) -> Item | None:
        if item_id not in self._bodies:
            self._bodies[item_id] = self.store.item(item_id)
        return self._bodies[item_id]

    def _words_of(self, item_id: str) -> Counter[str]:
        if item_id not in self._words:
            item = self._item(item_id)
            self._words[item_id] = terms(item_text(item)) if item else Counter()
        return self._words[item_id]

    def _meeting_of(self, item_id: str) -> str:
        row = self.item_rows.get(item_id)
        return row["meeting_id"] if row else item_id.rpartition("/")[0]

    def _date(self, item_id: str) -> str:
        row = self.meeting_rows.get(self._meeting_of(item_id))
        return row["date"] if row else ""

    def _sort_key(self, item_id: str) -> tuple[str, int, str]:
        row = self.item_rows.get(item_id)
        return (self._date(item_id), row["order"] if row else 0, item_id)

    def _key(self, item_id: str) -> TitleKey:
        row = self.item_rows.get(item_id)
        return title_key(row["title"]) if row else TitleKey(())

    def _family_of(self, item_id: str) -> str:
        row = self.item_rows.get(item_id)
        return family(row["shape"]) if row else ""

    def thread_of(self, item_id: str) -> str | None:
        """The thread ``item_id`` is in now."""
        return self.state.thread_of(item_id, self._meeting_of(item_id))

    def features(self, item: Item) -> Features:
        """What the threading needs from ``item``."""
        self._bodies[item.id] = item
        meeting = self.meeting_rows.get(item.meeting_id, {})
        return Features(
            item,
            title_key(item.title),
            item.meeting_id,
            family(item.shape),
            meeting.get("date", ""),
            self._words_of(item.id),
        )

    # -- whole runs ------------------------------------------------------

    def update(self, meeting_ids: Iterable[str], *, count_words: bool = True) -> None:
        """Re-thread the items of these meetings against all other threads.

        Args:
            meeting_ids: Meetings whose items were written or changed.
            count_words: Add their words to the archive's word counts, the
                first time a meeting is seen (a rebuild counts every item
                first; a changed meeting is not counted twice).
        """
        meetings = sorted(
            {m for m in meeting_ids if m in self.meeting_rows},
            key=lambda m: (self.meeting_rows[m]["date"], m),
        )
        for meeting_id in meetings:
            self.forget_meeting(meeting_id)
        placed: list[Item] = []
        for meeting_id in meetings:
            items = self.store.items(meeting_id)
            row = self.state.meeting(meeting_id)
            for item in items:
                self._bodies[item.id] = item
                if count_words and not row.get("counted"):
                    self.state.count_words(self._words_of(item.id))
            row["counted"] = True
            for item in items:
                if substantive(item):
                    self.place(self.features(item))
                    placed.append(item)
                self._register_cites(item)
        self.link_cited(meetings)
        self.enforce()
        self.refresh_parts(placed)

    def replace_items(self, item_ids: Iterable[str]) -> None:
        """Take these items out of their threads and place them again, oldest
        first (after a correction)."""
        ids = sorted({i for i in item_ids if i in self.item_rows}, key=self._sort_key)
        for item_id in ids:
            self._forget_item(item_id)
        placed = []
        for item_id in ids:
            item = self._item(item_id)
            if item is not None and substantive(item):
                self.place(self.features(item))
                placed.append(item)
        self.enforce()
        self.refresh_parts(placed)

    # -- forgetting ------------------------------------------------------

    def forget_meeting(self, meeting_id: str) -> None:
        """Take a meeting's items out of every topic table."""
        row = self.state.meeting(meeting_id)
        for item_id in list(row["threads"]):
            self._remove_member(item_id)
        for item_id in list(row["parts"]):
            self._remove_parts_of(item_id)
        for key in row["heads"]:
            self.state.remove_heads(
                key, {entry[0] for entry in self.state.head_entries(key) if self._meeting_of(entry[0]) == meeting_id}
            )
        row["heads"] = []
        row["cites"] = []

    def _forget_item(self, item_id: str) -> None:
        self._remove_member(item_id)
        self._remove_parts_of(item_id)

    def _remove_member(self, item_id: str) -> None:
        """Take an item out of its thread; drop the thread if it empties."""
        row = self.state.meeting(self._meeting_of(item_id))
        thread_id = row["threads"].pop(item_id, None)
        thread = self.state.thread(thread_id) if thread_id else None
        if thread is None:
            return
        thread.members = [member for member in thread.members if member.id != item_id]
        if not thread.members:
            for part in thread.parts:
                owner = self.state.meeting(self._meeting_of(part.item))["parts"]
                owner[part.item] = [t for t in owner.get(part.item, []) if t != thread.id]
                if not owner[part.item]:
                    del owner[part.item]
            self.state.drop_thread(thread.id)
            return
        self._rekey(thread)

    def _remove_parts_of(self, item_id: str) -> None:
        row = self.state.meeting(self._meeting_of(item_id))
        for thread_id in row["parts"].pop(item_id, []):
            thread = self.state.thread(thread_id)
            if thread is not None:
                thread.parts = [part for part in thread.parts if part.item != item_id]

    def _rekey(self, thread: Thread) -> None:
        """Recompute a thread's match keys and title from its members."""
        keyed = [m.id for m in thread.members if m.code not in CLERK_CODES]
        keys = list(dict.fromkeys(self._key(i).text for i in keyed if self._key(i).words))
        self.state.drop_thread(thread.id)
        thread.keys = keys
        latest = keyed[-1] if keyed else thread.members[-1].id
        row = self.item_rows.get(latest)
        thread.title = row["title"] if row else thread.title
        self.state.add_thread(thread)

    # -- placing ---------------------------------------------------------

    def place(self, f: Features) -> None:
        """Put one substantive item in a thread (new or existing)."""
        anchor = self.constraints.anchor(f.item.id)
        if anchor is not None:
            target = self.thread_of(anchor) if anchor != f.item.id else None
            if target is not None:
                self._join(target, f.item.id, Evidence(100, "moved", anchor), keyed=False)
            else:
                self._new_thread(f, Member(f.item.id, 100, "moved", anchor), keyed=False)
            return
        scored = []
        for thread_id in self._candidates(f):
            if self._blocked(f.item.id, thread_id):
                continue
            evidence = self._title_evidence(f, thread_id)
            if evidence is not None:
                scored.append((evidence, thread_id))
        cited = [
            (evidence, thread_id)
            for evidence, thread_id in self._cites(f)
            if not self._blocked(f.item.id, thread_id)
        ]
        best = max(scored + cited, key=lambda pair: pair[0].score, default=None)
        if best is None or best[0].score < JOIN:
            self._new_thread(f, Member(f.item.id, 100, "seed"), keyed=True)
            return
        evidence, thread_id = best
        self._join(thread_id, f.item.id, evidence, keyed=True)
        for other_evidence, other in cited:
            if self.thread_of(f.item.id) != other and other_evidence.via is not None:
                self._merge(self.thread_of(f.item.id) or thread_id, other, other_evidence.via, f.item.id)

    def _candidates(self, f: Features) -> list[str]:
        """Threads sharing a distinctive key word, or two words of any kind
        (keys of generic words only, such as "corporate performance
        monitoring", still find their series)."""
        postings = self.state.postings()
        shared: Counter[str] = Counter()
        distinctive = set(f.key.distinctive)
        for word in f.key.words:
            for thread_id in postings.get(word, ()):
                shared[thread_id] += 2 if word in distinctive else 1
        needed = 2 if len(f.key.words) > 1 else 1
        found = [t for t, count in shared.items() if count >= needed]
        found.sort(key=lambda t: (-shared[t], t))
        return found[:CANDIDATES]

    def _blocked(self, item_id: str, thread_id: str) -> bool:
        """True if the item may not join this thread: the clerk rejected a
        link to one of its items, or it has an item of the same meeting and
        kind of document."""
        meeting_id, kind = self._meeting_of(item_id), self._family_of(item_id)
        for member_id in self.state.thread_member_ids(thread_id):
            if member_id == item_id or self.constraints.rejected(item_id, member_id):
                return True
            if self._meeting_of(member_id) == meeting_id and self._family_of(member_id) == kind:
                return True
        return False

    def _via(self, thread_id: str, key_text: str, near: str) -> str | None:
        """The member with this key closest in date to ``near``."""
        members = [
            m for m in self.state.thread_member_ids(thread_id) if self._key(m).text == key_text
        ]
        if not members:
            return None
        return min(members, key=lambda m: (abs(_days(self._date(m)) - _days(near)), m))

    def _title_evidence(self, f: Features, thread_id: str) -> Evidence | None:
        """The best title match with a thread's keys, backed by the text
        when the titles alone are not enough."""
        best, best_key, shared = 0.0, "", []
        for key in self.state.thread_keys(thread_id):
            score, words = title_score(f.key, key_from_text(key))
            if score > best:
                best, best_key, shared = score, key, words
        if best < SUPPORT_MIN:
            return None
        via = self._via(thread_id, best_key, f.date)
        if via is None:
            return None
        if best >= 99.99:
            return self._same_title(f, via)
        if best >= JOIN:
            return Evidence(best, "similar", via, {"title": shared})
        words = self._words_of(via)
        similarity = self._cosine(f.words, words)
        other_item = self._item(via)
        names = shared_presenters(people(f.item), people(other_item)) if other_item else []
        score = best + min(TEXT_BONUS, 100 * similarity) + (PEOPLE_BONUS if names else 0)
        extra = {
            "title": shared,
            "terms": self._shared(f.words, words) if similarity >= 0.05 else [],
            "people": [_short_name(name) for name in names[:1]],
        }
        return Evidence(min(SUPPORTED_CAP, score), "supported", via, extra)

    def _same_title(self, f: Features, via: str) -> Evidence:
        """Equal keys: say whether the titles were equal, or what was removed."""
        other = self.item_rows[via]["title"]
        if _plain(f.item.title) == _plain(other):
            return Evidence(100, "same", via)
        removed = f.key.removed | self._key(via).removed
        for kind in ("quarter", "date", "year"):
            if kind in removed:
                return Evidence(100, "period", via, {"removed": kind})
        return Evidence(100, "filler", via)

    def _cosine(self, a: Counter[str], b: Counter[str]) -> float:
        return cosine_weighted(a, b, self.state.idf)

    def _shared(self, a: Counter[str], b: Counter[str]) -> list[str]:
        return shared_terms(a, b, self.state.idf)

    def _cites(self, f: Features) -> list[tuple[Evidence, str]]:
        """Threads of the earlier editions this report names in its
        background papers (not of items the clerk moved: they attract
        nothing)."""
        found = []
        committee = self.meeting_rows.get(f.meeting_id, {}).get("committee_id", "")
        for ref in item_references(f.item, None):
            if ref.kind != "background-paper":
                continue
            target = meeting_on(self.store, committee, ref.date)
            if target is None or target == f.meeting_id:
                continue
            paper = title_key(ref.text)
            cited, _ = paper_item(self.store, target, paper)
            if cited is None or self.constraints.anchor(cited) is not None:
                continue
            if title_score(paper, f.key)[0] < SERIES:
                continue
            thread_id = self.thread_of(cited)
            if thread_id is not None:
                found.append((Evidence(CITED, "cites", cited), thread_id))
        return found

    def _register_cites(self, item: Item) -> None:
        """Keep a report's dated background papers for meetings to come."""
        if not substantive(item):
            return
        row = self.state.meeting(item.meeting_id)
        for ref in item_references(item, None):
            if ref.kind == "background-paper" and ref.date:
                row["cites"].append([item.id, ref.date, title_key(ref.text).text])

    def link_cited(self, meeting_ids: list[str]) -> None:
        """Link items of these meetings to the reports that name them in
        their background papers, merging threads when needed."""
        cites = self.state.cites_by_date()
        for meeting_id in meeting_ids:
            meeting = self.meeting_rows[meeting_id]
            for citing, key_text in cites.get(meeting["date"], []):
                citing_meeting = self.meeting_rows.get(self._meeting_of(citing))
                if citing_meeting is None or citing_meeting["committee_id"] != meeting["committee_id"]:
                    continue
                key = key_from_text(key_text)
                cited, _ = paper_item(self.store, meeting_id, key)
                if cited is None or self.constraints.anchor(cited) is not None:
                    continue
                if self.constraints.anchor(citing) is not None:
                    continue
                if title_score(key, self._key(citing))[0] < SERIES:
                    continue
                ours, theirs = self.thread_of(cited), self.thread_of(citing)
                if ours is None or theirs is None:
                    continue
                if ours == theirs:
                    self._upgrade(ours, cited, Evidence(CITED, "cited", citing))
                else:
                    self._merge(theirs, ours, cited, citing)

    def _upgrade(self, thread_id: str, item_id: str, evidence: Evidence) -> None:
        """Give a member stronger evidence, unless the clerk placed it."""
        thread = self.state.thread(thread_id)
        member = thread.member(item_id) if thread else None
        if member is None or member.code in CLERK_CODES:
            return
        if member.score < evidence.score or member.code == "seed":
            member.score, member.code = round(evidence.score), evidence.code
            member.via, member.extra = evidence.via, dict(evidence.extra)

    # -- changing threads ------------------------------------------------

    def _new_thread(self, f: Features, member: Member, *, keyed: bool) -> str:
        thread_id = self.state.new_thread_id(slug(f.key, f.item.title))
        keys = [f.key.text] if keyed and f.key.words else []
        thread = Thread(thread_id, f.item.title, keys, [member])
        self.state.add_thread(thread)
        self.state.meeting(f.meeting_id)["threads"][f.item.id] = thread_id
        self._rekeyed.add(thread_id)
        return thread_id

    def _join(self, thread_id: str, item_id: str, evidence: Evidence, *, keyed: bool) -> None:
        thread = self.state.thread(thread_id)
        assert thread is not None
        member = Member(item_id, round(evidence.score), evidence.code, evidence.via, evidence.extra)
        partner = thread.member(evidence.via) if evidence.via else None
        if partner is not None and partner.code == "seed" and evidence.code not in CLERK_CODES:
            partner.score, partner.via, partner.extra = member.score, item_id, dict(member.extra)
            partner.code = {"cites": "cited"}.get(member.code, member.code)
        thread.members.append(member)
        thread.members.sort(key=lambda m: self._sort_key(m.id))
        self.state.meeting(self._meeting_of(item_id))["threads"][item_id] = thread_id
        key = self._key(item_id)
        if keyed and key.words and key.text not in thread.keys:
            self._rekeyed.add(thread_id)
        self._rekey(thread)

    def _merge(self, keep_id: str, other_id: str, bridge: str, citing: str) -> bool:
        """Merge two threads linked by a background paper, if allowed.

        Args:
            keep_id: One thread.
            other_id: The other.
            bridge: The item named in the background papers.
            citing: The report naming it.

        Returns:
            True if the threads were merged.
        """
        keep, other = self.state.thread(keep_id), self.state.thread(other_id)
        if keep is None or other is None or keep is other:
            return False
        for a in keep.members:
            for b in other.members:
                if self.constraints.rejected(a.id, b.id) or (
                    self._meeting_of(a.id) == self._meeting_of(b.id)
                    and self._family_of(a.id) == self._family_of(b.id)
                ):
                    return False
        if self._sort_key(other.members[0].id) < self._sort_key(keep.members[0].id):
            keep, other = other, keep
        for member in other.members:
            self.state.meeting(self._meeting_of(member.id))["threads"][member.id] = keep.id
        keep.members = sorted(keep.members + other.members, key=lambda m: self._sort_key(m.id))
        known = {(part.item, part.block) for part in keep.parts}
        for part in other.parts:
            owner = self.state.meeting(self._meeting_of(part.item))["parts"]
            owner[part.item] = list(dict.fromkeys(keep.id if t == other.id else t for t in owner.get(part.item, [])))
            if (part.item, part.block) not in known:
                keep.parts.append(part)
        self.state.drop_thread(other.id)
        self._upgrade(keep.id, bridge, Evidence(CITED, "cited", citing))
        self._rekeyed.add(keep.id)
        self._rekey(keep)
        return True

    def enforce(self) -> None:
        """Put back together what the clerk said belongs together."""
        for item_id, other_id in self.constraints.together():
            ours, theirs = self.thread_of(item_id), self.thread_of(other_id)
            if ours is None or theirs is None or ours == theirs:
                continue
            code = "moved" if item_id in self.constraints.moves else "confirmed"
            self._remove_member(item_id)
            self._join(theirs, item_id, Evidence(100, code, other_id), keyed=False)

    # -- parts -----------------------------------------------------------

    def refresh_parts(self, placed: list[Item]) -> None:
        """Find the sections of these items about other threads, and the
        sections elsewhere about threads whose keys changed."""
        done: set[tuple[str, int, str]] = set()
        for item in placed:
            row = self.state.meeting(item.meeting_id)
            own_key = title_key(item.title).text
            for block, heading, text in sections(item):
                key = title_key(heading)
                if not key.distinctive or key.text == own_key or is_boilerplate_heading(heading):
                    continue
                self.state.add_head(key.text, [item.id, block, heading])
                if key.text not in row["heads"]:
                    row["heads"].append(key.text)
                self._match_part(item.id, block, heading, key, terms(text), None)
                done.add((item.id, block, key.text))
        postings = self.state.head_postings()
        for thread_id in sorted(self._rekeyed):
            for key_text in self.state.thread_keys(thread_id):
                key = key_from_text(key_text)
                heads = set().union(*(postings.get(word, set()) for word in key.distinctive))
                for head in sorted(heads):
                    if containment(key_from_text(head), key) < PART_MATCH:
                        continue
                    for owner, block, heading in list(self.state.head_entries(head)):
                        if (owner, block, head) in done:
                            continue
                        body = self._item(owner)
                        if body is None or block >= len(body.blocks):
                            continue
                        text = section_text(body.blocks, block)
                        self._match_part(owner, block, heading, key_from_text(head), terms(text), thread_id)
        self._rekeyed.clear()

    def _match_part(
        self,
        owner: str,
        block: int,
        heading: str,
        key: TitleKey,
        words: Counter[str],
        only: str | None,
    ) -> None:
        """Record the section as a part of each thread its heading names and
        its text backs (only of ``only``, if given)."""
        own = self.thread_of(owner)
        postings = self.state.postings()
        candidates = {only} if only else set().union(*(postings.get(w, set()) for w in key.distinctive))
        for thread_id in sorted(candidates):
            thread = self.state.thread(thread_id)
            if thread is None or thread_id == own or thread.member(owner) is not None:
                continue
            if any((part.item, part.block) == (owner, block) for part in thread.parts):
                continue
            if any(self.constraints.rejected(owner, m.id) for m in thread.members):
                continue
            best, best_key = 0.0, ""
            for key_text in thread.keys:
                score = containment(key, key_from_text(key_text))
                if score > best:
                    best, best_key = score, key_text
            if best < PART_MATCH:
                continue
            via = self._via(thread_id, best_key, self._date(owner))
            if via is None:
                continue
            other = self._words_of(via)
            similarity = self._cosine(words, other)
            if similarity < PART_TEXT:
                continue
            score = round(min(100, 0.75 * best + 100 * similarity))
            thread.parts.append(Part(owner, block, heading, score, self._shared(words, other)))
            parts = self.state.meeting(self._meeting_of(owner))["parts"]
            parts[owner] = list(dict.fromkeys([*parts.get(owner, []), thread_id]))


def _plain(title: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", title.casefold()))


def _short_name(name: str) -> str:
    """"Donna Talbot, Head of Service" -> "Donna Talbot"."""
    return re.split(r"[,–—(]| - ", name, maxsplit=1)[0].strip()


def _days(day: str) -> int:
    """An ISO date as a day number (0 when missing), for distances."""
    try:
        year, month, date_ = (int(part) for part in day.split("-"))
    except ValueError:
        return 0
    return year * 372 + month * 31 + date_

