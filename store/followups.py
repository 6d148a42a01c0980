"""Promised follow-ups: "would be reported to a future meeting", and whether it was.

A promise is a sentence of an item's minutes or resolution that says
something *will* be reported, presented, updated or brought to a meeting or
committee. Each gets a due meeting or date where the words give one ("at
the September meeting", "the next meeting", "by 30 June 2016") and a
status, with the reason in words:

* **met** by the first later item of the same topic thread (or a later item
  with a section on the topic), the item named;
* **overdue** when its due date has passed with no such item;
* **open** otherwise — including promises made to another committee whose
  meetings are not in the archive;
* **met** or **dropped** by the clerk, which overrides the rest (kept).

``promises_in`` and ``settle`` are pure, so the rules are tested without a
store; ``followups`` joins them to the store's topic threads.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import orjson

from store import Archive, across_records
from store.ingest.dates import MONTHS, first_date
from store.models import Item, Meeting

_FUTURE = r"(?:would|will|shall|should|to\s+be|be\s+requested|requested|agreed\s+that)"
_REPORTING = (
    r"(?:report(?:s|ed)?|updates?|updated|present(?:ed)?|brought|submitted|provided|receive[ds]?)"
)
#: A future marker followed, within a few words, by a reporting word.
_PROMISE = re.compile(rf"\b{_FUTURE}\b(?:\W+\w+){{0,7}}?\W+{_REPORTING}\b", re.IGNORECASE)
#: "further reports", "regular updates": a promise whatever the verb.
_MORE_REPORTS = re.compile(r"\b(?:further|regular|future|progress|standard)\s+(?:reports?|updates?)\b", re.IGNORECASE)
#: What the report goes to.
_TARGET = re.compile(r"\b(?:meetings?|committee|board|panel)\b|\bahead\s+of\b", re.IGNORECASE)
_MONTH_MEETING = re.compile(
    r"\b(?:at|to)\s+the\s+(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\s+meeting\b",
    re.IGNORECASE,
)
_NEXT_MEETING = re.compile(r"\b(?:the|its)\s+next\s+meeting\b", re.IGNORECASE)
_BY_DATE = re.compile(r"\bby\s+(?:the\s+end\s+of\s+)?", re.IGNORECASE)
#: "ahead of the Audit and Governance Committee" / "to the Scrutiny Committee".
_BODY = re.compile(
    r"\b(?:ahead\s+of|to|before)\s+the\s+(?:upcoming\s+|next\s+)?"
    r"(?P<body>(?:[A-Z][\w&’'-]*\s+(?:and\s+|of\s+|on\s+)?){1,6}(?:Committee|Board|Panel|Council))"
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])")
#: The letters ``re.IGNORECASE`` matches to "i" or "s" that ``str.lower`` does not turn into them.
_ODD_CASES = ("\u0130", "\u0131", "\u017f")

OPEN, MET, OVERDUE, DROPPED = "open", "met", "overdue", "dropped"


@dataclass(slots=True)
class Promise:
    """A promise as found, before its status is known.

    Attributes:
        id: ``<item id>#<n>``, n counting the item's promises from 1.
        item_id: The item it was made in.
        meeting_id: Its meeting.
        committee_id: Its committee.
        committee: Its committee's name.
        date: The meeting's ISO date.
        title: The item's title.
        text: The sentence, as printed.
        due_text: The words that set a due meeting or date, or "".
        due_date: ISO date it falls due, when known.
        to_committee: Another committee named as the audience, or "".
    """

    id: str
    item_id: str
    meeting_id: str
    committee_id: str
    committee: str
    date: str
    title: str
    text: str
    due_text: str = ""
    due_date: str | None = None
    to_committee: str = ""


@dataclass(slots=True)
class FollowUp:
    """A promise with its status and the reason for it.

    Attributes:
        promise: The promise.
        status: ``open``, ``met``, ``overdue`` or ``dropped``.
        reason: One sentence saying why.
        met_by: The item that met it, for ``met`` (None when the clerk marked it).
        met_by_date: That item's date.
        marked: True when the status is the clerk's.
    """

    promise: Promise
    status: str
    reason: str
    met_by: str | None = None
    met_by_date: str | None = None
    marked: bool = False

    @property
    def id(self) -> str:
        """The promise's id."""
        return self.promise.id

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict: the promise's fields, then the status fields."""
        data = asdict(self.promise)
        data.update(status=self.status, reason=self.reason, met_by=self.met_by,
                    met_by_date=self.met_by_date, marked=self.marked)
        return data


