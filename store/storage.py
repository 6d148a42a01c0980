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
import hashlib
import os
import re
import tempfile
import threading
import zlib
from collections.abc import Callable, ItemsView, Iterator, KeysView, Mapping, ValuesView
from pathlib import Path
from typing import Any, TypeVar

import orjson
from tinydb import Storage

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


def write_new_files(files: list[tuple[Path, bytes]]) -> None:
    """Write files that no reader knows yet: each whole and flushed, or not at all.

    Each is written to a temporary file, flushed to disk and renamed.
    Writing a part costs little next to flushing it, and threads writing at
    once mostly wait for one another (the GIL); so the files are written
    here, and only their fsyncs, which wait outside the GIL, run in threads
    (``OPEN_FILES`` files at a time). The caller fsyncs the folder once after.
    """
    for start in range(0, len(files), OPEN_FILES):
        _write_batch(files[start : start + OPEN_FILES])


def _write_batch(files: list[tuple[Path, bytes]]) -> None:
    opened: list[tuple[int, str]] = []
    try:
        for path, data in files:
            fd, tmp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=path.parent)
            opened.append((fd, tmp_name))
            with os.fdopen(fd, "wb", closefd=False) as handle:
                handle.write(data)
        in_threads(os.fsync, [fd for fd, _ in opened])
        for (_, tmp_name), (path, _) in zip(opened, files):
            os.replace(tmp_name, path)
    except BaseException:
        for _, tmp_name in opened:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
        raise
    finally:
        for fd, _ in opened:
            os.close(fd)


#: Threads that write files at once: a commit of many files waits mostly on
#: fsync, which runs outside the GIL.
WRITE_THREADS = 8
#: Files ``write_new_files`` holds open at once.
OPEN_FILES = 128
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
    return parse_json(path, path.read_bytes())


def parse_json(path: Path, raw: bytes) -> Any:
    """Parse ``raw``, the content of the store file ``path``.

    Raises:
        StoreCorrupt: The file is empty or not JSON.
    """
    if not raw.strip():
        # Writers never write an empty file; a crash elsewhere did.
        raise StoreCorrupt(path, "the file is empty")
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise StoreCorrupt(path, str(error)) from None


def is_rows(table: Any) -> bool:
    """True for a table of rows: an object whose values are all objects.

    Checking this costs little next to parsing, and a bad row otherwise
    surfaces as a TypeError far from the file that caused it.
    """
    return isinstance(table, dict) and all(isinstance(row, dict) for row in table.values())


def remove_stale_temporaries(folder: Path) -> None:
    """Delete temporary files a killed writer left behind (call under lock)."""
    if not folder.is_dir():
        return
    for leftover in folder.glob(f"{TEMP_PREFIX}*"):
        with contextlib.suppress(OSError):
            leftover.unlink()


