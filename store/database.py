"""The store: the records of record, in plain TinyDB files.

Layout of a store folder::

    records.json         committees, clerk corrections, meta, the change log
                         (its last generations) and the shard maps
                         (``shards``, ``meeting_shards``, ``source_shards``)
                         naming each shard's current files; replaced last, so
                         the commit point (the previous version is kept as
                         ``records.json.bak``)
    meetings/NNN-G.json  the meetings of shard NNN (``meetings``)
    sources/NNN-G.json   their source documents (``sources``), apart: listing
                         the meetings need not read them
    items/NNN-G.json     the items of the meetings in shard NNN: lean rows
                         (``items``, one per item) and whole items
                         (``bodies``, one row per meeting: its items packed,
                         see ``pack_bodies``)
    index.sqlite         the search and topic indexes, derived from the records
    .lock                the writers' inter-process lock

A shard file is written under a new name (G, the generation writing it)
before ``records.json`` names it, so a crash in between leaves an unused
file, never a half-changed shard; a reader lists the meetings from the
files one version of ``records.json`` names, so it sees a commit whole or
not at all. Every JSON file is a stock TinyDB database:
``TinyDB(path, access_mode="r")`` reads it. TinyDB numbers the rows; our
readable id is each row's ``id``. Importing one meeting rewrites
``records.json`` (a few kilobytes) and the three shard files of its meeting.

A meeting's whole items are packed together (zlib, then base64, as JSON
holds text): a meeting's items share most of their words, so packed
together they take a sixth of their JSON on the benchmark's archive, where
packed one by one they would take a third; and an import holds the archive
packed, not as JSON.
``unpack_bodies`` (zlib and base64, both in Python's standard library)
reads a row back.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
import tempfile
import threading
import zlib
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson
from tinydb import Query, TinyDB
from tinydb.table import Document, Table

from store.layout import RECORDS_NAME, Stamp
from store.lockfile import LockTimeout, WriterLock
from store.models import Item, ItemSummary, Meeting, SourceDocument
from store.storage import (
    AtomicJSONStorage,
    StoreCorrupt,
    StoreError,
    fsync_dir,
    in_threads,
    remove_stale_temporaries,
)

if TYPE_CHECKING:
    from store.search import SearchIndex
    from store.topics import ThreadView

__all__ = ["RECORDS_NAME", "Store", "StoreCorrupt", "StoreError", "Writer"]

ITEMS_DIR = "items"
MEETINGS_DIR = "meetings"
SOURCES_DIR = "sources"
SHARDS = 256
#: Item shard files kept parsed in memory at once.
OPEN_SHARDS = 16
#: How long a writer waits for another writer before giving up.
LOCK_TIMEOUT = 60.0
#: Reads of a shard before a file the records name is missing is corruption.
READ_ATTEMPTS = 3
#: Generations the change log reaches back (an index further behind rebuilds).
CHANGES_KEPT = 200
#: Meetings the change log names at most, besides the last commit's (always
#: kept whole, so an index that missed it catches up): older commits are
#: dropped from the log first, so a whole-archive import does not stay in it.
CHANGES_MEETINGS = 1000
CORRECTIONS = "topic_corrections"
#: zlib level of the packed bodies: 9 packs them no smaller and takes longer.
PACK_LEVEL = 6
#: Meetings a transaction keeps unpacked while it changes them: an import
#: merges a meeting's documents one after another, and packs it once.
OPEN_MEETINGS = 8
#: ``meta`` row saying the bodies are packed by meeting (a store without it
#: holds one plain body row per item: ``migrate.pack_bodies_if_old``).
BODIES_META = "bodies"
BODIES_FORMAT = "packed by meeting"


@dataclass(frozen=True)
class ShardKind:
    """One kind of shard file.

    Attributes:
        folder: Where its files are, in the store folder.
        map: The table of ``records.json`` naming each shard's current file
            (a row ``{"id": "NNN", "file": "NNN-G.json", <counted>: N}``).
        counted: The table whose rows the map counts.
        tables: The tables its files hold.
        kept: Files kept parsed in memory at once.
    """

    folder: str
    map: str
    counted: str
    tables: tuple[str, ...]
    kept: int


ITEM_SHARDS = ShardKind(ITEMS_DIR, "shards", "items", ("items", "bodies"), OPEN_SHARDS)
#: Meeting and source shards are small and listed whole: every one is kept
#: parsed, with room for the files a commit elsewhere replaced them with.
MEETING_SHARDS = ShardKind(MEETINGS_DIR, "meeting_shards", "meetings", ("meetings",), 2 * SHARDS)
SOURCE_SHARDS = ShardKind(SOURCES_DIR, "source_shards", "sources", ("sources",), 2 * SHARDS)
KINDS = (ITEM_SHARDS, MEETING_SHARDS, SOURCE_SHARDS)
#: Tables of records kept in shards by meeting, not in ``records.json``, and where.
SHARDED_TABLES = {"meetings": MEETING_SHARDS, "sources": SOURCE_SHARDS}


def shard_of(meeting_id: str) -> int:
    """The shard that holds a meeting's items."""
    return zlib.crc32(meeting_id.encode("utf-8", "surrogatepass")) % SHARDS