@dataclass(frozen=True, slots=True)
class Later:
    """A later item that could answer a promise."""

    id: str
    date: str
    committee_id: str
    why: str


#: The kinds of block promises are looked for in.
_PROSE = frozenset(("paragraph", "bullets", "resolution"))


def _may_promise(piece: str) -> bool:
    """False when no sentence of ``piece`` can be a promise.

    A sentence ``_TARGET`` matches holds one of its words, and one
    ``_PROMISE`` or ``_MORE_REPORTS`` matches holds a reporting word; plain
    substring tests of the lowered piece are some ten times cheaper than
    the patterns, and nine pieces in ten hold no pair of them. A piece with
    one of ``_ODD_CASES`` (which lowering does not match as the patterns do)
    is always passed on to them.
    """
    lowered = piece.lower()
    if ("committee" in lowered or "meeting" in lowered or "board" in lowered or "panel" in lowered
            or "ahead" in lowered) and (
            "report" in lowered or "update" in lowered or "present" in lowered or "brought" in lowered
            or "submitted" in lowered or "provided" in lowered or "receive" in lowered):
        return True
    return not piece.isascii() and any(odd in piece for odd in _ODD_CASES)


def _same_body(name: str, committee: str) -> bool:
    def words(text: str) -> set[str]:
        return {w for w in re.findall(r"[a-z]+", text.lower()) if w not in {"the", "and", "of", "on", "committee"}}

    return words(name) <= words(committee)


def promises_in(meeting: Meeting, item: Item, meeting_dates: Callable[[str], list[str]] | None = None) -> list[Promise]:
    """The promises in one item, each with its due meeting or date.

    Args:
        meeting: The item's meeting.
        item: The item (standing items hold none: "the next meeting will be held ...").
        meeting_dates: Dates of a committee's meetings by committee id, to
            turn "the September meeting" into the date of that meeting.
    """
    found: list[Promise] = []
    for promise, kind, arg in promise_specs(meeting, item):
        later = [d for d in (meeting_dates(meeting.committee_id) if meeting_dates else []) if d > meeting.date]
        promise.due_date = resolve_due(kind, arg, later)
        found.append(promise)
    return found


def promise_specs(meeting: Meeting, item: Item) -> list[tuple[Promise, str, str | None]]:
    """The promises in one item as ``promises_in`` finds them, before any
    due date is set, each with its ``due_spec`` kind and argument (what the
    index keeps)."""
    if item.standing is not None:
        return []
    found: list[tuple[Promise, str, str | None]] = []
    # Paragraphs, bullets and resolution clauses, and their sentences with single spaces.
    pieces = [piece for block in item.blocks if block.kind in _PROSE for piece in (block.text, *block.items)]
    for piece in pieces:
        if not _may_promise(piece):
            continue
        sentences = [sentence.strip() for sentence in _SENTENCE.split(" ".join(piece.split()))]
        for sentence in sentences:
            # The words first, then the audience: the cheap tests, and most sentences pass neither.
            # (A piece of one sentence has its words: no cue word holds a space.)
            if not sentence or (len(sentences) > 1 and not _may_promise(sentence)) or not _TARGET.search(
                    sentence) or not (_PROMISE.search(sentence) or _MORE_REPORTS.search(sentence)):
                continue
            promise = Promise(
                id=f"{item.id}#{len(found) + 1}", item_id=item.id, meeting_id=meeting.id,
                committee_id=meeting.committee_id, committee=meeting.committee, date=meeting.date,
                title=item.title, text=sentence,
            )
            body = _BODY.search(sentence)
            if body and not _same_body(body["body"], meeting.committee):
                promise.to_committee = " ".join(body["body"].split())
            kind, promise.due_text, arg = due_spec(sentence, meeting)
            found.append((promise, kind, arg))
    return found


