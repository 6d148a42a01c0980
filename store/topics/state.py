"""The topic tables of the store, loaded lazily and written back once.

Tables (all in the store's index, so they commit with the import; kept lean,
as the index is read whole at start):

``topic_threads``
    thread id -> ``{"keys", "aliases", "members", "parts", "sig", "people"}``.
    ``keys`` are the title keys new items are matched against; ``aliases``
    the keys of members only alike, which match a title only when equal.
    ``sig`` holds the words that characterise its items, weighted, and
    ``people`` who presented them lately: a title only alike is checked
    against them without reading any item. ``members`` are ``[item id,
    score, code, via, key]`` rows, oldest first, with a sixth element
    ``{"terms", "people"}`` for a link the text backed: how and through whom
    each item joined (see ``store.topics.reasons``); ``key`` indexes
    ``keys`` from 0, ``aliases`` from -2 down, or is -1 for an item the
    clerk placed. ``parts`` are sections of other items about this thread's
    topic: ``[item id, block index, heading, score, shared words]``.
``topic_meetings``
    meeting id -> ``{"items": [item key], "parts": {item id: [thread id]},
    "heads": [heading key], "cites": [[item id, date, key]], "counted":
    bool}``: what each meeting put into the other tables (``items``: the
    keys of its items in threads), so one meeting can be taken out and put
    back; ``counted`` says its words are in ``topic_stats``. Which thread an
    item is in is read from ``topic_threads`` (``membership``).
``topic_cites``
    date -> ``{"cites": [[item id, paper key]]}``: reports' background
    papers by the date they name, so that a meeting imported later is linked
    to the report that named it.
``topic_heads``
    heading key -> ``{"items": [[item id, block index, heading]]}``: the
    sections of long items, so a topic that appears later can find the
    earlier sections about it.
``topic_stats``
    ``"df"`` -> ``{"n": items counted, "df": {word: items with it}, "titles":
    titles counted, "tdf": {key word: titles with it}}``: how common each
    word of the text, and of titles, is, to tell distinctive words.
``topic_corrections``
    the clerk's corrections (see ``store.topics.constraints``); never
    written here.

Rows are copied before they are changed: the store hands out its own dicts.
(A member's reason words and a thread's signature and presenters are
replaced, never changed in place, so they are not copied.)
"""

from __future__ import annotations

import math
import zlib
from collections import Counter, defaultdict
from typing import Any
from weakref import WeakKeyDictionary

from store.database import Store, Writer
from store.topics.normalise import GENERIC, TitleKey, word_weight
from store.topics.rows import Thread, key_text

THREADS = "topic_threads"
MEETINGS = "topic_meetings"
CITES = "topic_cites"
HEADS = "topic_heads"
STATS = "topic_stats"

#: Every document's words are counted up to this many documents ...
EXACT = 2000
#: ... then one in this many.
SAMPLE = 4

#: Titles a word may be in and still count fully (see ``title_weight``).
COMMON_TITLES = 50
COMMON_SHARE = 0.002