class AtomicJSONStorage(Storage):
    """TinyDB storage backed by one JSON file, cached and replaced atomically."""

    def __init__(self, path: str | os.PathLike[str], backup: bool = False) -> None:
        """Open (not create) the file at ``path``.

        Args:
            path: The JSON file. It need not exist yet.
            backup: Keep a ``.bak`` of the previous version on each flush.
        """
        self.path = Path(path)
        self.backup = backup
        self._data: dict[str, Any] | None = None
        self._stamp: tuple[int, int, int] | None = None
        self._dirty = False
        #: Set by the owning transaction: writes are buffered while True.
        self.in_transaction = False
        #: Bumped whenever the data in memory changes (load or write), so
        #: callers can tell when caches derived from it are stale.
        self.generation = 0
        self._mutex = threading.Lock()

    def _current_stamp(self) -> tuple[int, int, int] | None:
        try:
            info = self.path.stat()
        except FileNotFoundError:
            return None
        return (info.st_ino, info.st_mtime_ns, info.st_size)

    def refresh(self, *, force: bool = False) -> None:
        """Re-read the file if it changed (thread-safe; see ``_refresh``)."""
        with self._mutex:
            self._refresh(force=force)

    def _refresh(self, *, force: bool = False) -> None:
        """Re-read the file if another process replaced it since we read it.

        Args:
            force: Re-read even if inode, size and time look unchanged: a
                file replaced twice within the clock's resolution can reuse
                the old inode and keep its size.
        """
        stamp = self._current_stamp()
        if stamp == self._stamp and self._data is not None and not force:
            return
        if stamp is None:
            self._data, self._stamp = {}, None
            self.generation += 1
            return
        data = read_json(self.path)
        # TinyDB's shape: tables of rows, each row an object.
        if not isinstance(data, dict) or not all(map(is_rows, data.values())):
            raise StoreCorrupt(self.path, "not a TinyDB document")
        self._data, self._stamp = data, stamp
        self._dirty = False
        self.generation += 1

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

    def touch(self) -> None:
        """Note that the data ``read()`` returned was changed in place.

        Cheaper than ``write`` for a few rows of a big file; the change
        reaches disk when the transaction commits, like a ``write``.
        """
        if not self.in_transaction:
            raise StoreError(
                f"write to {self.path} outside Store.transaction(); "
                "writes must hold the store lock"
            )
        self._dirty = True
        self.generation += 1

    @property
    def dirty(self) -> bool:
        """True when buffered writes have not reached disk yet."""
        return self._dirty

    def flush(self) -> None:
        """Write buffered data atomically (no-op when nothing changed)."""
        if not self._dirty or self._data is None:
            return
        payload = orjson.dumps(self._data)
        if not self.path.parent.is_dir():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fsync_dir(self.path.parent.parent)
        atomic_write_bytes(self.path, payload, backup=self.backup)
        self._stamp = self._current_stamp()
        self._dirty = False

    def forget(self) -> None:
        """Drop the data in memory; the next read parses the file again."""
        with self._mutex:
            self._data, self._stamp, self._dirty = None, None, False
            self.generation += 1

    def discard(self) -> None:
        """Forget buffered writes (the transaction failed)."""
        if self._dirty:
            self._data, self._stamp, self._dirty = None, None, False
            self.generation += 1

    def close(self) -> None:
        """Nothing to release: files are opened only while read or written."""


# -- the parted index ------------------------------------------------------

#: Format of ``index.json``; stores of another format must be imported again.
FORMAT = 2
#: Parts each index table is split into.
PARTS = 256
_TABLE_NAME = re.compile(r"[a-z0-9_]{1,64}")
_PART_FILE = re.compile(r"[a-z0-9_]{1,64}-\d{3}-[0-9a-f]{16}\.json")


def part_of(key: str) -> int:
    """The part of a table that holds the row ``key``.

    Rows are placed by the meeting their key names (the part before any
    ``/``), so one meeting's items, its topic rows and the meeting itself
    land in parts of the same number, and an import of one meeting
    rewrites one part of each table.
    """
    return zlib.crc32(key.split("/", 1)[0].encode("utf-8", "surrogatepass")) % PARTS