def due_spec(sentence: str, meeting: Meeting) -> tuple[str, str, str | None]:
    """What sets a promise's due date, before the committee's later meetings are known.

    Returns:
        ``(kind, due words, argument)``: ``month`` with ``YYYY-MM`` (the
        committee's meeting that month, else the month's end), ``next``
        with the meeting's stated next meeting or None (else the
        committee's next meeting), ``by`` with an ISO date, or ``""``.
    """
    start = dt.date.fromisoformat(meeting.date)
    month = _MONTH_MEETING.search(sentence)
    if month:
        number = MONTHS[month["month"].lower()]
        year = start.year + (number <= start.month)
        return "month", month[0].strip(), f"{year:04d}-{number:02d}"
    if _NEXT_MEETING.search(sentence):
        return "next", "the next meeting", meeting.next_meeting
    by = _BY_DATE.search(sentence)
    if by:
        found = first_date(sentence[by.end() :], after=start)
        if found:
            return "by", sentence[by.start() : by.end() + found[1].end].strip(), found[0].isoformat()
    return "", "", None


def resolve_due(kind: str, arg: str | None, later: list[str]) -> str | None:
    """The due date from ``due_spec``'s kind and argument, given the
    committee's later meeting dates (oldest first)."""
    if kind == "month" and arg:
        held = [d for d in later if d.startswith(arg)]
        return held[0] if held else _month_end(int(arg[:4]), int(arg[5:7]))
    if kind == "next":
        return arg or (later[0] if later else None)
    return arg if kind == "by" else None


def _month_end(year: int, month: int) -> str:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).isoformat()


def audience_of(promise: Promise, archive_committees: dict[str, str] | None = None) -> set[str]:
    """The committees whose later items can meet ``promise`` (see ``settle``)."""
    if promise.to_committee:
        return {cid for cid, name in (archive_committees or {}).items() if _same_body(promise.to_committee, name)}
    return {promise.committee_id}


def settle(promise: Promise, later: list[Later], today: str, archive_committees: dict[str, str] | None = None) -> FollowUp:
    """Give a promise its status from the later items of its topic.

    Args:
        promise: The promise.
        later: Items of the promise's thread (or on its topic), any date.
        today: ISO date the due date is compared with.
        archive_committees: Committee id -> name of every committee in the
            archive, to tell a promise to another committee we hold from
            one to a committee we do not.
    """
    audience = audience_of(promise, archive_committees)
    answers = sorted(
        (other for other in later if other.date > promise.date and other.committee_id in audience),
        key=lambda other: (other.date, other.id),
    )
    if answers:
        first = answers[0]
        late = f", after its due date {promise.due_date}" if promise.due_date and first.date > promise.due_date else ""
        return FollowUp(promise, MET, f"met by {first.id} ({first.date}){late}: {first.why}", first.id, first.date)
    if promise.to_committee and not audience:
        where = f"promised to the {promise.to_committee}, whose meetings are not in this archive"
    elif promise.to_committee:
        where = f"no later item of the {promise.to_committee} on this topic yet"
    else:
        where = "no later item of this committee on this topic yet"
    if promise.due_date and promise.due_date < today:
        return FollowUp(promise, OVERDUE, f"due {promise.due_date} ({promise.due_text}) and {where}")
    due = f"due {promise.due_date} ({promise.due_text})" if promise.due_date else "no due date stated"
    return FollowUp(promise, OPEN, f"{due}; {where}")


# -- the store ----------------------------------------------------------

#: Related items at least this sure are taken as on the promise's topic.
RELATED_SCORE = 80
#: Items of another thread taken for one section of the promise's item (as ``thread_view``).
RELATED_PER_THREAD = 10


#: A later item as ``_Answers`` finds it: date, id, committee, and what its reason is made of.
_Candidate = tuple[str, str, str, tuple[str, list[str], bool] | str]


