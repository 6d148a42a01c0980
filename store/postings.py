"""The persisted word index behind search: a base segment and a delta.

Files in ``<store>/search/``::

    manifest.json          names the live segment files (written last)
    base-<n>.terms.json    word -> [title offset, title count, text offset, text count]
    base-<n>.docs.json     [[item id, body key], ...] by document number
    base-<n>.postings      uint32 document numbers, little-endian, read via mmap
    delta-<n>.json         documents added since the base, their words, and
                           base documents that are gone or replaced

An import rewrites only the small delta; when the delta grows past a
quarter of the base (or a floor), base and delta are folded into a new base
from their postings alone, without reading any item text. The manifest is
replaced atomically after the segment files, so a reader sees one
consistent set, and every document carries the body key it was indexed
from: the store's index (the commit point) says which documents are live.
"""

from __future__ import annotations

import mmap
import os
import sys
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from store.storage import atomic_write_bytes, fsync_dir

SEARCH_DIR = "search"
MANIFEST = "manifest.json"
#: The delta is folded into the base once it holds this many documents
#: and more than a quarter as many as the base.
FOLD_FLOOR = 2_000


@dataclass(slots=True)
class Postings:
    """Word -> document numbers, for titles and for text, in memory."""

    title: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    text: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))

    def add(self, number: int, title_words: Iterable[str], text_words: Iterable[str]) -> None:
        """Record document ``number``'s distinct words."""
        for word in set(title_words):
            self.title[word].append(number)
        for word in set(text_words):
            self.text[word].append(number)


class Segments:
    """The live segments of one store's word index, opened read-only."""

    def __init__(self, folder: Path) -> None:
        """Open the segments named by ``folder/manifest.json`` (may be none)."""
        self.folder = folder
        self.generation = 0
        self.docs: list[tuple[str, str]] = []
        self.base_docs = 0
        self.dead: set[int] = set()
        self._terms: dict[str, list[int]] = {}
        self._delta = Postings()
        self._map: mmap.mmap | None = None
        manifest = folder / MANIFEST
        if not manifest.exists():
            return
        meta = orjson.loads(manifest.read_bytes())
        self.generation = meta["generation"]
        if meta.get("base"):
            base = folder / meta["base"]
            self._terms = orjson.loads((base.with_suffix(".terms.json")).read_bytes())
            self.docs = [tuple(doc) for doc in orjson.loads(base.with_suffix(".docs.json").read_bytes())]
            self.base_docs = len(self.docs)
            postings = base.with_suffix(".postings")
            if postings.stat().st_size:
                with postings.open("rb") as handle:
                    self._map = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        if meta.get("delta"):
            delta = orjson.loads((folder / meta["delta"]).read_bytes())
            self.docs += [tuple(doc) for doc in delta["docs"]]
            self.dead = set(delta["dead"])
            self._delta.title.update(delta["title"])
            self._delta.text.update(delta["text"])

    def vocabulary(self) -> set[str]:
        """Every indexed word."""
        return set(self._terms) | set(self._delta.title) | set(self._delta.text)

    def _base(self, word: str, which: int) -> array:
        entry = self._terms.get(word)
        numbers = array("I")
        if entry is None or self._map is None:
            return numbers
        offset, count = entry[2 * which], entry[2 * which + 1]
        numbers.frombytes(self._map[offset * 4 : (offset + count) * 4])
        if sys.byteorder != "little":
            numbers.byteswap()
        return numbers

    def title(self, word: str) -> Iterator[int]:
        """Documents whose title holds ``word`` (dead ones included)."""
        yield from self._base(word, 0)
        yield from self._delta.title.get(word, ())

    def text(self, word: str) -> Iterator[int]:
        """Documents whose text holds ``word`` (dead ones included)."""
        yield from self._base(word, 1)
        yield from self._delta.text.get(word, ())

    def count(self, word: str) -> int:
        """How many documents hold ``word`` in title or text (an estimate)."""
        entry = self._terms.get(word)
        base = entry[1] + entry[3] if entry else 0
        return base + len(self._delta.title.get(word, ())) + len(self._delta.text.get(word, ()))

    def postings(self, word: str) -> tuple[list[int], list[int]]:
        """Title and text documents of ``word``, for folding."""
        return list(self.title(word)), list(self.text(word))

    def close(self) -> None:
        """Release the postings map."""
        if self._map is not None:
            self._map.close()
            self._map = None