class Table:
    """One version of one index table, its parts parsed on first use.

    Versions are never changed once another version replaced them, so a
    ``TableRows`` view of one is a consistent snapshot; the running
    transaction's version is changed in place (see ``PartedIndex.writable``).
    """

    def __init__(self, index: PartedIndex, name: str, files: dict[int, list[Any]]) -> None:
        """A table ``name`` whose part ``n`` is in ``files[n] = [file, rows]``."""
        self.index = index
        self.name = name
        self.files = files
        self.parts: dict[int, dict[str, dict[str, Any]]] = {}
        #: Parts copied by the running transaction, safe to change in place.
        self.owned: set[int] = set()
        #: Every row by key, once some reader needed the whole table.
        self.flat: dict[str, dict[str, Any]] | None = None
        #: Rows of each part by key prefix (meeting id): ``{part: {prefix:
        #: {key: row}}}``, built when first asked for.
        self.groups: dict[int, dict[str, dict[str, dict[str, Any]]]] = {}
        #: What readers derived from this version, by name (``TableRows.derived``).
        self.derived: dict[str, Any] = {}

    def copy(self) -> Table:
        """A new version sharing this one's parsed parts."""
        other = Table(self.index, self.name, {n: list(entry) for n, entry in self.files.items()})
        other.parts = dict(self.parts)
        other.flat = dict(self.flat) if self.flat is not None else None
        other.groups = dict(self.groups)
        return other

    def __len__(self) -> int:
        return sum(entry[1] for entry in self.files.values())

    def part(self, number: int) -> dict[str, dict[str, Any]]:
        """Part ``number``'s rows by key, parsed if not yet."""
        found = self.parts.get(number)
        if found is None:
            entry = self.files.get(number)
            found = {} if entry is None else self.index.load_part(self, number, entry[0])
            self.parts[number] = found
        return found

    def everything(self) -> dict[str, dict[str, Any]]:
        """Every row by key (parses every part once)."""
        flat = self.flat
        if flat is None:
            flat = {}
            for number in sorted(self.files):
                flat.update(self.part(number))
            self.flat = flat
        return flat

    def group(self, prefix: str) -> dict[str, dict[str, Any]]:
        """Rows whose key is ``<prefix>/...`` (a meeting's items), by key."""
        number = part_of(prefix)
        groups = self.groups.get(number)
        if groups is None:
            groups = {}
            for key, row in self.part(number).items():
                head, slash, _ = key.partition("/")
                if slash:
                    groups.setdefault(head, {})[key] = row
            self.groups[number] = groups
        return groups.get(prefix, {})

    def _own(self, number: int) -> dict[str, dict[str, Any]]:
        rows = self.part(number)
        if number not in self.owned:
            rows = self.parts[number] = dict(rows)
            groups = self.groups.pop(number, None)
            if groups is not None:
                self.groups[number] = {head: dict(keys) for head, keys in groups.items()}
            self.owned.add(number)
        return rows

    def set(self, key: str, row: dict[str, Any]) -> None:
        """Insert or replace a row (in a version the transaction owns)."""
        number = part_of(key)
        rows = self._own(number)
        if key not in rows:
            self.files.setdefault(number, ["", 0])[1] += 1
        rows[key] = row
        if self.flat is not None:
            self.flat[key] = row
        head, slash, _ = key.partition("/")
        groups = self.groups.get(number)
        if slash and groups is not None:
            groups.setdefault(head, {})[key] = row

    def remove(self, key: str) -> None:
        """Delete a row if present (in a version the transaction owns)."""
        number = part_of(key)
        if key not in self.part(number):
            return
        del self._own(number)[key]
        self.files[number][1] -= 1
        if self.flat is not None:
            self.flat.pop(key, None)
        head, slash, _ = key.partition("/")
        groups = self.groups.get(number)
        if slash and groups is not None and head in groups:
            groups[head].pop(key, None)


class TableRows(Mapping[str, dict[str, Any]]):
    """A read-only view of one version of an index table: rows by key.

    Looking a row up parses only its part; iterating parses them all. Do
    not change the rows: they are the store's own.
    """

    __slots__ = ("_table",)

    def __init__(self, table: Table) -> None:
        """View ``table``."""
        self._table = table

    def derived(self, name: str, make: Callable[[], T]) -> T:
        """``make()``, made once for this version of the table and kept with it.

        For what readers build from the rows (decoded packed rows, say), so
        that the next reader of the same version finds it made. Not kept
        while a transaction runs: its version of the table changes in place.
        """
        table = self._table
        if table.index.in_transaction:
            return make()
        found = table.derived.get(name)
        if found is None:
            found = table.derived[name] = make()
        return found

    def __getitem__(self, key: str) -> dict[str, Any]:
        flat = self._table.flat
        if flat is not None:
            return flat[key]
        return self._table.part(part_of(key))[key]

    def get(self, key: str, default: Any = None) -> Any:
        """The row ``key``, or ``default``."""
        flat = self._table.flat
        if flat is not None:
            return flat.get(key, default)
        return self._table.part(part_of(key)).get(key, default)

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        flat = self._table.flat
        if flat is not None:
            return key in flat
        return key in self._table.part(part_of(key))

    def __iter__(self) -> Iterator[str]:
        return iter(self._table.everything())

    def __len__(self) -> int:
        return len(self._table)

    def keys(self) -> KeysView[str]:  # type: ignore[override]
        """Every key (parses every part)."""
        return self._table.everything().keys()

    def values(self) -> ValuesView[dict[str, Any]]:  # type: ignore[override]
        """Every row (parses every part)."""
        return self._table.everything().values()

    def items(self) -> ItemsView[str, dict[str, Any]]:  # type: ignore[override]
        """Every ``(key, row)`` (parses every part)."""
        return self._table.everything().items()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, TableRows):
            other = other._table.everything()
        return self._table.everything() == other

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<TableRows {self._table.name}: {len(self)} rows>"