class _Answers:
    """The later items that could meet a promise, read from the index's
    topic tables and ``across_meetings`` (no item is read): the first later
    item of its thread in the audience, and the sections about the topic
    (``RELATED_SCORE`` or surer) as ``thread_view`` lists them.

    Each thread's members (by date), its sure sections and each item's
    surest section in it are read once and kept: a thread's promises ask
    for them again and again.
    """

    def __init__(self, store: Archive, db: sqlite3.Connection, *, every: bool = False) -> None:
        from store.topics.constraints import Constraints

        self.db = db
        #: With ``every`` (all promises are settled): each item's thread, read
        #: at once instead of one query a promise.
        self._threads: dict[str, str | None] | None = (
            dict(db.execute("SELECT id, thread FROM topic_items")) if every else None)
        #: Committee -> its meetings' dates, oldest first (``due_date``), read when first asked.
        self._held: dict[str, list[str]] | None = None
        self.constraints = Constraints.load(store)
        self._parts: dict[str, list[list[Any]]] = {}
        #: Thread -> its sure sections: (item, date, committee, heading, terms), and each item's surest section.
        self._sure: dict[str, list[tuple[str, str, str, str, list[str]]]] = {}
        self._best: dict[str, dict[str, list[Any]]] = {}
        self._meeting_parts: dict[str, dict[str, list[str]]] = {}
        #: Meeting -> its committee: every meeting's with ``every``, else each one's when first asked.
        self._committee: dict[str, str] = (
            dict(db.execute("SELECT id, committee_id FROM across_meetings")) if every else {})
        self._every = every
        #: Thread -> its members (date, id, committee) by date and id, and their dates.
        self._members: dict[str, list[tuple[str, str, str]]] = {}
        self._dates: dict[str, list[str]] = {}
        #: Thread -> its newest members (``latest``), for the threads whose members are not read.
        self._latest: dict[str, list[tuple[str, str, str]]] = {}

    def members(self, thread_id: str) -> tuple[list[tuple[str, str, str]], list[str]]:
        """A thread's members ``(date, id, committee)`` by date and id, and their dates."""
        if thread_id not in self._members:
            rows = sorted((date, item, committee) for item, date, committee in self.db.execute(
                "SELECT o.id, m.date, m.committee_id FROM topic_items o JOIN across_meetings m ON m.id = o.meeting"
                " WHERE o.thread = ?", (thread_id,)))  # sorted as SQLite orders text: both compare code points
            self._members[thread_id] = rows
            self._dates[thread_id] = [row[0] for row in rows]
        return self._members[thread_id], self._dates[thread_id]

    def latest(self, thread_id: str) -> list[tuple[str, str, str]]:
        """A thread's newest ``RELATED_PER_THREAD`` members, newest first
        (``members`` reversed, cut): SQLite sorts them, and only they are read."""
        if thread_id in self._members:
            return self._members[thread_id][: -RELATED_PER_THREAD - 1 : -1]
        if thread_id not in self._latest:
            self._latest[thread_id] = [(date, item, committee) for item, date, committee in self.db.execute(
                "SELECT o.id, m.date, m.committee_id FROM topic_items o JOIN across_meetings m ON m.id = o.meeting"
                " WHERE o.thread = ? ORDER BY m.date DESC, o.id DESC LIMIT ?", (thread_id, RELATED_PER_THREAD))]
        return self._latest[thread_id]

    def thread_of(self, item_id: str) -> str | None:
        if self._threads is not None:
            return self._threads.get(item_id)
        row = self.db.execute("SELECT thread FROM topic_items WHERE id = ?", (item_id,)).fetchone()
        return row[0] if row else None

    def thread_parts(self, thread_id: str) -> list[list[Any]]:
        if thread_id not in self._parts:
            row = self.db.execute("SELECT parts FROM topic_threads WHERE id = ?", (thread_id,)).fetchone()
            self._parts[thread_id] = orjson.loads(row[0]) if row else []
        return self._parts[thread_id]

    def sure_parts(self, thread_id: str) -> list[tuple[str, str, str, str, list[str]]]:
        """A thread's sections of ``RELATED_SCORE`` or surer, in order, each with its item's committee."""
        if thread_id not in self._sure:
            self._sure[thread_id] = [
                (part[0], part[5], self.committee_of(part[0]), part[2], part[4])
                for part in self.thread_parts(thread_id) if part[3] >= RELATED_SCORE
            ]
        return self._sure[thread_id]

    def best_part(self, thread_id: str, item_id: str) -> list[Any] | None:
        """The surest section of a thread in an item (the first of the surest), or None."""
        if thread_id not in self._best:
            best: dict[str, list[Any]] = {}
            for part in self.thread_parts(thread_id):
                if part[0] not in best or part[3] > best[part[0]][3]:
                    best[part[0]] = part
            self._best[thread_id] = best
        return self._best[thread_id].get(item_id)

    def item_parts(self, item_id: str) -> list[str]:
        meeting_id = item_id.rpartition("/")[0]
        if meeting_id not in self._meeting_parts:
            row = self.db.execute("SELECT parts FROM topic_meetings WHERE id = ?", (meeting_id,)).fetchone()
            self._meeting_parts[meeting_id] = orjson.loads(row[0]) if row else {}
        return self._meeting_parts[meeting_id].get(item_id, [])

    def committee_of(self, item_id: str) -> str:
        meeting_id = item_id.rpartition("/")[0]
        found = self._committee.get(meeting_id)
        if found is None:
            if self._every:
                return ""
            row = self.db.execute("SELECT committee_id FROM across_meetings WHERE id = ?", (meeting_id,)).fetchone()
            found = self._committee[meeting_id] = row[0] if row else ""
        return found

    def candidates(self, promise: Promise, audience: set[str]) -> list[_Candidate]:
        """The later items that could meet it, each later than the promise and in its audience:
        the first later member of its thread, its thread's sure sections, then the latest
        items of the other threads its item has a sure section about."""
        if not audience:
            return []
        rejected = self.constraints.rejected
        thread_id = self.thread_of(promise.item_id)
        found: list[_Candidate] = []
        if thread_id:
            members, dates = self.members(thread_id)
            for date, item, committee in members[bisect_right(dates, promise.date):]:
                if committee in audience and item != promise.item_id:
                    found.append((date, item, committee, f"a later item of thread {thread_id}"))
                    break
            for item, date, committee, heading, terms in self.sure_parts(thread_id):
                if date > promise.date and committee in audience and not rejected(promise.item_id, item):
                    found.append((date, item, committee, (heading, terms, False)))
        for other_thread in self.item_parts(promise.item_id):
            if other_thread == thread_id:
                continue
            best = self.best_part(other_thread, promise.item_id)
            if best is None or best[3] < RELATED_SCORE:
                continue
            for date, item, committee in self.latest(other_thread):
                if (date > promise.date and item != promise.item_id and self.committee_of(item) in audience
                        and not rejected(promise.item_id, item)):
                    found.append((date, item, committee, (best[2], best[4], True)))
        return found

    def answer(self, promise: Promise, audience: set[str]) -> tuple[Later, Later] | None:
        """What ``settle`` takes from the candidates: the earliest (by date,
        then id; the first listed of equals), and the first listed of that
        item (whose committee and reason are kept); None when there is none."""
        found = self.candidates(promise, audience)
        if not found:
            return None
        first = min(found, key=lambda candidate: (candidate[0], candidate[1]))
        met = next(candidate for candidate in found if candidate[1] == first[1])
        return self._later(first), self._later(met)

    @staticmethod
    def _later(candidate: _Candidate) -> Later:
        from store.topics.reasons import part_reason

        date, item, committee, why = candidate
        if not isinstance(why, str):
            heading, terms, here = why
            why = part_reason(heading, terms, here=here)
        return Later(item, date, committee, why)

    def due_date(self, promise: Promise, kind: str, arg: str | None) -> str | None:
        """``_due_date`` from the committees' meeting dates, read once."""
        if kind not in ("month", "next") or (kind == "next" and arg):
            return resolve_due(kind, arg, [])
        if self._held is None:
            self._held = defaultdict(list)
            for committee, date in self.db.execute("SELECT committee_id, date FROM across_meetings ORDER BY date"):
                self._held[committee].append(date)
        dates = self._held.get(promise.committee_id, [])
        start = bisect_right(dates, promise.date)
        if kind == "month" and arg:  # the first later meeting in that month
            start = max(start, bisect_left(dates, arg))
        return resolve_due(kind, arg, dates[start : start + 1])


