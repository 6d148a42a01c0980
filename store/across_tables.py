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

People are grouped after each update over the mention rows only. A bucket
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
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import orjson

from store import people as people_mod
from store.decisions import Decision, decisions_of
from store.followups import Promise, promise_specs

if TYPE_CHECKING:
    from store import Archive
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

_MENTION_COLUMNS = (
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


def _meta(db: sqlite3.Connection, name: str) -> Any:
    row = db.execute("SELECT value FROM across_meta WHERE name = ?", (name,)).fetchone()
    return orjson.loads(row[0]) if row else None


def _set_meta(db: sqlite3.Connection, name: str, value: Any) -> None:
    db.execute("INSERT OR REPLACE INTO across_meta VALUES (?, ?)", (name, orjson.dumps(value)))


def group_all(db: sqlite3.Connection, store: Archive, batch: Batch) -> None:
    """Group every mention ``batch`` held (``Batch(group=True)``, after its
    last ``write``) into people, and write the mentions with their person
    and the people: what ``regroup(db, store, None)`` gives, without reading
    the mentions back or updating each one (a rebuild)."""
    held = batch.held or []
    assigned = people_mod.assignments(store)
    special = {bucket for mention, _, bucket, _ in held if mention.form.key in assigned}
    # In the order ``_regroup`` reads the rows: date, meeting, then order in the meeting.
    ordered = sorted(range(len(held)), key=lambda n: (held[n][0].date, held[n][0].meeting_id, held[n][1]))
    grouping = people_mod.group_with_owners([held[n][0] for n in ordered], assigned)
    person = [""] * len(held)
    unit_of: dict[str, str] = {}
    for n, person_id in zip(ordered, grouping.owners, strict=True):
        person[n] = person_id
        bucket = held[n][2]
        unit_of.setdefault(person_id, SPECIAL if bucket in special else bucket)
    db.executemany(
        "INSERT INTO across_mentions (meeting, ord, date, committee, text, given, surname, sex, form_role,"
        " role, other, key, bucket, other_bucket, person) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(mention.meeting_id, order, mention.date, mention.committee_id, mention.form.text,
          " ".join(mention.form.given), mention.form.surname, mention.form.sex, mention.form.role, mention.role,
          mention.other, mention.form.key, bucket, other, person[n])
         for n, (mention, order, bucket, other) in enumerate(held)],
    )
    held.clear()
    _put_people(db, grouping.people, unit_of, grouping.seeds)
    _set_meta(db, "assigned", assigned)
    _set_meta(db, "special", sorted(special))


def in_list(values: Iterable[str]) -> tuple[str, list[str]]:
    """``(?, ?, ...)`` and its values, for ``IN``."""
    listed = sorted(values)
    return "(" + ", ".join("?" * len(listed)) + ")", listed


def regroup(
    db: sqlite3.Connection, store: Archive, buckets: set[str] | None,
    appended: set[str] = frozenset(), meetings: Sequence[str] = (),  # type: ignore[assignment]
) -> None:
    """Group the mentions of ``buckets`` (None: every bucket) into people again.

    Also regrouped: the buckets whose substitutions name one of them (they
    show its people's names), and every bucket when the clerk's
    corrections changed since the last time. A bucket of ``appended``, whose
    only change is the new rows of ``meetings``, has them grouped onto its
    people instead (``people.Extension``) when that gives what a regroup
    would: one more meeting then costs what it names, not the archive.
    """
    assigned = people_mod.assignments(store)
    if _meta(db, "assigned") != assigned:
        buckets = None
    marks, keys = in_list(assigned)
    special = {row[0] for row in db.execute(
        f"SELECT DISTINCT bucket FROM across_mentions WHERE key IN {marks}", keys)}  # noqa: S608
    if buckets is not None and special != set(_meta(db, "special") or []):
        buckets = None
    extended: dict[str, tuple[people_mod.Extension, list[Any]]] = {}
    if buckets is not None:
        extended = _extensions(db, appended & buckets - special, meetings)
        buckets -= set(extended)
    # The names the extended buckets' new mentions will show, for the regrouped ones' substitutions.
    pending = {(mention.meeting_id, mention.form.text): extension.names[pid] for extension, _ in extended.values()
               for mention, pid in zip(extension.mentions, extension.owners, strict=True)}
    regrouped = _regroup(db, assigned, special, buckets, pending)
    if regrouped is not None:
        _extend(db, {bucket: found for bucket, found in extended.items() if bucket not in regrouped}, meetings)
    _set_meta(db, "assigned", assigned)
    _set_meta(db, "special", sorted(special))


