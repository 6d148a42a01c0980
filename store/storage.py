"""One TinyDB file of the store: parsed once, replaced atomically.

TinyDB's stock ``JSONStorage`` re-parses the whole file on every read and
rewrites it in place on every write, so a crash, a full disk or a second
process mid-write corrupts it. ``AtomicJSONStorage`` instead:

* parses the file once with orjson and serves later reads from memory until
  the file on disk changes (checked with one ``stat``);
* writes a temporary file in the same folder, fsyncs it, ``os.replace``-s it
  over the file and fsyncs the folder, so a reader sees the old file or the
  new one, never half of one; the previous version may be kept as
  ``<name>.bak`` (a hard link, no copy);
* refuses to run over a file it cannot parse: ``StoreCorrupt`` names the file
  and the backup, and nothing is written.

Writes are accepted only inside ``Store.transaction()`` (``store.database``),
which holds the inter-process lock and decides when to flush. ``Records``
finds a file's rows by their ``id``, through TinyDB.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import orjson
from tinydb import Storage, TinyDB
from tinydb.table import Document

from store.layout import Stamp, stamp

TEMP_PREFIX = ".tmp-"
#: Threads that write files at once: a commit of many files waits mostly on
#: fsync, which runs outside the GIL; fewer files are written in the caller's.
WRITE_THREADS = 8

T = TypeVar("T")
Rows = dict[str, dict[str, Any]]


class StoreError(Exception):
    """A problem with the store that the user must hear about."""


class StoreCorrupt(StoreError):
    """A store file exists but cannot be parsed; it is left untouched."""

    def __init__(self, path: Path, detail: str) -> None:
        backup = path.with_name(path.name + ".bak")
        hint = f"the previous version is at {backup}" if backup.exists() else "no backup of it exists"
        super().__init__(f"The store file {path} is corrupt ({detail}); it has not been changed, and {hint}.")
        self.path = path


def fsync_dir(folder: Path) -> None:
    """Flush a folder's entries (new and renamed files) to disk."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def atomic_write_bytes(path: Path, data: bytes, *, backup: bool = False) -> None:
    """Replace ``path`` with ``data`` so that readers see old or new, whole
    (``backup``: keep the replaced version as ``<name>.bak``)."""
    folder = path.parent
    fd, tmp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=folder)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if backup and path.exists():
            bak_tmp = folder / f"{TEMP_PREFIX}bak-{tmp.name}"
            os.link(path, bak_tmp)
            os.replace(bak_tmp, path.with_name(path.name + ".bak"))
            # rename() does nothing when both names are already one file (a
            # writer killed between these two replaces leaves it so).
            with contextlib.suppress(FileNotFoundError):
                bak_tmp.unlink()
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_dir(folder)


def in_threads(task: Callable[[T], None], jobs: list[T]) -> None:
    """Run ``task`` on every job, in threads when there are many.

    Raises:
        OSError: The first failure; the other jobs still ran.
    """
    if len(jobs) < WRITE_THREADS:
        for job in jobs:
            task(job)
        return
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(WRITE_THREADS) as pool:
        for future in [pool.submit(task, job) for job in jobs]:
            future.result()


def read_json(path: Path) -> Any:
    """Parse a store file.

    Raises:
        FileNotFoundError: There is no such file.
        StoreCorrupt: The file is empty or not JSON; it is left alone.
    """
    raw = path.read_bytes()
    if not raw.strip():  # writers never write an empty file; a crash elsewhere did
        raise StoreCorrupt(path, "the file is empty")
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise StoreCorrupt(path, str(error)) from None


def remove_stale_temporaries(folder: Path) -> None:
    """Delete temporary files a killed writer left behind (call under lock)."""
    for leftover in folder.glob(f"{TEMP_PREFIX}*"):
        with contextlib.suppress(OSError):
            leftover.unlink()