def _shard_of_item(item_id: str) -> int:
    """An item's shard, from its id (``<meeting id>/<key>``)."""
    return shard_of(item_id.split("/", 1)[0])


def pack_bodies(payloads: Mapping[str, bytes]) -> str:
    """A meeting's ``bodies`` row: the JSON object of its items by id (each
    ``Item.stored()``), zlib-compressed, in base64."""
    joined = b",".join(orjson.dumps(key) + b":" + payload for key, payload in payloads.items())
    return base64.b64encode(zlib.compress(b"{" + joined + b"}", PACK_LEVEL)).decode("ascii")


def unpack_bodies(packed: str) -> dict[str, dict[str, Any]]:
    """The items ``pack_bodies`` packed, by id (``Item.from_dict`` reads each)."""
    return orjson.loads(zlib.decompress(base64.b64decode(packed)))  # type: ignore[no-any-return]


def outline_of(item: Item) -> list[list[Any]]:
    """Headings, resolutions and tables of an item, for the agenda tree."""
    outline: list[list[Any]] = []
    for index, block in enumerate(item.blocks):
        if block.kind == "heading":
            outline.append(["heading", block.text, index])
        elif block.kind == "resolution":
            outline.append(["resolution", "Resolution", index])
        elif block.kind == "table":
            header = " | ".join(cell for cell in block.rows[0] if cell) if block.rows else ""
            outline.append(["table", header[:60] or "Table", index])
    return outline


class Records:
    """One TinyDB file whose rows are found by their ``id``.

    The rows of a table by id are made once per version of the file, from
    the parsed file itself (TinyDB's ``all`` would copy every row). In a
    transaction, writes change those rows in memory and reach TinyDB
    (``remove`` and ``insert_multiple``, one pair per table) and then disk
    at the commit.
    """

    def __init__(self, path: Path, *, missing_ok: bool = True) -> None:
        """Open the TinyDB file ``path`` (it need not exist if ``missing_ok``)."""
        self.db = TinyDB(path, storage=AtomicJSONStorage, missing_ok=missing_ok)
        self.storage: AtomicJSONStorage = self.db.storage  # type: ignore[assignment]
        self._keyed: dict[str, tuple[int, dict[str, dict[str, Any]]]] = {}
        #: Rows changed in the running transaction, by table: id → row or None.
        self.pending: dict[str, dict[str, dict[str, Any] | None]] = {}
        self._mutex = threading.Lock()

    def table(self, name: str) -> Table:
        """TinyDB's table ``name`` (no query cache: other processes write)."""
        return self.db.table(name, cache_size=0)

    def rows(self, name: str) -> dict[str, dict[str, Any]]:
        """Table ``name``'s rows by id (do not change them)."""
        with self._mutex:
            version = self.storage.version()
            found = self._keyed.get(name)
            if found is None or found[0] != version:
                keyed = {}
                for row in self.storage.read().get(name, {}).values():
                    key = row.get("id")
                    if not isinstance(key, str):
                        raise StoreCorrupt(self.storage.path, f"a {name} row has no id")
                    keyed[key] = row
                found = self._keyed[name] = (version, keyed)
            return found[1]

    def put(self, name: str, rows: Mapping[str, dict[str, Any] | None]) -> None:
        """Buffer rows to insert or replace (a row of None deletes its id)."""
        keyed = self.rows(name)
        if name not in self.pending:
            keyed = dict(keyed)
            self._keyed[name] = (self.storage.version(), keyed)
            self.pending[name] = {}
        for key, row in rows.items():
            self.pending[name][key] = row
            if row is None:
                keyed.pop(key, None)
            else:
                keyed[key] = row

    def apply(self) -> None:
        """Hand the buffered rows to TinyDB (still in memory until ``flush``)."""
        for name, changed in self.pending.items():
            table = self.table(name)
            stored = self.storage.read().get(name, {})
            ids = {row["id"]: int(doc_id) for doc_id, row in stored.items()}
            table.remove(doc_ids=[ids[key] for key in changed if key in ids])
            next_id = max(ids.values(), default=0) + 1
            fresh = []
            for key, row in changed.items():
                if row is not None:
                    doc_id = ids.get(key)
                    if doc_id is None:
                        doc_id, next_id = next_id, next_id + 1
                    fresh.append(Document(row, doc_id=doc_id))
            table.insert_multiple(fresh)
        self.pending = {}

    def discard(self) -> None:
        """Forget buffered writes (the transaction failed)."""
        self.pending = {}
        self._keyed = {}
        self.storage.discard()