def _regroup(
    db: sqlite3.Connection, assigned: dict[str, str], special: set[str], buckets: set[str] | None,
    pending: dict[tuple[str, str], str] | None = None,
) -> set[str] | None:
    """Regroup ``buckets`` (None: all) from their mention rows; return the buckets regrouped.

    The other buckets' people keep their rows: the names their mentions
    show are read from them (or from ``pending``, (meeting, printed form)
    -> name, for the mentions not grouped yet). Only when a regrouped
    mention's person changes name are the buckets whose substitutions print
    it regrouped too.
    """
    if buckets is None:
        db.execute("DELETE FROM across_people")
        rows = db.execute(f"SELECT {_MENTION_COLUMNS}, bucket FROM across_mentions ORDER BY date, meeting, ord").fetchall()
        grouping = people_mod.group_with_owners([_mention(row) for row in rows], assigned)
        _put_grouping(db, rows, grouping, special, None)
        return None
    if not buckets:
        return buckets
    if buckets & special:
        buckets |= special
    marks, listed = in_list(buckets)
    before = dict(db.execute(
        "SELECT m.n, p.name FROM across_mentions m JOIN across_people p ON p.id = m.person"
        f" WHERE m.bucket IN {marks}", listed))  # noqa: S608
    units = buckets - special
    if buckets & special:
        units.add(SPECIAL)
    unit_marks, unit_list = in_list(units)
    db.execute(f"DELETE FROM across_people WHERE unit IN {unit_marks}", unit_list)  # noqa: S608
    rows = db.execute(
        f"SELECT {_MENTION_COLUMNS}, bucket FROM across_mentions WHERE bucket IN {marks} ORDER BY date, meeting, ord",  # noqa: S608
        listed).fetchall()
    # The names the substitutions print from other buckets, as those buckets' people show them.
    shown = {(meeting, text): name for meeting, text, name in db.execute(
        "SELECT o.meeting, o.text, p.name FROM across_mentions m JOIN across_mentions o"
        " ON o.meeting = m.meeting AND +o.bucket = m.other_bucket JOIN across_people p ON p.id = o.person"  # by meeting
        f" WHERE m.bucket IN {marks} AND m.other_bucket != '' AND m.other_bucket NOT IN {marks}"  # noqa: S608
        " ORDER BY o.date, o.meeting, o.ord", [*listed, *listed])}
    grouping = people_mod.group_with_owners([_mention(row) for row in rows], assigned, {**(pending or {}), **shown})
    _put_grouping(db, rows, grouping, special, buckets)
    names = {person.id: person.name for person in grouping.people}
    renamed = {row[11] for row, pid in zip(rows, grouping.owners, strict=True)
               if row[0] in before and before[row[0]] != names[pid]}
    if not renamed:
        return buckets
    marks, listed = in_list(renamed)
    namers = {row[0] for row in db.execute(
        f"SELECT DISTINCT bucket FROM across_mentions WHERE other_bucket IN {marks}", listed)} - buckets  # noqa: S608
    return buckets | (_regroup(db, assigned, special, namers, pending) or set())


def _put_grouping(
    db: sqlite3.Connection, rows: list[Any], grouping: people_mod.Grouping, special: set[str], buckets: set[str] | None
) -> None:
    """Write a grouping of ``rows``: each row's person, and the people (of ``buckets``; None: all)."""
    unit_of: dict[str, str] = {}
    for row, person_id in zip(rows, grouping.owners, strict=True):
        unit_of.setdefault(person_id, SPECIAL if row[11] in special else row[11])
    db.executemany(
        "UPDATE across_mentions SET person = ? WHERE n = ?",
        [(person_id, row[0]) for row, person_id in zip(rows, grouping.owners, strict=True)],
    )
    _put_people(db, grouping.people, unit_of, grouping.seeds)


