"""The topic tables in the index's SQLite database, read row by row.

The threads are derived from the records (items, meetings and the clerk's
corrections) and can be rebuilt from them at any time. ``TopicState`` reads
a row the first time the threading asks for it, keeps it while it works and
writes every row it touched back with ``save``, inside the caller's SQLite
transaction:

``topic_threads``
    A thread: its title ``keys`` (what new titles are matched against),
    ``aliases`` (keys of members only alike, matched when equal), the
    ``committees`` it follows, ``sig`` (its characteristic words,
    weighted), ``people`` (who presented lately), ``members`` (see
    ``Member.row``) and ``parts`` (sections of other items about it), each
    a JSON column, the large ones last so weighing a candidate reads little.
``topic_items``
    Every item the threading has seen: its meeting, agenda order, title,
    shape and thread (NULL for none), indexed by meeting and by thread.
``topic_meetings``
    A meeting's date and committee, and what it put in the other tables
    (``parts``: item -> threads its sections are about, ``heads``, ``cites``,
    and whether its words are counted), so it can be taken out again.
``topic_words``
    ``(word, committee, thread)``: the threads whose keys or aliases have a
    word, to find the candidates for a title.
``topic_head_words``
    ``(word, '', heading key)``: the section headings with a distinctive word.
``topic_heads``
    ``(heading key, item, block, heading)``: sections of long items, so a
    topic that appears later finds the earlier sections about it.
``topic_cites``
    ``(day, item, paper key)``: reports' background papers by the date they
    name, so a meeting imported later is linked to the report naming it.
``topic_slugs``
    A thread id stem's numbers in use (``t-work-programme-3``).
``topic_stats``
    ``df``: how common each word of the text and of titles is; ``format``;
    ``corrections``: the clerk's corrections as last applied.
"""

from __future__ import annotations

import math
import re
import sqlite3
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from collections.abc import Set as AbstractSet
from typing import Any, TypeVar

import orjson

from store.topics.members import Member, Part, Thread
from store.topics.normalise import GENERIC, TitleKey, word_weight

#: Version of the tables' layout: other versions are threaded again.
FORMAT = 7

#: Every document's words are counted up to this many documents ...
EXACT = 2000
#: ... then one in this many.
SAMPLE = 4

#: Titles a word may be in and still count fully (see ``title_weights``).
COMMON_TITLES = 50
COMMON_SHARE = 0.002

SCHEMA = """
CREATE TABLE IF NOT EXISTS topic_threads (
    id TEXT PRIMARY KEY, keys TEXT NOT NULL, aliases TEXT NOT NULL,
    committees TEXT NOT NULL, sig TEXT NOT NULL, people TEXT NOT NULL,
    members TEXT NOT NULL, parts TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS topic_items (
    id TEXT PRIMARY KEY, meeting TEXT NOT NULL, ord INTEGER NOT NULL,
    title TEXT NOT NULL, shape TEXT NOT NULL, thread TEXT
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS topic_items_meeting ON topic_items (meeting);
CREATE INDEX IF NOT EXISTS topic_items_thread ON topic_items (thread);
CREATE TABLE IF NOT EXISTS topic_meetings (
    id TEXT PRIMARY KEY, date TEXT NOT NULL, committee TEXT NOT NULL,
    counted INTEGER NOT NULL, parts TEXT NOT NULL, heads TEXT NOT NULL,
    cites TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS topic_words (
    word TEXT NOT NULL, grp TEXT NOT NULL, id TEXT NOT NULL,
    PRIMARY KEY (word, grp, id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS topic_head_words (
    word TEXT NOT NULL, grp TEXT NOT NULL, id TEXT NOT NULL,
    PRIMARY KEY (word, grp, id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS topic_heads (
    key TEXT NOT NULL, item TEXT NOT NULL, block INTEGER NOT NULL, heading TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS topic_heads_key ON topic_heads (key);
CREATE TABLE IF NOT EXISTS topic_cites (
    day TEXT NOT NULL, item TEXT NOT NULL, paper TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS topic_cites_day ON topic_cites (day);
CREATE TABLE IF NOT EXISTS topic_slugs (
    base TEXT PRIMARY KEY, top INTEGER NOT NULL, free TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS topic_stats (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
"""

