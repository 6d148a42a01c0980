"""The persisted search index: immutable segments named by a manifest.

Files in ``<store>/search/``::

    manifest.json   the committed state and the pending one (written last)
    seg-<n>.json    a segment's header: its first document number, how many
                    documents it holds, its sorted vocabulary, its committees
                    and where each section of its ``.bin`` starts
    seg-<n>.bin     the sections: word entries, postings (uint32 document
                    numbers, read through mmap), per-document offsets,
                    dates and committees, item ids, document rows (JSON
                    lines: id, body key, meeting, date, committee, number,
                    title) and the plain text that snippets are cut from

The folder is self-contained: a search reads neither the store's index nor
its body shards, so ``ccpi-tui search`` starts in milliseconds.

A *state* is a list of segments whose documents are numbered consecutively
across them, and the numbers of dead documents (items changed or removed
since). Each write adds one segment; small segments are merged once there
are too many, and everything into one base once the newer segments hold a
quarter as many documents as the base. Merging concatenates: document
numbers never change, so postings are copied, not rewritten.

The importer writes the search files inside its transaction, before the
store's index (the store's commit point) is replaced. So the new state is
written as *pending*, with a token that the same transaction puts
in the index's ``meta`` table, and the stamp the index file had before.
A reader takes the pending state only once the committed index holds the
token (a look at one small ``meta`` row, and none at all while the index
file keeps the stamp it had); until then (a writer mid-way, or one that
crashed or failed) it takes the committed state, which the store's index
still matches. The next writer settles the question under the lock.
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import mmap
import os
import re
import sys
import tempfile
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from store.storage import TEMP_PREFIX, atomic_write_bytes, fsync_dir, remove_stale_temporaries

SEARCH_DIR = "search"
MANIFEST = "manifest.json"
FORMAT = 2
#: The ``meta`` row of the store's index naming the search state it matches.
TOKEN_KEY = "search_commit"
#: Segments after the base before they are merged into one.
MAX_SEGMENTS = 8
#: Newer segments are merged into the base once they hold this many
#: documents and more than a quarter as many as the base.
FOLD_FLOOR = 2_000
#: Items a writer looks for in a segment's stored ids before decoding them.
LOOKED_FOR = 200
TITLE, TEXT = 0, 1
_CHUNK = 1 << 24
_SEGMENT_NAME = re.compile(r"seg-(\d+)")


class NeedsRebuild(Exception):
    """The folder holds no index this version can read, or none committed."""


@dataclass(slots=True)
class Document:
    """One item as the search index holds it.

    Attributes:
        text: The item's plain text (snippets are cut from it).
        committee: The committee's name (``committee:`` matches it too).
    """

    item_id: str
    key: str
    meeting_id: str
    date: str
    committee_id: str
    committee: str
    number: str
    title: str
    text: str
    title_words: Iterable[str]
    text_words: Iterable[str]


def _uint(code: str, data: bytes) -> array:
    numbers = array(code)
    numbers.frombytes(data)
    if sys.byteorder != "little":
        numbers.byteswap()
    return numbers


def _raw(numbers: array) -> bytes:
    if sys.byteorder != "little":
        numbers = array(numbers.typecode, numbers)
        numbers.byteswap()
    return numbers.tobytes()


def _json_stem(item_id: str) -> bytes:
    """How the JSON string of ``item_id`` starts: its quote and meeting id
    with the ``/`` after it (all of it for an id without one)."""
    meeting, slash, _ = item_id.rpartition("/")
    return orjson.dumps(meeting + slash)[:-1] if slash else orjson.dumps(item_id)


def day_number(day: str) -> int:
    """``2015-12-10`` as 20151210 (0 when it is not such a date)."""
    digits = day.replace("-", "")
    return int(digits) if len(digits) == 8 and digits.isdigit() else 0


class Segment:
    """One segment, opened read-only: header parsed, sections mapped."""

    def __init__(self, folder: Path, name: str) -> None:
        """Open ``folder/name.json`` and map ``name.bin``."""
        header = orjson.loads((folder / f"{name}.json").read_bytes())
        self.name = name
        self.start: int = header["start"]
        self.count: int = header["count"]
        #: The segment's vocabulary, sorted.
        self.words: list[str] = header["words"]
        self.committees: list[str] = header["committees"]
        self._sections: dict[str, list[int]] = header["sections"]
        self._map: mmap.mmap | None = None
        with (folder / f"{name}.bin").open("rb") as handle:
            if os.fstat(handle.fileno()).st_size:
                self._map = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        #: Per word: title offset, title count, text offset, text count.
        self.entries = _uint("I", self.section("entries"))
        self._docpos = _uint("Q", self.section("docpos"))
        self._textpos = _uint("Q", self.section("textpos"))
        self._dates: array | None = None
        self._committee_of: array | None = None
        self._titles: tuple[list[str], list[int]] | None = None

    def section(self, name: str, lo: int = 0, hi: int | None = None) -> bytes:
        """Bytes ``lo:hi`` of a section (all of it by default)."""
        offset, length = self._sections[name]
        if self._map is None or not length:
            return b""
        end = length if hi is None else min(hi, length)
        return self._map[offset + lo : offset + end]

    def chunks(self, name: str) -> Iterator[bytes]:
        """A section in pieces, for copying without holding it whole."""
        length = self._sections[name][1]
        for lo in range(0, length, _CHUNK):
            yield self.section(name, lo, lo + _CHUNK)

    def find(self, word: str) -> int:
        """The index of ``word`` in the vocabulary, or -1."""
        position = bisect.bisect_left(self.words, word)
        return position if position < len(self.words) and self.words[position] == word else -1

    def count_of(self, index: int, field: int | None = None) -> int:
        """Documents holding vocabulary word ``index`` (in one field or both)."""
        if field is None:
            return self.entries[4 * index + 1] + self.entries[4 * index + 3]
        return self.entries[4 * index + 2 * field + 1]

    def postings_bytes(self, index: int, field: int) -> bytes:
        """Raw uint32 document numbers of word ``index`` in ``field``."""
        offset, count = self.entries[4 * index + 2 * field], self.entries[4 * index + 2 * field + 1]
        return self.section("postings", offset * 4, (offset + count) * 4)

    def postings(self, index: int, field: int) -> array:
        """Document numbers of word ``index`` in ``field``."""
        return _uint("I", self.postings_bytes(index, field))

    def vocabulary(self, field: int | None) -> tuple[list[str], Any]:
        """The sorted words found in ``field`` (any field for None), and
        the index of each in ``words``."""
        if field != TITLE:
            return self.words, range(len(self.words))
        if self._titles is None:
            entries = self.entries
            numbers = [i for i in range(len(self.words)) if entries[4 * i + 1]]
            self._titles = ([self.words[i] for i in numbers], numbers)
        return self._titles

    def row(self, number: int) -> list[str]:
        """Document ``number``'s row: id, key, meeting, date, committee id, number, title."""
        local = number - self.start
        return orjson.loads(self.section("docs", self._docpos[local], self._docpos[local + 1]))

    def text(self, number: int, limit: int) -> str:
        """Up to ``limit`` bytes of document ``number``'s plain text."""
        local = number - self.start
        lo, hi = self._textpos[local], self._textpos[local + 1]
        return self.section("text", lo, min(hi, lo + limit)).decode("utf-8", "ignore")

    def dates(self) -> array:
        """Each document's date as yyyymmdd."""
        if self._dates is None:
            self._dates = _uint("I", self.section("dates"))
        return self._dates

    def committee_of(self) -> array:
        """Each document's committee, as an index into ``committees``."""
        if self._committee_of is None:
            self._committee_of = _uint("I", self.section("committees"))
        return self._committee_of

    def ids(self) -> list[str]:
        """Item id of each document (for writers)."""
        return orjson.loads(self.section("ids") or b"[]")

    def numbers_of(self, item_ids: set[str]) -> list[int]:
        """Document numbers of these items' documents here (for writers).

        The stored list's bytes are searched first for the start of the
        ids' JSON strings (up to their meeting's ``/``: one search for one
        meeting's items): most segments hold none of one import's items,
        and decoding a segment's hundred thousand ids costs more than the
        search. For more than ``LOOKED_FOR`` ids they are decoded at once.
        """
        raw = self.section("ids")
        if len(item_ids) <= LOOKED_FOR and not any(
            needle in raw for needle in {_json_stem(item_id) for item_id in item_ids}
        ):
            return []
        return [self.start + n for n, item_id in enumerate(orjson.loads(raw)) if item_id in item_ids]

    def close(self) -> None:
        """Release the map."""
        if self._map is not None:
            self._map.close()
            self._map = None


