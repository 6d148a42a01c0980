"""The store: a folder of JSON files, split for archive scale.

Layout of a store folder::

    index.json        the manifest: which file holds each part of each index
                      table (small; replaced last, so the commit point)
    index.json.bak    the previous manifest, kept on every write
    tables/           the index tables (meetings, lean item rows, sources,
                      topics), each split into 256 parts by the meeting a
                      row's key names, in files named by their content
                      (``items-007-<hash>.json``); a reader parses a part
                      when it first needs one of its rows, a writer rewrites
                      only the parts it changed
    bodies/NNN.json   whole items (text as blocks), TinyDB files read on
                      demand; an item lives in the shard of its meeting, so
                      importing one meeting rewrites one shard
    .lock             the writers' inter-process lock

Each body is stored under a content key (``<item id>@<hash>``) and the index
row names the key, so the index is the single commit point: bodies and
table parts are flushed first, the manifest last, and a crash in between
leaves only unused files, never an index row pointing at a body that is not
there. Unused bodies and parts are deleted after the commit (parts the
backup manifest names are kept).
"""

from __future__ import annotations

import hashlib
import threading
import zlib
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson
from filelock import FileLock, Timeout
from tinydb import TinyDB
from tinydb.table import Table

from store.models import Item, ItemSummary, Meeting, SourceDocument
from store.storage import (
    FORMAT,
    AtomicJSONStorage,
    PartedIndex,
    StoreCorrupt,
    StoreError,
    TableRows,
    fsync_dir,
    in_threads,
    remove_stale_temporaries,
)

__all__ = ["Store", "StoreCorrupt", "StoreError"]

INDEX_NAME = "index.json"
TABLES_DIR = "tables"
BODIES_DIR = "bodies"
SHARDS = 256
#: Body shards kept parsed in memory at once.
OPEN_SHARDS = 16
#: How long a writer waits for another writer before giving up.
LOCK_TIMEOUT = 60.0
#: Reads of an item's index row and body before a missing body is corruption.
READ_ATTEMPTS = 3
FORMAT_VERSION = FORMAT


class KeyTable(Table):
    """A TinyDB table keyed by our own readable string ids."""

    document_id_class = str  # type: ignore[assignment]


class KeyDB(TinyDB):
    """TinyDB whose tables use string ids and no query cache."""

    table_class = KeyTable

    def table(self, name: str, **kwargs: Any) -> Table:
        """Return table ``name`` (cache off: another process may write)."""
        kwargs.setdefault("cache_size", 0)
        return super().table(name, **kwargs)


def shard_of(meeting_id: str) -> int:
    """The body shard that holds a meeting's items."""
    return zlib.crc32(meeting_id.encode("utf-8")) % SHARDS


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