def _due_date(db: sqlite3.Connection, promise: Promise, kind: str, arg: str | None) -> str | None:
    """``resolve_due`` with the committee's later meetings from ``across_meetings``."""
    if kind not in ("month", "next") or (kind == "next" and arg):
        return resolve_due(kind, arg, [])
    later = [row[0] for row in db.execute(
        "SELECT date FROM across_meetings WHERE committee_id = ? AND date > ? AND date LIKE ?"
        " ORDER BY date LIMIT 1",
        (promise.committee_id, promise.date, f"{arg}%" if kind == "month" else "%"),
    )]
    return resolve_due(kind, arg, later)


def meetings_held(db: sqlite3.Connection, meeting_ids: Sequence[str]) -> list[tuple[str, str]]:
    """``(committee id, date)`` of the meetings in ``across_meetings`` (for ``affected_promises``)."""
    from store import across_tables

    found: list[tuple[str, str]] = []
    for start in range(0, len(meeting_ids), 500):
        marks, chunk = across_tables.in_list(meeting_ids[start : start + 500])
        found += db.execute(f"SELECT committee_id, date FROM across_meetings WHERE id IN {marks}", chunk)  # noqa: S608
    return found


def settle_stored(db: sqlite3.Connection, store: Archive, promise_ids: Iterable[str] | None) -> None:
    """Give the stored promises (None: all) their due date and first answer.

    Called by the index after each update, inside its transaction, for the
    promises whose meeting, thread or committee's meetings changed.
    """
    from store import across_tables

    if promise_ids is None:
        rows = db.execute("SELECT * FROM across_promises").fetchall()
    else:
        wanted = sorted(set(promise_ids))
        rows = []
        for start in range(0, len(wanted), 500):
            marks, chunk = across_tables.in_list(wanted[start : start + 500])
            rows += db.execute(f"SELECT * FROM across_promises WHERE id IN {marks}", chunk).fetchall()  # noqa: S608
    committees = across_tables.committees(db)
    every = promise_ids is None
    answers = _Answers(store, db, every=every)
    updates = []
    for row in rows:
        promise, kind, arg = across_tables.promise_of(row)
        promise.due_date = answers.due_date(promise, kind, arg) if every else _due_date(db, promise, kind, arg)
        # ``settle`` meets it by the earliest later item: kept with the committee and reason it was found by.
        found = answers.answer(promise, audience_of(promise, committees))
        first, met = found if found is not None else (None, None)
        settled = (promise.due_date, first.id if first else None, first.date if first else None,
                   met.committee_id if met else None, met.why if met else None)
        if settled != tuple(row[13:18]):  # most promises an update settles again stay as they were
            updates.append((*settled, promise.id))
    db.executemany(
        "UPDATE across_promises SET due_date = ?, met_by = ?, met_date = ?, met_committee = ?, met_why = ?"
        " WHERE id = ?",
        updates,
    )