#: Every table above (``clear`` empties them).
TABLES = tuple(re.findall(r"CREATE TABLE IF NOT EXISTS (\w+)", SCHEMA))

_Row = TypeVar("_Row")

_NUMBERED_ID = re.compile(r"(.+)-(\d+)")
_HEADS = ""

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
    db.execute(
        "INSERT OR REPLACE INTO topic_stats VALUES (?, ?)", (name, orjson.dumps(value).decode())
    )


def current(db: sqlite3.Connection) -> bool:
    """True if the tables are in this module's ``FORMAT`` (or empty)."""
    found = stat(db, "format")
    return found is None and stat(db, "df") is None or found == FORMAT


def load_thread(db: sqlite3.Connection, thread_id: str) -> Thread | None:
    """A thread as stored."""
    return _load_thread(db, thread_id)[0]


def _load_thread(db: sqlite3.Connection, thread_id: str) -> tuple[Thread | None, tuple[str, ...] | None]:
    """A thread as stored, and its row's columns after the id as stored."""
    row = db.execute(
        "SELECT keys, aliases, committees, sig, people, members, parts FROM topic_threads"
        " WHERE id = ?",
        (thread_id,),
    ).fetchone()
    if row is None:
        return None, None
    keys, aliases, committees, sig, people, members, parts = map(orjson.loads, row)
    thread = Thread(
        thread_id,
        keys,
        [Member.from_row(m) for m in members],
        [Part.from_row(p) for p in parts],
        sig,
        people,
        aliases,
        committees,
    )
    return thread, tuple(row)


def thread_of(db: sqlite3.Connection, item_id: str) -> str | None:
    """The thread an item is in."""
    row = db.execute("SELECT thread FROM topic_items WHERE id = ?", (item_id,)).fetchone()
    return row[0] if row else None


def parts_of(db: sqlite3.Connection, item_id: str) -> list[str]:
    """The threads an item has sections about."""
    meeting_id = item_id.rpartition("/")[0]
    row = db.execute("SELECT parts FROM topic_meetings WHERE id = ?", (meeting_id,)).fetchone()
    return orjson.loads(row[0]).get(item_id, []) if row else []


#: Changes to a word's group looked up row by row before the group is read whole.
PROBES = 16