class Store:
    """A ModernGov archive on disk.

    Reading needs no inter-process lock: files are only ever replaced
    whole. Reads may come from several threads (the app's workers); an
    in-process mutex guards the shard cache. Writing goes through
    ``transaction()``, which takes the inter-process lock, re-reads what
    other writers changed, and commits everything at once; other threads
    reading the same ``Store`` meanwhile see the buffered writes, so a
    program that writes while it reads should write through a ``Store`` of
    its own.
    """

    def __init__(self, root: Path) -> None:
        """Open the store folder ``root`` (use ``Store.open``)."""
        self.root = root
        self._index = PartedIndex(root / INDEX_NAME, root / TABLES_DIR)
        self._shards: OrderedDict[int, KeyDB] = OrderedDict()
        self._lock = FileLock(root / ".lock", timeout=LOCK_TIMEOUT)
        self._in_transaction = False
        #: Bodies put in the running transaction, serialised, by key: the
        #: shards hold them as ``orjson.Fragment``\ s until the commit.
        self._fresh: dict[str, bytes] = {}
        #: Guards the shard cache across threads.
        self._mutex = threading.RLock()

    @classmethod
    def open(cls, root: str | Path, *, create: bool = True) -> Store:
        """Open a store folder, creating it if asked; check its index parses.

        Args:
            root: The store folder.
            create: Create the folder when it does not exist.

        Raises:
            StoreError: The path is not a usable folder, or the store was
                made by another version of ccpi-tui.
            StoreCorrupt: The index exists but cannot be parsed.
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
        store.index_storage.refresh()
        return store

    @property
    def index_storage(self) -> PartedIndex:
        """The index (its ``generation`` tells when derived caches are stale)."""
        return self._index

    # -- reading ---------------------------------------------------------

    def table_rows(self, table: str) -> TableRows:
        """Rows of any index table by id (for topics and search).

        A read-only mapping over the table as it is now: it does not change
        when the store does. A row is looked up without parsing the rest of
        the table; iterating parses it all.
        """
        return TableRows(self._index.table(table))

    def is_empty(self) -> bool:
        """True when no meeting has been imported."""
        return not len(self._index.table("meetings"))

    def counts(self) -> tuple[int, int]:
        """Number of meetings and of items."""
        return len(self._index.table("meetings")), len(self._index.table("items"))

    def meetings(self) -> list[Meeting]:
        """All meetings, newest first."""
        rows = sorted(
            self.table_rows("meetings").values(),
            key=lambda row: (row["date"], row["id"]),
            reverse=True,
        )
        return [Meeting.from_dict(row) for row in rows]

    def meeting(self, meeting_id: str) -> Meeting | None:
        """One meeting, or None."""
        row = self.table_rows("meetings").get(meeting_id)
        return Meeting.from_dict(row) if row else None

    def summaries(self, meeting_id: str) -> list[ItemSummary]:
        """A meeting's items, lean, in agenda order."""
        rows = sorted(self._index.table("items").group(meeting_id).values(), key=_order)
        return [ItemSummary.from_dict(row) for row in rows]

    def all_summaries(self) -> Iterator[ItemSummary]:
        """Every item's lean row, in no particular order."""
        for row in self.table_rows("items").values():
            yield ItemSummary.from_dict(row)

    def summary(self, item_id: str) -> ItemSummary | None:
        """One item's lean row, or None."""
        row = self.table_rows("items").get(item_id)
        return ItemSummary.from_dict(row) if row else None

    def item(self, item_id: str) -> Item | None:
        """One whole item, its body read from its shard; None if unknown.

        Raises:
            StoreCorrupt: The index names a body that its shard does not hold.
        """
        for _ in range(READ_ATTEMPTS):
            row = self.table_rows("items").get(item_id)
            if row is None:
                return None
            storage = self._shard(shard_of(row["meeting_id"])).storage
            assert isinstance(storage, AtomicJSONStorage)
            body = storage.read().get("bodies", {}).get(row["body"])
            if type(body) is orjson.Fragment:
                fresh = self._fresh.get(row["body"])
                body = orjson.loads(fresh) if fresh is not None else None
            if body is not None:
                return Item.from_dict(body)
            if self._in_transaction:
                break
            # Writers replaced the index and the shard between our two reads,
            # or replaced a file twice so fast that its stamp did not change:
            # read both from disk again.
            self._index.refresh(force=True)
            storage.refresh(force=True)
        raise StoreCorrupt(storage.path, f"the text of item {item_id} is missing")

    def items(self, meeting_id: str) -> list[Item]:
        """A meeting's whole items, in agenda order."""
        found = (self.item(row.id) for row in self.summaries(meeting_id))
        return [item for item in found if item is not None]

    def source(self, source_id: str) -> SourceDocument | None:
        """A source document record, or None."""
        row = self.table_rows("sources").get(source_id)
        return SourceDocument.from_dict(row) if row else None

    def sources(self) -> list[SourceDocument]:
        """All source document records."""
        return [SourceDocument.from_dict(row) for row in self.table_rows("sources").values()]

    def kind_of(self, some_id: str) -> str | None:
        """``"meeting"``, ``"item"`` or None for an id typed by a person."""
        if some_id in self.table_rows("meetings"):
            return "meeting"
        if some_id in self.table_rows("items"):
            return "item"
        return None

    def _shard(self, number: int) -> KeyDB:
        with self._mutex:
            return self._cached_shard(number)

    def _cached_shard(self, number: int) -> KeyDB:
        shard = self._shards.get(number)
        if shard is None:
            path = self.root / BODIES_DIR / f"{number:03d}.json"
            shard = KeyDB(path, storage=AtomicJSONStorage)
            self._shards[number] = shard
            if self._in_transaction:
                storage = shard.storage
                assert isinstance(storage, AtomicJSONStorage)
                storage.refresh()
                storage.in_transaction = True
            while len(self._shards) > OPEN_SHARDS and not self._in_transaction:
                self._shards.popitem(last=False)
        else:
            self._shards.move_to_end(number)
        return shard

    # -- writing ---------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Writer]:
        """Hold the writers' lock and commit all changes at once.

        Everything written through the ``Writer`` is buffered; on a clean
        exit body shards are flushed first, then the index's changed parts,
        and its manifest last. On an exception nothing reaches disk.

        Raises:
            StoreError: Another writer held the lock for too long, or the
                lock or the files could not be written (a full disk, a
                file-size limit, no permission); then nothing was changed.
        """
        if self._in_transaction:
            raise StoreError("transactions do not nest")
        try:
            self._lock.acquire()
        except Timeout:
            raise StoreError(
                f"Another process has been writing to the store at {self.root} "
                f"for over {LOCK_TIMEOUT:.0f} seconds; try again later."
            ) from None
        except OSError as error:
            raise StoreError(
                f"Cannot lock the store at {self.root} for writing ({error.strerror})."
            ) from error
        try:
            for folder in (self.root, self.root / TABLES_DIR, self.root / BODIES_DIR):
                remove_stale_temporaries(folder)
            self._in_transaction = True
            self._index.begin()
            for db in self._shards.values():
                storage = db.storage
                assert isinstance(storage, AtomicJSONStorage)
                storage.refresh()
                storage.in_transaction = True
            writer = Writer(self)
            yield writer
            try:
                written = [db.storage for db in self._shards.values() if db.storage.dirty]  # type: ignore[attr-defined]
                in_threads(AtomicJSONStorage.flush, written)
                self._index.flush()
                for storage in written:
                    # It holds new bodies as fragments: read it again if needed.
                    storage.forget()
            except OSError as error:
                raise StoreError(
                    f"Cannot write the store at {self.root} ({error.strerror}); "
                    "nothing was changed."
                ) from error
            self._collect_garbage(writer.garbage)
        except BaseException:
            self._index.discard()
            for db in self._shards.values():
                db.storage.discard()  # type: ignore[attr-defined]
            raise
        finally:
            for db in self._shards.values():
                db.storage.in_transaction = False  # type: ignore[attr-defined]
            self._in_transaction = False
            self._fresh = {}
            while len(self._shards) > OPEN_SHARDS:
                self._shards.popitem(last=False)
            self._lock.release()

    def _collect_garbage(self, garbage: dict[int, set[str]]) -> None:
        """Delete old bodies once the committed index no longer names them.

        A key can be garbage and named again in one transaction (an item
        put back to its stored text), so each is checked against the index.
        The index has committed: a failed write here only leaves unused
        bodies behind, so it does not fail the transaction.
        """
        rows = self.table_rows("items")
        for number, keys in garbage.items():
            shard = self._shard(number)
            storage = shard.storage
            assert isinstance(storage, AtomicJSONStorage)
            bodies = storage.read().get("bodies", {})
            dead = [
                key
                for key in keys
                if key in bodies and rows.get(key.rsplit("@", 1)[0], {}).get("body") != key
            ]
            if not dead:
                continue
            for key in dead:
                del bodies[key]
            storage.touch()
            try:
                storage.flush()
            except OSError:
                storage.discard()

    def changed_files(self) -> bool:
        """True if a write is buffered (only meaningful in a transaction)."""
        return self._index.dirty or any(
            db.storage.dirty  # type: ignore[attr-defined]
            for db in self._shards.values()
        )


