"""The topic tables of the store, loaded lazily and written back once.

Tables (all in the store's index, so they commit with the import):

``topic_threads``
    thread id -> ``{"title", "keys", "members", "parts"}``. ``keys`` are the
    title keys that new items are matched against; ``members`` are
    ``[item id, score, code, via, words, key]`` rows, oldest first (how and
    through whom each item joined, see ``store.topics.reasons``; ``key``
    indexes ``keys``, -1 for an item the clerk placed); ``parts`` are
    sections of other items about this thread's topic: ``[item id, block
    index, heading, score, shared words]``.
``topic_meetings``
    meeting id -> ``{"threads": {item id: thread id}, "parts": {item id:
    [thread id]}, "heads": [heading key], "cites": [[item id, date, key]]}``:
    what each meeting put into the other tables, so one meeting can be
    taken out and put back without scanning the archive; ``counted`` says
    its words are in ``topic_stats``.
``topic_cites``
    date -> ``{"cites": [[item id, paper key]]}``: reports' background
    papers by the date they name, so that a meeting imported later is linked
    to the report that named it.
``topic_heads``
    heading key -> ``{"items": [[item id, block index, heading]]}``: the
    sections of long items, so a topic that appears later can find the
    earlier sections about it.
``topic_stats``
    ``"df"`` -> ``{"n": items counted, "df": {word: items with it}}``: how
    common each word of the text is, to tell distinctive words.
``topic_corrections``
    the clerk's corrections (see ``store.topics.corrections``); never
    written here.

Rows are copied before they are changed: the store hands out its own dicts.
(A member's ``words`` are replaced, never changed in place, so they are not
copied.)
"""

from __future__ import annotations

import math
import zlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from store.database import Store, Writer
from store.topics.normalise import GENERIC

THREADS = "topic_threads"
MEETINGS = "topic_meetings"
CITES = "topic_cites"
HEADS = "topic_heads"
STATS = "topic_stats"

#: Every document's words are counted up to this many documents ...
EXACT = 2000
#: ... then one in this many.
SAMPLE = 4

#: The tables this module rewrites (``rebuild_topics`` clears them).
DERIVED_TABLES = (THREADS, MEETINGS, CITES, HEADS, STATS)


@dataclass(slots=True)
class Member:
    """An item in a thread, with the evidence that put it there."""

    id: str
    score: int
    code: str
    via: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    key: int = -1

    def row(self) -> list[Any]:
        """The stored form."""
        return [self.id, self.score, self.code, self.via, self.extra, self.key]

    @classmethod
    def from_row(cls, row: list[Any]) -> Member:
        """Back from ``row()``."""
        return cls(row[0], row[1], row[2], row[3], row[4], row[5])


@dataclass(slots=True)
class Part:
    """A section of another item that is about a thread's topic."""

    item: str
    block: int
    heading: str
    score: int
    terms: list[str] = field(default_factory=list)

    def row(self) -> list[Any]:
        """The stored form."""
        return [self.item, self.block, self.heading, self.score, self.terms]

    @classmethod
    def from_row(cls, row: list[Any]) -> Part:
        """Back from ``row()``."""
        return cls(row[0], row[1], row[2], row[3], list(row[4]))


@dataclass(slots=True)
class Thread:
    """A recurring topic: its items and the sections about it elsewhere."""

    id: str
    title: str
    keys: list[str]
    members: list[Member]
    parts: list[Part] = field(default_factory=list)

    def row(self) -> dict[str, Any]:
        """The stored form."""
        return {
            "title": self.title,
            "keys": list(self.keys),
            "members": [member.row() for member in self.members],
            "parts": [part.row() for part in self.parts],
        }

    @classmethod
    def from_row(cls, thread_id: str, row: dict[str, Any]) -> Thread:
        """Back from ``row()``."""
        return cls(
            thread_id,
            row["title"],
            list(row["keys"]),
            [Member.from_row(member) for member in row["members"]],
            [Part.from_row(part) for part in row.get("parts", [])],
        )

    def member(self, item_id: str) -> Member | None:
        """The member row of ``item_id``, if it is in this thread (searched
        from the newest: the one asked for usually is)."""
        return next((member for member in reversed(self.members) if member.id == item_id), None)

    def key_of(self, member: Member) -> str:
        """A member's title key ("" for an item the clerk placed)."""
        return self.keys[member.key] if member.key >= 0 else ""