class Store:
    """A ModernGov archive on disk.

    Reading needs no inter-process lock: files are only ever replaced
    whole. Reads may come from several threads (the app's workers); an
    in-process mutex guards the shard cache. Writing goes through
    ``transaction()``, which takes the inter-process lock, re-reads what
    other writers changed, and commits everything at once; other threads
    reading the same ``Store`` meanwhile see the buffered writes.
    """

    def __init__(self, root: Path) -> None:
        """Open the store folder ``root`` (use ``Store.open``)."""
        self.root = root
        self._records = Records(root / RECORDS_NAME)
        self._records.storage.backup = True
        #: Shard files parsed, by kind and file name, least recently used first.
        self._shards: dict[ShardKind, OrderedDict[str, Records]] = {kind: OrderedDict() for kind in KINDS}
        #: Rows of every meeting or source shard merged, by table: (the files
        #: read and their versions, rows by id).
        self._merged: dict[str, tuple[tuple[tuple[str, int], ...], dict[str, dict[str, Any]]]] = {}
        self._lock = WriterLock(root / ".lock", timeout=LOCK_TIMEOUT)
        self._in_transaction = False
        #: Shards written in the running transaction, by kind and number.
        self._writing: dict[tuple[ShardKind, int], Records] = {}
        self._mutex = threading.RLock()
        self._writer: Writer | None = None
        #: One sentence for the user when opening migrated an older store.
        self.migrated: str | None = None

    @classmethod
    def open(cls, root: str | Path, *, create: bool = True) -> Store:
        """Open a store folder, creating it if asked; check its records parse.

        A store written by the previous version (``index.json``) is moved
        to this layout first; ``migrated`` then says so.

        Raises:
            StoreError: The path is not a usable folder.
            StoreCorrupt: The records exist but cannot be parsed.
        """
        root = Path(root).expanduser()
        if root.exists() and not root.is_dir():
            raise StoreError(f"The store path {root} is a file, not a folder.")
        if not root.exists():
            if not create:
                raise StoreError(f"There is no store at {root}.")
            try:
                root.mkdir(parents=True)
            except OSError as error:
                raise StoreError(
                    f"Cannot create the store folder {root}: {error.strerror}."
                ) from None
            fsync_dir(root.parent)
        store = cls(root)
        from store import migrate

        # In this order: each later step reads the layout the earlier one writes.
        sentences = [
            migrate.migrate_if_old(store),
            migrate.shard_meetings_if_old(store),
            migrate.pack_bodies_if_old(store),
        ]
        store.migrated = next((sentence for sentence in sentences if sentence), None)
        store._records.rows("meta")
        return store

    # -- reading ---------------------------------------------------------

    @property
    def generation(self) -> int:
        """The committed generation: one more for each transaction that wrote."""
        row = self._records.rows("meta").get("generation")
        return int(row["value"]) if row else 0

    def meta(self, key: str) -> Any:
        """A setting ``Writer.set_meta`` stored (None if none)."""
        row = self._records.rows("meta").get(key)
        return row["value"] if row else None

    @property
    def records_stamp(self) -> Stamp | None:
        """The stamp (``store.layout.stamp``) of the ``records.json`` that
        ``generation`` was last read from."""
        return self._records.storage.stamp

    def changes_since(self, generation: int) -> set[str] | None:
        """Meetings touched after ``generation``; None if the log is too short."""
        log = self._records.rows("changes")
        touched: set[str] = set()
        for number in range(generation + 1, self.generation + 1):
            row = log.get(str(number))
            if row is None:
                return None
            touched.update(row["meetings"])
        return touched

    def table_rows(self, table: str) -> Mapping[str, dict[str, Any]]:
        """Rows of a records table by id (``items``: every shard's lean rows;
        ``meetings`` and ``sources``: every meeting shard's).

        Do not change the rows: they are the store's own.
        """
        if table == "items":
            return {row["id"]: row for row in self._all_item_rows()}
        if table in SHARDED_TABLES:
            return self._all_sharded_rows(table)
        return self._records.rows(table)

    def corrections(self) -> dict[str, dict[str, Any]]:
        """The clerk's topic corrections, by id."""
        return dict(self._records.rows(CORRECTIONS))

    def is_empty(self) -> bool:
        """True when no meeting has been imported."""
        if any(shard.rows("meetings") for (kind, _), shard in self._writing.items() if kind is MEETING_SHARDS):
            return False
        return not any(row["meetings"] for row in self._records.rows(MEETING_SHARDS.map).values())

    def counts(self) -> tuple[int, int]:
        """Number of meetings and of items."""
        meetings = sum(row["meetings"] for row in self._records.rows(MEETING_SHARDS.map).values())
        items = sum(row["items"] for row in self._records.rows(ITEM_SHARDS.map).values())
        return meetings, items

    def meetings(self) -> list[Meeting]:
        """All meetings, newest first."""
        rows = sorted(
            self._all_sharded_rows("meetings").values(),
            key=lambda row: (row["date"], row["id"]),
            reverse=True,
        )
        return [Meeting.from_dict(row) for row in rows]

    def meeting(self, meeting_id: str) -> Meeting | None:
        """One meeting, or None."""
        row = self._rows(shard_of(meeting_id), "meetings", MEETING_SHARDS).get(meeting_id)
        return Meeting.from_dict(row) if row else None

    def summaries(self, meeting_id: str) -> list[ItemSummary]:
        """A meeting's items, lean, in agenda order."""
        def read(shard: Records) -> list[dict[str, Any]]:
            if shard is _EMPTY or shard.pending:
                return [row for row in shard.rows("items").values() if row["meeting_id"] == meeting_id]
            return [dict(row) for row in shard.table("items").search(Query().meeting_id == meeting_id)]

        rows = self._read_shard(shard_of(meeting_id), read)
        return [ItemSummary.from_dict(row) for row in sorted(rows, key=_order)]

    def all_summaries(self) -> Iterator[ItemSummary]:
        """Every item's lean row, shard by shard."""
        for row in self._all_item_rows():
            yield ItemSummary.from_dict(row)

    def summary(self, item_id: str) -> ItemSummary | None:
        """One item's lean row, or None."""
        row = self._rows(_shard_of_item(item_id), "items").get(item_id)
        return ItemSummary.from_dict(row) if row else None

    def item(self, item_id: str) -> Item | None:
        """One whole item, or None if unknown."""
        body = self._bodies(item_id.split("/", 1)[0]).get(item_id)
        if body is None:
            self._missing(item_id)
            return None
        return Item.from_dict(body)

    def _missing(self, item_id: str) -> None:
        """Nothing to do for an unknown item; a known one without its body is
        corruption."""
        number = _shard_of_item(item_id)
        if item_id not in self._rows(number, "items"):
            return
        raise StoreCorrupt(self._shard(number).storage.path, f"the text of item {item_id} is missing")

    def _bodies(self, meeting_id: str) -> dict[str, dict[str, Any]]:
        """A meeting's whole items as stored, by id (the running transaction's
        changes included)."""
        writer = self._writer
        opened = writer.open.get(meeting_id) if writer is not None else None
        if opened is not None:  # copied at once: the writer's thread may be changing it
            return {key: orjson.loads(payload) for key, payload in list(opened.items())}
        number = shard_of(meeting_id)
        row = self._rows(number, "bodies").get(meeting_id)
        try:
            return unpack_bodies(row["items"]) if row else {}
        except (ValueError, TypeError, KeyError, zlib.error):
            detail = f"the items of meeting {meeting_id} do not unpack"
            raise StoreCorrupt(self._shard(number).storage.path, detail) from None

    def items(self, meeting_id: str) -> list[Item]:
        """A meeting's whole items, in agenda order."""
        bodies = self._bodies(meeting_id)
        found = []
        for row in self.summaries(meeting_id):
            body = bodies.get(row.id)
            if body is None:
                self._missing(row.id)
            else:
                found.append(Item.from_dict(body))
        return found

    def items_by_shard(self, meeting_ids: Iterable[str]) -> Iterator[tuple[str, list[Item]]]:
        """Each of these meetings with its whole items (agenda order), in no
        particular order of meetings: each shard is read once, so reading
        the whole archive costs one parse of it."""
        for number, ids in _by_shard(meeting_ids):
            found = self._read_shard(number, lambda shard, ids=ids: _items_of(self, shard, ids))
            for meeting_id in sorted(ids):
                yield meeting_id, found.get(meeting_id, [])

    def summaries_by_shard(
        self, meeting_ids: Iterable[str]
    ) -> Iterator[tuple[str, list[ItemSummary]]]:
        """Each of these meetings with its lean items (agenda order), each
        shard read once (see ``items_by_shard``)."""
        for number, ids in _by_shard(meeting_ids):
            found: dict[str, list[ItemSummary]] = {m: [] for m in ids}
            for row in sorted(list(self._rows(number, "items").values()), key=_order):
                if row["meeting_id"] in ids:
                    found[row["meeting_id"]].append(ItemSummary.from_dict(row))
            yield from sorted(found.items())

    def spill(self, meeting_ids: Iterable[str]) -> ItemSpill:
        """The whole items of many meetings, for reading in any order
        (see ``ItemSpill``)."""
        return ItemSpill(self, meeting_ids)

    def source(self, source_id: str, meeting_id: str | None = None) -> SourceDocument | None:
        """A source document record, or None.

        Args:
            source_id: Its id.
            meeting_id: The meeting it describes, when known: only that
                meeting's shard is read (else every meeting shard is).
        """
        if meeting_id is None:
            row = self._all_sharded_rows("sources").get(source_id)
        else:
            row = self._rows(shard_of(meeting_id), "sources", SOURCE_SHARDS).get(source_id)
        return SourceDocument.from_dict(row) if row else None

    def sources(self) -> list[SourceDocument]:
        """All source document records."""
        return [SourceDocument.from_dict(row) for row in self._all_sharded_rows("sources").values()]

    def kind_of(self, some_id: str) -> str | None:
        """``"meeting"``, ``"item"`` or None for an id typed by a person."""
        if self.meeting(some_id) is not None:
            return "meeting"
        if self.summary(some_id) is not None:
            return "item"
        return None

    def search_index(self) -> SearchIndex:
        """The search over every item, caught up with the records."""
        from store.search import SearchIndex

        return SearchIndex.open(self.root)

    def thread(self, item_id: str) -> ThreadView:
        """An item's topic thread, related items and resolved references."""
        from store.topics import thread_view

        return thread_view(self, item_id)

    def _all_item_rows(self) -> Iterator[dict[str, Any]]:
        for number in range(SHARDS):
            yield from list(self._rows(number, "items").values())

    def _rows(self, number: int, table: str, kind: ShardKind = ITEM_SHARDS) -> dict[str, dict[str, Any]]:
        """Shard ``number``'s rows of ``table`` by id (do not change them)."""
        return self._read_shard(number, lambda shard: shard.rows(table), kind)  # type: ignore[no-any-return]

    def _all_sharded_rows(self, table: str) -> dict[str, dict[str, Any]]:
        """Table ``table``'s rows (``meetings`` or ``sources``) of every
        shard, by id (do not change them).

        The shards are those one version of the records names (the running
        transaction's included), so a commit is seen whole or not at all: a
        file deleted meanwhile (by a writer two versions on) starts the
        reading again from the records as they are now.
        """
        kind = SHARDED_TABLES[table]
        for _ in range(READ_ATTEMPTS):
            with self._mutex:
                files = self._records.rows(kind.map)
                writing = {n for written, n in self._writing if written is kind}
                numbers = sorted({int(key) for key in files} | writing)
                shards = [self._shard(n, kind, files) for n in numbers]
                shards = [shard for shard in shards if shard is not _EMPTY]
                cached = self._merged.get(table)
                if not writing:  # forget the files the records no longer name
                    named = {shard.storage.path.name for shard in shards}
                    opened = self._shards[kind]
                    for file in [file for file in opened if file not in named]:
                        del opened[file]
            try:
                # One stat a file: each is current, and named by the records read.
                versions = tuple((shard.storage.path.name, shard.storage.version()) for shard in shards)
                if not writing and cached is not None and cached[0] == versions:
                    return cached[1]
                merged: dict[str, dict[str, Any]] = {}
                for shard in shards:
                    merged.update(shard.rows(table))
            except FileNotFoundError as error:
                missing = error.filename
                if self._in_transaction:
                    break
                self._records.storage.refresh(force=True)
                continue
            if not writing:
                self._merged[table] = (versions, merged)
            return merged
        raise StoreCorrupt(Path(missing or self.root), "a shard the records name is missing")

    def _read_shard(self, number: int, read: Any, kind: ShardKind = ITEM_SHARDS) -> Any:
        """``read(shard)`` on shard ``number``'s current file, or on nothing.

        A writer deletes a shard's file two versions after replacing it, so
        a reader holding old records may find it gone: it reads the records
        again. ``read`` gets a ``Records`` (or an empty one).
        """
        for _ in range(READ_ATTEMPTS):
            try:
                return read(self._shard(number, kind))
            except FileNotFoundError as error:
                missing = error.filename
                if self._in_transaction:
                    break
                self._records.storage.refresh(force=True)
        raise StoreCorrupt(Path(missing or self.root), "a shard the records name is missing")

    def _shard(
        self, number: int, kind: ShardKind = ITEM_SHARDS, files: Mapping[str, dict[str, Any]] | None = None
    ) -> Records:
        """Shard ``number`` of ``kind``: the running transaction's, else the
        file the records (or ``files``, a map of them) name, else nothing."""
        with self._mutex:
            writing = self._writing.get((kind, number))
            if writing is not None:
                return writing
            if files is None:
                files = self._records.rows(kind.map)
            row = files.get(f"{number:03d}")
            file = row["file"] if row else ""
            opened = self._shards[kind]
            shard = opened.get(file)
            if shard is None:
                if not file:
                    return _EMPTY
                shard = Records(self.root / kind.folder / file, missing_ok=False)
                opened[file] = shard
                while len(opened) > kind.kept:
                    opened.popitem(last=False)
            else:
                opened.move_to_end(file)
            return shard

    # -- writing ---------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Writer]:
        """Hold the writers' lock and commit all changes at once.

        Everything written through the ``Writer`` is buffered; on a clean
        exit the changed shards are written under new names first, then
        ``records.json`` naming them, and last the derived index catches up.
        On an exception nothing reaches disk.

        Raises:
            StoreError: Another writer held the lock for too long, or the
                files could not be written (a full disk, a file-size limit,
                no permission); then nothing was changed.
        """
        if self._in_transaction:
            raise StoreError("transactions do not nest")
        try:
            self._lock.acquire()
        except LockTimeout:
            raise StoreError(
                f"Another process has been writing to the store at {self.root} "
                f"for over {LOCK_TIMEOUT:.0f} seconds; try again later."
            ) from None
        except OSError as error:
            raise StoreError(
                f"Cannot lock the store at {self.root} for writing ({error.strerror})."
            ) from error
        committed = False
        try:
            for folder in (self.root, *(self.root / kind.folder for kind in KINDS)):
                remove_stale_temporaries(folder)
            self._records.storage.refresh(force=True)
            self._remove_unnamed_shards()
            self._records.storage.in_transaction = True
            self._in_transaction = True
            writer = self._writer = Writer(self)
            yield writer
            committed = self._commit(writer)
        except BaseException:
            self._records.discard()
            raise
        finally:
            self._records.storage.in_transaction = False
            self._in_transaction = False
            self._writing, self._writer = {}, None
            self._lock.release()
        if committed:
            self._catch_up_index()

    def _commit(self, writer: Writer) -> bool:
        """Write the changed shards, then the records; True if anything changed."""
        records = self._records
        if not records.pending and not self._writing:
            return False
        writer.pack()
        generation = self.generation + 1
        old_files = {
            (kind, number): row["file"] if (row := records.rows(kind.map).get(f"{number:03d}")) else ""
            for kind, number in self._writing
        }
        shard_rows: dict[str, dict[str, dict[str, Any] | None]] = {kind.map: {} for kind in KINDS}
        written = []
        for (kind, number), shard in self._writing.items():
            shard.apply()
            file = f"{number:03d}-{generation}.json"
            shard.storage.path = self.root / kind.folder / file
            count = len(shard.rows(kind.counted))
            held = count or any(shard.rows(table) for table in kind.tables)
            key = f"{number:03d}"
            shard_rows[kind.map][key] = {"id": key, "file": file, kind.counted: count} if held else None
            if held:
                written.append(shard.storage)
        for table, rows in shard_rows.items():
            if rows:
                records.put(table, rows)
        records.put(
            "meta",
            {
                "generation": {"id": "generation", "value": generation},
                BODIES_META: {"id": BODIES_META, "value": BODIES_FORMAT},
            },
        )
        records.put("changes", self._change_log(generation, writer.touched))
        records.apply()
        try:
            in_threads(AtomicJSONStorage.flush, written)
            for folder in {storage.path.parent for storage in written}:
                fsync_dir(folder)
            records.storage.flush()
        except OSError as error:
            for storage in written:  # named by nothing: the records did not commit
                with contextlib.suppress(OSError):
                    storage.path.unlink()
            raise StoreError(
                f"Cannot write the store at {self.root} ({error.strerror}); "
                "nothing was changed."
            ) from error
        for (kind, number), old in old_files.items():
            self._delete_old_shards(kind, number, keep={old, f"{number:03d}-{generation}.json"} - {""})
        with self._mutex:
            for (kind, _), shard in self._writing.items():
                if shard.storage in written:
                    shard.storage.in_transaction = False
                    opened = self._shards[kind]
                    opened[shard.storage.path.name] = shard
                    while len(opened) > kind.kept:
                        opened.popitem(last=False)
        return True

    def _change_log(self, generation: int, touched: set[str]) -> dict[str, dict[str, Any] | None]:
        """The change log's rows to write at commit ``generation``: its own,
        and None for each older one no longer kept.

        The log keeps the last ``CHANGES_KEPT`` generations, newest first as
        long as they name at most ``CHANGES_MEETINGS`` meetings in all (the
        newest, this commit's, always), so it stays small after a big import.
        """
        rows: dict[str, dict[str, Any] | None] = {
            str(generation): {"id": str(generation), "meetings": sorted(touched)}
        }
        named = 0
        log = self._records.rows("changes")
        for number in sorted(map(int, log), reverse=True):
            if number >= generation:
                continue
            named += len(log[str(number)]["meetings"])
            if number <= generation - CHANGES_KEPT or named > CHANGES_MEETINGS:
                rows[str(number)] = None
        return rows

    def _remove_unnamed_shards(self) -> None:
        """Delete shard files of a generation the records never reached: a
        writer killed mid-commit wrote them (call under the lock)."""
        generation = self.generation
        for kind in KINDS:
            with contextlib.suppress(OSError), os.scandir(self.root / kind.folder) as entries:
                for entry in entries:
                    written = entry.name.removesuffix(".json").rpartition("-")[2]
                    if written.isdigit() and int(written) > generation:
                        with contextlib.suppress(OSError):
                            os.unlink(entry.path)

    def _delete_old_shards(self, kind: ShardKind, number: int, keep: set[str]) -> None:
        """Delete shard ``number``'s files but those in ``keep`` (its last two).

        The records have committed: a failure here only leaves files behind.
        """
        for path in (self.root / kind.folder).glob(f"{number:03d}-*.json"):
            if path.name not in keep:
                with contextlib.suppress(OSError):
                    path.unlink()

    def _writable_shard(self, number: int, kind: ShardKind = ITEM_SHARDS) -> Records:
        """Shard ``number`` of ``kind`` as the running transaction may change it."""
        if not self._in_transaction:
            raise StoreError(
                f"write to {self.root} outside Store.transaction(); "
                "writes must hold the store lock"
            )
        with self._mutex:
            shard = self._writing.get((kind, number))
            if shard is None:
                current = self._read_shard(number, lambda found: found, kind)
                shard = Records(self.root / kind.folder / f"{number:03d}-new.json")
                shard.storage.in_transaction = True
                if current is not _EMPTY:
                    current.storage.refresh(force=True)
                    data = current.storage.read()
                    shard.storage.write({name: dict(rows) for name, rows in data.items()})
                self._writing[(kind, number)] = shard
            return shard

    def _catch_up_index(self) -> None:
        """Bring the derived index up to the records just committed.

        The records are durable already: if this fails or the process dies
        here, the index sees on its next open that it is behind.
        """
        from store.index import catch_up

        catch_up(self)


