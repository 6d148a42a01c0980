"""Turn document files into stored meetings and items.

Files are parsed (in worker processes when there are many) and merged as
they come, in one transaction, so an import is one write and a report line
is only printed for what is already on disk.

Merging rules:

* a document's id is a hash of its decoded, normalised text, so the same
  document again (another name, encoding or line endings) is *unchanged*;
* documents about the same committee and date merge into one meeting;
* a newer version of a document (same meeting, same shape, same file
  format, and for reports and decisions the same title) replaces what the
  older version contributed, unless one of the two holds minutes and the
  other does not: those are two copies of a page (saved before and after
  the meeting), merged;
* numbered items from several documents of one meeting (printed minutes and
  an "agenda and minutes" page) merge by number (unnumbered ones by title),
  part by part (``store.merging``), each block keeping its source; reports
  and decisions become items of their own (``r1``, ``d1``).
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

import orjson

from store import Archive, RecordWriter
from store.dating import date_document
from store.ingest import MAX_BYTES, Rejected, detect_format, parse_documents
from store.ingest.committees import same_committee
from store.merging import SHAPE_ORDER, describe_additions, holds_minutes, merge_item, same_text
from store.models import Item, Meeting, ParsedDocument, SourceDocument
from store.text import safe_line

#: How a meeting's date is known, surest first; a merged meeting keeps the surest.
DATE_SOURCES = ("heading", "given", "inferred")

#: Words left out of committee initials.
_MINOR_WORDS = frozenset({"of", "on", "the", "and", "for", "to", "in", "&", "-"})

#: Most files an import reads from one folder tree.
MAX_FILES = 200_000

#: Files from which an import parses in worker processes ...
PARALLEL_FILES = 64
#: ... and at most this many of them.
MAX_WORKERS = 4


@dataclass(slots=True)
class FileResult:
    """What happened to one file.

    Attributes:
        path: The file.
        status: ``imported`` (a new meeting), ``merged`` (into a meeting
            already stored), ``unchanged`` or ``rejected``.
        message: For a rejection, one sentence saying why.
        meeting_id: The meeting the document describes, when known.
        warnings: What the parser recovered from.
        added: For a merged document, what it added ("added minutes to 5
            items").
        format: The file's format when it was recognised (``pdf``, ``html``
            ...), else "".
    """

    path: Path
    status: str
    message: str = ""
    meeting_id: str | None = None
    warnings: list[str] = field(default_factory=list)
    added: str = ""
    format: str = ""

    @property
    def ok(self) -> bool:
        """False only for a rejected file."""
        return self.status != "rejected"


def collect_files(paths: Iterable[Path]) -> Iterator[tuple[Path, str | None]]:
    """Expand files and folders (recursively) into files to import.

    Yields ``(path, problem)`` pairs: ``problem`` is a sentence when the
    path cannot be read at all. Hidden files and folders are skipped;
    symbolic links to folders are not followed (no loops).
    """
    for path in paths:
        if path.is_dir():
            found = sorted(
                candidate
                for candidate in path.rglob("*")
                if candidate.is_file()
                and not any(part.startswith(".") for part in candidate.relative_to(path).parts)
            )
            yield from ((candidate, None) for candidate in found[:MAX_FILES])
        elif path.is_file():
            yield path, None
        elif path.exists():
            yield path, "it is not a regular file"
        else:
            yield path, "there is no such file or folder"


def committee_slug(name: str) -> str:
    """Initials of a committee's significant words (``ccpi``)."""
    words = re.findall(r"[A-Za-z0-9&-]+", name)
    initials = "".join(word[0] for word in words if word.casefold() not in _MINOR_WORDS)
    return initials.casefold() or "committee"


def item_key(number: str, order: int) -> str:
    """The id key of a numbered item: ``77/21`` -> ``77-21``."""
    key = re.sub(r"[^0-9A-Za-z]+", "-", number).strip("-").casefold()
    return key or f"i{order}"