class State:
    """The segments and dead documents of one state of the index."""

    def __init__(self, folder: Path, spec: dict[str, Any]) -> None:
        """Open the segments ``spec`` names."""
        self.spec = spec
        self.segments: list[Segment] = []
        try:
            for name in spec["segments"]:
                self.segments.append(Segment(folder, name))
        except BaseException:
            self.close()
            raise
        self.dead: set[int] = set(spec["dead"])
        self._starts = [segment.start for segment in self.segments]
        self.end = self.segments[-1].start + self.segments[-1].count if self.segments else 0

    def live_count(self) -> int:
        """How many documents are live."""
        return sum(segment.count for segment in self.segments) - len(self.dead)

    def segment_of(self, number: int) -> Segment:
        """The segment holding document ``number``."""
        return self.segments[bisect.bisect_right(self._starts, number) - 1]

    def close(self) -> None:
        """Release every segment."""
        for segment in self.segments:
            segment.close()


# -- reading the manifest -------------------------------------------------------


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """The manifest, or None when the folder holds no index of this format."""
    try:
        meta = orjson.loads((folder / MANIFEST).read_bytes())
    except (FileNotFoundError, NotADirectoryError, orjson.JSONDecodeError):
        return None
    return meta if isinstance(meta, dict) and meta.get("format") == FORMAT else None