def _put_people(
    db: sqlite3.Connection, people: Iterable[people_mod.Person], unit_of: dict[str, str],
    seeds: dict[str, people_mod.Seed],
) -> None:
    db.executemany(
        "INSERT OR REPLACE INTO across_people VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (person.id, unit_of[person.id], people_mod.sort_key(person),
             "\n".join((person.name, person.id, *person.forms)).lower(), person.name, person.kind,
             orjson.dumps(person.forms), len(person.meetings),
             person.meetings[-1].meeting_id if person.meetings else None,
             person.meetings[-1].committee_id if person.meetings else None,
             orjson.dumps(people_mod.person_row(person)),
             orjson.dumps(seeds[person.id].to_json()) if person.id in seeds else None)
            for person in people
        ],
    )


def _extensions(
    db: sqlite3.Connection, buckets: set[str], meetings: Sequence[str]
) -> dict[str, tuple[people_mod.Extension, list[Any]]]:
    """The buckets whose new rows can be grouped onto their people, each with its extension and rows.

    A bucket qualifies when its new rows are of one meeting, every person of
    it has a seed, and the extension is not ``blocked``.
    """
    marks, listed = in_list(meetings)
    new_rows: dict[str, list[Any]] = defaultdict(list)
    for row in db.execute(
        f"SELECT {_MENTION_COLUMNS}, bucket FROM across_mentions WHERE meeting IN {marks}"  # noqa: S608
        " ORDER BY date, meeting, ord", listed):
        new_rows[row[11]].append(row)
    found: dict[str, tuple[people_mod.Extension, list[Any]]] = {}
    for bucket in sorted(buckets):
        rows = new_rows[bucket]
        if not rows or len({row[1] for row in rows}) > 1:
            continue
        seeds = {}
        for pid, name, seed in db.execute("SELECT id, name, grouping FROM across_people WHERE unit = ?", (bucket,)):
            if seed is None:
                break
            seeds[pid] = people_mod.Seed.from_json(name, orjson.loads(seed))
        else:
            extension = people_mod.Extension([_mention(row) for row in rows], seeds, lambda pid: db.execute(
                "SELECT 1 FROM across_people WHERE id = ?", (pid,)).fetchone() is not None)
            if not extension.blocked:
                found[bucket] = (extension, rows)
    # Two buckets' new people of one id are left to one regroup, which tells them apart.
    new_ids = [pid for extension, _ in found.values() for pid in extension.new]
    return {bucket: (extension, rows) for bucket, (extension, rows) in found.items()
            if not any(new_ids.count(pid) > 1 for pid in extension.new)}


def _extend(
    db: sqlite3.Connection, extended: dict[str, tuple[people_mod.Extension, list[Any]]], meetings: Sequence[str]
) -> None:
    """Write what the extensions found: their rows' people, then the people they touched."""
    for extension, rows in extended.values():
        db.executemany("UPDATE across_mentions SET person = ? WHERE n = ?",
                       [(pid, row[0]) for row, pid in zip(rows, extension.owners, strict=True)])
    marks, listed = in_list(meetings)
    shown = db.execute(
        f"SELECT meeting, text, person FROM across_mentions WHERE meeting IN {marks} ORDER BY date, meeting, ord",  # noqa: S608
        listed).fetchall()
    marks, listed = in_list({row[2] for row in shown if row[2] is not None})
    names = dict(db.execute(f"SELECT id, name FROM across_people WHERE id IN {marks}", listed))  # noqa: S608
    for extension, _ in extended.values():
        names.update(extension.names)
    by_form = {(meeting, text): names[pid] for meeting, text, pid in shown if pid in names}
    for bucket, (extension, _) in extended.items():
        marks, listed = in_list(set(extension.owners))
        known = {pid: people_mod.person_from_row(orjson.loads(data)) for pid, data in db.execute(
            f"SELECT id, data FROM across_people WHERE id IN {marks}", listed)}  # noqa: S608
        touched = extension.people(known, by_form)
        _put_people(db, touched, {person.id: bucket for person in touched}, extension.seeds)


def _mention(row: Sequence[Any]) -> people_mod.Mention:
    _, meeting, date, committee, text, given, surname, sex, form_role, role, other = row[:11]
    form = people_mod.NameForm(text, tuple(given.split()) if given else (), surname, sex, form_role)
    return people_mod.Mention(form, meeting, date, committee, role, other)


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