def affected_promises(
    db: sqlite3.Connection, meeting_ids: Iterable[str], thread_ids: Iterable[str],
    held: Iterable[tuple[str, str]] = (),
) -> set[str]:
    """The promises to settle again after an update: those of the meetings
    changed, of the threads changed (members, or sections about them), and
    those due at "the next" or a month's meeting of a committee that met
    whose due date the meeting can move: made before it, due at or after it.

    Args:
        held: ``(committee id, date)`` of the changed meetings before the
            update (``meetings_held``): a meeting moved or gone frees the
            promises due at it.
    """
    from store import across_tables

    found: set[str] = set()
    meetings = sorted(set(meeting_ids))
    threads = sorted(set(thread_ids))
    dates: dict[str, list[str]] = defaultdict(list)
    for committee, date in [*held, *meetings_held(db, meetings)]:
        dates[committee].append(date)
    for start in range(0, len(meetings), 500):
        marks, chunk = across_tables.in_list(meetings[start : start + 500])
        found.update(row[0] for row in db.execute(
            f"SELECT id FROM across_promises WHERE meeting IN {marks}", chunk))  # noqa: S608
    for committee, held_on in dates.items():
        # Through the committee's meetings (by their index), not every promise: a promise's
        # committee and date are its meeting's.
        found.update(row[0] for row in db.execute(
            "SELECT p.id FROM across_meetings m JOIN across_promises p ON p.meeting = m.id"
            " WHERE m.committee_id = ? AND m.date < ? AND p.due_kind IN ('month', 'next')"
            " AND (p.due_date IS NULL OR p.due_date >= ?)", (committee, max(held_on), min(held_on))))
    items: set[str] = set()
    for start in range(0, len(threads), 500):
        marks, chunk = across_tables.in_list(threads[start : start + 500])
        items.update(row[0] for row in db.execute(
            f"SELECT id FROM topic_items WHERE thread IN {marks}", chunk))  # noqa: S608
        for (parts,) in db.execute(f"SELECT parts FROM topic_threads WHERE id IN {marks}", chunk):  # noqa: S608
            items.update(part[0] for part in orjson.loads(parts))
    # An item's promises are ``<item id>#<n>``: a range of the key, not a scan of every promise.
    for item in sorted(items):
        found.update(row[0] for row in db.execute(
            "SELECT id FROM across_promises WHERE id > ? AND id < ?", (f"{item}#", f"{item}$")))
    return found