def _stamp(path: Path) -> list[int] | None:
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    return [info.st_ino, info.st_mtime_ns, info.st_size]


def choose_state(
    meta: dict[str, Any], index_path: Path, store_token: Callable[[], str | None]
) -> dict[str, Any]:
    """The state that the store's committed index matches.

    Args:
        meta: The manifest.
        index_path: The store's index file.
        store_token: Reads the token from the store's ``meta`` table;
            called only when the index file changed since the pending write.

    Raises:
        NeedsRebuild: No state is known to match the store.
    """
    pending = meta.get("pending")
    chosen = meta.get("committed")
    if pending is not None:
        # Unless the index was replaced since the pending write, the store
        # did not commit it; if it was, the store's ``meta`` row says.
        if _stamp(index_path) != pending["stamp"] and store_token() == pending["token"]:
            chosen = pending["state"]
    if chosen is None:
        raise NeedsRebuild
    return chosen


def open_state(folder: Path, index_path: Path, store_token: Callable[[], str | None]) -> State:
    """Open the state of ``folder`` that the store's index matches.

    Raises:
        NeedsRebuild: See ``choose_state``, or no manifest of this format.
        FileNotFoundError: A writer removed the files meanwhile; try again.
    """
    meta = read_manifest(folder)
    if meta is None:
        raise NeedsRebuild
    return State(folder, choose_state(meta, index_path, store_token))


# -- writing --------------------------------------------------------------------


def update(
    folder: Path,
    added: SegmentBuilder,
    removed_ids: set[str],
    *,
    store_token: str | None,
    index_path: Path,
    rebuild: bool = False,
) -> str:
    """Add and remove documents; called in a transaction, under its lock.

    Args:
        folder: The ``search`` folder of the store.
        added: New or changed items.
        removed_ids: Items whose old documents are gone (changed items are
            included automatically).
        store_token: The token the store's committed index holds.
        index_path: The store's index file (its stamp is recorded).
        rebuild: ``added`` holds every item: start from nothing.

    Returns:
        The new pending state's token, for the transaction to store.
    """
    folder.mkdir(exist_ok=True)
    remove_stale_temporaries(folder)
    meta = None if rebuild else read_manifest(folder)
    generation = _next_generation(folder, meta)
    if meta is None:
        # A new index: empty matched the store unless this is a rebuild.
        current: dict[str, Any] | None = {"segments": [], "dead": []}
        committed = None if rebuild else current
    else:
        pending = meta.get("pending")
        if pending is not None and pending["token"] == store_token:
            current = pending["state"]
        else:
            current = meta.get("committed")
        committed = current
    if current is None:
        raise NeedsRebuild
    state = State(folder, current)
    try:
        replaced = removed_ids | set(added.ids)
        dead = set(state.dead)
        if replaced:
            for segment in state.segments:
                dead.update(segment.numbers_of(replaced))
        names = list(current["segments"])
        if added:
            added.write(folder, f"seg-{generation}", state.end)
            names.append(f"seg-{generation}")
        names = _merged(folder, names, generation)
    finally:
        state.close()
    # Named by what it follows and holds: unique along the store's history
    # (each token includes the one before), and the same for the same import.
    token = hashlib.sha256(
        orjson.dumps([store_token, generation, added.keys, sorted(removed_ids), names])
    ).hexdigest()[:32]
    _write_manifest(
        folder,
        {
            "format": FORMAT,
            "generation": generation,
            "committed": committed,
            "pending": {
                "state": {"segments": names, "dead": sorted(dead)},
                "token": token,
                "stamp": _stamp(index_path),
            },
        },
    )
    _remove_unlisted(folder)
    return token