def update(
    folder: Path,
    added: list[tuple[str, str, list[str], list[str]]],
    removed_ids: set[str],
) -> None:
    """Add and remove documents; called under the store's writer lock.

    Args:
        folder: The ``search`` folder of the store.
        added: ``(item id, body key, title words, text words)`` per new or
            changed item.
        removed_ids: Items whose old documents are gone (changed items are
            included automatically).
    """
    folder.mkdir(exist_ok=True)
    old = Segments(folder)
    try:
        replaced = removed_ids | {item_id for item_id, *_ in added}
        dead = set(old.dead) | {n for n, (item_id, _) in enumerate(old.docs) if item_id in replaced}
        delta_docs = old.docs[old.base_docs :]
        delta = Postings()
        delta.title.update({w: list(n) for w, n in old._delta.title.items()})
        delta.text.update({w: list(n) for w, n in old._delta.text.items()})
        for item_id, key, title_words, text_words in added:
            delta.add(old.base_docs + len(delta_docs), title_words, text_words)
            delta_docs.append((item_id, key))
        generation = old.generation + 1
        live_delta = len(delta_docs)
        if live_delta >= FOLD_FLOOR and live_delta * 4 > old.base_docs:
            _fold(folder, old, delta, delta_docs, dead, generation)
        else:
            name = f"delta-{generation}.json"
            payload = {"docs": delta_docs, "dead": sorted(dead), "title": delta.title, "text": delta.text}
            atomic_write_bytes(folder / name, orjson.dumps(payload))
            base = _current(folder).get("base")
            _write_manifest(folder, {"generation": generation, "base": base, "delta": name})
    finally:
        old.close()
    _remove_unlisted(folder)


def _fold(
    folder: Path,
    old: Segments,
    delta: Postings,
    delta_docs: list[tuple[str, str]],
    dead: set[int],
    generation: int,
) -> None:
    """Write base + delta as a new base, leaving dead documents out."""
    docs = old.docs[: old.base_docs] + delta_docs
    renumber: dict[int, int] = {}
    live: list[tuple[str, str]] = []
    for number, doc in enumerate(docs):
        if number not in dead:
            renumber[number] = len(live)
            live.append(doc)
    words = set(old._terms) | set(delta.title) | set(delta.text)
    terms: dict[str, list[int]] = {}
    out = array("I")
    for word in sorted(words):
        entry = []
        base_title, base_text = (
            (list(old._base(word, 0)), list(old._base(word, 1))) if word in old._terms else ([], [])
        )
        for numbers in (base_title + delta.title.get(word, []), base_text + delta.text.get(word, [])):
            kept = [renumber[n] for n in numbers if n in renumber]
            entry += [len(out), len(kept)]
            out.extend(kept)
        if entry[1] or entry[3]:
            terms[word] = entry
    if sys.byteorder != "little":
        out.byteswap()
    stem = folder / f"base-{generation}"
    atomic_write_bytes(stem.with_suffix(".postings"), out.tobytes())
    atomic_write_bytes(stem.with_suffix(".terms.json"), orjson.dumps(terms))
    atomic_write_bytes(stem.with_suffix(".docs.json"), orjson.dumps(live))
    _write_manifest(folder, {"generation": generation, "base": stem.name, "delta": None})


def _current(folder: Path) -> dict[str, object]:
    manifest = folder / MANIFEST
    return orjson.loads(manifest.read_bytes()) if manifest.exists() else {}


def _write_manifest(folder: Path, meta: dict[str, object]) -> None:
    atomic_write_bytes(folder / MANIFEST, orjson.dumps(meta))
    fsync_dir(folder)


def _remove_unlisted(folder: Path) -> None:
    """Delete segment files the manifest no longer names."""
    meta = _current(folder)
    keep = {MANIFEST}
    if meta.get("base"):
        keep |= {f"{meta['base']}{suffix}" for suffix in (".terms.json", ".docs.json", ".postings")}
    if meta.get("delta"):
        keep.add(str(meta["delta"]))
    for path in folder.iterdir():
        if path.name not in keep and not path.name.startswith("."):
            try:
                os.unlink(path)
            except OSError:
                pass