def all_promises(store: Archive) -> list[tuple[Promise, str, str | None]]:
    """Every promise in the index, oldest first, with its due kind and argument (``due_spec``)."""
    from store import across_tables, index

    rows = index.connection(store).execute("SELECT * FROM across_promises ORDER BY date, meeting, item_id, n")
    return [across_tables.promise_of(row) for row in rows]


def _status_sql(marks: dict[str, dict[str, Any]], today: str) -> tuple[str, list[str]]:
    """The status of an ``across_promises`` row as SQL (as ``followups`` gives
    it: the clerk's mark, else met when a later item answers it, else overdue
    once its due date is before ``today``, else open) and its values."""
    met = [key for key, mark in marks.items() if mark.get("status") == MET]
    dropped = [key for key, mark in marks.items() if mark.get("status") == DROPPED]
    met_list = "(" + ", ".join("?" * len(met)) + ")"
    dropped_list = "(" + ", ".join("?" * len(dropped)) + ")"
    sql = (
        f"CASE WHEN id IN {met_list} THEN '{MET}' WHEN id IN {dropped_list} THEN '{DROPPED}'"
        f" WHEN met_by IS NOT NULL THEN '{MET}' WHEN due_date IS NOT NULL AND due_date < ? THEN '{OVERDUE}'"
        f" ELSE '{OPEN}' END"
    )
    return sql, [*met, *dropped, today]


def _followup_query(
    store: Archive, words: str, statuses: Iterable[str] | None, today: str | None, count: bool
) -> tuple[str, list[Any], dict[str, dict[str, Any]], str]:
    """The SQL over ``across_promises`` for ``iter_followups``/``count_followups``."""
    when = today or dt.date.today().isoformat()
    marks = across_records.rows(store, across_records.FOLLOWUP_MARKS)
    status, texts = _status_sql(marks, when)
    values: list[Any] = list(texts)
    where: list[str] = []
    wanted = sorted(set(statuses)) if statuses is not None else None
    # Only the columns the status, order and words need: unfiltered, the sort
    # reads the covering index ``across_promises_order``, not the rows.
    columns = "id, date" + (", text, title, committee, to_committee, due_date, met_by, met_why" if words.split() else "")
    inner = f"SELECT {columns}, {status} AS status FROM across_promises"  # noqa: S608
    if wanted is not None:
        where.append("status IN (" + ", ".join("?" * len(wanted)) + ")")
        values += wanted
    for word in words.lower().split():
        where.append(
            "instr(lower(status || ' ' || text || ' ' || title || ' ' || id || ' ' || committee || ' ' ||"
            " to_committee || ' ' || coalesce(due_date, '') || ' ' || coalesce(met_by, '') || ' ' ||"
            " coalesce(met_why, '')), ?) > 0"
        )
        values.append(word)
    filtered = f"SELECT id FROM ({inner})" + (" WHERE " + " AND ".join(where) if where else "")
    if count:
        return f"SELECT COUNT(*) FROM ({filtered})", values, marks, when  # noqa: S608
    order = f"CASE status WHEN '{OVERDUE}' THEN 0 WHEN '{OPEN}' THEN 1 WHEN '{MET}' THEN 2 ELSE 3 END"
    return f"{filtered} ORDER BY {order}, date, id", values, marks, when