class AtomicJSONStorage(Storage):
    """TinyDB storage backed by one JSON file, cached and replaced atomically."""

    def __init__(self, path: str | os.PathLike[str], backup: bool = False, missing_ok: bool = True) -> None:
        """Open (not create) the file at ``path``; ``backup``: keep a ``.bak``
        of the previous version on each flush; ``missing_ok``: read a missing
        file as empty (else reading it raises ``FileNotFoundError``)."""
        self.path = Path(path)
        self.backup = backup
        self.missing_ok = missing_ok
        self._data: dict[str, Any] | None = None
        #: The stamp of the file the data in memory was read from or written
        #: to (None before the first read, or for a missing file).
        self.stamp: Stamp | None = None
        self._dirty = False
        #: Set by the owning transaction: writes are buffered while True.
        self.in_transaction = False
        #: Bumped whenever the data in memory changes (a read or a write), so
        #: what is derived from it can tell it is stale.
        self.generation = 0
        self._mutex = threading.Lock()

    def refresh(self, *, force: bool = False) -> None:
        """Re-read the file if another process replaced it since we read it;
        ``force``: even if it looks unchanged (a file replaced twice within
        the clock's resolution can keep its inode, size and time)."""
        with self._mutex:
            now = stamp(self.path)
            if now == self.stamp and self._data is not None and not force:
                return
            if now is None and not self.missing_ok:
                raise FileNotFoundError(errno.ENOENT, "no such store file", str(self.path))
            data = {} if now is None else read_json(self.path)
            # TinyDB's shape: tables of rows, each row an object (a bad row
            # would otherwise surface far from the file that caused it).
            if not isinstance(data, dict) or not all(
                isinstance(table, dict) and all(isinstance(row, dict) for row in table.values())
                for table in data.values()
            ):
                raise StoreCorrupt(self.path, "not a TinyDB document")
            self._data, self.stamp, self._dirty = data, now, False
            self.generation += 1

    def read(self) -> dict[str, Any]:
        """The parsed data (TinyDB's Storage API); the file is re-read if it
        changed, except in a transaction."""
        if not self.in_transaction or self._data is None:
            self.refresh()
        assert self._data is not None
        return self._data

    def write(self, data: dict[str, Any]) -> None:
        """Buffer ``data``; it reaches disk when the transaction commits."""
        if not self.in_transaction:
            raise StoreError(f"write to {self.path} outside Store.transaction(); writes must hold the store lock")
        self._data, self._dirty = data, True
        self.generation += 1

    def flush(self) -> None:
        """Write buffered data atomically (no-op when nothing changed)."""
        if not self._dirty or self._data is None:
            return
        if not self.path.parent.is_dir():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fsync_dir(self.path.parent.parent)
        atomic_write_bytes(self.path, orjson.dumps(self._data), backup=self.backup)
        self.stamp, self._dirty = stamp(self.path), False

    def discard(self) -> None:
        """Forget buffered writes (the transaction failed)."""
        if self._dirty:
            self._data, self.stamp, self._dirty = None, None, False
            self.generation += 1

    def close(self) -> None:
        """Nothing to release: files are opened only while read or written."""


class Records:
    """One TinyDB file, its rows found by their ``id``.

    A table's rows by id are made once per version of the file. In a
    transaction ``put`` changes them in memory, and ``apply`` hands the
    changes to TinyDB (a ``remove`` and an ``insert_multiple`` a table)
    before the commit flushes the file.
    """

    def __init__(self, path: Path, *, missing_ok: bool = True, backup: bool = False) -> None:
        """Open the TinyDB file ``path`` (it need not exist if ``missing_ok``)."""
        self.db = TinyDB(path, storage=AtomicJSONStorage, missing_ok=missing_ok, backup=backup)
        self.storage: AtomicJSONStorage = self.db.storage  # type: ignore[assignment]
        self._keyed: dict[str, tuple[int, Rows]] = {}
        #: Rows changed in the running transaction, by table: id → row or None.
        self.pending: dict[str, dict[str, dict[str, Any] | None]] = {}
        self._mutex = threading.Lock()

    def rows(self, name: str) -> Rows:
        """Table ``name``'s rows by id (do not change them)."""
        with self._mutex:
            data = self.storage.read()
            found = self._keyed.get(name)
            if found is None or found[0] != self.storage.generation:
                keyed = {}
                for row in data.get(name, {}).values():
                    if not isinstance(row.get("id"), str):
                        raise StoreCorrupt(self.storage.path, f"a {name} row has no id")
                    keyed[row["id"]] = row
                found = self._keyed[name] = (self.storage.generation, keyed)
            return found[1]

    def put(self, name: str, rows: Mapping[str, dict[str, Any] | None]) -> None:
        """Buffer rows to insert or replace (a row of None deletes its id)."""
        keyed = self.rows(name)
        if name not in self.pending:  # a copy: readers may hold the rows read
            keyed = dict(keyed)
            self._keyed[name] = (self.storage.generation, keyed)
            self.pending[name] = {}
        for key, row in rows.items():
            self.pending[name][key] = row
            if row is None:
                keyed.pop(key, None)
            else:
                keyed[key] = row

    def apply(self) -> None:
        """Hand the buffered rows to TinyDB (in memory until the flush)."""
        for name, changed in self.pending.items():
            table = self.db.table(name, cache_size=0)
            ids = {row["id"]: int(doc_id) for doc_id, row in self.storage.read().get(name, {}).items()}
            table.remove(doc_ids=[ids[key] for key in changed if key in ids])
            next_id = max(ids.values(), default=0) + 1
            fresh = []
            for key, row in changed.items():
                if row is not None:
                    if key not in ids:
                        ids[key], next_id = next_id, next_id + 1
                    fresh.append(Document(row, doc_id=ids[key]))
            table.insert_multiple(fresh)
        self.pending = {}

    def discard(self) -> None:
        """Forget buffered writes (the transaction failed)."""
        self.pending, self._keyed = {}, {}
        self.storage.discard()