class _WordIndex:
    """A ``(word, group, id)`` table read as it is asked for and written
    back as the rows added and taken out.

    One group of a word (a committee's threads) is read on its own; the ids
    of every group (for a word in thousands of titles, thousands) only when
    asked for, and then kept up to date as a count of groups per id.
    """

    def __init__(self, db: sqlite3.Connection, table: str) -> None:
        self._db = db
        self._table = table
        #: (word, group) -> ids, read when first asked for.
        self._sets: dict[tuple[str, str], set[str]] = {}
        #: Word -> id -> groups it is in, read when first asked for.
        self._any: dict[str, dict[str, int]] = {}
        #: (word, group) -> id -> added (True) or taken out (False).
        self._pending: dict[tuple[str, str], dict[str, bool]] = {}
        #: Word -> its groups in ``_pending``.
        self._pending_groups: dict[str, set[str]] = {}

    def _group(self, word: str, group: str) -> set[str]:
        found = self._sets.get((word, group))
        if found is None:
            rows = self._db.execute(
                f"SELECT id FROM {self._table} WHERE word = ? AND grp = ?", (word, group)
            )
            found = self._sets[word, group] = {row[0] for row in rows}
            for value, added in self._pending.get((word, group), {}).items():
                if added:
                    found.add(value)
                else:
                    found.discard(value)
        return found

    def _groups_of(self, word: str) -> dict[str, int]:
        found = self._any.get(word)
        if found is None:
            rows = self._db.execute(
                f"SELECT id, count(*) FROM {self._table} WHERE word = ? GROUP BY id", (word,)
            )
            found = self._any[word] = dict(rows.fetchall())
            for group in self._pending_groups.get(word, ()):
                stored = {
                    row[0]
                    for row in self._db.execute(
                        f"SELECT id FROM {self._table} WHERE word = ? AND grp = ?", (word, group)
                    )
                }
                for value in stored ^ self._group(word, group):
                    change = 1 if value not in stored else -1
                    found[value] = found.get(value, 0) + change
                    if not found[value]:
                        del found[value]
        return found

    def get(self, word: str, group: str | None) -> AbstractSet[str]:
        """The ids under ``word`` in ``group`` (of any, if None)."""
        return self._group(word, group) if group is not None else self._groups_of(word).keys()

    def _has(self, word: str, group: str, value: str) -> bool:
        """Whether ``value`` is under ``word`` in ``group`` now, without
        reading the whole group (a common word's, thousands of ids) the
        first ``PROBES`` times it is changed: what was changed here, else
        the stored row. (Threading a whole archive changes a group again
        and again: it is read once then.)"""
        ids = self._sets.get((word, group))
        if ids is not None:
            return value in ids
        pending = self._pending.get((word, group))
        if pending is not None and value in pending:
            return pending[value]
        if pending is not None and len(pending) >= PROBES:
            return value in self._group(word, group)
        row = self._db.execute(
            f"SELECT 1 FROM {self._table} WHERE word = ? AND grp = ? AND id = ?", (word, group, value)
        ).fetchone()
        return row is not None

    def _change(self, word: str, group: str, value: str, added: bool) -> None:
        if self._has(word, group, value) == added:
            return
        ids = self._sets.get((word, group))
        if ids is not None:
            (ids.add if added else ids.discard)(value)
        self._pending.setdefault((word, group), {})[value] = added
        self._pending_groups.setdefault(word, set()).add(group)
        counts = self._any.get(word)
        if counts is not None:
            counts[value] = counts.get(value, 0) + (1 if added else -1)
            if not counts[value]:
                del counts[value]

    def add(self, word: str, group: str, value: str) -> None:
        """Put ``value`` under ``word`` in ``group``."""
        self._change(word, group, value, True)

    def discard(self, word: str, group: str, value: str) -> None:
        """Take ``value`` from under ``word`` in ``group``."""
        self._change(word, group, value, False)

    def save(self) -> None:
        """Write the rows added and delete those taken out."""
        changes = [
            (word, group, value, added)
            for (word, group), values in sorted(self._pending.items())
            for value, added in sorted(values.items())
        ]
        table = self._table
        self._db.executemany(
            f"DELETE FROM {table} WHERE word = ? AND grp = ? AND id = ?",
            [row[:3] for row in changes if not row[3]],
        )
        self._db.executemany(
            f"INSERT OR IGNORE INTO {table} VALUES (?, ?, ?)", [row[:3] for row in changes if row[3]]
        )
        self._pending.clear()
        self._pending_groups.clear()