def iter_followups(
    store: Archive,
    today: str | None = None,
    *,
    words: str = "",
    statuses: Iterable[str] | None = None,
    offset: int = 0,
    limit: int | None = None,
) -> Iterator[FollowUp]:
    """Follow-ups with their status, overdue, then open, then met and dropped,
    as the rows are read.

    Read from the index, where each promise has its due date and the first
    later item that answers it (``settle_stored``); the clerk's marks
    override, and the due date is compared with ``today``. The status, the
    order, ``statuses``, ``words`` (each in the status, promise, title, id,
    committees, due date or the item that met it) and the page (``offset``,
    ``limit``) all run in SQL.
    """
    from store import across_tables, index

    db = index.connection(store)
    sql, values, marks, when = _followup_query(store, words, statuses, today, count=False)
    if limit is not None or offset:
        sql += " LIMIT ? OFFSET ?"
        values = [*values, -1 if limit is None else limit, offset]
    committees = across_tables.committees(db)
    ids = [row[0] for row in db.execute(sql, values)]
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks_sql, listed = across_tables.in_list(chunk)
        by_id = {row[0]: row for row in db.execute(
            f"SELECT * FROM across_promises WHERE id IN {marks_sql}", listed)}  # noqa: S608
        yield from _followups_of([by_id[pid] for pid in chunk if pid in by_id], marks, when, committees)


def _followups_of(
    rows: list[Any], marks: dict[str, dict[str, Any]], when: str, committees: dict[str, str]
) -> Iterator[FollowUp]:
    """``across_promises`` rows as follow-ups: the clerk's mark, else settled."""
    from store import across_tables

    for row in rows:
        promise, _, _ = across_tables.promise_of(row)
        mark = marks.get(promise.id)
        if mark:
            note = f": {mark['note']}" if mark.get("note") else ""
            yield FollowUp(promise, mark["status"], f"marked {mark['status']} by the clerk{note}", marked=True)
            continue
        met_by, met_date, met_committee, met_why = row[14:18]
        later = [Later(met_by, met_date, met_committee, met_why)] if met_by else []
        yield settle(promise, later, when, committees)


def followups(store: Archive, today: str | None = None) -> list[FollowUp]:
    """Every follow-up with its status: overdue, then open, then met and dropped."""
    return list(iter_followups(store, today))


def count_followups(store: Archive, today: str | None = None, *, words: str = "",
                    statuses: Iterable[str] | None = None) -> int:
    """How many follow-ups ``iter_followups`` gives for the same filter."""
    from store import index

    sql, values, _, _ = _followup_query(store, words, statuses, today, count=True)
    return int(index.connection(store).execute(sql, values).fetchone()[0])


class FollowUpError(ValueError):
    """A mark that names no follow-up, or an unknown status."""


def mark(store: Archive, followup_id: str, status: str | None, note: str = "") -> None:
    """Mark a follow-up ``met`` or ``dropped`` (kept); None clears the mark."""
    from store import index

    if status is not None and status not in (MET, DROPPED):
        raise FollowUpError(f"A follow-up can be marked met or dropped, not {status!r}.")
    known = index.connection(store).execute("SELECT 1 FROM across_promises WHERE id = ?", (followup_id,))
    if known.fetchone() is None:
        raise FollowUpError(f"There is no follow-up with the id {followup_id!r} (list them with: ccpi-tui followups --all).")
    if status is None:
        across_records.remove_row(store, across_records.FOLLOWUP_MARKS, followup_id)
        return
    across_records.put_row(store, across_records.FOLLOWUP_MARKS, followup_id, {"id": followup_id, "status": status, "note": note})