def _order(row: dict[str, Any]) -> int:
    return row["order"]  # type: ignore[no-any-return]


class Writer:
    """Writes made inside ``Store.transaction()``; see there."""

    def __init__(self, store: Store) -> None:
        """Wrap ``store`` (made by ``Store.transaction``)."""
        self._store = store
        #: Body keys to delete once the index no longer names them.
        self.garbage: dict[int, set[str]] = {}
        #: Items whose body changed in this transaction, with their new key
        #: (for the search index).
        self.changed_items: dict[str, tuple[Item, str]] = {}
        #: Items deleted in this transaction.
        self.removed_items: set[str] = set()

    def replace_rows(self, table: str, rows: dict[str, dict[str, Any]]) -> None:
        """Insert or replace whole rows by id; unchanged rows write nothing."""
        current = self._store.table_rows(table)
        changed = [(key, row) for key, row in rows.items() if current.get(key) != row]
        if changed:
            target = self._store._index.writable(table)
            for key, row in changed:
                target.set(key, row)

    def remove_rows(self, table: str, keys: Iterable[str]) -> None:
        """Delete rows by id (missing ids are skipped)."""
        current = self._store.table_rows(table)
        present = [key for key in keys if key in current]
        if present:
            target = self._store._index.writable(table)
            for key in present:
                target.remove(key)

    def put_meeting(self, meeting: Meeting) -> None:
        """Insert or replace a meeting."""
        self.replace_rows("meetings", {meeting.id: meeting.to_dict()})

    def put_source(self, source: SourceDocument) -> None:
        """Insert or replace a source document record."""
        self.replace_rows("sources", {source.id: source.to_dict()})

    def put_items(self, items: Iterable[Item]) -> None:
        """Insert or replace whole items: bodies to shards, rows to index."""
        rows: dict[str, dict[str, Any]] = {}
        old_rows = self._store.table_rows("items")
        for item in items:
            payload = orjson.dumps(item)
            key = f"{item.id}@{hashlib.sha256(payload).hexdigest()[:12]}"
            rows[item.id] = {
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
            shard = shard_of(item.meeting_id)
            old = old_rows.get(item.id)
            if old is not None and old["body"] != key:
                self.garbage.setdefault(shard, set()).add(old["body"])
            if old is None or old["body"] != key:
                self.changed_items[item.id] = (item, key)
                self.removed_items.discard(item.id)
            storage = self._store._shard(shard).storage
            assert isinstance(storage, AtomicJSONStorage)
            bodies = storage.read().setdefault("bodies", {})
            if key not in bodies:
                # Written as is at the commit; parsed only if read back first.
                bodies[key] = orjson.Fragment(payload)
                self._store._fresh[key] = payload
                storage.touch()
        self.replace_rows("items", rows)

    def remove_items(self, item_ids: Iterable[str]) -> None:
        """Delete items and their bodies."""
        rows = self._store.table_rows("items")
        for item_id in list(item_ids):
            row = rows.get(item_id)
            if row is None:
                continue
            self.garbage.setdefault(shard_of(row["meeting_id"]), set()).add(row["body"])
            self.remove_rows("items", [item_id])
            self.removed_items.add(item_id)
            self.changed_items.pop(item_id, None)

    def set_meta(self, key: str, value: Any) -> None:
        """Store a small setting in the ``meta`` table."""
        self.replace_rows("meta", {key: {"value": value}})
