"""The across-meetings tables in the index database: people, decisions, promises.

Written at import, per meeting (``drop_meeting`` then ``put_meeting``), so
the People, Decisions and Follow-ups answers read rows, never item bodies:

``across_meetings``
    A meeting's date, committee and stated next meeting, by committee and
    date: the attendance matrix's columns, due meetings of promises.
``across_mentions``
    Every name printed in a meeting's record (``store.people.mentions_of``):
    the form taken apart, the role it was printed in, the other party, and
    ``bucket`` (its surname's slug: people are grouped per surname) and
    ``person``, the id of the person it was grouped into.
``across_people``
    One row per person (``store.people.Person`` as JSON), by ``unit``: the
    surname bucket it was grouped in (``=`` for the buckets the clerk's
    corrections join), with ``search`` (name, id and printed forms, lower
    case) for ``people NAME``, what a list of people shows (name, kind,
    forms, how many meetings, the latest) without reading the JSON, and
    ``grouping``: what grouping one more meeting needs of them
    (``store.people.Seed``; NULL for the people the clerk's corrections join).
``across_decisions``
    The decisions register's rows (``store.decisions.decisions_of``), by
    date (the only order and range the register's filters use: committee
    and status are matched by words, which no index serves), and by
    meeting; ``across_decision_words`` holds what the text filter looks in,
    apart, so listing the register reads less (a third of the time of
    matching the rows' own columns), keyed by decision alone: its rows are
    dropped through their decisions' meeting.
``across_promises``
    The promises (``store.followups.promise_specs``), with what sets their
    due date (``due_kind``, ``due_arg``) and, set after each update by
    ``store.followups.settle_stored``, the due date and the first later
    item that answers it (``met_*``): a committee's later meetings and a
    thread's later items may be imported after the promise. One index by
    date serves both the follow-ups list (covering its status columns) and
    the reads in date order.
``across_meta``
    ``assigned``: the clerk's people corrections as last applied;
    ``special``: the buckets they joined.

People are grouped after each update over the mention rows only
(``store.people.regroup``; a rebuild groups what it gathered,
``store.people.group_all``). A bucket
that only gained one new meeting's mentions has them grouped onto its people
from their seeds (``across_people.grouping``, ``store.people.Extension``),
reading none of its older mentions, unless that could change how an older
mention went; such a bucket, and one whose meetings were re-imported or
dropped, is regrouped from its rows, with the buckets whose substitutions
print a person of it when that person's name changed; every bucket is
regrouped when the clerk's corrections change. Every function works inside
the caller's transaction.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import orjson

from store.decisions import Decision, decisions_of
from store.followups import Promise, promise_specs

if TYPE_CHECKING:
    from store import people as people_mod
    from store.models import Item, Meeting

SCHEMA = """
CREATE TABLE IF NOT EXISTS across_meetings (
    id TEXT PRIMARY KEY, date TEXT NOT NULL, committee_id TEXT NOT NULL,
    committee TEXT NOT NULL, next_meeting TEXT
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS across_meetings_committee ON across_meetings (committee_id, date);
CREATE TABLE IF NOT EXISTS across_mentions (
    n INTEGER PRIMARY KEY, meeting TEXT NOT NULL, ord INTEGER NOT NULL, date TEXT NOT NULL,
    committee TEXT NOT NULL, text TEXT NOT NULL, given TEXT NOT NULL, surname TEXT NOT NULL,
    sex TEXT NOT NULL, form_role TEXT NOT NULL, role TEXT NOT NULL, other TEXT NOT NULL,
    key TEXT NOT NULL, bucket TEXT NOT NULL, other_bucket TEXT NOT NULL, person TEXT
);
CREATE INDEX IF NOT EXISTS across_mentions_meeting ON across_mentions (meeting);
CREATE INDEX IF NOT EXISTS across_mentions_bucket ON across_mentions (bucket);
CREATE INDEX IF NOT EXISTS across_mentions_other ON across_mentions (other_bucket);
CREATE INDEX IF NOT EXISTS across_mentions_key ON across_mentions (key);
CREATE INDEX IF NOT EXISTS across_mentions_committee ON across_mentions (committee, date);
CREATE TABLE IF NOT EXISTS across_people (
    id TEXT PRIMARY KEY, unit TEXT NOT NULL, sort TEXT NOT NULL, search TEXT NOT NULL,
    name TEXT NOT NULL, kind TEXT NOT NULL, forms BLOB NOT NULL, meetings INTEGER NOT NULL,
    last_meeting TEXT, last_committee TEXT, data BLOB NOT NULL, grouping BLOB
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS across_people_unit ON across_people (unit);
CREATE INDEX IF NOT EXISTS across_people_sort ON across_people (sort);
CREATE TABLE IF NOT EXISTS across_decisions (
    item_id TEXT PRIMARY KEY, meeting TEXT NOT NULL, committee_id TEXT NOT NULL,
    committee TEXT NOT NULL, date TEXT NOT NULL, number TEXT NOT NULL, title TEXT NOT NULL,
    maker TEXT NOT NULL, status TEXT NOT NULL, key_decision INTEGER, call_in INTEGER,
    text TEXT NOT NULL, clauses BLOB NOT NULL, standing TEXT, shape TEXT NOT NULL,
    n INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS across_decision_words (
    item_id TEXT PRIMARY KEY, words TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS across_decisions_meeting ON across_decisions (meeting);
CREATE INDEX IF NOT EXISTS across_decisions_date ON across_decisions (date, meeting);
CREATE TABLE IF NOT EXISTS across_promises (
    id TEXT PRIMARY KEY, n INTEGER NOT NULL, item_id TEXT NOT NULL, meeting TEXT NOT NULL,
    committee_id TEXT NOT NULL, committee TEXT NOT NULL, date TEXT NOT NULL,
    title TEXT NOT NULL, text TEXT NOT NULL, due_kind TEXT NOT NULL, due_text TEXT NOT NULL,
    due_arg TEXT, to_committee TEXT NOT NULL, due_date TEXT, met_by TEXT, met_date TEXT,
    met_committee TEXT, met_why TEXT
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS across_promises_meeting ON across_promises (meeting);
CREATE INDEX IF NOT EXISTS across_promises_order ON across_promises (date, id, met_by, due_date);
CREATE TABLE IF NOT EXISTS across_meta (name TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID
"""

#: Every table above (``clear`` empties them).
TABLES = tuple(re.findall(r"CREATE TABLE IF NOT EXISTS (\w+)", SCHEMA))
#: Every index above (``drop_indexes`` drops them).
INDEXES = tuple(re.findall(r"CREATE INDEX IF NOT EXISTS (\w+)", SCHEMA))
#: The bucket of the people the clerk's corrections join.
SPECIAL = "="

#: The mention columns ``people`` reads to group them (then ``bucket``).
MENTION_COLUMNS = (
    "n, meeting, date, committee, text, given, surname, sex, form_role, role, other"
)


def create(db: sqlite3.Connection) -> None:
    """Create the tables that do not exist yet."""
    for statement in SCHEMA.split(";"):
        if statement.strip():
            db.execute(statement)


def clear(db: sqlite3.Connection) -> None:
    """Delete every row."""
    for table in TABLES:
        db.execute(f"DELETE FROM {table}")  # noqa: S608 - table names are ours


def drop_indexes(db: sqlite3.Connection) -> None:
    """Drop the tables' indexes (``create`` makes them again): a rebuild
    fills the tables first and indexes them once, in one sorted pass each,
    instead of keeping every index as each row comes."""
    for index in INDEXES:
        db.execute(f"DROP INDEX IF EXISTS {index}")


@lru_cache(maxsize=1 << 16)
def bucket_of(surname: str) -> str:
    """The group a surname's mentions are grouped in (its slug; kept for the surnames seen last)."""
    return re.sub(r"[^a-z0-9]+", "-", surname.lower()).strip("-") or "-"


def drop_meeting(db: sqlite3.Connection, meeting_id: str) -> set[str]:
    """Take a meeting's rows out; return the buckets its mentions were in."""
    buckets = {row[0] for row in db.execute(
        "SELECT DISTINCT bucket FROM across_mentions WHERE meeting = ?", (meeting_id,))}
    # The words go first: their rows are found by their decisions' meeting.
    db.execute("DELETE FROM across_decision_words WHERE item_id IN"
               " (SELECT item_id FROM across_decisions WHERE meeting = ?)", (meeting_id,))
    for table, column in (("across_meetings", "id"), ("across_mentions", "meeting"),
                          ("across_decisions", "meeting"), ("across_promises", "meeting")):
        db.execute(f"DELETE FROM {table} WHERE {column} = ?", (meeting_id,))  # noqa: S608
    return buckets


#: A ``Batch`` is written once it holds this many meetings.
BATCH_MEETINGS = 500


class Batch:
    """The rows of several meetings, written together (``put_meeting`` then
    ``write``): a whole archive's rows in one statement per table, not five
    per meeting interleaved (at 2,000 meetings, 0.25 s less of 1.9 s), but
    at most ``BATCH_MEETINGS`` meetings' rows held at once."""

    def __init__(self, *, group: bool = False) -> None:
        self.meetings: list[tuple[Any, ...]] = []
        self.mentions: list[tuple[Any, ...]] = []
        #: With ``group``: every meeting's mentions, with their order and
        #: buckets, held for ``group_all`` instead of written as they come.
        self.held: list[tuple[people_mod.Mention, int, str, str]] | None = [] if group else None
        self.decisions: list[tuple[Any, ...]] = []
        self.words: list[tuple[str, str]] = []
        self.promises: list[tuple[Any, ...]] = []

    def write(self, db: sqlite3.Connection) -> None:
        """Insert the rows gathered so far (mentions numbered in the order they came)."""
        db.executemany("INSERT INTO across_meetings VALUES (?, ?, ?, ?, ?)", self.meetings)
        db.executemany(
            "INSERT INTO across_mentions (meeting, ord, date, committee, text, given, surname, sex,"
            " form_role, role, other, key, bucket, other_bucket) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            self.mentions,
        )
        db.executemany("INSERT INTO across_decisions VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", self.decisions)
        db.executemany("INSERT INTO across_decision_words VALUES (?, ?)", self.words)
        db.executemany(
            "INSERT INTO across_promises VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,NULL,NULL,NULL,NULL,NULL)", self.promises
        )
        for rows in (self.meetings, self.mentions, self.decisions, self.words, self.promises):
            rows.clear()


def put_meeting(
    db: sqlite3.Connection, meeting: Meeting, items: Sequence[Item], batch: Batch | None = None
) -> set[str]:
    """Write a meeting's rows (after ``drop_meeting``), or add them to
    ``batch`` to be written with others (``Batch.write`` writes the last of
    them); return its mentions' buckets."""
    from store import people as people_mod  # people groups what this writes: it imports this module

    rows = batch if batch is not None else Batch()
    rows.meetings.append(
        (meeting.id, meeting.date, meeting.committee_id, meeting.committee, meeting.next_meeting)
    )
    presenters = [(item.id, name) for item in items for name in item.presenters]
    buckets = set()
    for order, mention in enumerate(people_mod.mentions_of(meeting, presenters)):
        form = mention.form
        other = ""
        if mention.role in (people_mod.SUBSTITUTE, people_mod.REPLACED):
            other_form = people_mod.parse_name(mention.other)
            other = bucket_of(other_form.surname) if other_form else ""
        bucket = bucket_of(form.surname)
        buckets.add(bucket)
        if rows.held is not None:
            rows.held.append((mention, order, bucket, other))
            continue
        rows.mentions.append((
            meeting.id, order, meeting.date, meeting.committee_id, form.text, " ".join(form.given),
            form.surname, form.sex, form.role, mention.role, mention.other, form.key, bucket, other,
        ))
    found = decisions_of(meeting, list(items))
    rows.decisions += [(*_decision_row(row), n) for n, row in enumerate(found)]
    rows.words += [(row.item_id, row.words()) for row in found]
    for item in items:
        for promise, kind, arg in promise_specs(meeting, item):
            rows.promises.append((
                promise.id, int(promise.id.rpartition("#")[2]), promise.item_id, meeting.id,
                meeting.committee_id, meeting.committee, meeting.date, promise.title, promise.text,
                kind, promise.due_text, arg, promise.to_committee,
            ))
    if batch is None or len(rows.meetings) >= BATCH_MEETINGS:
        rows.write(db)
    return buckets


def _flag(value: bool | None) -> int | None:
    return None if value is None else int(value)


def _decision_row(row: Decision) -> tuple[Any, ...]:
    return (
        row.item_id, row.meeting_id, row.committee_id, row.committee, row.date, row.number,
        row.title, row.maker, row.status, _flag(row.key_decision), _flag(row.call_in), row.text,
        orjson.dumps(row.clauses), row.standing, row.shape,
    )


# -- grouping people after an update ----------------------------------------


def meta(db: sqlite3.Connection, name: str) -> Any:
    row = db.execute("SELECT value FROM across_meta WHERE name = ?", (name,)).fetchone()
    return orjson.loads(row[0]) if row else None


def set_meta(db: sqlite3.Connection, name: str, value: Any) -> None:
    db.execute("INSERT OR REPLACE INTO across_meta VALUES (?, ?)", (name, orjson.dumps(value)))


def in_list(values: Iterable[str]) -> tuple[str, list[str]]:
    """``(?, ?, ...)`` and its values, for ``IN``."""
    listed = sorted(values)
    return "(" + ", ".join("?" * len(listed)) + ")", listed


# -- reads ---------------------------------------------------------------------


def committees(db: sqlite3.Connection) -> dict[str, str]:
    """Committee id -> name, of every meeting held."""
    return dict(db.execute("SELECT committee_id, MAX(committee) FROM across_meetings GROUP BY committee_id"))


def meetings_of(db: sqlite3.Connection, committee_id: str, after: str | None, before: str | None) -> list[tuple[str, str]]:
    """``(meeting id, date)`` of a committee's meetings, oldest first, between two dates."""
    return [
        (row[0], row[1]) for row in db.execute(
            "SELECT id, date FROM across_meetings WHERE committee_id = ? AND date >= ? AND date <= ?"
            " ORDER BY date, id",
            (committee_id, after or "", before or "\uffff"),
        )
    ]


def decision_of(row: Sequence[Any]) -> Decision:
    """A register row back from ``across_decisions``."""
    (item_id, meeting, committee_id, committee, date, number, title, maker, status, key, call_in,
     text, clauses, standing, shape) = row[:15]
    return Decision(
        item_id, meeting, committee_id, committee, date, number, title, maker, status,
        None if key is None else bool(key), None if call_in is None else bool(call_in), text,
        orjson.loads(clauses), standing, shape,
    )


def promise_of(row: Sequence[Any]) -> tuple[Promise, str, str | None]:
    """A promise back from ``across_promises``, its due kind and argument."""
    pid, _, item_id, meeting, committee_id, committee, date, title, text, kind, due_text, arg, to, due = row[:14]
    return Promise(pid, item_id, meeting, committee_id, committee, date, title, text, due_text, due, to), kind, arg
