"""The topic tables of the store, read row by row and written back once.

The store's index is split into parts by the meeting a row's key names, and
parsed a part at a time; so that importing one meeting, or showing one
item's thread, reads only the rows it needs, nothing here ever walks a whole
table, and every look-up has a table keyed by what is looked up:

``topic_threads``
    thread id -> ``{"members", "parts", "sig", "people"}``. ``members`` are
    ``[item id, score, code, via, key, date, title]`` rows, oldest first,
    with an eighth element ``{"terms", "people"}`` for a link the text
    backed: how and through whom each item joined (see
    ``store.topics.reasons``), and its meeting's date and title (a thread
    is shown from its row alone); ``key`` indexes the thread's ``keys``
    from 0, its ``aliases`` from -2 down, or is -1 for an item the clerk
    placed. ``parts`` are sections of other items about this thread's
    topic: ``[item id, block index, heading, score, shared words, date,
    title]``. ``sig`` holds
    the words that characterise its items, weighted, and ``people`` who
    presented them lately: a title only alike is checked against them
    without reading any item.
``topic_keys``
    thread id -> ``{"keys", "aliases", "committees"}``: what a title is
    matched against (``keys`` are the title keys new items are matched
    against; ``aliases`` the keys of members only alike, which match a
    title only when equal) and whose meetings the thread follows. Kept
    apart from the thread, so that weighing a candidate reads a small row.
``topic_words``
    key word -> ``{"threads": {committee: "id|id"}}``: the threads whose
    keys or aliases have the word, by the committees they follow, to find
    the candidates for a title.
``topic_slugs``
    thread id stem -> ``{"top": n, "free": [n]}``: the numbers in use after
    the stem (``t-work-programme-3``), so a new thread gets the lowest free
    one without trying them all.
``topic_meetings``
    meeting id -> ``{"items": {item key: thread id}, "parts": {item id:
    [thread id]}, "heads": [heading key], "cites": [[item id, date, key]],
    "counted": bool}``: what each meeting put into the other tables, so
    one meeting can be taken out and put back, and which thread each of its
    items is in; ``counted`` says its words are in ``topic_stats``.
``topic_cites``
    date -> ``{"cites": [[item id, paper key]]}``: reports' background
    papers by the date they name, so that a meeting imported later is linked
    to the report that named it.
``topic_heads``
    heading key -> ``{"items": [[item id, block index, heading]]}``: the
    sections of long items, so a topic that appears later can find the
    earlier sections about it.
``topic_head_words``
    ``h/<distinctive word>`` -> ``{"heads": "key|key"}``: the heading keys
    with the word (all in one part of the table).
``topic_stats``
    ``"df"`` -> ``{"n": items counted, "df": {word: items with it}, "titles":
    titles counted, "tdf": {key word: titles with it}}``: how common each
    word of the text, and of titles, is, to tell distinctive words;
    ``"format"`` -> ``{"n": FORMAT}`` (tables of another layout are not
    shown, and are threaded again from the start by the next import).
``topic_corrections``
    the clerk's corrections (see ``store.topics.constraints``); never
    written here.

Rows are copied before they are changed: the store hands out its own dicts.
(A member's reason words and a thread's signature and presenters are
replaced, never changed in place, so they are not copied.)
"""

from __future__ import annotations

import math
import re
import zlib
from collections import Counter
from collections.abc import Mapping
from typing import Any

from store.database import Store, Writer
from store.topics import sorted_ids
from store.topics.normalise import GENERIC, TitleKey, word_weight
from store.topics.rows import PackedRows, Thread, pack

THREADS = "topic_threads"
KEYS = "topic_keys"
WORDS = "topic_words"
SLUGS = "topic_slugs"
MEETINGS = "topic_meetings"
CITES = "topic_cites"
HEADS = "topic_heads"
HEAD_WORDS = "topic_head_words"
STATS = "topic_stats"

#: Version of the tables' layout.
FORMAT = 6

#: The group of every ``topic_head_words`` row (one part of the table).
HEADS_GROUP = "h"

#: Every document's words are counted up to this many documents ...
EXACT = 2000
#: ... then one in this many.
SAMPLE = 4

#: Titles a word may be in and still count fully (see ``title_weight``).
COMMON_TITLES = 50
COMMON_SHARE = 0.002

#: The tables this module rewrites (``rebuild_topics`` clears them).
DERIVED_TABLES = (THREADS, KEYS, WORDS, SLUGS, MEETINGS, CITES, HEADS, HEAD_WORDS, STATS)

_NUMBERED_ID = re.compile(r"(.+)-(\d+)")