class ItemSpill:
    """Whole items of many meetings, read shard by shard (each shard parsed
    once) and kept serialised in a temporary file, to be read back in any
    order: reading an archive in date order costs about two parses of it,
    not one parse of a shard per meeting, and never holds it in memory."""

    def __init__(self, store: Store, meeting_ids: Iterable[str]) -> None:
        """Read the items of ``meeting_ids`` from ``store``."""
        self._file = tempfile.TemporaryFile()
        self._spans: dict[str, tuple[int, int]] = {}
        self._meetings: dict[str, list[str]] = {}
        for meeting_id, items in store.items_by_shard(meeting_ids):
            for item in items:
                payload = orjson.dumps(item)
                self._spans[item.id] = (self._file.tell(), len(payload))
                self._file.write(payload)
            self._meetings[meeting_id] = [item.id for item in items]

    def __enter__(self) -> ItemSpill:
        return self

    def __exit__(self, *exc: object) -> None:
        self._file.close()

    def __contains__(self, item_id: str) -> bool:
        return item_id in self._spans

    def items(self, meeting_id: str) -> list[Item]:
        """A meeting's whole items, in agenda order."""
        return [self.item(item_id) for item_id in self._meetings.get(meeting_id, [])]

    def item(self, item_id: str) -> Item:
        """One item read (``KeyError`` if it was not)."""
        start, size = self._spans[item_id]
        self._file.seek(start)
        return Item.from_dict(orjson.loads(self._file.read(size)))