def document_id(document: ParsedDocument) -> str:
    """Content id of a parsed document.

    Hashing what was understood rather than the bytes makes the same
    document under another name, encoding or line-ending convention the
    same document.
    """
    # How the date was found is not content: it comes from the archive. An
    # empty agenda number is left out so ids stay what they were before it.
    meeting = document.meeting.to_dict()
    del meeting["date_source"]
    items = [item.to_dict() for item in document.items]
    for item in items:
        if not item["agenda_number"]:
            del item["agenda_number"]
    content = [document.shape, document.committee, document.title, meeting, items]
    # Records serialise with their fields in declaration order; a round trip
    # sorts the keys, so ids do not depend on how a record class is written.
    canonical = orjson.dumps(orjson.loads(orjson.dumps(content)), option=orjson.OPT_SORT_KEYS)
    return hashlib.sha256(canonical).hexdigest()[:16]


@dataclass(slots=True)
class _Parsed:
    path: Path
    document: ParsedDocument
    source: SourceDocument


def _read(path: Path) -> list[_Parsed | FileResult]:
    """The meetings one file describes (one, but for a web-service list of
    meetings), or the one reason it cannot be imported."""
    data = b""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise Rejected(
                f"it is {size:,} bytes, over the {MAX_BYTES:,}-byte limit for one document"
            )
        data = path.read_bytes()
        documents = parse_documents(data, path.name)
    except Rejected as error:
        return [FileResult(path, "rejected", str(error), format=detect_format(data) if data else "")]
    except OSError as error:
        return [FileResult(path, "rejected", f"it cannot be read ({error.strerror})")]
    found: list[_Parsed | FileResult] = []
    for document in documents:
        source = SourceDocument(
            id=document_id(document),
            name=safe_line(path.name),
            shape=document.shape,
            meeting_id="",
            encoding=document.encoding,
            size=len(data),
            title=document.title,
            minutes=holds_minutes(document),
            format=document.format,
            links=list(document.links),
        )
        found.append(_Parsed(path, document, source))
    return found


@contextmanager
def _read_all(paths: list[Path]) -> Iterator[Iterator[list[_Parsed | FileResult]]]:
    """Read and parse files, in order; in worker processes when there are many.

    Parsing is pure computation on each file alone, so it spreads over the
    machine's cores while the caller merges what is already parsed. Results
    come in the order of ``paths``, so an import does the same whatever the
    number of workers. Workers start on entry, before the caller takes the
    store's lock, so they never hold a copy of it.
    """
    workers = min(len(os.sched_getaffinity(0)), MAX_WORKERS)
    if len(paths) < PARALLEL_FILES or workers < 2:
        yield map(_read, paths)
        return
    # Imported here: they cost a one-meeting import more than it parses.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if "fork" not in multiprocessing.get_all_start_methods():
        yield map(_read, paths)
        return
    # Forked, not spawned: a spawned worker imports the caller's main
    # module again, which a script without a ``__main__`` guard does not
    # survive. A worker only parses; it touches nothing another thread of
    # ours (a progress bar's) might hold.
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
    try:
        yield pool.map(_read, paths, chunksize=8)
    finally:
        pool.shutdown(cancel_futures=True)


def import_paths(
    store: Archive,
    paths: Iterable[Path | str],
    *,
    progress: Callable[[int, int], None] | None = None,
    committee: str | None = None,
    date: str | None = None,
) -> list[FileResult]:
    """Import files and folders into ``store`` in one transaction.

    Documents that print no date are merged last, so the clues they need
    (``store.dating``) include the rest of the batch.

    Args:
        store: The store to write to.
        paths: Files and folders (searched recursively).
        progress: Called with (files done, files in all).
        committee: The committee of documents that name none (``--committee``).
        date: ISO date of documents that print none (``--date``).

    Returns:
        One result per file, in the order the files were found (one per
        meeting for a web-service list of meetings).
    """
    listed = list(collect_files(Path(path) for path in paths))
    readable = [path for path, problem in listed if problem is None]
    if not readable:
        return [FileResult(path, "rejected", problem or "") for path, problem in listed]
    results: list[FileResult] = []
    undated: list[tuple[int, _Parsed]] = []
    with _read_all(readable) as read, store.transaction() as writer:
        merger = _Merger(store, writer, committee, date)
        for done, (path, problem) in enumerate(listed, start=1):
            if problem is not None:
                results.append(FileResult(path, "rejected", problem))
            else:
                for entry in next(read):
                    if isinstance(entry, _Parsed) and not entry.document.meeting.date:
                        undated.append((len(results), entry))
                        entry = FileResult(path, "rejected")
                    results.append(merger.add(entry) if isinstance(entry, _Parsed) else entry)
            if progress is not None:
                progress(done, len(listed))
        for index, entry in undated:
            results[index] = merger.add(entry)
    return results


