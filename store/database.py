"""The store: a folder of TinyDB files, split for archive scale.

Layout of a store folder::

    index.json        meetings, lean item rows, sources, topics (small: the
                      interface loads it at start)
    index.json.bak    the previous index, kept on every write
    bodies/NN.json    whole items (text as blocks), read on demand; an item
                      lives in the shard of its meeting, so importing one
                      meeting rewrites one shard
    .lock             the writers' inter-process lock

Each body is stored under a content key (``<item id>@<hash>``) and the index
row names the key, so the index is the single commit point: bodies are
flushed first, the index last, and a crash in between leaves only unused
bodies, never an index row pointing at a body that is not there.
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
from tinydb.table import Document, Table

from store.models import Item, ItemSummary, Meeting, SourceDocument
from store.storage import (
    AtomicJSONStorage,
    StoreCorrupt,
    StoreError,
    fsync_dir,
    remove_stale_temporaries,
)

__all__ = ["Store", "StoreCorrupt", "StoreError"]

INDEX_NAME = "index.json"
BODIES_DIR = "bodies"
SHARDS = 256
#: Body shards kept parsed in memory at once.
OPEN_SHARDS = 16
#: How long a writer waits for another writer before giving up.
LOCK_TIMEOUT = 60.0
#: Reads of an item's index row and body before a missing body is corruption.
READ_ATTEMPTS = 3
FORMAT_VERSION = 1


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


def body_key(item: dict[str, Any]) -> str:
    """Content key of an item body: same content, same key."""
    digest = hashlib.sha256(orjson.dumps(item, option=orjson.OPT_SORT_KEYS))
    return f"{item['id']}@{digest.hexdigest()[:12]}"


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
    in-process mutex guards the caches. Writing goes through
    ``transaction()``, which takes the inter-process lock, re-reads what
    other writers changed, and commits everything at once; other threads
    reading the same ``Store`` meanwhile see the buffered writes, so a
    program that writes while it reads should write through a ``Store`` of
    its own.
    """

    def __init__(self, root: Path) -> None:
        """Open the store folder ``root`` (use ``Store.open``)."""
        self.root = root
        self._index_storage: AtomicJSONStorage | None = None
        self._index = KeyDB(root / INDEX_NAME, storage=self._make_index_storage)
        self._shards: OrderedDict[int, KeyDB] = OrderedDict()
        self._lock = FileLock(root / ".lock", timeout=LOCK_TIMEOUT)
        self._in_transaction = False
        self._by_meeting: dict[str, list[dict[str, Any]]] | None = None
        self._by_meeting_generation = -1
        #: Guards the shard cache and derived caches across threads.
        self._mutex = threading.RLock()

    def _make_index_storage(self, path: Path) -> AtomicJSONStorage:
        self._index_storage = AtomicJSONStorage(path, backup=True)
        return self._index_storage

    @classmethod
    def open(cls, root: str | Path, *, create: bool = True) -> Store:
        """Open a store folder, creating it if asked; check it parses.

        Args:
            root: The store folder.
            create: Create the folder when it does not exist.

        Raises:
            StoreError: The path is not a usable folder.
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
    def index_storage(self) -> AtomicJSONStorage:
        """The storage behind ``index.json``."""
        assert self._index_storage is not None
        return self._index_storage

    # -- reading ---------------------------------------------------------

    def _raw(self, table: str) -> dict[str, dict[str, Any]]:
        """A table's raw rows by id, straight from the parsed index."""
        return self.index_storage.read().get(table, {})

    def is_empty(self) -> bool:
        """True when no meeting has been imported."""
        return not self._raw("meetings")

    def counts(self) -> tuple[int, int]:
        """Number of meetings and of items."""
        return len(self._raw("meetings")), len(self._raw("items"))

    def meetings(self) -> list[Meeting]:
        """All meetings, newest first."""
        rows = sorted(
            self._raw("meetings").values(),
            key=lambda row: (row["date"], row["id"]),
            reverse=True,
        )
        return [Meeting.from_dict(row) for row in rows]

    def meeting(self, meeting_id: str) -> Meeting | None:
        """One meeting, or None."""
        row = self._raw("meetings").get(meeting_id)
        return Meeting.from_dict(row) if row else None

    def _rows_by_meeting(self) -> dict[str, list[dict[str, Any]]]:
        with self._mutex:
            return self._group_rows()

    def _group_rows(self) -> dict[str, list[dict[str, Any]]]:
        storage = self.index_storage
        data = storage.read()
        if self._by_meeting is None or self._by_meeting_generation != storage.generation:
            grouped: dict[str, list[dict[str, Any]]] = {}
            for row in data.get("items", {}).values():
                grouped.setdefault(row["meeting_id"], []).append(row)
            for rows in grouped.values():
                rows.sort(key=lambda row: row["order"])
            self._by_meeting = grouped
            self._by_meeting_generation = storage.generation
        return self._by_meeting

    def summaries(self, meeting_id: str) -> list[ItemSummary]:
        """A meeting's items, lean, in agenda order."""
        rows = self._rows_by_meeting().get(meeting_id, [])
        return [ItemSummary.from_dict(row) for row in rows]

    def all_summaries(self) -> Iterator[ItemSummary]:
        """Every item's lean row, in no particular order."""
        for row in self._raw("items").values():
            yield ItemSummary.from_dict(row)

    def summary(self, item_id: str) -> ItemSummary | None:
        """One item's lean row, or None."""
        row = self._raw("items").get(item_id)
        return ItemSummary.from_dict(row) if row else None

    def item(self, item_id: str) -> Item | None:
        """One whole item, its body read from its shard; None if unknown.

        Raises:
            StoreCorrupt: The index names a body that its shard does not hold.
        """
        for _ in range(READ_ATTEMPTS):
            row = self._raw("items").get(item_id)
            if row is None:
                return None
            storage = self._shard(shard_of(row["meeting_id"])).storage
            assert isinstance(storage, AtomicJSONStorage)
            body = storage.read().get("bodies", {}).get(row["body"])
            if body is not None:
                return Item.from_dict(body)
            if self._in_transaction:
                break
            # Writers replaced the index and the shard between our two reads,
            # or replaced a file twice so fast that its stamp did not change:
            # read both from disk again.
            self.index_storage.refresh(force=True)
            storage.refresh(force=True)
        raise StoreCorrupt(storage.path, f"the text of item {item_id} is missing")

    def items(self, meeting_id: str) -> list[Item]:
        """A meeting's whole items, in agenda order."""
        found = (self.item(row.id) for row in self.summaries(meeting_id))
        return [item for item in found if item is not None]

    def source(self, source_id: str) -> SourceDocument | None:
        """A source document record, or None."""
        row = self._raw("sources").get(source_id)
        return SourceDocument.from_dict(row) if row else None

    def sources(self) -> list[SourceDocument]:
        """All source document records."""
        return [SourceDocument.from_dict(row) for row in self._raw("sources").values()]

    def kind_of(self, some_id: str) -> str | None:
        """``"meeting"``, ``"item"`` or None for an id typed by a person."""
        if some_id in self._raw("meetings"):
            return "meeting"
        if some_id in self._raw("items"):
            return "item"
        return None

    def table_rows(self, table: str) -> dict[str, dict[str, Any]]:
        """Raw rows of any index table (for topics and search)."""
        return self._raw(table)

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
        exit body shards are flushed first and the index last. On an
        exception nothing reaches disk.

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
            remove_stale_temporaries(self.root)
            remove_stale_temporaries(self.root / BODIES_DIR)
            self._in_transaction = True
            for db in (self._index, *self._shards.values()):
                storage = db.storage
                assert isinstance(storage, AtomicJSONStorage)
                storage.refresh()
                storage.in_transaction = True
            writer = Writer(self)
            yield writer
            try:
                for db in self._shards.values():
                    db.storage.flush()  # type: ignore[attr-defined]
                self.index_storage.flush()
            except OSError as error:
                raise StoreError(
                    f"Cannot write the store at {self.root} ({error.strerror}); "
                    "nothing was changed."
                ) from error
            self._collect_garbage(writer.garbage)
        except BaseException:
            for db in (self._index, *self._shards.values()):
                db.storage.discard()  # type: ignore[attr-defined]
            raise
        finally:
            for db in (self._index, *self._shards.values()):
                db.storage.in_transaction = False  # type: ignore[attr-defined]
            self._in_transaction = False
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
        rows = self._raw("items")
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
            shard.table("bodies").remove(doc_ids=dead)
            try:
                storage.flush()
            except OSError:
                storage.discard()

    def changed_files(self) -> bool:
        """True if a write is buffered (only meaningful in a transaction)."""
        return any(db.storage.dirty for db in (self._index, *self._shards.values()))  # type: ignore[attr-defined]


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

    def table(self, name: str) -> Table:
        """An index table, for rows this module has no method for."""
        return self._store._index.table(name)

    def replace_rows(self, table: str, rows: dict[str, dict[str, Any]]) -> None:
        """Insert or replace whole rows by id; unchanged rows write nothing."""
        current = self._store.table_rows(table)
        changed = {key: row for key, row in rows.items() if current.get(key) != row}
        if not changed:
            return
        target = self.table(table)
        target.remove(doc_ids=[key for key in changed if key in current])
        target.insert_multiple(Document(row, doc_id=key) for key, row in changed.items())

    def remove_rows(self, table: str, keys: Iterable[str]) -> None:
        """Delete rows by id (missing ids are skipped)."""
        current = self._store.table_rows(table)
        present = [key for key in keys if key in current]
        if present:
            self.table(table).remove(doc_ids=present)

    def put_meeting(self, meeting: Meeting) -> None:
        """Insert or replace a meeting."""
        self.replace_rows("meetings", {meeting.id: meeting.to_dict()})

    def put_source(self, source: SourceDocument) -> None:
        """Insert or replace a source document record."""
        self.replace_rows("sources", {source.id: source.to_dict()})

    def put_items(self, items: Iterable[Item]) -> None:
        """Insert or replace whole items: bodies to shards, rows to index."""
        rows: dict[str, dict[str, Any]] = {}
        bodies: dict[int, dict[str, dict[str, Any]]] = {}
        items_list = list(items)
        for item in items_list:
            body = item.to_dict()
            key = body_key(body)
            summary = ItemSummary(
                id=item.id,
                meeting_id=item.meeting_id,
                number=item.number,
                order=item.order,
                title=item.title,
                standing=item.standing,
                shape=item.shape,
                outline=outline_of(item),
            ).to_dict()
            summary["body"] = key
            rows[item.id] = summary
            bodies.setdefault(shard_of(item.meeting_id), {})[key] = body
        old_rows = self._store.table_rows("items")
        for item in items_list:
            key = rows[item.id]["body"]
            if old_rows.get(item.id, {}).get("body") != key:
                self.changed_items[item.id] = (item, key)
                self.removed_items.discard(item.id)
        for shard, shard_bodies in bodies.items():
            for body in shard_bodies.values():
                old = old_rows.get(body["id"])
                if old is not None and old["body"] not in shard_bodies:
                    self.garbage.setdefault(shard, set()).add(old["body"])
            db = self._store._shard(shard)
            existing = db.storage.read().get("bodies", {})
            new = {key: body for key, body in shard_bodies.items() if key not in existing}
            if new:
                db.table("bodies").insert_multiple(
                    Document(body, doc_id=key) for key, body in new.items()
                )
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