class _Index:
    """A word index kept in a table, loaded a row at a time and written back
    for the rows that changed: ``<group>/<word>`` -> ``{field: "id|id"}``.

    Every row of a group shares the part of the table its group names (the
    store parts tables by what comes before a ``/``), so an import that
    changes many words of a group rewrites one part, not one per word.
    """

    def __init__(self, rows: Mapping[str, dict[str, Any]], field: str) -> None:
        self._rows = rows
        self._field = field
        self._sets: dict[tuple[str, str], set[str]] = {}
        self.changed: set[tuple[str, str]] = set()

    def get(self, group: str, word: str) -> set[str]:
        """The ids under ``word`` in ``group`` (do not change the set)."""
        found = self._sets.get((group, word))
        if found is None:
            row = self._rows.get(f"{group}/{word}")
            ids = row[self._field].split("|") if row else []
            found = self._sets[group, word] = set(ids)
        return found

    def add(self, group: str, word: str, value: str) -> bool:
        """Put ``value`` under ``word`` in ``group``; True if it was not."""
        found = self.get(group, word)
        if value in found:
            return False
        found.add(value)
        self.changed.add((group, word))
        return True

    def discard(self, group: str, word: str, value: str) -> bool:
        """Take ``value`` from under ``word`` in ``group``; True if it was."""
        found = self.get(group, word)
        if value not in found:
            return False
        found.discard(value)
        self.changed.add((group, word))
        return True

    def save(self, writer: Writer, table: str) -> None:
        """Write the rows that changed."""
        rows, gone = {}, []
        for group, word in self.changed:
            ids = self._sets[group, word]
            if ids:
                rows[f"{group}/{word}"] = {self._field: "|".join(sorted(ids))}
            else:
                gone.append(f"{group}/{word}")
        writer.replace_rows(table, rows)
        writer.remove_rows(table, gone)
        self.changed.clear()


class _WordIndex:
    """``topic_words``: the threads whose keys have a word, by committee,
    loaded a word at a time (one row holds every committee's threads, as
    candidates are ranked among all of them) and written back for the
    words that changed.

    The rows of words found in thousands of titles ("application") are
    long, and a new thread touches every word of its key; so each
    committee's threads are kept as they are stored, one sorted string, a
    thread put in or taken out of it in place (``store.topics.sorted_ids``),
    and split into a set only for the candidates' counts.
    """

    def __init__(self, rows: Mapping[str, dict[str, Any]]) -> None:
        self._rows = rows
        #: Word -> committee -> its threads as stored (``id|id``, sorted).
        self._stored: dict[str, dict[str, str]] = {}
        #: (word, committee) -> its threads as a set, made when asked for.
        self._sets: dict[tuple[str, str], set[str]] = {}
        #: Word -> threads of any committee, made when asked for.
        self._any: dict[str, set[str]] = {}
        #: Words changed since loaded.
        self.changed: set[str] = set()

    def _committees(self, word: str) -> dict[str, str]:
        found = self._stored.get(word)
        if found is None:
            row = self._rows.get(word)
            found = self._stored[word] = dict(row["threads"]) if row else {}
        return found

    def _set(self, word: str, committee: str) -> set[str]:
        found = self._sets.get((word, committee))
        if found is None:
            joined = self._committees(word).get(committee, "")
            found = self._sets[word, committee] = sorted_ids.as_set(joined)
        return found

    def get(self, word: str, committee: str | None) -> set[str]:
        """Threads of ``committee`` (of any, if None) under ``word``."""
        if committee is not None:
            return self._set(word, committee)
        found = self._any.get(word)
        if found is None:
            committees = self._committees(word)
            found = self._any[word] = set().union(*(self._set(word, c) for c in committees))
        return found

    def add(self, word: str, committee: str, thread_id: str) -> None:
        """Put a thread under ``word`` for ``committee``."""
        committees = self._committees(word)
        joined = sorted_ids.insert(committees.get(committee, ""), thread_id)
        if joined is None:
            return
        committees[committee] = joined
        for found in (self._sets.get((word, committee)), self._any.get(word)):
            if found is not None:
                found.add(thread_id)
        self.changed.add(word)

    def discard(self, word: str, committee: str, thread_id: str) -> None:
        """Take a thread from under ``word`` for ``committee``."""
        committees = self._committees(word)
        joined = sorted_ids.remove(committees.get(committee, ""), thread_id)
        if joined is None:
            return
        committees[committee] = joined
        self._sets.get((word, committee), set()).discard(thread_id)
        threads = self._any.get(word)
        if threads is not None and not any(
            sorted_ids.holds(ids, thread_id) for ids in committees.values()
        ):
            threads.discard(thread_id)
        self.changed.add(word)

    def save(self, writer: Writer, table: str) -> None:
        """Write the words that changed."""
        rows = {}
        for word in self.changed:
            threads = {c: ids for c, ids in sorted(self._committees(word).items()) if ids}
            if threads:
                rows[word] = {"threads": threads}
        writer.replace_rows(table, rows)
        writer.remove_rows(table, [word for word in self.changed if word not in rows])
        self.changed.clear()


