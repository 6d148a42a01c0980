"""A crash-safe TinyDB storage: parse once, replace atomically.

TinyDB's stock ``JSONStorage`` re-reads and re-parses the whole file on every
read and rewrites it in place on every write, so a crash, a full disk or a
second process mid-write corrupts it. ``AtomicJSONStorage`` instead:

* parses the file once with orjson and serves later reads from memory until
  the file on disk changes (checked with one ``stat``);
* writes a temporary file in the same folder, fsyncs it, ``os.replace``-s it
  over the store and fsyncs the folder, so a reader sees the old file or the
  new one, never half of one;
* keeps the previous version as ``<name>.bak`` (a hard link, no copy);
* refuses to run over a file it cannot parse: ``StoreCorrupt`` names the file
  and the backup, and nothing is written.

Writes are only accepted inside ``Store.transaction()`` (see
``store.database``), which holds the inter-process lock and decides when to
flush.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import orjson
from tinydb import Storage

from store.layout import Stamp, stamp

TEMP_PREFIX = ".tmp-"

T = TypeVar("T")


class StoreError(Exception):
    """A problem with the store that the user must hear about."""


class StoreCorrupt(StoreError):
    """A store file exists but cannot be parsed; it is left untouched."""

    def __init__(self, path: Path, detail: str) -> None:
        backup = path.with_name(path.name + ".bak")
        hint = (
            f"the previous version is at {backup}"
            if backup.exists()
            else "no backup of it exists"
        )
        super().__init__(
            f"The store file {path} is corrupt ({detail}); it has not been "
            f"changed, and {hint}."
        )
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
    """Replace ``path`` with ``data`` so that readers see old or new, whole.

    Args:
        path: The file to replace.
        data: Its new content.
        backup: Keep the replaced version as ``<name>.bak``.
    """
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


#: Threads that write files at once: a commit of many files waits mostly on
#: fsync, which runs outside the GIL.
WRITE_THREADS = 8
#: Fewer jobs than this run in the caller's thread: starting threads costs
#: more than it saves on a small commit.
THREADED_JOBS = 8


def in_threads(task: Callable[[T], None], jobs: list[T]) -> None:
    """Run ``task`` on every job, in threads when there are many.

    Raises:
        OSError: The first failure; the other jobs still ran.
    """
    if len(jobs) < THREADED_JOBS:
        for job in jobs:
            task(job)
        return
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(min(WRITE_THREADS, len(jobs))) as pool:
        for future in [pool.submit(task, job) for job in jobs]:
            future.result()


def read_json(path: Path) -> Any:
    """Parse a store file.

    Raises:
        FileNotFoundError: There is no such file.
        StoreCorrupt: The file is empty or not JSON; it is left alone.
    """
    raw = path.read_bytes()
    if not raw.strip():
        # Writers never write an empty file; a crash elsewhere did.
        raise StoreCorrupt(path, "the file is empty")
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise StoreCorrupt(path, str(error)) from None


def remove_stale_temporaries(folder: Path) -> None:
    """Delete temporary files a killed writer left behind (call under lock)."""
    if not folder.is_dir():
        return
    for leftover in folder.glob(f"{TEMP_PREFIX}*"):
        with contextlib.suppress(OSError):
            leftover.unlink()


class AtomicJSONStorage(Storage):
    """TinyDB storage backed by one JSON file, cached and replaced atomically."""

    def __init__(
        self, path: str | os.PathLike[str], backup: bool = False, missing_ok: bool = True
    ) -> None:
        """Open (not create) the file at ``path``.

        Args:
            path: The JSON file.
            backup: Keep a ``.bak`` of the previous version on each flush.
            missing_ok: Read a missing file as empty; if False, reading it
                raises ``FileNotFoundError``.
        """
        self.path = Path(path)
        self.backup = backup
        self.missing_ok = missing_ok
        self._data: dict[str, Any] | None = None
        self._stamp: Stamp | None = None
        self._dirty = False
        #: Set by the owning transaction: writes are buffered while True.
        self.in_transaction = False
        #: Bumped whenever the data in memory changes (load or write), so
        #: callers can tell when caches derived from it are stale.
        self.generation = 0
        self._mutex = threading.Lock()

    @property
    def stamp(self) -> Stamp | None:
        """The stamp of the file the data in memory was read from (or
        written to); None before the first read or for a missing file."""
        return self._stamp

    def refresh(self, *, force: bool = False) -> None:
        """Re-read the file if another process replaced it since we read it
        (thread-safe).

        Args:
            force: Re-read even if inode, size and time look unchanged: a
                file replaced twice within the clock's resolution can reuse
                the old inode and keep its size.
        """
        with self._mutex:
            now = stamp(self.path)
            if now == self._stamp and self._data is not None and not force:
                return
            if now is None:
                if not self.missing_ok:
                    raise FileNotFoundError(errno.ENOENT, "no such store file", str(self.path))
                self._data, self._stamp = {}, None
                self.generation += 1
                return
            data = read_json(self.path)
            # TinyDB's shape: tables of rows, each row an object (a bad row
            # would otherwise surface far from the file that caused it).
            if not isinstance(data, dict) or not all(
                isinstance(table, dict) and all(isinstance(row, dict) for row in table.values())
                for table in data.values()
            ):
                raise StoreCorrupt(self.path, "not a TinyDB document")
            self._data, self._stamp = data, now
            self._dirty = False
            self.generation += 1

    def version(self) -> int:
        """``generation`` after reading the file again if it changed."""
        if not self.in_transaction or self._data is None:
            self.refresh()
        return self.generation

    def read(self) -> dict[str, Any]:
        """Return the parsed data (TinyDB's Storage API)."""
        if not self.in_transaction or self._data is None:
            self.refresh()
        assert self._data is not None
        return self._data

    def write(self, data: dict[str, Any]) -> None:
        """Buffer ``data``; it reaches disk when the transaction commits."""
        if not self.in_transaction:
            raise StoreError(
                f"write to {self.path} outside Store.transaction(); "
                "writes must hold the store lock"
            )
        self._data = data
        self._dirty = True
        self.generation += 1

    def flush(self) -> None:
        """Write buffered data atomically (no-op when nothing changed)."""
        if not self._dirty or self._data is None:
            return
        payload = orjson.dumps(self._data)
        if not self.path.parent.is_dir():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fsync_dir(self.path.parent.parent)
        atomic_write_bytes(self.path, payload, backup=self.backup)
        self._stamp = stamp(self.path)
        self._dirty = False

    def discard(self) -> None:
        """Forget buffered writes (the transaction failed)."""
        if self._dirty:
            self._data, self._stamp, self._dirty = None, None, False
            self.generation += 1

    def close(self) -> None:
        """Nothing to release: files are opened only while read or written."""
