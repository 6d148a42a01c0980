"""The store: the records of record, in plain TinyDB files (``store.layout``).

A commit writes each shard it changes under a new name before
``records.json`` names it, so a crash in between leaves an unused file,
never a half-changed shard, and a reader listing from one version of
``records.json`` sees a commit whole or not at all. ``TinyDB(path,
access_mode="r")`` reads every file: TinyDB numbers the rows, our id is
each row's ``id``.
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
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import orjson

from store.layout import (
    BODIES_FORMAT,
    BODIES_META,
    FOLDER,
    ITEMS_DIR,
    MAPS,
    MEETINGS_DIR,
    RECORDS_NAME,
    SHARDS,
    SOURCES_DIR,
    Stamp,
    generation_of,
    shard_of,
)
from store.lockfile import LockTimeout, WriterLock
from store.models import Item, ItemSummary, Meeting, SourceDocument
from store.storage import (
    AtomicJSONStorage,
    Records,
    Rows,
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

T = TypeVar("T")
Changes = Mapping[str, dict[str, Any] | None]

#: Shard files kept parsed, by folder: meetings and sources are small and
#: listed whole, items large and read a meeting at a time.
KEPT = {ITEMS_DIR: 16, MEETINGS_DIR: SHARDS, SOURCES_DIR: SHARDS}
#: How long a writer waits for another writer before giving up.
LOCK_TIMEOUT = 60.0
#: Reads of a shard before a file the records name is missing is corruption.
READ_ATTEMPTS = 3
#: Generations the change log reaches back (an index further behind rebuilds),
#: and the meetings it names at most besides the last commit's (always kept):
#: older commits go first, so a whole import does not stay in it.
CHANGES_KEPT, CHANGES_MEETINGS = 200, 1000
CORRECTIONS = "topic_corrections"
#: Meetings a transaction keeps unpacked while it changes them: an import
#: merges a meeting's documents one after another, and packs it once.
OPEN_MEETINGS = 8
#: An item's fields its lean row holds (with its outline and its body's key).
LEAN = ("id", "meeting_id", "number", "order", "title", "standing", "shape")


def _meeting_of(item_id: str) -> str:
    return item_id.split("/", 1)[0]


def pack_bodies(payloads: Mapping[str, bytes]) -> str:
    """A meeting's ``bodies`` row: the JSON object of its items by id (each
    ``Item.stored()``), zlib-compressed, in base64 (JSON holds text).

    A meeting's items share most of their words: packed together they take a
    sixth of their JSON on the benchmark's archive, one by one a third.
    """
    joined = b",".join(orjson.dumps(key) + b":" + payload for key, payload in payloads.items())
    return base64.b64encode(zlib.compress(b"{" + joined + b"}", 6)).decode("ascii")


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


class Store:
    """A ModernGov archive on disk.

    Reading needs no inter-process lock: files are only ever replaced whole.
    Reads may come from several threads (the app's workers); an in-process
    mutex guards the shard cache. Writing goes through ``transaction()``,
    which takes the inter-process lock, re-reads what other writers changed
    and commits everything at once; other threads reading the same ``Store``
    meanwhile see the buffered writes.
    """

    def __init__(self, root: Path) -> None:
        """Open the store folder ``root`` (use ``Store.open``)."""
        self.root = root
        self._records = Records(root / RECORDS_NAME, backup=True)
        #: Shard files parsed, by folder and shard, least recently read first.
        self._open: dict[str, OrderedDict[int, Records]] = {folder: OrderedDict() for folder in MAPS}
        self._lock = WriterLock(root / ".lock", timeout=LOCK_TIMEOUT)
        #: The running transaction's writer, and the shards it changes.
        self._writer: Writer | None = None
        self._writing: dict[tuple[str, int], Records] = {}
        self._mutex = threading.RLock()
        #: One sentence for the user when opening migrated an older store.
        self.migrated: str | None = None

    @classmethod
    def open(cls, root: str | Path, *, create: bool = True) -> Store:
        """Open a store folder, creating it if asked; check its records parse.
        An older store is moved to this layout first; ``migrated`` says so.

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
                raise StoreError(f"Cannot create the store folder {root}: {error.strerror}.") from None
            fsync_dir(root.parent)
        from store.migrate import migrate

        store = cls(root)
        store.migrated = migrate(store)
        store._records.rows("meta")
        return store

    # -- reading ---------------------------------------------------------

    @property
    def generation(self) -> int:
        """The committed generation: one more for each transaction that wrote."""
        return int(self.meta("generation") or 0)

    def meta(self, key: str) -> Any:
        """A setting ``Writer.set_meta`` stored (None if none)."""
        row = self._records.rows("meta").get(key)
        return row["value"] if row else None

    @property
    def records_stamp(self) -> Stamp | None:
        """The stamp of the ``records.json`` ``generation`` was last read from."""
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
        """A table's rows by id (of every shard if sharded); do not change them."""
        if table == "items":
            return {row["id"]: row for n in range(SHARDS) for row in list(self._rows(table, n).values())}
        return self._all_rows(table) if table in FOLDER else self._records.rows(table)

    def corrections(self) -> dict[str, dict[str, Any]]:
        """The clerk's topic corrections, by id."""
        return dict(self._records.rows(CORRECTIONS))

    def is_empty(self) -> bool:
        """True when no meeting has been imported."""
        return not self.counts()[0]

    def counts(self) -> tuple[int, int]:
        """Number of meetings and of items."""
        meetings = self._records.rows(MAPS[MEETINGS_DIR]).values()
        items = self._records.rows(MAPS[ITEMS_DIR]).values()
        return sum(row["meetings"] for row in meetings), sum(row["items"] for row in items)

    def meetings(self) -> list[Meeting]:
        """All meetings, newest first."""
        rows = sorted(self._all_rows("meetings").values(), key=lambda row: (row["date"], row["id"]), reverse=True)
        return [Meeting.from_dict(row) for row in rows]

    def meeting(self, meeting_id: str) -> Meeting | None:
        """One meeting, or None."""
        row = self._rows("meetings", shard_of(meeting_id)).get(meeting_id)
        return Meeting.from_dict(row) if row else None

    def summaries(self, meeting_id: str) -> list[ItemSummary]:
        """A meeting's items, lean, in agenda order."""
        rows = self._agendas(shard_of(meeting_id), {meeting_id})[meeting_id]
        return [ItemSummary.from_dict(row) for row in rows]

    def all_summaries(self) -> Iterator[ItemSummary]:
        """Every item's lean row, shard by shard."""
        for number in range(SHARDS):
            for row in list(self._rows("items", number).values()):
                yield ItemSummary.from_dict(row)

    def summary(self, item_id: str) -> ItemSummary | None:
        """One item's lean row, or None."""
        row = self._rows("items", shard_of(_meeting_of(item_id))).get(item_id)
        return ItemSummary.from_dict(row) if row else None

    def item(self, item_id: str) -> Item | None:
        """One whole item, or None if unknown."""
        body = self._bodies(_meeting_of(item_id)).get(item_id)
        if body is None:
            self._missing(item_id)
            return None
        return Item.from_dict(body)

    def items(self, meeting_id: str) -> list[Item]:
        """A meeting's whole items, in agenda order."""
        return self._whole(meeting_id, self._agendas(shard_of(meeting_id), {meeting_id})[meeting_id])

    def items_by_shard(self, meeting_ids: Iterable[str]) -> Iterator[tuple[str, list[Item]]]:
        """Each of these meetings with its whole items (agenda order), each
        shard's together, so each shard is read once."""
        for number, ids in _by_shard(meeting_ids):
            for meeting_id, rows in self._agendas(number, ids).items():
                yield meeting_id, self._whole(meeting_id, rows)

    def summaries_by_shard(self, meeting_ids: Iterable[str]) -> Iterator[tuple[str, list[ItemSummary]]]:
        """Each of these meetings with its lean items, as ``items_by_shard``."""
        for number, ids in _by_shard(meeting_ids):
            for meeting_id, rows in self._agendas(number, ids).items():
                yield meeting_id, [ItemSummary.from_dict(row) for row in rows]

    def spill(self, meeting_ids: Iterable[str]) -> ItemSpill:
        """The whole items of many meetings, for reading in any order."""
        return ItemSpill(self.items_by_shard(meeting_ids))

    def source(self, source_id: str, meeting_id: str | None = None) -> SourceDocument | None:
        """A source document record, or None (``meeting_id``, the meeting it
        describes, when known: only that meeting's shard is read)."""
        rows = self._all_rows("sources") if meeting_id is None else self._rows("sources", shard_of(meeting_id))
        row = rows.get(source_id)
        return SourceDocument.from_dict(row) if row else None

    def sources(self) -> list[SourceDocument]:
        """All source document records."""
        return [SourceDocument.from_dict(row) for row in self._all_rows("sources").values()]

    def kind_of(self, some_id: str) -> str | None:
        """``"meeting"``, ``"item"`` or None for an id typed by a person."""
        if self.meeting(some_id) is not None:
            return "meeting"
        return "item" if self.summary(some_id) is not None else None

    def search_index(self) -> SearchIndex:
        """The search over every item, caught up with the records."""
        from store.search import SearchIndex

        return SearchIndex.open(self.root)

    def thread(self, item_id: str) -> ThreadView:
        """An item's topic thread, related items and resolved references."""
        from store.topics import thread_view

        return thread_view(self, item_id)

    def _agendas(self, number: int, meeting_ids: set[str]) -> dict[str, list[dict[str, Any]]]:
        """The lean item rows of these meetings of shard ``number``, in agenda order."""
        found: dict[str, list[dict[str, Any]]] = {meeting: [] for meeting in sorted(meeting_ids)}
        rows = [row for row in list(self._rows("items", number).values()) if row["meeting_id"] in found]
        for row in sorted(rows, key=itemgetter("order")):
            found[row["meeting_id"]].append(row)
        return found

    def _whole(self, meeting_id: str, rows: list[dict[str, Any]]) -> list[Item]:
        """The whole items of these lean rows of meeting ``meeting_id``."""
        bodies = self._bodies(meeting_id)
        for row in rows:
            if row["id"] not in bodies:
                self._missing(row["id"])
        return [Item.from_dict(bodies[row["id"]]) for row in rows if row["id"] in bodies]

    def _bodies(self, meeting_id: str) -> dict[str, dict[str, Any]]:
        """A meeting's whole items as stored, by id (with the transaction's changes)."""
        writer = self._writer
        opened = writer.open.get(meeting_id) if writer is not None else None
        if opened is not None:  # copied at once: the writer's thread may be changing it
            return {key: orjson.loads(payload) for key, payload in list(opened.items())}
        number = shard_of(meeting_id)
        row = self._rows("bodies", number).get(meeting_id)
        try:
            return unpack_bodies(row["items"]) if row else {}
        except (ValueError, TypeError, KeyError, zlib.error):
            raise StoreCorrupt(self._path(number), f"the items of meeting {meeting_id} do not unpack") from None

    def _missing(self, item_id: str) -> None:
        """Nothing to do for an unknown item; a known one without its body is corruption."""
        number = shard_of(_meeting_of(item_id))
        if item_id in self._rows("items", number):
            raise StoreCorrupt(self._path(number), f"the text of item {item_id} is missing")

    def _path(self, number: int) -> Path:
        shard = self._shard(ITEMS_DIR, number)
        return shard.storage.path if shard else self.root / ITEMS_DIR

    def _rows(self, table: str, number: int) -> Rows:
        """Shard ``number``'s rows of ``table`` by id (do not change them)."""

        def read() -> Rows:
            shard = self._shard(FOLDER[table], number)
            return shard.rows(table) if shard else {}

        return self._reading(read)

    def _all_rows(self, table: str) -> Rows:
        """Every shard's rows of ``meetings`` or ``sources`` by id, from the
        files one version of the records names: a commit is seen whole or not."""
        folder = FOLDER[table]

        def read() -> Rows:
            with self._mutex:
                files = self._records.rows(MAPS[folder])
                numbers = {int(key) for key in files} | {n for (f, n) in list(self._writing) if f == folder}
                shards = [self._shard(folder, number, files) for number in sorted(numbers)]
            merged: Rows = {}
            for shard in shards:
                if shard is not None:
                    merged.update(shard.rows(table))
            return merged

        return self._reading(read)

    def _reading(self, read: Callable[[], T]) -> T:
        """``read()``, again from the records as they are now if a shard file
        is gone: a writer deletes a shard's file two commits after replacing
        it, so a reader holding old records may find it gone."""
        for _ in range(READ_ATTEMPTS):
            try:
                return read()
            except FileNotFoundError as error:
                missing = error.filename
                if self._writer is not None:
                    break
                self._records.storage.refresh(force=True)
        raise StoreCorrupt(Path(missing or self.root), "a shard the records name is missing")

    def _shard(self, folder: str, number: int, files: Rows | None = None) -> Records | None:
        """Shard ``number`` of ``folder``: the running transaction's, else the
        file the records (or ``files``, a map of them) name, else None."""
        with self._mutex:
            shard = self._writing.get((folder, number))
            if shard is not None:
                return shard
            row = (self._records.rows(MAPS[folder]) if files is None else files).get(f"{number:03d}")
            if row is None:
                return None
            shard = self._open[folder].get(number)
            if shard is None or shard.storage.path.name != row["file"]:
                shard = Records(self.root / folder / row["file"], missing_ok=False)
            return self._keep(folder, number, shard)

    def _keep(self, folder: str, number: int, shard: Records) -> Records:
        """Keep ``shard`` parsed as the most recently read of ``folder``."""
        opened = self._open[folder]
        opened.pop(number, None)
        opened[number] = shard
        while len(opened) > KEPT[folder]:
            opened.popitem(last=False)
        return shard

    # -- writing ---------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Writer]:
        """Hold the writers' lock and commit all changes at once.

        The ``Writer``'s writes are buffered; on a clean exit the changed
        shards are written under new names, then ``records.json`` naming them,
        and last the index catches up (if that fails, its next open sees it is
        behind). On an exception nothing reaches disk.

        Raises:
            StoreError: Another writer held the lock for too long, or the
                files could not be written (a full disk, a file-size limit,
                no permission); then nothing was changed.
        """
        if self._writer is not None:
            raise StoreError("transactions do not nest")
        try:
            self._lock.acquire()
        except LockTimeout:
            raise StoreError(
                f"Another process has been writing to the store at {self.root} "
                f"for over {LOCK_TIMEOUT:.0f} seconds; try again later."
            ) from None
        except OSError as error:
            raise StoreError(f"Cannot lock the store at {self.root} for writing ({error.strerror}).") from error
        committed = False
        try:
            for folder in (self.root, *(self.root / folder for folder in MAPS)):
                remove_stale_temporaries(folder)
            self._records.storage.refresh(force=True)
            generation = self.generation  # files of a later one: a killed writer's
            self._sweep(lambda folder, name: generation_of(name) > generation)
            self._records.storage.in_transaction = True
            writer = self._writer = Writer(self)
            yield writer
            committed = self._commit(writer)
        except BaseException:
            self._records.discard()
            raise
        finally:
            self._records.storage.in_transaction = False
            self._writing, self._writer = {}, None
            self._lock.release()
        if committed:
            from store.index import catch_up

            catch_up(self)

    def _commit(self, writer: Writer) -> bool:
        """Write the changed shards, then the records; True if anything changed."""
        records = self._records
        if not records.pending and not self._writing:
            return False
        writer.pack()
        generation = self.generation + 1
        written: list[Records] = []
        kept: dict[tuple[str, str], set[str]] = {}
        for (folder, number), shard in self._writing.items():
            shard.apply()
            key, file = f"{number:03d}", f"{number:03d}-{generation}.json"
            old = records.rows(MAPS[folder]).get(key)
            # Kept: the file the records name until this commit, for readers of them.
            kept[(folder, key)] = {file, old["file"] if old else ""}
            if any(shard.storage.read().values()):
                shard.storage.path = self.root / folder / file
                written.append(shard)
                records.put(MAPS[folder], {key: {"id": key, "file": file, folder: len(shard.rows(folder))}})
            else:
                records.put(MAPS[folder], {key: None})
        meta = {"generation": generation, BODIES_META: BODIES_FORMAT}
        records.put("meta", {key: {"id": key, "value": value} for key, value in meta.items()})
        records.put("changes", self._change_log(generation, writer.touched))
        records.apply()
        try:
            in_threads(AtomicJSONStorage.flush, [shard.storage for shard in written])
            for parent in {shard.storage.path.parent for shard in written}:
                fsync_dir(parent)
            records.storage.flush()
        except OSError as error:
            for shard in written:  # named by nothing: the records did not commit
                with contextlib.suppress(OSError):
                    shard.storage.path.unlink()
            raise StoreError(
                f"Cannot write the store at {self.root} ({error.strerror}); nothing was changed."
            ) from error
        self._sweep(lambda folder, name: name not in kept.get((folder, name[:3]), {name}))
        with self._mutex:
            for (folder, number), shard in self._writing.items():
                if shard in written:
                    shard.storage.in_transaction = False
                    self._keep(folder, number, shard)
        return True

    def _change_log(self, generation: int, touched: set[str]) -> Changes:
        """The change log's rows at commit ``generation``: its own, and None for
        each older one no longer kept (see ``CHANGES_KEPT``)."""
        rows: dict[str, dict[str, Any] | None] = {
            str(generation): {"id": str(generation), "meetings": sorted(touched)}
        }
        named = 0
        log = self._records.rows("changes")
        for number in sorted(map(int, log), reverse=True):
            if number < generation:
                named += len(log[str(number)]["meetings"])
                if number <= generation - CHANGES_KEPT or named > CHANGES_MEETINGS:
                    rows[str(number)] = None
        return rows

    def _sweep(self, doomed: Callable[[str, str], bool]) -> None:
        """Delete the shard files ``doomed(folder, name)`` (a failure leaves them)."""
        for folder in MAPS:
            with contextlib.suppress(OSError), os.scandir(self.root / folder) as entries:
                for entry in entries:
                    if doomed(folder, entry.name):
                        with contextlib.suppress(OSError):
                            os.unlink(entry.path)

    def _writable(self, folder: str, number: int) -> Records:
        """Shard ``number`` of ``folder`` as the running transaction may change it."""
        if self._writer is None:
            raise StoreError(
                f"write to {self.root} outside Store.transaction(); writes must hold the store lock"
            )
        with self._mutex:
            shard = self._writing.get((folder, number))
            if shard is None:
                current = self._shard(folder, number)
                shard = Records(self.root / folder / f"{number:03d}-new.json")
                shard.storage.in_transaction = True
                data = self._reading(current.storage.read) if current else {}
                shard.storage.write({name: dict(rows) for name, rows in data.items()})
                self._writing[(folder, number)] = shard
            return shard


def _by_shard(meeting_ids: Iterable[str]) -> list[tuple[int, set[str]]]:
    """These meetings grouped by shard, in shard order."""
    wanted: dict[int, set[str]] = {}
    for meeting_id in meeting_ids:
        wanted.setdefault(shard_of(meeting_id), set()).add(meeting_id)
    return sorted(wanted.items())


class ItemSpill:
    """Whole items of many meetings, kept serialised in a temporary file to be
    read back in any order: reading an archive in date order costs about two
    parses of it, not one of a shard per meeting, and never holds it in memory."""

    def __init__(self, meetings: Iterable[tuple[str, list[Item]]]) -> None:
        """Spill each meeting's items (``Store.items_by_shard``)."""
        self._file = tempfile.TemporaryFile()
        self._spans: dict[str, tuple[int, int]] = {}
        self._meetings: dict[str, list[str]] = {}
        for meeting_id, items in meetings:
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


class Writer:
    """Writes made inside ``Store.transaction()``; see there."""

    def __init__(self, store: Store) -> None:
        """Wrap ``store`` (made by ``Store.transaction``)."""
        self._store = store
        #: Meetings whose records changed (for the change log).
        self.touched: set[str] = set()
        #: The meetings being changed, unpacked (each item's ``stored()`` by
        #: id), least recently changed first: packed when more than
        #: ``OPEN_MEETINGS`` are open and at the commit.
        self.open: OrderedDict[str, dict[str, bytes]] = OrderedDict()

    def replace_rows(self, table: str, rows: dict[str, dict[str, Any]]) -> None:
        """Insert or replace whole rows by id; unchanged rows write nothing.
        Meetings and sources go to their meeting's shard."""
        whole = {key: {"id": key, **row} for key, row in rows.items()}
        if table not in FOLDER:
            self._put(table, whole)
            return
        for key, row in whole.items():
            self._put(table, {key: row}, key if table == "meetings" else row["meeting_id"])

    def remove_rows(self, table: str, keys: Iterable[str]) -> None:
        """Delete rows by id (missing ids are skipped; ``remove_sources`` reads
        only its meeting's shard)."""
        if table == "sources":
            rows = self._store.table_rows(table)
            for key in [key for key in keys if key in rows]:
                self._put(table, {key: None}, rows[key]["meeting_id"])
        elif table == "meetings":
            for key in keys:
                self._put(table, {key: None}, key)
        else:
            self._put(table, dict.fromkeys(keys))

    def remove_sources(self, meeting_id: str, source_ids: Iterable[str]) -> None:
        """Delete source document records of meeting ``meeting_id``."""
        self._put("sources", dict.fromkeys(source_ids), meeting_id)

    def _put(self, table: str, rows: Changes, meeting_id: str | None = None) -> None:
        """Buffer the rows that change ``table``: in the records, or in meeting
        ``meeting_id``'s shard."""
        store, number = self._store, shard_of(meeting_id or "")
        current = store._records.rows(table) if meeting_id is None else store._rows(table, number)
        changed = {key: row for key, row in rows.items() if current.get(key) != row}
        if changed and meeting_id is None:
            store._records.put(table, changed)
        elif changed:
            store._writable(FOLDER[table], number).put(table, changed)
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
            body = f"{item.id}@{hashlib.sha256(payload).hexdigest()[:12]}"
            number = shard_of(_meeting_of(item.id))
            old = self._store._rows("items", number).get(item.id)
            if old is not None and old["body"] == body:
                continue
            row = {name: getattr(item, name) for name in LEAN}
            row.update(outline=outline_of(item), body=body)
            self._store._writable(ITEMS_DIR, number).put("items", {item.id: row})
            self._opened(item.meeting_id)[item.id] = payload
            self.touched.add(item.meeting_id)

    def remove_items(self, item_ids: Iterable[str]) -> None:
        """Delete items and their bodies."""
        for item_id in list(item_ids):
            number = shard_of(_meeting_of(item_id))
            row = self._store._rows("items", number).get(item_id)
            if row is not None:
                self._store._writable(ITEMS_DIR, number).put("items", {item_id: None})
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

    def put_bodies(self, meeting_id: str, payloads: Mapping[str, bytes], drop: Iterable[str] = ()) -> None:
        """Pack a meeting's items (``stored()`` JSON by id) into its shard's
        ``bodies`` row (none if it has no items), deleting rows ``drop``."""
        rows: dict[str, dict[str, Any] | None] = dict.fromkeys(drop)
        rows[meeting_id] = {"id": meeting_id, "items": pack_bodies(payloads)} if payloads else None
        self._store._writable(ITEMS_DIR, shard_of(meeting_id)).put("bodies", rows)

    def pack(self) -> None:
        """Pack every meeting still open (before the commit writes the shards)."""
        while self.open:
            self.put_bodies(*self.open.popitem(last=False))

    def set_meta(self, key: str, value: Any) -> None:
        """Store a small setting in the ``meta`` table."""
        self.replace_rows("meta", {key: {"value": value}})