def _order(row: Mapping[str, Any]) -> int:
    return row["order"]  # type: ignore[no-any-return]


def _by_shard(meeting_ids: Iterable[str]) -> list[tuple[int, set[str]]]:
    """These meetings grouped by shard, in shard order."""
    wanted: dict[int, set[str]] = {}
    for meeting_id in meeting_ids:
        wanted.setdefault(shard_of(meeting_id), set()).add(meeting_id)
    return sorted(wanted.items())


def _items_of(store: Store, shard: Records, meeting_ids: set[str]) -> dict[str, list[Item]]:
    """The whole items of these meetings in one shard, in agenda order."""
    found: dict[str, list[Item]] = {}
    rows = [row for row in shard.rows("items").values() if row["meeting_id"] in meeting_ids]
    bodies = {meeting_id: store._bodies(meeting_id) for meeting_id in {row["meeting_id"] for row in rows}}
    for row in sorted(rows, key=_order):
        body = bodies[row["meeting_id"]].get(row["id"])
        if body is None:
            raise StoreCorrupt(shard.storage.path, f"the text of item {row['id']} is missing")
        found.setdefault(row["meeting_id"], []).append(Item.from_dict(body))
    return found


class Writer:
    """Writes made inside ``Store.transaction()``; see there."""

    def __init__(self, store: Store) -> None:
        """Wrap ``store`` (made by ``Store.transaction``)."""
        self._store = store
        #: Meetings whose records changed (for the change log).
        self.touched: set[str] = set()
        #: The meetings being changed, unpacked: each item's ``stored()``
        #: JSON by id, the least recently changed first; packed into their
        #: shard when more than ``OPEN_MEETINGS`` are open, and at the commit
        #: (``pack``), so an import holds the archive packed.
        self.open: OrderedDict[str, dict[str, bytes]] = OrderedDict()

    def replace_rows(self, table: str, rows: dict[str, dict[str, Any]]) -> None:
        """Insert or replace whole rows by id; unchanged rows write nothing.

        Rows of ``meetings`` and ``sources`` go to their meeting's shard
        (a source row names its ``meeting_id``).
        """
        if table in SHARDED_TABLES:
            for key, row in rows.items():
                meeting_id = key if table == "meetings" else row["meeting_id"]
                self._put_sharded(table, meeting_id, {key: {"id": key, **row}})
            return
        current = self._store._records.rows(table)
        changed = {
            key: {"id": key, **row}
            for key, row in rows.items()
            if current.get(key) != {"id": key, **row}
        }
        if changed:
            self._store._records.put(table, changed)

    def remove_rows(self, table: str, keys: Iterable[str]) -> None:
        """Delete rows by id (missing ids are skipped).

        Sources are found by reading every meeting shard: ``remove_sources``
        reads only their meeting's.
        """
        if table == "meetings":
            for key in keys:
                self._put_sharded(table, key, {key: None})
            return
        if table == "sources":
            rows = self._store.table_rows("sources")
            for key in [key for key in keys if key in rows]:
                self._put_sharded(table, rows[key]["meeting_id"], {key: None})
            return
        current = self._store._records.rows(table)
        present = {key: None for key in keys if key in current}
        if present:
            self._store._records.put(table, present)

    def remove_sources(self, meeting_id: str, source_ids: Iterable[str]) -> None:
        """Delete source document records of meeting ``meeting_id``."""
        for key in source_ids:
            self._put_sharded("sources", meeting_id, {key: None})

    def _put_sharded(self, table: str, meeting_id: str, rows: dict[str, dict[str, Any] | None]) -> None:
        """Buffer rows of ``table`` in meeting ``meeting_id``'s shard, if they change it."""
        number, kind = shard_of(meeting_id), SHARDED_TABLES[table]
        current = self._store._rows(number, table, kind)
        changed = {key: row for key, row in rows.items() if current.get(key) != row}
        changed = {key: row for key, row in changed.items() if row is not None or key in current}
        if changed:
            self._store._writable_shard(number, kind).put(table, changed)
            if table == "meetings":
                self.touched.update(changed)

    def put_meeting(self, meeting: Meeting) -> None:
        """Insert or replace a meeting."""
        self.replace_rows("meetings", {meeting.id: meeting.to_dict()})

    def put_source(self, source: SourceDocument) -> None:
        """Insert or replace a source document record."""
        self.replace_rows("sources", {source.id: source.to_dict()})

    def put_items(self, items: Iterable[Item]) -> None:
        """Insert or replace whole items (lean row and body, in their shard)."""
        for item in items:
            payload = item.stored()
            key = f"{item.id}@{hashlib.sha256(payload).hexdigest()[:12]}"
            number = _shard_of_item(item.id)
            old = self._store._rows(number, "items").get(item.id)
            if old is not None and old["body"] == key:
                continue
            row = {
                "id": item.id,
                "meeting_id": item.meeting_id,
                "number": item.number,
                "order": item.order,
                "title": item.title,
                "standing": item.standing,
                "shape": item.shape,
                "outline": outline_of(item),
                "body": key,
            }
            self._store._writable_shard(number).put("items", {item.id: row})
            self._opened(item.meeting_id)[item.id] = payload
            self.touched.add(item.meeting_id)

    def remove_items(self, item_ids: Iterable[str]) -> None:
        """Delete items and their bodies."""
        for item_id in list(item_ids):
            number = _shard_of_item(item_id)
            row = self._store._rows(number, "items").get(item_id)
            if row is None:
                continue
            self._store._writable_shard(number).put("items", {item_id: None})
            self._opened(row["meeting_id"]).pop(item_id, None)
            self.touched.add(row["meeting_id"])

    def _opened(self, meeting_id: str) -> dict[str, bytes]:
        """Meeting ``meeting_id``'s items, unpacked for changing."""
        found = self.open.get(meeting_id)
        if found is not None:
            self.open.move_to_end(meeting_id)
            return found
        bodies = self._store._bodies(meeting_id)
        found = self.open[meeting_id] = {key: orjson.dumps(body) for key, body in bodies.items()}
        while len(self.open) > OPEN_MEETINGS:
            self.put_bodies(*self.open.popitem(last=False))
        return found

    def put_bodies(
        self, meeting_id: str, payloads: Mapping[str, bytes], drop: Iterable[str] = ()
    ) -> None:
        """Pack a meeting's items (``stored()`` JSON by id) into its shard's
        ``bodies`` row (none if it has no items), deleting rows ``drop``."""
        rows: dict[str, dict[str, Any] | None] = dict.fromkeys(drop)
        rows[meeting_id] = {"id": meeting_id, "items": pack_bodies(payloads)} if payloads else None
        self._store._writable_shard(shard_of(meeting_id)).put("bodies", rows)

    def pack(self) -> None:
        """Pack every meeting still open (before the commit writes the shards)."""
        while self.open:
            self.put_bodies(*self.open.popitem(last=False))

    def set_meta(self, key: str, value: Any) -> None:
        """Store a small setting in the ``meta`` table."""
        self.replace_rows("meta", {key: {"value": value}})


class _Empty(Records):
    """The shard of meetings that have no items yet."""

    def __init__(self) -> None:
        self.pending = {}

    def rows(self, name: str) -> dict[str, dict[str, Any]]:
        """No rows."""
        return {}


_EMPTY = _Empty()
