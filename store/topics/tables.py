"""The topic tables in the index's SQLite database, read row by row.

The threads are derived from the records and can be rebuilt from them at any
time. ``TopicState`` reads the rows the threading asks for, keeps them while
it works, and ``save`` writes back (in the caller's transaction) the rows that
differ from those it read. ``topic_threads``: a thread's title ``keys``,
``aliases`` (keys of members only alike), ``committees``, ``sig``
(characteristic words), ``people`` (recent presenters), ``members`` and
``parts`` (sections of other items about it), in JSON; a member's or part's
title is its item's, stored in ``topic_items`` only. ``topic_items``: each
item threaded, its order, title, shape and thread (its ``meeting`` worked
out from its id). ``topic_meetings``: a meeting's date, committee and what it
put in the other tables. ``topic_words``: the threads whose keys have a word,
by committee; ``topic_head_words``: the same for ``topic_heads``, sections of
long items by heading key. ``topic_cites``: background papers by the day they
name. ``topic_slugs``: the numbers in use of a thread id stem. ``topic_stats``:
word counts, ``format`` and the clerk's corrections as last applied.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from typing import Any

import orjson

from store.topics.members import Member, Part, Thread
from store.topics.normalise import GENERIC
from store.topics.wordcounts import WordCounts

#: Version of the tables' layout: other versions are threaded again.
FORMAT = 8

# Threads and meetings are rowid tables: WITHOUT ROWID would spill their
# rows of over a kilobyte to half-empty overflow pages.
SCHEMA = """
CREATE TABLE IF NOT EXISTS topic_threads (id TEXT PRIMARY KEY, keys TEXT NOT NULL,
    aliases TEXT NOT NULL, committees TEXT NOT NULL, sig TEXT NOT NULL, people TEXT NOT NULL,
    members TEXT NOT NULL, parts TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS topic_items (id TEXT PRIMARY KEY,
    meeting TEXT AS (substr(id, 1, instr(id, '/') - 1)), ord INTEGER NOT NULL,
    title TEXT NOT NULL, shape TEXT NOT NULL, thread TEXT) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS topic_items_thread ON topic_items (thread);
CREATE TABLE IF NOT EXISTS topic_meetings (id TEXT PRIMARY KEY, date TEXT NOT NULL,
    committee TEXT NOT NULL, counted INTEGER NOT NULL, parts TEXT NOT NULL,
    heads TEXT NOT NULL, cites TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS topic_words (word TEXT NOT NULL, grp TEXT NOT NULL,
    id TEXT NOT NULL, PRIMARY KEY (word, grp, id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS topic_head_words (word TEXT NOT NULL, grp TEXT NOT NULL,
    id TEXT NOT NULL, PRIMARY KEY (word, grp, id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS topic_heads (key TEXT NOT NULL, item TEXT NOT NULL,
    block INTEGER NOT NULL, heading TEXT NOT NULL, PRIMARY KEY (key, item, block)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS topic_cites (day TEXT NOT NULL, item TEXT NOT NULL, paper TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS topic_cites_day ON topic_cites (day);
CREATE TABLE IF NOT EXISTS topic_slugs (base TEXT PRIMARY KEY, top INTEGER NOT NULL,
    free TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS topic_stats (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
"""

#: Every table above (``clear`` empties them).
TABLES = tuple(re.findall(r"CREATE TABLE IF NOT EXISTS (\w+)", SCHEMA))

#: The rows ``TopicState`` keeps under one key (``?1``) of each table: read
#: with these columns, deleted by this condition, then written again.
_ROWS = {
    "topic_threads": ("*", "id = ?1"),
    # An item id is "<meeting>/<key>", and "0" follows "/".
    "topic_items": ("id, ord, title, shape, thread", "id >= ?1 || '/' AND id < ?1 || '0'"),
    "topic_meetings": ("*", "id = ?1"),
    "topic_cites": ("*", "day = ?1"),
    "topic_heads": ("*", "key = ?1"),
    "topic_slugs": ("*", "base = ?1"),
}

_NUMBERED_ID = re.compile(r"(.+)-(\d+)")


def create(db: sqlite3.Connection) -> None:
    """Create the topic tables that do not exist yet (inside the caller's
    transaction: ``executescript`` would commit it)."""
    for statement in SCHEMA.split(";"):
        if statement.strip():
            db.execute(statement)


def clear(db: sqlite3.Connection) -> None:
    """Delete every row of the topic tables (inside the caller's transaction)."""
    for table in TABLES:
        db.execute(f"DELETE FROM {table}")


def stat(db: sqlite3.Connection, name: str) -> Any:
    """A ``topic_stats`` value, or None."""
    row = db.execute("SELECT value FROM topic_stats WHERE name = ?", (name,)).fetchone()
    return orjson.loads(row[0]) if row else None


def set_stat(db: sqlite3.Connection, name: str, value: Any) -> None:
    """Store a ``topic_stats`` value."""
    db.execute("INSERT OR REPLACE INTO topic_stats VALUES (?, ?)", (name, _dumps(value)))


def current(db: sqlite3.Connection) -> bool:
    """True if the tables are in this module's ``FORMAT`` (or empty)."""
    found = stat(db, "format")
    return found is None and stat(db, "df") is None or found == FORMAT


def load_thread(db: sqlite3.Connection, thread_id: str) -> Thread | None:
    """A thread as stored."""
    row = db.execute("SELECT * FROM topic_threads WHERE id = ?", (thread_id,)).fetchone()
    return _thread(db, row) if row else None


def thread_of(db: sqlite3.Connection, item_id: str) -> str | None:
    """The thread an item is in."""
    row = db.execute("SELECT thread FROM topic_items WHERE id = ?", (item_id,)).fetchone()
    return row[0] if row else None


def parts_of(db: sqlite3.Connection, item_id: str) -> list[str]:
    """The threads an item has sections about."""
    meeting_id = item_id.rpartition("/")[0]
    row = db.execute("SELECT parts FROM topic_meetings WHERE id = ?", (meeting_id,)).fetchone()
    return orjson.loads(row[0]).get(item_id, []) if row else []


def _thread(db: sqlite3.Connection, row: tuple[Any, ...]) -> Thread:
    """A ``topic_threads`` row as a thread, its members' and parts' titles
    (at 6 of their rows) read from ``topic_items``."""
    keys, aliases, committees, sig, people, members, parts = map(orjson.loads, row[1:])
    ids = _dumps([entry[0] for entry in (*members, *parts)])
    query = "SELECT id, title FROM topic_items WHERE id IN (SELECT value FROM json_each(?))"
    titles = dict(db.execute(query, (ids,)).fetchall())
    for entry in (*members, *parts):
        entry.insert(6, titles.get(entry[0], ""))
    members, parts = [Member.from_row(m) for m in members], [Part.from_row(p) for p in parts]
    return Thread(row[0], keys, members, parts, sig, people, aliases, committees)


#: Changes to one word's rows looked up row by row before they are read whole.
PROBES = 16


class _WordIndex:
    """A ``(word, group, id)`` table, each word's rows read when first asked
    for, and written back as the rows added and taken out.

    A change to a word not read is checked against its one row: threading
    one meeting changes a few rows of words with thousands ("application":
    14,725 at 10,000 meetings). A word changed ``PROBES`` times (threading a
    whole archive changes one again and again) is read whole."""

    def __init__(self, db: sqlite3.Connection, table: str) -> None:
        self._db, self._table = db, table
        #: Word -> group -> ids; and word -> id -> its groups, once asked for.
        self._words: dict[str, dict[str, set[str]]] = {}
        self._any: dict[str, Counter[str]] = {}
        #: Word -> (group, id) -> added (True) or taken out (False).
        self._pending: dict[str, dict[tuple[str, str], bool]] = {}

    def _word(self, word: str) -> dict[str, set[str]]:
        found = self._words.get(word)
        if found is None:
            found = self._words[word] = {}
            sql = f"SELECT grp, id FROM {self._table} WHERE word = ?"
            for group, value in self._db.execute(sql, (word,)):
                found.setdefault(group, set()).add(value)
            for (group, value), added in self._pending.get(word, {}).items():
                ids = found.setdefault(group, set())
                (ids.add if added else ids.discard)(value)
        return found

    def get(self, word: str, group: str | None) -> AbstractSet[str]:
        """The ids under ``word`` in ``group`` (of any, if None)."""
        groups = self._words.get(word) or self._word(word)
        if group is not None:
            return groups.setdefault(group, set())
        if word not in self._any:
            self._any[word] = Counter(value for ids in groups.values() for value in ids)
        return self._any[word].keys()

    def _has(self, word: str, group: str, value: str) -> bool:
        """Whether ``value`` is under ``word`` in ``group`` now."""
        groups = self._words.get(word)
        if groups is not None:
            return value in groups.get(group, ())
        pending = self._pending.get(word, {})
        if (group, value) in pending:
            return pending[group, value]
        if len(pending) >= PROBES:
            return value in self._word(word).get(group, ())
        sql = f"SELECT 1 FROM {self._table} WHERE word = ? AND grp = ? AND id = ?"
        return self._db.execute(sql, (word, group, value)).fetchone() is not None

    def change(self, word: str, group: str, value: str, added: bool) -> None:
        """Put ``value`` under ``word`` in ``group`` (``added``), or take it out."""
        if self._has(word, group, value) == added:
            return
        self._pending.setdefault(word, {})[group, value] = added
        groups = self._words.get(word)
        if groups is not None:
            ids = groups.setdefault(group, set())
            (ids.add if added else ids.discard)(value)
        counts = self._any.get(word)
        if counts is not None:
            counts[value] += 1 if added else -1
            if not counts[value]:
                del counts[value]

    def save(self) -> None:
        """Write the rows added and delete those taken out."""
        changes = sorted(
            ((word, group, value), added)
            for word, pending in self._pending.items()
            for (group, value), added in pending.items()
        )
        table = self._table
        sql = f"DELETE FROM {table} WHERE word = ? AND grp = ? AND id = ?"
        self._db.executemany(sql, [row for row, added in changes if not added])
        sql = f"INSERT OR IGNORE INTO {table} VALUES (?, ?, ?)"
        self._db.executemany(sql, [row for row, added in changes if added])
        self._pending.clear()


class TopicState(WordCounts):
    """The topic tables as the threading reads and changes them: rows are
    read when first asked for and kept for the whole run (threading the whole
    archive reads each once); ``save`` writes those that changed."""

    def __init__(self, db: sqlite3.Connection) -> None:
        """Work on the index database ``db``."""
        super().__init__(stat(db, "df") or {})
        self.db = db
        self.words = _WordIndex(db, "topic_words")
        self.head_words = _WordIndex(db, "topic_head_words")
        #: Table -> key -> its rows as read, and the value made of them (as
        #: changed since; see ``_CODECS``).
        self._read: dict[str, dict[str, list[tuple[Any, ...]]]] = {t: {} for t in _ROWS}
        self._kept: dict[str, dict[str, Any]] = {t: {} for t in _ROWS}
        self._threads: dict[str, Thread | None] = self._kept["topic_threads"]
        #: Meeting -> item -> ``[order, title, shape, thread]``.
        self._items: dict[str, dict[str, list[Any]]] = self._kept["topic_items"]
        self._meetings: dict[str, dict[str, Any] | None] = self._kept["topic_meetings"]
        #: Thread -> its members' and parts' titles as read.
        self._titles: dict[str, list[str]] = {}
        #: Keys and aliases of threads not read whole (``thread_keys``).
        self._keys: dict[str, tuple[list[str], list[str]]] = {}

    def _get(self, table: str, key: str) -> Any:
        """The value of ``table``'s rows under ``key``, read once."""
        kept = self._kept[table]
        if key not in kept:
            columns, where = _ROWS[table]
            sql = f"SELECT {columns} FROM {table} WHERE {where}"
            rows = self._read[table][key] = self.db.execute(sql, (key,)).fetchall()
            kept[key] = _CODECS[table][0](self.db, rows)
            if table == "topic_threads":
                self._titles[key] = _titles(kept[key])
        return kept[key]

    # -- threads ---------------------------------------------------------

    def thread(self, thread_id: str) -> Thread | None:
        """A thread, ready to change (changes are written by ``save``)."""
        threads = self._threads
        return threads[thread_id] if thread_id in threads else self._get("topic_threads", thread_id)

    def thread_keys(self, thread_id: str) -> tuple[list[str], list[str]]:
        """A thread's match keys and its aliases (not to be changed).

        A thread not read yet is not read whole for them: a title is
        weighed against hundreds of candidates' keys, and only the few
        alike are read whole (members and all)."""
        if thread_id in self._threads:
            thread = self._threads[thread_id]
            return (thread.keys, thread.aliases) if thread else ([], [])
        found = self._keys.get(thread_id)
        if found is None:
            sql = "SELECT keys, aliases FROM topic_threads WHERE id = ?"
            row = self.db.execute(sql, (thread_id,)).fetchone()
            found = (orjson.loads(row[0]), orjson.loads(row[1])) if row else ([], [])
            self._keys[thread_id] = found
        return found

    def thread_text(self, thread_id: str) -> tuple[dict[str, int], list[str]]:
        """A thread's signature and presenters."""
        thread = self.thread(thread_id)
        return (thread.sig, thread.people) if thread else ({}, [])

    def add_thread(self, thread: Thread) -> None:
        """Register a new thread, or a thread whose keys or committees changed."""
        self.thread(thread.id)  # its row read, to tell at ``save`` whether it changed
        self._threads[thread.id] = thread
        self.index_keys(thread, [*thread.keys, *thread.aliases], thread.committees)

    def index_keys(
        self, thread: Thread, keys: list[str], committees: list[str], added: bool = True
    ) -> None:
        """Add a thread's new keys or aliases, or its keys under its new
        committees, to the word index (or take them out: not ``added``)."""
        for word in {word for key in keys for word in key.split()}:
            for committee in committees:
                self.words.change(word, committee, thread.id, added)

    def unindex(self, thread_id: str) -> None:
        """Take a thread's keys out of the word index before they or its
        committees change (``add_thread`` puts them back)."""
        thread = self.thread(thread_id)
        if thread is not None:
            self.index_keys(thread, [*thread.keys, *thread.aliases], thread.committees, False)

    def drop_thread(self, thread_id: str) -> None:
        """Forget a thread (deleted by ``save``); its id may be given again."""
        if self.thread(thread_id) is None:
            return
        self.unindex(thread_id)
        self._threads[thread_id] = None
        match = _NUMBERED_ID.fullmatch(thread_id)
        base, number = (match.group(1), int(match.group(2))) if match else (thread_id, 1)
        if match and self._get("topic_slugs", base) == [0, []]:
            base, number = thread_id, 1
        top, free = self._get("topic_slugs", base)
        if number <= top and number not in free:
            free.append(number)

    def threads_with(self, word: str, committee: str | None = None) -> AbstractSet[str]:
        """Threads whose keys or aliases have ``word``, of ``committee`` or
        of any. Do not change the set."""
        return self.words.get(word, committee)

    def new_thread_id(self, base: str) -> str:
        """``base``, or ``base-2``, ``base-3`` ...: the lowest not in use."""
        numbers = self._get("topic_slugs", base)  # [top, free]
        if numbers[1]:
            number = min(numbers[1])
            numbers[1].remove(number)
        else:
            number = numbers[0] = numbers[0] + 1
        candidate = base if number == 1 else f"{base}-{number}"
        return candidate if self.thread(candidate) is None else self.new_thread_id(base)

    # -- items and meetings ----------------------------------------------

    def put_items(self, meeting_id: str, items: list[tuple[str, int, str, str]]) -> None:
        """Record a meeting's items ``(id, order, title, shape)``, none in a
        thread yet (``place`` puts them in one)."""
        self._get("topic_items", meeting_id)
        self._items[meeting_id] = {i: [order, title, shape, None] for i, order, title, shape in items}

    def item_row(self, item_id: str) -> list[Any] | None:
        """``[order, title, shape, thread]`` of an item seen, or None."""
        meeting_id = item_id.rpartition("/")[0]
        items = self._items.get(meeting_id)
        return (self._get("topic_items", meeting_id) if items is None else items).get(item_id)  # type: ignore[no-any-return]

    def thread_of(self, item_id: str) -> str | None:
        """The thread an item is in."""
        row = self.item_row(item_id)
        return row[3] if row else None

    def threaded_items(self, meeting_id: str) -> list[str]:
        """The items of a meeting that are in threads."""
        return [i for i, row in self._get("topic_items", meeting_id).items() if row[3] is not None]

    def meeting_members(self, meeting_id: str, thread_id: str) -> list[str]:
        """The items of a meeting in a thread."""
        return [i for i, row in self._get("topic_items", meeting_id).items() if row[3] == thread_id]

    def place(self, item_id: str, thread_id: str | None) -> None:
        """Record the thread an item is in now (None: in none)."""
        row = self.item_row(item_id)
        if row is not None:
            row[3] = thread_id

    def meeting(self, meeting_id: str) -> dict[str, Any]:
        """What a meeting put into the tables, ready to change: its ``date``,
        ``committee``, ``parts``, ``heads``, ``cites`` and ``counted``."""
        found = self._meetings.get(meeting_id) or self._get("topic_meetings", meeting_id)
        if found is None:  # dropped, then asked for again: as stored
            rows = self._read["topic_meetings"][meeting_id]
            found = self._meetings[meeting_id] = _meeting(self.db, rows)
        return found  # type: ignore[no-any-return]

    def drop_meeting(self, meeting_id: str) -> None:
        """Forget a meeting no longer in the records (deleted by ``save``)."""
        self.meeting(meeting_id)
        self._get("topic_items", meeting_id)
        self._meetings[meeting_id] = None
        self._items[meeting_id] = {}

    def cites_on(self, day: str) -> list[list[str]]:
        """``[citing item, paper key]`` for the background papers naming
        ``day``, ready to change."""
        return self._get("topic_cites", day)  # type: ignore[no-any-return]

    # -- sections --------------------------------------------------------

    def head_entries(self, key: str) -> list[list[Any]]:
        """Sections with this heading key: ``[item id, block, heading]``."""
        return [[*at, heading] for at, heading in self._get("topic_heads", key).items()]

    def heads_with(self, word: str) -> AbstractSet[str]:
        """Heading keys having this distinctive word. Do not change the set."""
        return self.head_words.get(word, "")

    def add_head(self, key: str, entry: list[Any]) -> None:
        """Record a section heading of an item (once)."""
        self._get("topic_heads", key).setdefault((entry[0], entry[1]), entry[2])
        for word in _distinctive(key):
            self.head_words.change(word, "", key, True)

    def remove_heads(self, key: str, item_ids: set[str]) -> None:
        """Forget the sections of these items under ``key``."""
        entries = self._get("topic_heads", key)
        for at in [at for at in entries if at[0] in item_ids]:
            del entries[at]
        if not entries:
            for word in _distinctive(key):
                self.head_words.change(word, "", key, False)

    # -- writing ---------------------------------------------------------

    def changed_threads(self) -> set[str]:
        """The threads whose members or parts differ from their stored rows
        (new and emptied ones too); call before ``save``."""
        read, titles = self._read["topic_threads"], self._titles
        return {
            thread_id
            for thread_id, thread in self._threads.items()
            if [row[6:] for row in _thread_rows(thread_id, thread)] != [row[6:] for row in read[thread_id]]
            or _titles(thread) != titles[thread_id]
        }

    def save(self) -> None:
        """Write every row changed since it was read, delete emptied ones."""
        for table, (columns, where) in _ROWS.items():
            read, encode = self._read[table], _CODECS[table][1]
            now = {key: encode(key, value) for key, value in self._kept[table].items()}
            changed = {key: rows for key, rows in now.items() if rows != read[key]}
            self.db.executemany(f"DELETE FROM {table} WHERE {where}", [(key,) for key in changed])
            rows = [row for rows in changed.values() for row in rows]
            if rows:
                named = "" if columns == "*" else f"({columns})"
                marks = ", ".join("?" * len(rows[0]))
                self.db.executemany(f"INSERT INTO {table} {named} VALUES ({marks})", rows)
            read.update(changed)
        self.words.save()
        self.head_words.save()
        set_stat(self.db, "df", self.stats())
        set_stat(self.db, "format", FORMAT)


def _thread_rows(thread_id: str, t: Thread | None) -> list[tuple[Any, ...]]:
    """A thread's row (none if it is gone), without its members' and parts'
    titles (at 6 of their rows)."""
    if t is None:
        return []
    members, parts = [m.row() for m in t.members], [p.row() for p in t.parts]
    lean = [[row[:6] + row[7:] for row in rows] for rows in (members, parts)]
    named = (t.keys, t.aliases, sorted(t.committees), t.sig, t.people, *lean)
    return [(thread_id, *map(_dumps, named))]


def _titles(thread: Thread | None) -> list[str]:
    return [m.title for m in thread.members] + [p.title for p in thread.parts] if thread else []


def _meeting(db: sqlite3.Connection, rows: list[tuple[Any, ...]]) -> dict[str, Any]:
    date, committee, counted, *json = rows[0][1:] if rows else ("", "", 0, "{}", "[]", "[]")
    parts, heads, cites = map(orjson.loads, json)
    names = ("date", "committee", "counted", "parts", "heads", "cites")
    return dict(zip(names, (date, committee, bool(counted), parts, heads, cites), strict=True))


def _meeting_rows(meeting_id: str, r: dict[str, Any] | None) -> list[tuple[Any, ...]]:
    """A meeting's row (none if it is gone or put nothing in the tables)."""
    if r is None or not (r["date"] or any(r[n] for n in ("parts", "heads", "cites", "counted"))):
        return []
    json = map(_dumps, (r["parts"], r["heads"], r["cites"]))
    return [(meeting_id, r["date"], r["committee"], int(r["counted"]), *json)]


#: Table -> (its rows under one key -> the value ``TopicState`` keeps, and
#: back). Headings are kept as (item, block) -> heading.
_CODECS: dict[str, tuple[Callable[[sqlite3.Connection, Any], Any], Callable[[str, Any], Any]]] = {
    "topic_threads": (lambda db, rows: _thread(db, rows[0]) if rows else None, _thread_rows),
    "topic_items": (
        lambda db, rows: {row[0]: list(row[1:]) for row in rows},
        lambda meeting, items: [(i, *row) for i, row in items.items()],
    ),
    "topic_meetings": (_meeting, _meeting_rows),
    "topic_cites": (
        lambda db, rows: [list(row[1:]) for row in rows],
        lambda day, entries: [(day, *entry) for entry in entries],
    ),
    "topic_heads": (
        lambda db, rows: {(row[1], row[2]): row[3] for row in rows},
        lambda key, entries: [(key, *at, heading) for at, heading in entries.items()],
    ),
    "topic_slugs": (
        lambda db, rows: [rows[0][1], orjson.loads(rows[0][2])] if rows else [0, []],
        lambda base, numbers: [(base, numbers[0], _dumps(numbers[1]))],
    ),
}


def _dumps(value: Any) -> str:
    return orjson.dumps(value).decode()


def _distinctive(key: str) -> list[str]:
    """The words of a heading key that are not ``GENERIC``."""
    return [word for word in key.split() if word not in GENERIC]