class TopicState:
    """The topic tables as one editable object.

    Thread rows are turned into ``Thread`` objects only when touched, and
    the word indexes read a word at a time.
    """

    def __init__(self, store: Store, *, empty: bool = False) -> None:
        """Read the tables of ``store`` (or start from nothing for a rebuild)."""
        self.store = store
        read = (lambda _name: {}) if empty else store.table_rows

        def packed(name: str) -> Mapping[str, dict[str, Any]]:
            return PackedRows(read(name))

        self._thread_rows = packed(THREADS)
        self._key_rows = packed(KEYS)
        self._meeting_rows = packed(MEETINGS)
        self._head_rows = packed(HEADS)
        self.words = _WordIndex(read(WORDS))
        self.head_words = _Index(read(HEAD_WORDS), "heads")
        self._slug_rows: Mapping[str, dict[str, Any]] = read(SLUGS)
        self._cite_rows: Mapping[str, dict[str, Any]] = read(CITES)
        stats = read(STATS).get("df", {})
        self.documents: int = stats.get("n", 0)
        self.df: Counter[str] = Counter(stats.get("df", {}))
        self.titles: int = stats.get("titles", 0)
        self.tdf: Counter[str] = Counter(stats.get("tdf", {}))
        self._threads: dict[str, Thread | None] = {}
        self._slugs: dict[str, dict[str, Any]] = {}
        self._meetings: dict[str, dict[str, Any]] = {}
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
        self._weights: dict[str, float] = {}

    def current(self) -> bool:
        """True if the tables are empty or in this module's ``FORMAT``."""
        return current(self.store) or not self.store.table_rows(STATS)

    # -- threads ---------------------------------------------------------

    def thread(self, thread_id: str) -> Thread | None:
        """A thread, ready to change (changes are written by ``save``)."""
        if thread_id not in self._threads:
            row = self._thread_rows.get(thread_id)
            keys = self._key_rows.get(thread_id)
            self._threads[thread_id] = Thread.from_row(thread_id, row, keys) if row else None
        return self._threads[thread_id]

    def thread_keys(self, thread_id: str) -> tuple[list[str], list[str]]:
        """A thread's match keys and its aliases, without materialising it."""
        if thread_id in self._threads:
            thread = self._threads[thread_id]
            return (thread.keys, thread.aliases) if thread else ([], [])
        row = self._key_rows.get(thread_id)
        return (row["keys"], row["aliases"]) if row else ([], [])

    def thread_text(self, thread_id: str) -> tuple[dict[str, int], list[str]]:
        """A thread's signature and presenters, without materialising it."""
        if thread_id in self._threads:
            thread = self._threads[thread_id]
            return (thread.sig, thread.people) if thread else ({}, [])
        row = self._thread_rows.get(thread_id)
        return (row["sig"], row["people"]) if row else ({}, [])

    def add_thread(self, thread: Thread) -> None:
        """Register a new thread, or a thread whose keys or committees
        changed."""
        self._threads[thread.id] = thread
        for key in (*thread.keys, *thread.aliases):
            for word in key.split():
                for committee in thread.committees:
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
        """Forget a thread (it is deleted by ``save``); its id may be given
        to a new thread."""
        if self.thread(thread_id) is None:
            return
        self.unindex(thread_id)
        self._threads[thread_id] = None
        self._free_id(thread_id)

    def threads_with(self, word: str, committee: str | None = None) -> set[str]:
        """Threads whose keys or aliases have ``word`` (generic words too, for
        keys made only of them), of ``committee`` or of any. Do not change
        the set."""
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
        return candidate if not self._taken(candidate) else self.new_thread_id(base)

    def _slug(self, base: str) -> dict[str, Any]:
        if base not in self._slugs:
            row = self._slug_rows.get(base)
            self._slugs[base] = {"top": row["top"], "free": list(row["free"])} if row else {
                "top": 0,
                "free": [],
            }
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

    def _taken(self, thread_id: str) -> bool:
        if thread_id in self._threads:
            return self._threads[thread_id] is not None
        return thread_id in self._key_rows

    # -- meetings --------------------------------------------------------

    def meeting(self, meeting_id: str) -> dict[str, Any]:
        """What a meeting put into the tables, ready to change."""
        if meeting_id not in self._meetings:
            row = self._meeting_rows.get(meeting_id, {})
            self._meetings[meeting_id] = {
                "items": dict(row.get("items", {})),
                "parts": {item: list(ids) for item, ids in row.get("parts", {}).items()},
                "heads": list(row.get("heads", [])),
                "cites": [list(cite) for cite in row.get("cites", [])],
                "counted": row.get("counted", False),
            }
        return self._meetings[meeting_id]

    def _meeting_items(self, meeting_id: str) -> dict[str, str]:
        """A meeting's ``{item key: thread id}``, without copying the row."""
        if meeting_id in self._meetings:
            return self._meetings[meeting_id]["items"]
        row = self._meeting_rows.get(meeting_id)
        return row["items"] if row else {}

    def thread_of(self, item_id: str) -> str | None:
        """The thread an item is in."""
        meeting_id, _, key = item_id.rpartition("/")
        return self._meeting_items(meeting_id).get(key)

    def threads_of_meeting(self, meeting_id: str) -> dict[str, str]:
        """``{item id: thread id}`` for a meeting's threaded items."""
        return {f"{meeting_id}/{key}": t for key, t in self._meeting_items(meeting_id).items()}

    def meeting_members(self, meeting_id: str, thread_id: str) -> list[str]:
        """The items of a meeting in a thread."""
        items = self._meeting_items(meeting_id)
        return [f"{meeting_id}/{key}" for key, found in items.items() if found == thread_id]

    def place(self, item_id: str, thread_id: str | None) -> None:
        """Record the thread an item is in now (None: in none)."""
        meeting_id, _, key = item_id.rpartition("/")
        items = self.meeting(meeting_id)["items"]
        if thread_id is None:
            items.pop(key, None)
        else:
            items[key] = thread_id

    def threaded_items(self, meeting_id: str) -> list[str]:
        """The items of a meeting that are in threads (some may have been
        deleted from the store since)."""
        return list(self.threads_of_meeting(meeting_id))

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

    def heads_with(self, word: str) -> set[str]:
        """Heading keys having this distinctive word. Do not change the set."""
        return self.head_words.get(HEADS_GROUP, word)

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
            self.head_words.add(HEADS_GROUP, word, key)

    def remove_heads(self, key: str, item_ids: set[str]) -> None:
        """Forget the sections of these items under ``key``."""
        entries = self.head_entries(key)
        entries[:] = [entry for entry in entries if entry[0] not in item_ids]
        self._head_seen.pop(key, None)
        if not entries:
            for word in _distinctive(key):
                self.head_words.discard(HEADS_GROUP, word, key)

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

    @property
    def weights_at(self) -> int:
        """The titles counted when ``title_weight`` last changed."""
        return self._weights_at

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
        threads = {key: thread for key, thread in self._threads.items() if thread}
        gone = [key for key, thread in self._threads.items() if thread is None]
        writer.replace_rows(THREADS, {key: pack(thread.row()) for key, thread in threads.items()})
        writer.remove_rows(THREADS, gone)
        writer.replace_rows(KEYS, {key: pack(thread.key_row()) for key, thread in threads.items()})
        writer.remove_rows(KEYS, gone)
        writer.replace_rows(SLUGS, {base: row for base, row in self._slugs.items() if row["top"]})
        self.words.save(writer, WORDS)
        self.head_words.save(writer, HEAD_WORDS)
        meetings = {key: pack(row) for key, row in self._meetings.items() if _meeting_used(row)}
        writer.replace_rows(MEETINGS, meetings)
        writer.remove_rows(MEETINGS, [key for key in self._meetings if key not in meetings])
        cites = {day: {"cites": entries} for day, entries in self._cites.items() if entries}
        writer.replace_rows(CITES, cites)
        writer.remove_rows(CITES, [day for day in self._cites if day not in cites])
        heads = {key: pack({"items": entries}) for key, entries in self._heads.items() if entries}
        writer.replace_rows(HEADS, heads)
        writer.remove_rows(HEADS, [key for key in self._heads if key not in heads])
        stats = {
            "n": self.documents,
            "df": dict(self.df),
            "titles": self.titles,
            "tdf": dict(self.tdf),
        }
        writer.replace_rows(STATS, {"df": stats, "format": {"n": FORMAT}})


def current(store: Store) -> bool:
    """True if the store's topic tables are in this module's ``FORMAT``."""
    return store.table_rows(STATS).get("format") == {"n": FORMAT}


def _meeting_used(row: dict[str, Any]) -> bool:
    return any(row[name] for name in ("items", "parts", "heads", "cites", "counted"))


def _distinctive(key: str) -> list[str]:
    """The words of a heading key that are not ``GENERIC``."""
    return [word for word in key.split() if word not in GENERIC]