class TopicState:
    """The topic tables as one editable object.

    Thread rows are turned into ``Thread`` objects only when touched; the
    word index over thread keys is built once, on first use, and kept up to
    date as threads change.
    """

    def __init__(self, store: Store, *, empty: bool = False) -> None:
        """Read the tables of ``store`` (or start from nothing for a rebuild)."""
        self.store = store
        read = (lambda _name: {}) if empty else store.table_rows
        self._thread_rows: dict[str, dict[str, Any]] = read(THREADS)
        self._meeting_rows: dict[str, dict[str, Any]] = read(MEETINGS)
        self._cite_rows: dict[str, dict[str, Any]] = read(CITES)
        self._head_rows: dict[str, dict[str, Any]] = read(HEADS)
        stats = read(STATS).get("df", {"n": 0, "df": {}})
        self.documents: int = stats["n"]
        self.df: Counter[str] = Counter(stats["df"])
        self._threads: dict[str, Thread | None] = {}
        self._meetings: dict[str, dict[str, Any]] = {}
        self._cites: dict[str, list[list[str]]] = {}
        self._heads: dict[str, list[list[Any]]] = {}
        self._postings: dict[str, set[str]] | None = None
        self._idf: dict[str, float] = {}
        self._idf_at = self.documents
        self._head_postings: dict[str, set[str]] | None = None

    # -- threads ---------------------------------------------------------

    def thread(self, thread_id: str) -> Thread | None:
        """A thread, ready to change (changes are written by ``save``)."""
        if thread_id not in self._threads:
            row = self._thread_rows.get(thread_id)
            self._threads[thread_id] = Thread.from_row(thread_id, row) if row else None
        return self._threads[thread_id]

    def thread_keys(self, thread_id: str) -> list[str]:
        """A thread's match keys, without materialising it."""
        if thread_id in self._threads:
            thread = self._threads[thread_id]
            return thread.keys if thread else []
        row = self._thread_rows.get(thread_id)
        return row["keys"] if row else []

    def thread_members(self, thread_id: str) -> list[tuple[str, str]]:
        """A thread's ``(item id, title key)`` pairs, without materialising it."""
        if thread_id in self._threads:
            thread = self._threads[thread_id]
            return [(m.id, thread.key_of(m)) for m in thread.members] if thread else []
        row = self._thread_rows.get(thread_id)
        if row is None:
            return []
        keys = row["keys"]
        return [(m[0], keys[m[5]] if m[5] >= 0 else "") for m in row["members"]]

    def thread_ids(self) -> set[str]:
        """Every thread id, new ones included."""
        ids = set(self._thread_rows) | {key for key, value in self._threads.items() if value}
        return ids - {key for key, value in self._threads.items() if value is None}

    def add_thread(self, thread: Thread) -> None:
        """Register a new thread."""
        self._threads[thread.id] = thread
        self.index_keys(thread)

    def drop_thread(self, thread_id: str) -> None:
        """Forget a thread (it is deleted by ``save``)."""
        thread = self.thread(thread_id)
        if thread is not None and self._postings is not None:
            for key in thread.keys:
                for word in key.split():
                    self._postings.get(word, set()).discard(thread_id)
        self._threads[thread_id] = None

    def index_keys(self, thread: Thread) -> None:
        """Add a thread's keys to the word index (after keys change)."""
        if self._postings is None:
            return
        for key in thread.keys:
            for word in key.split():
                self._postings.setdefault(word, set()).add(thread.id)

    def postings(self) -> dict[str, set[str]]:
        """Key word -> threads whose keys have it (built on first use; generic
        words too, for keys made only of them)."""
        if self._postings is None:
            postings: dict[str, set[str]] = {}
            for thread_id in self.thread_ids():
                for key in self.thread_keys(thread_id):
                    for word in key.split():
                        postings.setdefault(word, set()).add(thread_id)
            self._postings = postings
        return self._postings

    def new_thread_id(self, base: str) -> str:
        """``base``, or ``base-2``, ``base-3`` ... if taken."""
        candidate, number = base, 1
        while self._taken(candidate):
            number += 1
            candidate = f"{base}-{number}"
        return candidate

    def _taken(self, thread_id: str) -> bool:
        if thread_id in self._threads:
            return self._threads[thread_id] is not None
        return thread_id in self._thread_rows

    # -- meetings --------------------------------------------------------

    def meeting(self, meeting_id: str) -> dict[str, Any]:
        """What a meeting put into the tables, ready to change."""
        if meeting_id not in self._meetings:
            row = self._meeting_rows.get(meeting_id, {})
            self._meetings[meeting_id] = {
                "threads": dict(row.get("threads", {})),
                "parts": {item: list(ids) for item, ids in row.get("parts", {}).items()},
                "heads": list(row.get("heads", [])),
                "cites": [list(cite) for cite in row.get("cites", [])],
                "counted": row.get("counted", False),
            }
        return self._meetings[meeting_id]

    def thread_of(self, item_id: str, meeting_id: str) -> str | None:
        """The thread an item is in."""
        if meeting_id in self._meetings:
            return self._meetings[meeting_id]["threads"].get(item_id)
        row = self._meeting_rows.get(meeting_id)
        return row["threads"].get(item_id) if row else None

    def cites_on(self, day: str) -> list[list[str]]:
        """``[citing item, paper key]`` for the background papers naming
        ``day``, ready to change."""
        if day not in self._cites:
            row = self._cite_rows.get(day)
            self._cites[day] = [list(cite) for cite in row["cites"]] if row else []
        return self._cites[day]

    # -- sections --------------------------------------------------------

    def head_entries(self, key: str) -> list[list[Any]]:
        """Sections with this heading key: ``[item id, block, heading]``."""
        if key not in self._heads:
            row = self._head_rows.get(key)
            self._heads[key] = [list(entry) for entry in row["items"]] if row else []
        return self._heads[key]

    def head_postings(self) -> dict[str, set[str]]:
        """Distinctive word -> heading keys having it (built on first use)."""
        if self._head_postings is None:
            postings: dict[str, set[str]] = {}
            for key in set(self._head_rows) | set(self._heads):
                for word in _distinctive(key):
                    postings.setdefault(word, set()).add(key)
            self._head_postings = postings
        return self._head_postings

    def add_head(self, key: str, entry: list[Any]) -> None:
        """Record a section heading of an item (once)."""
        entries = self.head_entries(key)
        if entry not in entries:
            entries.append(entry)
        if self._head_postings is not None:
            for word in _distinctive(key):
                self._head_postings.setdefault(word, set()).add(key)

    def remove_heads(self, key: str, item_ids: set[str]) -> None:
        """Forget the sections of these items under ``key``."""
        entries = self.head_entries(key)
        entries[:] = [entry for entry in entries if entry[0] not in item_ids]

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

    def idf(self, word: str) -> float:
        """How distinctive a word is in this archive (0 for a word in every
        document). Remembered until the archive has grown by a twentieth."""
        if self.documents > self._idf_at * 1.05 + 10:
            self._idf.clear()
            self._idf_at = self.documents
        value = self._idf.get(word)
        if value is None:
            value = max(0.0, math.log((self.documents + 1) / (self.df.get(word, 0) + 0.5)))
            self._idf[word] = value
        return value

    # -- writing ---------------------------------------------------------

    def save(self, writer: Writer) -> None:
        """Write every changed row, delete emptied ones."""
        threads = {key: thread.row() for key, thread in self._threads.items() if thread}
        gone = [key for key, thread in self._threads.items() if thread is None]
        writer.replace_rows(THREADS, threads)
        writer.remove_rows(THREADS, gone)
        meetings = {key: row for key, row in self._meetings.items() if _meeting_used(row)}
        writer.replace_rows(MEETINGS, meetings)
        writer.remove_rows(MEETINGS, [key for key in self._meetings if key not in meetings])
        cites = {day: {"cites": entries} for day, entries in self._cites.items() if entries}
        writer.replace_rows(CITES, cites)
        writer.remove_rows(CITES, [day for day in self._cites if day not in cites])
        heads = {key: {"items": entries} for key, entries in self._heads.items() if entries}
        writer.replace_rows(HEADS, heads)
        writer.remove_rows(HEADS, [key for key in self._heads if key not in heads])
        writer.replace_rows(STATS, {"df": {"n": self.documents, "df": dict(self.df)}})


def _meeting_used(row: dict[str, Any]) -> bool:
    return any(row.get(name) for name in ("threads", "parts", "heads", "cites", "counted"))


def _distinctive(key: str) -> list[str]:
    """The words of a heading key that are not ``GENERIC``."""
    return [word for word in key.split() if word not in GENERIC]