def _next_generation(folder: Path, meta: dict[str, Any] | None) -> int:
    """One more than any generation in the manifest or in a file name."""
    numbers = [meta["generation"]] if meta else []
    numbers += [int(m.group(1)) for path in folder.iterdir() if (m := _SEGMENT_NAME.match(path.name))]
    return max(numbers, default=0) + 1


def _merged(folder: Path, names: list[str], generation: int) -> list[str]:
    """``names`` after merging segments when there are too many or the
    newer ones have grown large next to the base."""
    if len(names) < 2:
        return names
    segments = [Segment(folder, name) for name in names]
    try:
        newer = sum(segment.count for segment in segments[1:])
        if newer >= FOLD_FLOOR and newer * 4 > segments[0].count:
            write_merged(folder, f"seg-{generation}m", segments)
            return [f"seg-{generation}m"]
        if len(names) - 1 > MAX_SEGMENTS:
            write_merged(folder, f"seg-{generation}m", segments[1:])
            return [names[0], f"seg-{generation}m"]
        return names
    finally:
        for segment in segments:
            segment.close()


class SegmentBuilder:
    """Documents gathered for a new segment, words turned to postings as
    they come (so a whole archive is never held as word lists)."""

    def __init__(self) -> None:
        """Start with no documents."""
        self._title: defaultdict[str, array] = defaultdict(lambda: array("I"))
        self._text: defaultdict[str, array] = defaultdict(lambda: array("I"))
        self._committees: dict[str, int] = {}
        self._committee_of = array("I")
        self._dates = array("I")
        self._rows: list[bytes] = []
        self._texts: list[bytes] = []
        #: Item id and body key of each document, in order.
        self.ids: list[str] = []
        self.keys: list[str] = []

    def __len__(self) -> int:
        return len(self.ids)

    def add(self, doc: Document) -> None:
        """Append one document."""
        number = len(self.ids)
        for word in set(doc.title_words):
            self._title[word].append(number)
        for word in set(doc.text_words):
            self._text[word].append(number)
        label = f"{doc.committee_id} {doc.committee}".casefold()
        self._committee_of.append(self._committees.setdefault(label, len(self._committees)))
        self._dates.append(day_number(doc.date))
        self._rows.append(
            orjson.dumps([doc.item_id, doc.key, doc.meeting_id, doc.date, doc.committee_id, doc.number, doc.title])
            + b"\n"
        )
        self._texts.append(doc.text.encode("utf-8"))
        self.ids.append(doc.item_id)
        self.keys.append(doc.key)

    def write(self, folder: Path, name: str, start: int) -> None:
        """Write the documents as segment ``name``, numbered from ``start``."""
        words = sorted(self._title.keys() | self._text.keys())
        entries = array("I")
        lists: list[array] = []
        offset = 0
        empty = array("I")
        for word in words:
            for numbers in (self._title.get(word, empty), self._text.get(word, empty)):
                entries.extend((offset, len(numbers)))
                offset += len(numbers)
                lists.append(numbers if not start else array("I", [n + start for n in numbers]))
        _write_files(
            folder,
            name,
            {"start": start, "count": len(self.ids), "words": words, "committees": list(self._committees)},
            [
                ("entries", [_raw(entries)]),
                ("postings", (_raw(numbers) for numbers in lists)),
                ("docpos", [_raw(_positions(self._rows))]),
                ("textpos", [_raw(_positions(self._texts))]),
                ("dates", [_raw(self._dates)]),
                ("committees", [_raw(self._committee_of)]),
                ("ids", [orjson.dumps(self.ids)]),
                ("docs", self._rows),
                ("text", self._texts),
            ],
        )