class _Merger:
    """Merges parsed documents into the store inside one transaction."""

    def __init__(
        self, store: Archive, writer: RecordWriter, committee: str | None, date: str | None
    ) -> None:
        self.store = store
        self.writer = writer
        self.committee = committee
        self.date = date
        self.changed_meetings: set[str] = set()

    def committee_id(self, name: str) -> str:
        """The id of a committee, registering it when new.

        Another spelling, or the acronym, of a stored committee is that
        committee (``same_committee``).
        """
        rows = self.store.table_rows("committees")
        folded = " ".join(name.split()).casefold()
        for key, row in rows.items():
            if row["folded"] == folded or same_committee(row["name"], name):
                return key
        base = committee_slug(name)
        key, n = base, 1
        while key in rows:
            n += 1
            key = f"{base}{n}"
        self.writer.replace_rows("committees", {key: {"name": name, "folded": folded}})
        return key

    def add(self, entry: _Parsed) -> FileResult:
        """Merge one parsed document; return its report line."""
        document = entry.document
        try:
            dated = date_document(self.store, document, self.committee, self.date)
        except Rejected as error:
            return FileResult(entry.path, "rejected", str(error))
        document.committee = dated.committee
        document.meeting.date, document.meeting.date_source = dated.date, dated.source
        committee_id = self.committee_id(document.committee)
        meeting_id = f"{committee_id}-{document.meeting.date}"
        source = replace(entry.source, meeting_id=meeting_id, date_source=dated.source)
        existing = self.store.meeting(meeting_id)
        result = FileResult(
            entry.path,
            "merged" if existing else "imported",
            meeting_id=meeting_id,
            warnings=list(document.warnings),
            format=document.format,
        )
        if dated.how:
            result.warnings.append(f"The page prints no date; {dated.date} is {dated.how}.")
        if existing is not None and source.id in existing.sources:
            result.status = "unchanged"
            return result
        replaced = self._superseded(existing, source, document)
        meeting = self._merge_meeting(existing, document, committee_id, meeting_id)
        meeting.sources = sorted((set(meeting.sources) - set(replaced)) | {source.id})
        added = self._merge_items(meeting_id, document, source.id, set(replaced))
        if existing is not None:
            result.added = describe_additions(added)
        others = [self.store.source(s, meeting_id) for s in meeting.sources if s != source.id]
        meeting.holds = sorted(
            {other.shape for other in others if other is not None} | {document.shape},
            key=SHAPE_ORDER.index,
        )
        self.writer.remove_sources(meeting_id, replaced)
        self.writer.put_source(source)
        self.writer.put_meeting(meeting)
        self.changed_meetings.add(meeting_id)
        return result

    def _superseded(
        self, existing: Meeting | None, source: SourceDocument, document: ParsedDocument
    ) -> list[str]:
        """Older versions of this document in the same meeting: for a report
        or decision, of its title and mostly its text (``same_text``: two
        reports may share a title)."""
        if existing is None:
            return []
        same_slot = []
        for key in existing.sources:
            stored = self.store.source(key, existing.id)
            if (
                stored is not None
                and stored.shape == source.shape
                and stored.title.casefold() == source.title.casefold()
                # None: a store written before this was recorded.
                and stored.minutes in (None, source.minutes)
                # A PDF or XML copy sits beside the text or page; it is no newer version.
                and stored.format == source.format
            ):
                same_slot.append(key)
        if same_slot and source.title:  # rare: the meeting's items are read only then
            items = self.store.items(existing.id)
            new = [block for item in document.items for block in item.blocks]
            same_slot = [
                key
                for key in same_slot
                if same_text((block for item in items for block in item.blocks if block.source == key), new)
            ]
        return same_slot

    def _merge_meeting(
        self,
        existing: Meeting | None,
        document: ParsedDocument,
        committee_id: str,
        meeting_id: str,
    ) -> Meeting:
        new = replace(
            document.meeting,
            id=meeting_id,
            committee_id=committee_id,
            committee=document.committee,
        )
        if existing is None:
            return new
        merged = replace(existing)
        merged.date_source = min(existing.date_source, new.date_source, key=DATE_SOURCES.index)
        for name in ("time", "venue", "chair", "next_meeting"):
            value = getattr(new, name)
            if value:
                setattr(merged, name, value)
        for name in ("present", "apologies", "substitutions", "officers"):
            value = getattr(new, name)
            if value:
                setattr(merged, name, value)
        return merged

    def _merge_items(
        self, meeting_id: str, document: ParsedDocument, source_id: str, replaced: set[str]
    ) -> Counter[str]:
        """Store the document's items; count what it added (``new`` for new items)."""
        added: Counter[str] = Counter()
        stored = {item.id: item for item in self.store.items(meeting_id)}
        changed: dict[str, Item] = {}
        # Take out what older versions of this document contributed.
        for item in stored.values():
            if replaced & ({item.source} | {block.source for block in item.blocks}):
                item.blocks = [block for block in item.blocks if block.source not in replaced]
                if item.source in replaced:
                    item.source = next((block.source for block in item.blocks), "")
                changed[item.id] = item
        emptied = [item_id for item_id, item in changed.items() if not item.source]
        self.writer.remove_items(emptied)
        for item_id in emptied:
            del stored[item_id], changed[item_id]
        keys_used: set[str] = set()
        for new in document.items:
            for block in new.blocks:
                block.source = source_id
            key = self._key_for(new, document, stored, source_id)
            if key in keys_used:
                # A document that prints one number twice keeps both items.
                key = f"{key}-{new.order}"
            keys_used.add(key)
            item_id = f"{meeting_id}/{key}"
            new.id, new.meeting_id, new.source = item_id, meeting_id, source_id
            old = stored.get(item_id)
            if old is None:
                merged = new
                added["new"] += 1
            else:
                merged, parts = merge_item(old, new)
                added.update(parts)
            stored[item_id] = merged
            changed[item_id] = merged
        self.writer.put_items(changed.values())
        return added

    def _key_for(
        self, new: Item, document: ParsedDocument, stored: dict[str, Item], source_id: str
    ) -> str:
        if document.shape in ("minutes", "agenda"):
            number = new.agenda_number or new.number
            key = item_key(number, new.order) if number else f"i{new.order}"
            if any(item.id.rsplit("/", 1)[1] == key for item in stored.values()):
                return key
            # The same item from a copy that numbers it otherwise, or not at all.
            title = new.title.casefold()
            for item in stored.values():
                if (
                    item.title.casefold() == title
                    and item.shape in ("minutes", "agenda")
                    and (not number or not item.number)
                ):
                    return item.id.rsplit("/", 1)[1]
            return key
        prefix = "r" if document.shape == "report" else "d"
        title = new.title.casefold()
        taken = set()
        for item in stored.values():
            key = item.id.rsplit("/", 1)[1]
            if item.shape == document.shape and key.startswith(prefix):
                if item.source == source_id or (
                    item.title.casefold() == title and same_text(item.blocks, new.blocks)
                ):
                    return key
                taken.add(key)
        n = 1
        while f"{prefix}{n}" in taken:
            n += 1
        return f"{prefix}{n}"