class PartedIndex:
    """The store's index: tables of rows, split into content-named part files.

    ``index.json`` (the manifest) names the file of every part of every
    table. Part files are written first under names made from their
    content, and never change; the manifest is replaced last, atomically,
    so it is the single commit point. A reader parses the manifest (small)
    and a part only when it first needs one of its rows; a writer rewrites
    only the parts it changed.
    """

    def __init__(self, path: Path, folder: Path) -> None:
        """The manifest at ``path``, its part files in ``folder``."""
        self.path = path
        self.folder = folder
        self.tables: dict[str, Table] = {}
        #: The manifest as last read or written, by table: ``{part: [file, rows]}``.
        self._manifest: dict[str, dict[int, list[Any]]] = {}
        #: Its bytes, as last read or written.
        self._raw = b""
        self._stamp: tuple[int, int, int] | None = None
        self._loaded = False
        #: Set by the owning transaction: writes are buffered while True.
        self.in_transaction = False
        self._before: dict[str, Table] | None = None
        #: Bumped whenever the data in memory changes (load or write), so
        #: callers can tell when caches derived from it are stale.
        self.generation = 0
        self._mutex = threading.Lock()

    # -- reading ---------------------------------------------------------

    def _current_stamp(self) -> tuple[int, int, int] | None:
        try:
            info = self.path.stat()
        except FileNotFoundError:
            return None
        return (info.st_ino, info.st_mtime_ns, info.st_size)

    def refresh(self, *, force: bool = False) -> None:
        """Read the manifest again if another process replaced it.

        Args:
            force: Re-read even if inode, size and time look unchanged (a
                file replaced twice within the clock's resolution can keep
                them all).
        """
        if self.in_transaction:
            return
        with self._mutex:
            stamp = self._current_stamp()
            if stamp == self._stamp and self._loaded and not force:
                return
            raw = b"" if stamp is None else self.path.read_bytes()
            if raw == self._raw and self._loaded:
                # The same manifest (a transaction starting just after a read).
                self._stamp = stamp
                return
            manifest = {} if stamp is None else self._parse_manifest(parse_json(self.path, raw))
            self._raw = raw
            if manifest == self._manifest and self._loaded:
                self._stamp = stamp
                return
            self._adopt(manifest)
            self._stamp, self._loaded = stamp, True

    def _adopt(self, manifest: dict[str, dict[int, list[Any]]]) -> None:
        """Make ``manifest`` current, keeping parts already parsed."""
        tables = {}
        for name, files in manifest.items():
            table = Table(self, name, {n: list(entry) for n, entry in files.items()})
            old = self.tables.get(name)
            if old is not None:
                for number, entry in files.items():
                    known = old.files.get(number)
                    if known is not None and known[0] == entry[0] and number in old.parts:
                        table.parts[number] = old.parts[number]
            tables[name] = table
        self.tables = tables
        self._manifest = manifest
        self.generation += 1

    def _parse_manifest(self, data: Any) -> dict[str, dict[int, list[Any]]]:
        if isinstance(data, dict) and "format" not in data and all(map(is_rows, data.values())):
            raise StoreError(
                f"The store at {self.path.parent} was made by an earlier version of "
                "ccpi-tui and cannot be read; move it away and import the documents again."
            )
        if not isinstance(data, dict) or not isinstance(data.get("format"), int):
            raise StoreCorrupt(self.path, "not a store index")
        if data["format"] != FORMAT:
            raise StoreError(
                f"The store at {self.path.parent} was made by another version of ccpi-tui "
                f"(format {data['format']}, this one reads {FORMAT})."
            )
        tables = data.get("tables")
        manifest: dict[str, dict[int, list[Any]]] = {}
        try:
            for name, parts in tables.items():
                if not _TABLE_NAME.fullmatch(name):
                    raise ValueError(name)
                manifest[name] = {}
                for number, (file, rows) in parts.items():
                    if not (_PART_FILE.fullmatch(file) and isinstance(rows, int)):
                        raise ValueError(file)
                    if not 0 <= int(number) < PARTS:
                        raise ValueError(number)
                    manifest[name][int(number)] = [file, rows]
        except (AttributeError, TypeError, ValueError):
            raise StoreCorrupt(self.path, "not a store index") from None
        return manifest

    def load_part(self, table: Table, number: int, file: str) -> dict[str, dict[str, Any]]:
        """Parse one part file of ``table``.

        A reader holding an older version may find a part gone (writers
        delete parts two versions old): it then reads the current one.

        Raises:
            StoreCorrupt: The file cannot be parsed, or the current index
                names a part that is not there.
        """
        path = self.folder / file
        try:
            data = read_json(path)
        except FileNotFoundError:
            if not self.in_transaction:
                self.refresh(force=True)
            current = self.tables.get(table.name)
            entry = current.files.get(number) if current is not None else None
            if (
                self.in_transaction
                or current is None
                or current is table
                or (entry is not None and entry[0] == file)
            ):
                raise StoreCorrupt(path, "a part of the index is missing") from None
            return current.part(number)
        if not is_rows(data):
            raise StoreCorrupt(path, "not a table of rows")
        return data  # type: ignore[no-any-return]

    def table(self, name: str) -> Table:
        """The current version of table ``name`` (empty if it has no rows)."""
        if not self.in_transaction:
            self.refresh()
        table = self.tables.get(name)
        if table is None:
            table = self.tables[name] = Table(self, name, {})
        return table

    # -- writing ---------------------------------------------------------

    def begin(self) -> None:
        """Start buffering writes (the caller holds the writers' lock)."""
        self.refresh(force=True)
        self._before = dict(self.tables)
        self.in_transaction = True

    def writable(self, name: str) -> Table:
        """Table ``name`` as the running transaction may change it."""
        if not self.in_transaction or self._before is None:
            raise StoreError(
                f"write to {self.path} outside Store.transaction(); "
                "writes must hold the store lock"
            )
        table = self.table(name)
        if self._before.get(name) is table:
            table = self.tables[name] = table.copy()
        self.generation += 1
        return table

    @property
    def dirty(self) -> bool:
        """True when buffered writes have not reached disk yet."""
        return any(table.owned for table in self.tables.values())

    def flush(self) -> None:
        """Write changed parts, then the manifest; nothing if nothing changed."""
        manifest = {name: dict(files) for name, files in self._manifest.items()}
        new: list[tuple[Path, bytes]] = []
        for name, table in self.tables.items():
            for number in sorted(table.owned):
                rows = table.parts[number]
                files = manifest.setdefault(name, {})
                if not rows:
                    files.pop(number, None)
                    table.files.pop(number, None)
                    continue
                payload = orjson.dumps(rows)
                digest = hashlib.sha256(payload).hexdigest()[:16]
                file = f"{name}-{number:03d}-{digest}.json"
                files[number] = [file, len(rows)]
                table.files[number] = [file, len(rows)]
                if not (self.folder / file).exists():
                    new.append((self.folder / file, payload))
        manifest = {name: files for name, files in manifest.items() if files}
        if new:
            self.folder.mkdir(exist_ok=True)
            write_new_files(new)
            fsync_dir(self.folder)
        if manifest != self._manifest:
            document = {
                "format": FORMAT,
                "tables": {
                    name: {str(n): entry for n, entry in sorted(files.items())}
                    for name, files in sorted(manifest.items())
                },
            }
            raw = orjson.dumps(document)
            atomic_write_bytes(self.path, raw, backup=True)
            self._raw, self._stamp = raw, self._current_stamp()
            previous, self._manifest = self._manifest, manifest
            self._collect(previous)
        for table in self.tables.values():
            table.owned.clear()
        self._end()

    def _collect(self, previous: dict[str, dict[int, list[Any]]]) -> None:
        """Delete part files neither the index nor its backup names.

        The index has committed, so a failure here only leaves files behind.
        """
        keep = {
            entry[0]
            for manifest in (self._manifest, previous)
            for files in manifest.values()
            for entry in files.values()
        }
        with contextlib.suppress(OSError):
            for entry in os.scandir(self.folder):
                if entry.name.endswith(".json") and entry.name not in keep:
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)

    def discard(self) -> None:
        """Forget buffered writes (the transaction failed)."""
        if self._before is not None:
            self.tables = self._before
            self.generation += 1
        self._end()

    def _end(self) -> None:
        self._before = None
        self.in_transaction = False