class TopicState:
    """The topic tables as the threading reads and changes them.

    Nothing is written until ``save``; rows read are kept for the whole run,
    so threading the whole archive reads each row once.
    """

    def __init__(self, db: sqlite3.Connection) -> None:
        """Work on the index database ``db``."""
        self.db = db
        self.words = _WordIndex(db, "topic_words")
        self.head_words = _WordIndex(db, "topic_head_words")
        stats = stat(db, "df") or {}
        self.documents: int = stats.get("n", 0)
        self.df: Counter[str] = Counter(stats.get("df", {}))
        self.titles: int = stats.get("titles", 0)
        self.tdf: Counter[str] = Counter(stats.get("tdf", {}))
        self._threads: dict[str, Thread | None] = {}
        #: Keys and aliases of threads not read whole (``thread_keys``).
        self._keys: dict[str, tuple[list[str], list[str]]] = {}
        #: Meeting -> item -> ``[order, title, shape, thread]``.
        self._items: dict[str, dict[str, list[Any]]] = {}
        self._meetings: dict[str, dict[str, Any] | None] = {}
        self._slugs: dict[str, dict[str, Any]] = {}
        self._cites: dict[str, list[list[str]]] = {}
        self._heads: dict[str, list[list[Any]]] = {}
        #: Heading key -> its sections' (item id, block index).
        self._head_seen: dict[str, set[tuple[str, int]]] = {}
        #: Word counts as they stood at ``_idf_at`` documents, for ``idf``.
        self._df_at: dict[str, int] | None = None
        self._idf_at = self.documents
        self._idf: dict[str, float] = {}
        #: Weight factors of common title words at ``_weights_at`` titles.
        self._factors: dict[str, float] | None = None
        self._weights_at = self.titles
        self._weights = _Filled(word_weight)
        #: The rows read, as stored (after their key), so that ``save``
        #: writes only those that changed: weighing one meeting's items
        #: reads hundreds of threads and changes a few.
        self._stored: dict[str, dict[Any, Any]] = {
            "threads": {}, "items": {}, "meetings": {}, "slugs": {}, "cites": {}, "heads": {}
        }

    # -- threads ---------------------------------------------------------

    def thread(self, thread_id: str) -> Thread | None:
        """A thread, ready to change (changes are written by ``save``)."""
        if thread_id not in self._threads:
            self._threads[thread_id], row = _load_thread(self.db, thread_id)
            if row is not None:
                self._stored["threads"][thread_id] = row
        return self._threads[thread_id]

    def thread_keys(self, thread_id: str) -> tuple[list[str], list[str]]:
        """A thread's match keys and its aliases (do not change them).

        A thread not read yet is not read whole for them: a title is
        weighed against hundreds of candidates' keys, and only the few
        alike are read whole (their members, as long as the rest)."""
        if thread_id in self._threads:
            thread = self._threads[thread_id]
            return (thread.keys, thread.aliases) if thread else ([], [])
        found = self._keys.get(thread_id)
        if found is None:
            row = self.db.execute(
                "SELECT keys, aliases FROM topic_threads WHERE id = ?", (thread_id,)
            ).fetchone()
            found = self._keys[thread_id] = (orjson.loads(row[0]), orjson.loads(row[1])) if row else ([], [])
        return found

    def thread_text(self, thread_id: str) -> tuple[dict[str, int], list[str]]:
        """A thread's signature and presenters."""
        thread = self.thread(thread_id)
        return (thread.sig, thread.people) if thread else ({}, [])

    def add_thread(self, thread: Thread) -> None:
        """Register a new thread, or a thread whose keys or committees changed."""
        self._threads[thread.id] = thread
        for key in (*thread.keys, *thread.aliases):
            for word in key.split():
                for committee in thread.committees:
                    self.words.add(word, committee, thread.id)

    def index_keys(self, thread: Thread, keys: list[str], committees: list[str]) -> None:
        """Add a thread's new keys or aliases, or its keys under its new
        committees, to the word index (the rest of it stays as it is)."""
        for key in keys:
            for word in key.split():
                for committee in committees:
                    self.words.add(word, committee, thread.id)

    def unindex(self, thread_id: str) -> None:
        """Take a thread's keys out of the word index before they or its
        committees change (``add_thread`` puts them back)."""
        thread = self.thread(thread_id)
        if thread is not None:
            for key in (*thread.keys, *thread.aliases):
                for word in key.split():
                    for committee in thread.committees:
                        self.words.discard(word, committee, thread_id)

    def drop_thread(self, thread_id: str) -> None:
        """Forget a thread (deleted by ``save``); its id may be given again."""
        if self.thread(thread_id) is None:
            return
        self.unindex(thread_id)
        self._threads[thread_id] = None
        self._free_id(thread_id)

    def threads_with(self, word: str, committee: str | None = None) -> AbstractSet[str]:
        """Threads whose keys or aliases have ``word``, of ``committee`` or
        of any. Do not change the set."""
        return self.words.get(word, committee)

    def new_thread_id(self, base: str) -> str:
        """``base``, or ``base-2``, ``base-3`` ...: the lowest not in use."""
        numbers = self._slug(base)
        number = min(numbers["free"]) if numbers["free"] else numbers["top"] + 1
        if numbers["free"]:
            numbers["free"].remove(number)
        else:
            numbers["top"] = number
        candidate = base if number == 1 else f"{base}-{number}"
        return candidate if self.thread(candidate) is None else self.new_thread_id(base)

    def _slug(self, base: str) -> dict[str, Any]:
        if base not in self._slugs:
            row = self.db.execute(
                "SELECT top, free FROM topic_slugs WHERE base = ?", (base,)
            ).fetchone()
            top, free = (row[0], orjson.loads(row[1])) if row else (0, [])
            self._slugs[base] = {"top": top, "free": free}
            if row is not None:
                self._stored["slugs"][base] = tuple(row)
        return self._slugs[base]

    def _free_id(self, thread_id: str) -> None:
        """A thread id is no longer used: its number may be given again."""
        match = _NUMBERED_ID.fullmatch(thread_id)
        base, number = (match.group(1), int(match.group(2))) if match else (thread_id, 1)
        numbers = self._slug(base)
        if match and not numbers["top"] and not numbers["free"]:
            base, number = thread_id, 1
            numbers = self._slug(base)
        if number <= numbers["top"] and number not in numbers["free"]:
            numbers["free"].append(number)

    # -- items and meetings ----------------------------------------------

    def _meeting_items(self, meeting_id: str) -> dict[str, list[Any]]:
        found = self._items.get(meeting_id)
        if found is None:
            rows = self.db.execute(
                "SELECT id, ord, title, shape, thread FROM topic_items WHERE meeting = ?",
                (meeting_id,),
            )
            found = self._items[meeting_id] = {row[0]: list(row[1:]) for row in rows}
            self._stored["items"][meeting_id] = {item_id: tuple(row) for item_id, row in found.items()}
        return found

    def put_items(self, meeting_id: str, items: list[tuple[str, int, str, str]]) -> None:
        """Record a meeting's items ``(id, order, title, shape)``, none in a
        thread yet (``place`` puts them in one)."""
        self._items[meeting_id] = {i: [order, title, shape, None] for i, order, title, shape in items}

    def item_row(self, item_id: str) -> list[Any] | None:
        """``[order, title, shape, thread]`` of an item seen, or None."""
        return self._meeting_items(item_id.rpartition("/")[0]).get(item_id)

    def thread_of(self, item_id: str) -> str | None:
        """The thread an item is in."""
        row = self.item_row(item_id)
        return row[3] if row else None

    def threaded_items(self, meeting_id: str) -> list[str]:
        """The items of a meeting that are in threads."""
        return [i for i, row in self._meeting_items(meeting_id).items() if row[3] is not None]

    def meeting_members(self, meeting_id: str, thread_id: str) -> list[str]:
        """The items of a meeting in a thread."""
        return [i for i, row in self._meeting_items(meeting_id).items() if row[3] == thread_id]

    def place(self, item_id: str, thread_id: str | None) -> None:
        """Record the thread an item is in now (None: in none)."""
        row = self.item_row(item_id)
        if row is not None:
            row[3] = thread_id

    def meeting(self, meeting_id: str) -> dict[str, Any]:
        """What a meeting put into the tables, ready to change: its ``date``,
        ``committee``, ``parts``, ``heads``, ``cites`` and ``counted``."""
        found = self._meetings.get(meeting_id)
        if found is None:
            row = self.db.execute(
                "SELECT date, committee, counted, parts, heads, cites FROM topic_meetings"
                " WHERE id = ?",
                (meeting_id,),
            ).fetchone()
            if row is not None:
                self._stored["meetings"][meeting_id] = tuple(row)
            found = self._meetings[meeting_id] = {
                "date": row[0] if row else "",
                "committee": row[1] if row else "",
                "counted": bool(row[2]) if row else False,
                "parts": orjson.loads(row[3]) if row else {},
                "heads": orjson.loads(row[4]) if row else [],
                "cites": orjson.loads(row[5]) if row else [],
            }
        return found

    def drop_meeting(self, meeting_id: str) -> None:
        """Forget a meeting no longer in the records (deleted by ``save``)."""
        self._meetings[meeting_id] = None
        self._items[meeting_id] = {}

    def cites_on(self, day: str) -> list[list[str]]:
        """``[citing item, paper key]`` for the background papers naming
        ``day``, ready to change."""
        if day not in self._cites:
            rows = self.db.execute("SELECT item, paper FROM topic_cites WHERE day = ?", (day,))
            self._cites[day] = [list(row) for row in rows]
            self._stored["cites"][day] = [tuple(entry) for entry in self._cites[day]]
        return self._cites[day]

    # -- sections --------------------------------------------------------

    def head_entries(self, key: str) -> list[list[Any]]:
        """Sections with this heading key: ``[item id, block, heading]``."""
        if key not in self._heads:
            rows = self.db.execute(
                "SELECT item, block, heading FROM topic_heads WHERE key = ? ORDER BY rowid", (key,)
            )
            self._heads[key] = [list(row) for row in rows]
            self._stored["heads"][key] = [tuple(entry) for entry in self._heads[key]]
        return self._heads[key]

    def heads_with(self, word: str) -> AbstractSet[str]:
        """Heading keys having this distinctive word. Do not change the set."""
        return self.head_words.get(word, _HEADS)

    def add_head(self, key: str, entry: list[Any]) -> None:
        """Record a section heading of an item (once)."""
        entries = self.head_entries(key)
        seen = self._head_seen.get(key)
        if seen is None:
            seen = self._head_seen[key] = {(e[0], e[1]) for e in entries}
        if (entry[0], entry[1]) not in seen:
            seen.add((entry[0], entry[1]))
            entries.append(entry)
        for word in _distinctive(key):
            self.head_words.add(word, _HEADS, key)

    def remove_heads(self, key: str, item_ids: set[str]) -> None:
        """Forget the sections of these items under ``key``."""
        entries = self.head_entries(key)
        entries[:] = [entry for entry in entries if entry[0] not in item_ids]
        self._head_seen.pop(key, None)
        if not entries:
            for word in _distinctive(key):
                self.head_words.discard(word, _HEADS, key)

    # -- word statistics -------------------------------------------------

    def counts(self, item_id: str) -> bool:
        """Whether an item's words are counted: all of them while the
        archive is small, then a fixed one in ``SAMPLE`` (chosen by a hash
        of its id), which estimates how common words are as well and saves
        most of the cost of counting a whole archive."""
        return self.documents < EXACT or zlib.crc32(item_id.encode()) % SAMPLE == 0

    def count_words(self, words: Counter[str]) -> None:
        """Count one more document having these words."""
        self.documents += 1
        self.df.update(words.keys())

    def count_title(self, key: TitleKey) -> None:
        """Count one more title having these key words."""
        self.titles += 1
        self.tdf.update(key.words)

    def title_weights(self) -> dict[str, float]:
        """Each key word's weight for comparing titles (a mapping that
        fills itself as asked): ``word_weight``, less for a word in very
        many titles of the archive (the "Definitive Map Modification Order
        Investigation" of hundreds of rights-of-way cases, which differ only
        in their roads and places). A word counts fully in up to
        ``COMMON_TITLES`` titles, or a ``COMMON_SHARE`` of them: a topic's
        own series never makes its words common. Taken from the counts as
        they stood when the archive last grew by a twentieth, so that a
        word weighs the same whatever was compared before it."""
        if self._factors is None or self.titles > self._weights_at * 1.05 + 10:
            self._weights_at = self.titles
            common = max(COMMON_TITLES, COMMON_SHARE * self.titles)
            factors = {w: max(0.05, common / n) for w, n in self.tdf.items() if n > common}
            self._factors = factors
            self._weights = _Filled(lambda word: word_weight(word) * factors.get(word, 1.0))
        return self._weights

    @property
    def weights_at(self) -> int:
        """The titles counted when ``title_weights`` last changed."""
        return self._weights_at

    def idf(self) -> dict[str, float]:
        """How distinctive each word is in this archive (0 for a word in
        every document; a mapping that fills itself as asked), from the
        counts as they stood when the archive last grew by a twentieth."""
        if self._df_at is None or self.documents > self._idf_at * 1.05 + 10:
            self._idf_at = self.documents
            df_at = self._df_at = dict(self.df)
            documents = self._idf_at + 1
            self._idf = _Filled(lambda word: max(0.0, math.log(documents / (df_at.get(word, 0) + 0.5))))
        return self._idf

    # -- writing ---------------------------------------------------------

    def changed_threads(self) -> set[str]:
        """The threads whose members or parts differ from their stored rows
        (new and emptied ones too); call before ``save``."""
        changed: set[str] = set()
        stored = self._stored["threads"]
        for thread_id, thread in self._threads.items():
            row = stored[thread_id][5:] if thread_id in stored else self.db.execute(
                "SELECT members, parts FROM topic_threads WHERE id = ?", (thread_id,)
            ).fetchone()
            if thread is None or row is None:
                if thread is not None or row is not None:
                    changed.add(thread_id)
                continue
            members = _dumps([m.row() for m in thread.members])
            parts = _dumps([p.row() for p in thread.parts])
            if (members, parts) != (row[0], row[1]):
                changed.add(thread_id)
        return changed

    def save(self) -> None:
        """Write every row changed (unchanged rows read are left as they
        are), delete emptied ones."""
        db, dumps, stored = self.db, _dumps, self._stored
        gone = [(key,) for key, thread in self._threads.items() if thread is None]
        db.executemany("DELETE FROM topic_threads WHERE id = ?", gone)
        threads = {
            t.id: (
                dumps(t.keys),
                dumps(t.aliases),
                dumps(sorted(t.committees)),
                dumps(t.sig),
                dumps(t.people),
                dumps([m.row() for m in t.members]),
                dumps([p.row() for p in t.parts]),
            )
            for t in self._threads.values()
            if t is not None
        }
        db.executemany(
            "INSERT OR REPLACE INTO topic_threads VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(key, *row) for key, row in _changed(threads, stored["threads"], gone)],
        )
        items = {
            meeting_id: {item_id: tuple(row) for item_id, row in rows.items()}
            for meeting_id, rows in self._items.items()
        }
        rewritten = [(meeting_id, rows) for meeting_id, rows in _changed(items, stored["items"])]
        db.executemany("DELETE FROM topic_items WHERE meeting = ?", [(m,) for m, _ in rewritten])
        db.executemany(
            "INSERT INTO topic_items VALUES (?, ?, ?, ?, ?, ?)",
            [(item_id, meeting_id, *row) for meeting_id, rows in rewritten for item_id, row in rows.items()],
        )
        emptied = [(m,) for m, row in self._meetings.items() if row is None]
        db.executemany("DELETE FROM topic_meetings WHERE id = ?", emptied)
        meetings = {
            m: (r["date"], r["committee"], int(r["counted"]), dumps(r["parts"]), dumps(r["heads"]), dumps(r["cites"]))
            for m, r in self._meetings.items()
            if r is not None and (r["date"] or _used(r))
        }
        db.executemany(
            "INSERT OR REPLACE INTO topic_meetings VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(m, *row) for m, row in _changed(meetings, stored["meetings"], emptied)],
        )
        slugs = {base: (row["top"], dumps(row["free"])) for base, row in self._slugs.items()}
        db.executemany(
            "INSERT OR REPLACE INTO topic_slugs VALUES (?, ?, ?)",
            [(base, *row) for base, row in _changed(slugs, stored["slugs"])],
        )
        self.words.save()
        self.head_words.save()
        cites = {day: [tuple(entry) for entry in entries] for day, entries in self._cites.items()}
        cites_written = list(_changed(cites, stored["cites"]))
        db.executemany("DELETE FROM topic_cites WHERE day = ?", [(day,) for day, _ in cites_written])
        db.executemany(
            "INSERT INTO topic_cites VALUES (?, ?, ?)",
            [(day, *entry) for day, entries in cites_written for entry in entries],
        )
        heads = {key: [tuple(entry) for entry in entries] for key, entries in self._heads.items()}
        heads_written = list(_changed(heads, stored["heads"]))
        db.executemany("DELETE FROM topic_heads WHERE key = ?", [(key,) for key, _ in heads_written])
        db.executemany(
            "INSERT INTO topic_heads VALUES (?, ?, ?, ?)",
            [(key, *entry) for key, entries in heads_written for entry in entries],
        )
        stats = {"n": self.documents, "df": self.df, "titles": self.titles, "tdf": self.tdf}
        set_stat(db, "df", stats)
        set_stat(db, "format", FORMAT)


class _Filled(dict[str, float]):
    """Word -> a value worked out by ``make`` the first time it is asked for."""

    __slots__ = ("make",)

    def __init__(self, make: Callable[[str], float]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, word: str) -> float:
        value = self[word] = self.make(word)
        return value


def _changed(
    rows: dict[str, _Row], stored: dict[str, _Row], gone: Iterable[tuple[str]] = ()
) -> Iterator[tuple[str, _Row]]:
    """The rows (by key) that differ from ``stored`` (the rows as read, or
    last written), noted as written now; the keys ``gone`` are forgotten."""
    for (key,) in gone:
        stored.pop(key, None)
    for key, row in rows.items():
        if stored.get(key) != row:
            stored[key] = row
            yield key, row


def _used(row: dict[str, Any]) -> bool:
    return any(row[name] for name in ("parts", "heads", "cites", "counted"))


def _dumps(value: Any) -> str:
    return orjson.dumps(value).decode()


def _distinctive(key: str) -> list[str]:
    """The words of a heading key that are not ``GENERIC``."""
    return [word for word in key.split() if word not in GENERIC]