def _positions(parts: list[bytes]) -> array:
    positions = array("Q", [0])
    total = 0
    for part in parts:
        total += len(part)
        positions.append(total)
    return positions


def write_merged(folder: Path, name: str, segments: list[Segment]) -> None:
    """Write consecutive ``segments`` as one segment ``name``.

    Document numbers are kept, so postings are concatenated as they are.
    """
    words = sorted(set().union(*(segment.words for segment in segments)))
    lookups = [{word: i for i, word in enumerate(segment.words)} for segment in segments]
    entries = array("I")
    offset = 0
    for word in words:
        for field in (TITLE, TEXT):
            count = sum(
                segment.count_of(lookup[word], field)
                for segment, lookup in zip(segments, lookups)
                if word in lookup
            )
            entries.extend((offset, count))
            offset += count

    def postings() -> Iterator[bytes]:
        for word in words:
            for field in (TITLE, TEXT):
                for segment, lookup in zip(segments, lookups):
                    if word in lookup:
                        yield segment.postings_bytes(lookup[word], field)

    committees: dict[str, int] = {}
    committee_of = array("I")
    dates = array("I")
    docpos, textpos = array("Q", [0]), array("Q", [0])
    ids: list[str] = []
    for segment in segments:
        labels = [committees.setdefault(label, len(committees)) for label in segment.committees]
        committee_of.extend(labels[n] for n in segment.committee_of())
        dates.extend(segment.dates())
        for positions, source in ((docpos, segment._docpos), (textpos, segment._textpos)):
            shift = positions[-1]
            positions.extend(shift + position for position in source[1:])
        ids += segment.ids()
    _write_files(
        folder,
        name,
        {
            "start": segments[0].start,
            "count": sum(segment.count for segment in segments),
            "words": words,
            "committees": list(committees),
        },
        [
            ("entries", [_raw(entries)]),
            ("postings", postings()),
            ("docpos", [_raw(docpos)]),
            ("textpos", [_raw(textpos)]),
            ("dates", [_raw(dates)]),
            ("committees", [_raw(committee_of)]),
            ("ids", [orjson.dumps(ids)]),
            ("docs", (chunk for segment in segments for chunk in segment.chunks("docs"))),
            ("text", (chunk for segment in segments for chunk in segment.chunks("text"))),
        ],
    )


def _write_files(
    folder: Path, name: str, header: dict[str, Any], sections: list[tuple[str, Iterable[bytes]]]
) -> None:
    """Write ``name.bin`` section by section, then ``name.json`` naming
    where each section lies; both flushed to disk before they are named."""
    fd, tmp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=folder)
    tmp = Path(tmp_name)
    placed: dict[str, list[int]] = {}
    try:
        with os.fdopen(fd, "wb") as handle:
            position = 0
            for section, chunks in sections:
                begin = position
                for chunk in chunks:
                    handle.write(chunk)
                    position += len(chunk)
                placed[section] = [begin, position - begin]
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, folder / f"{name}.bin")
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    atomic_write_bytes(folder / f"{name}.json", orjson.dumps({**header, "sections": placed}))


def _write_manifest(folder: Path, meta: dict[str, Any]) -> None:
    atomic_write_bytes(folder / MANIFEST, orjson.dumps(meta))
    fsync_dir(folder)


def _remove_unlisted(folder: Path) -> None:
    """Delete files that neither state of the manifest names."""
    meta = read_manifest(folder) or {}
    names: set[str] = set()
    for spec in (meta.get("committed"), (meta.get("pending") or {}).get("state")):
        if spec:
            names.update(spec["segments"])
    keep = {MANIFEST} | {f"{name}{suffix}" for name in names for suffix in (".json", ".bin")}
    for path in folder.iterdir():
        if path.name not in keep and not path.name.startswith("."):
            with contextlib.suppress(OSError):
                os.unlink(path)