#: The tables this module rewrites (``rebuild_topics`` clears them).
DERIVED_TABLES = (THREADS, MEETINGS, CITES, HEADS, STATS)


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
        stats = read(STATS).get("df", {})
        self.documents: int = stats.get("n", 0)
        self.df: Counter[str] = Counter(stats.get("df", {}))
        self.titles: int = stats.get("titles", 0)
        self.tdf: Counter[str] = Counter(stats.get("tdf", {}))
        self._threads: dict[str, Thread | None] = {}
        self._meetings: dict[str, dict[str, Any]] = {}
        self._cites: dict[str, list[list[str]]] = {}
        self._heads: dict[str, list[list[Any]]] = {}
        self._postings: dict[str, set[str]] | None = None
        #: Word counts as they stood at ``_idf_at`` documents, for ``idf``.
        self._df_at: dict[str, int] | None = None
        self._idf_at = self.documents
        self._idf: dict[str, float] = {}
        #: Weight factors of common title words at ``_weights_at`` titles.
        self._factors: dict[str, float] | None = None
        self._weights_at = self.titles
        self._weights: dict[str, float] = {}
        self._head_postings: dict[str, set[str]] | None = None
        self._membership: dict[str, str] | None = {} if empty else None

    # -- threads ---------------------------------------------------------

    def thread(self, thread_id: str) -> Thread | None:
        """A thread, ready to change (changes are written by ``save``)."""
        if thread_id not in self._threads:
            row = self._thread_rows.get(thread_id)
            self._threads[thread_id] = Thread.from_row(thread_id, row) if row else None
        return self._threads[thread_id]

    def thread_keys(self, thread_id: str) -> tuple[list[str], list[str]]:
        """A thread's match keys and its aliases, without materialising it."""
        if thread_id in self._threads:
            thread = self._threads[thread_id]
            return (thread.keys, thread.aliases) if thread else ([], [])
        row = self._thread_rows.get(thread_id)
        return (row["keys"], row["aliases"]) if row else ([], [])

    def thread_members(self, thread_id: str) -> list[tuple[str, str]]:
        """A thread's ``(item id, title key)`` pairs, without materialising it."""
        if thread_id in self._threads:
            thread = self._threads[thread_id]
            return [(m.id, thread.key_of(m)) for m in thread.members] if thread else []
        row = self._thread_rows.get(thread_id)
        if row is None:
            return []
        keys, aliases = row["keys"], row["aliases"]
        return [(m[0], key_text(keys, aliases, m[4])) for m in row["members"]]

    def thread_text(self, thread_id: str) -> tuple[dict[str, int], list[str]]:
        """A thread's signature and presenters, without materialising it."""
        if thread_id in self._threads:
            thread = self._threads[thread_id]
            return (thread.sig, thread.people) if thread else ({}, [])
        row = self._thread_rows.get(thread_id)
        return (row["sig"], row["people"]) if row else ({}, [])

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
            for key in (*thread.keys, *thread.aliases):
                for word in key.split():
                    self._postings.get(word, set()).discard(thread_id)
        self._threads[thread_id] = None

    def index_keys(self, thread: Thread) -> None:
        """Add a thread's keys to the word index (after keys change)."""
        if self._postings is None:
            return
        for key in (*thread.keys, *thread.aliases):
            for word in key.split():
                self._postings.setdefault(word, set()).add(thread.id)

    def postings(self) -> dict[str, set[str]]:
        """Key word -> threads whose keys have it (built on first use; generic
        words too, for keys made only of them)."""
        if self._postings is None:
            postings: defaultdict[str, set[str]] = defaultdict(set)
            for thread_id, row in self._thread_rows.items():
                if thread_id not in self._threads:
                    for word in " ".join(row["keys"] + row["aliases"]).split():
                        postings[word].add(thread_id)
            self._postings = dict(postings)
            for thread in self._threads.values():
                if thread is not None:
                    self.index_keys(thread)
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
                "items": list(row.get("items", [])),
                "parts": {item: list(ids) for item, ids in row.get("parts", {}).items()},
                "heads": list(row.get("heads", [])),
                "cites": [list(cite) for cite in row.get("cites", [])],
                "counted": row.get("counted", False),
            }
        return self._meetings[meeting_id]

    def _members(self) -> dict[str, str]:
        if self._membership is None:
            self._membership = dict(membership(self.store))
        return self._membership

    def thread_of(self, item_id: str) -> str | None:
        """The thread an item is in."""
        return self._members().get(item_id)

    def place(self, item_id: str, thread_id: str | None) -> None:
        """Record the thread an item is in now (None: in none)."""
        meeting_id, _, key = item_id.rpartition("/")
        keys = self.meeting(meeting_id)["items"]
        if thread_id is None:
            self._members().pop(item_id, None)
            if key in keys:
                keys.remove(key)
        else:
            self._members()[item_id] = thread_id
            if key not in keys:
                keys.append(key)

    def threaded_items(self, meeting_id: str) -> list[str]:
        """The items of a meeting that are in threads (some may have been
        deleted from the store since)."""
        return [f"{meeting_id}/{key}" for key in self.meeting(meeting_id)["items"]]

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

    def count_title(self, key: TitleKey) -> None:
        """Count one more title having these key words."""
        self.titles += 1
        self.tdf.update(key.words)

    def title_weight(self, word: str) -> float:
        """A key word's weight for comparing titles: ``word_weight``, less
        for a word in very many titles of the archive (the "Definitive Map
        Modification Order Investigation" of hundreds of rights-of-way cases,
        which differ only in their roads and places). A word counts fully in
        up to ``COMMON_TITLES`` titles, or a ``COMMON_SHARE`` of them: a
        topic's own series never makes its words common. Taken from the
        counts as they stood when the archive last grew by a twentieth, so
        that a word weighs the same whatever was compared before it."""
        if self._factors is None or self.titles > self._weights_at * 1.05 + 10:
            self._weights_at = self.titles
            common = max(COMMON_TITLES, COMMON_SHARE * self.titles)
            self._factors = {w: max(0.05, common / n) for w, n in self.tdf.items() if n > common}
            self._weights = {}
        value = self._weights.get(word)
        if value is None:
            value = self._weights[word] = word_weight(word) * self._factors.get(word, 1.0)
        return value

    def idf(self, word: str) -> float:
        """How distinctive a word is in this archive (0 for a word in every
        document), from the counts as they stood when the archive last grew
        by a twentieth."""
        if self._df_at is None or self.documents > self._idf_at * 1.05 + 10:
            self._idf_at = self.documents
            self._df_at = dict(self.df)
            self._idf = {}
        value = self._idf.get(word)
        if value is None:
            df = self._df_at.get(word, 0)
            value = self._idf[word] = max(0.0, math.log((self._idf_at + 1) / (df + 0.5)))
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
        stats = {"n": self.documents, "df": dict(self.df), "titles": self.titles, "tdf": dict(self.tdf)}
        writer.replace_rows(STATS, {"df": stats})


def _meeting_used(row: dict[str, Any]) -> bool:
    return any(row[name] for name in ("items", "parts", "heads", "cites", "counted"))


_MEMBERSHIP: WeakKeyDictionary[Store, tuple[int, dict[str, str]]] = WeakKeyDictionary()


def membership(store: Store) -> dict[str, str]:
    """Item id -> thread id, for every item in a thread.

    Read from the thread rows once per version of the index (one pass over
    the threads), so the index need not store it twice. Do not change the
    dict returned.
    """
    rows = store.table_rows(THREADS)
    generation = store.index_storage.generation
    cached = _MEMBERSHIP.get(store)
    if cached is not None and cached[0] == generation:
        return cached[1]
    found = {member[0]: thread_id for thread_id, row in rows.items() for member in row["members"]}
    _MEMBERSHIP[store] = (generation, found)
    return found


def _distinctive(key: str) -> list[str]:
    """The words of a heading key that are not ``GENERIC``."""
    return [word for word in key.split() if word not in GENERIC]

