"""Keeping the topic tables caught up with the records, or rebuilding them.

The tables are derived: from the items and meetings of the records and the
clerk's corrections. ``update_topics`` re-threads the meetings that changed
and applies the corrections made since it last ran; ``rebuild_topics``
threads the whole archive again. Both work inside the caller's SQLite
transaction, so the topics move forward together with the search index.

``rebuilding`` threads a whole archive in a child process while the caller
fills the other tables (the machine's second core idles otherwise), then
copies its rows into the caller's transaction: the same rows as
``rebuild_topics``, found by the same code from the same records.
"""

from __future__ import annotations

import gc
import os
import shutil
import signal
import sqlite3
import tempfile
import threading
import traceback
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from store import Archive
from store.database import ItemSpill
from store.models import Item
from store.topics import glossary, tables
from store.topics.constraints import Constraints, stored
from store.topics.tables import TopicState
from store.topics.threads import Threader

#: A rebuild of this many meetings or more threads in a child process
#: (``rebuilding``); fewer cost less than the fork and the copy.
APART_MEETINGS = 200


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector for a while.

    Threading allocates many small objects; each full collection would walk
    them all for nothing: nothing made here forms cycles.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def update_topics(db: sqlite3.Connection, store: Archive, meeting_ids: Iterable[str]) -> set[str] | None:
    """Re-thread the items of the meetings that changed, and apply the
    clerk's corrections made since the last update.

    Only these meetings' items are compared, against the existing threads;
    reports elsewhere whose background papers name these meetings are
    linked to them. References need no update: they are resolved each time
    they are shown. Tables of another layout are threaded again from the
    start.

    Args:
        db: The index database, in the caller's transaction (not committed here).
        store: The records.
        meeting_ids: Meetings whose items were added, changed or deleted.

    Returns:
        The threads whose members or parts changed; None when every thread
        was made again.
    """
    tables.create(db)
    glossary.create(db)
    if not tables.current(db) or not glossary.built(db):
        rebuild_topics(db, store)
        return None
    corrections = stored(store)
    with collector_paused():
        state = TopicState(db)
        threader = Threader(store, state, Constraints.from_rows(corrections))
        affected = _corrected(state, tables.stat(db, "corrections") or {}, corrections)
        meeting_ids = sorted(set(meeting_ids))
        threader.reader.glossary, reread = glossary.refresh(db, store, meeting_ids)
        threader.update([*meeting_ids, *sorted(reread)])
        if affected:
            threader.replace_items(affected)
        changed = state.changed_threads()
        state.save()
    tables.set_stat(db, "corrections", corrections)
    return changed


def rebuild_topics(db: sqlite3.Connection, store: Archive, *, read_texts: bool = False) -> None:
    """Thread the whole archive again, oldest meeting first, exactly as one
    import of it would; the clerk's corrections are applied again.

    Args:
        db: The index database, in the caller's transaction (not committed here).
        store: The records.
        read_texts: Learn the glossary from the items' texts read shard by
            shard (``db`` has no search tables), not from the search tables.
    """
    tables.create(db)
    tables.clear(db)
    glossary.create(db)
    corrections = stored(store)
    with collector_paused():
        state = TopicState(db)
        threader = Threader(store, state, Constraints.from_rows(corrections))
        meetings = [meeting.id for meeting in store.meetings()]
        if read_texts:
            learned: dict[str, set[tuple[str, str, str]]] = {}
            with ItemSpill(_learning(store, meetings, learned)) as spill:
                threader.reader.glossary = glossary.rebuild(db, store, learned)
                threader.update(meetings, spill=spill)
        else:
            threader.reader.glossary = glossary.rebuild(db, store)
            threader.update(meetings)
        state.save()
    tables.set_stat(db, "corrections", corrections)


def _learning(
    store: Archive, meeting_ids: list[str], learned: dict[str, set[tuple[str, str, str]]]
) -> Iterator[tuple[str, list[Item]]]:
    """``store.items_by_shard(meeting_ids)``, putting in ``learned`` on the
    way what each meeting teaches the glossary (``glossary.meeting_rows``)
    from its items' texts: the spill and the glossary then cost one read of
    the archive, shard by shard (asking each meeting's items reads a shard
    per meeting)."""
    committees = {meeting.id: meeting.committee for meeting in store.meetings()}
    for meeting_id, items in store.items_by_shard(meeting_ids):
        texts = (item.title + "\n" + item.plain_text() for item in items)
        learned[meeting_id] = glossary.meeting_rows(committees[meeting_id], texts)
        yield meeting_id, items


def _corrected(
    state: TopicState, applied: dict[str, dict[str, Any]], now: dict[str, dict[str, Any]]
) -> set[str]:
    """The items to place again for the corrections added, changed or
    dropped since ``applied``: the item moved; the item confirmed into a
    thread it is not in; for a rejection, the thread the two share (or the
    two items)."""
    affected: set[str] = set()
    for key in applied.keys() | now.keys():
        if applied.get(key) == now.get(key):
            continue
        row = now.get(key) or applied[key]
        item, other = row["item"], row["other"]
        ours, theirs = state.thread_of(item), state.thread_of(other)
        if row["kind"] == "move":
            affected.add(item)
        elif row["kind"] == "confirm":
            if row.get("link") == "thread" and (ours is None or ours != theirs):
                affected.add(item)
        elif ours is not None and ours == theirs:
            thread = state.thread(ours)
            if thread is not None:
                affected.update(member.id for member in thread.members)
        else:
            affected.update((item, other))
    return affected


class Rebuild:
    """Topic tables being rebuilt, in a child process or (``pid`` None) not
    yet: ``finish`` puts them in the caller's transaction."""

    def __init__(self, store: Archive, pid: int | None = None, folder: Path | None = None, errors: int = -1) -> None:
        self.store = store
        self.pid = pid
        self.folder = folder
        self._errors = errors
        #: Why the child's tables were not used ("" if they were, or none was started).
        self.failed = ""
        #: CPU seconds the child used (user and system), once it has ended.
        self.child_cpu = 0.0

    def finish(self, db: sqlite3.Connection) -> None:
        """Put the rebuilt topic tables in ``db`` (in the caller's
        transaction): the child's rows when it succeeded, else threaded here."""
        if self.pid is None or self.folder is None:
            rebuild_topics(db, self.store)
            return
        pid, self.pid = self.pid, None
        with os.fdopen(self._errors, "rb") as errors:
            said = errors.read().decode("utf-8", "replace")
        _, status, usage = os.wait4(pid, 0)
        self.child_cpu = usage.ru_utime + usage.ru_stime
        if os.waitstatus_to_exitcode(status) != 0:
            # Threaded again here: a fault of the threading itself is raised
            # from the caller's process; anything else (memory) is survived.
            self.failed = said.strip().splitlines()[-1] if said.strip() else f"status {status}"
            rebuild_topics(db, self.store)
            return
        try:
            _copy_tables(self.folder / _APART_FILE, db)
        except sqlite3.Error as error:  # threaded again here, over what was copied
            self.failed = f"the child's tables could not be copied ({error})"
            rebuild_topics(db, self.store)

    def stop(self) -> None:
        """End the child if it still runs, and delete its files."""
        if self.pid is not None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(self.pid, 0)
            self.pid = None
            os.close(self._errors)
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None


_APART_FILE = "topics.sqlite"


@contextmanager
def rebuilding(store: Archive) -> Iterator[Rebuild]:
    """Start threading the whole archive in a child process, when that is
    safe and pays: the records are committed, and the child reads them
    through a store of its own. The caller fills its other tables
    meanwhile, then calls ``finish`` where it would call ``rebuild_topics``.

    Forked only when no other thread of this process could hold a lock the
    child needs (``_forkable``), and for ``APART_MEETINGS`` or more.
    """
    from store.database import Store

    root = getattr(store, "root", None)
    if not (isinstance(store, Store) and root is not None and _forkable()):
        yield Rebuild(store)
        return
    if store.counts()[0] < APART_MEETINGS:
        yield Rebuild(store)
        return
    _sweep()
    parent = os.getpid()
    folder = Path(tempfile.mkdtemp(prefix=f"{_FOLDER}{parent}-"))
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read)
        _end_with(parent)
        _thread_apart(Path(root), folder / _APART_FILE, write)
    os.close(write)
    rebuild = Rebuild(store, pid, folder, read)
    try:
        yield rebuild
    finally:
        rebuild.stop()


#: The child's folder in the system's temporary folder: this, the parent's
#: process id, "-", a random part.
_FOLDER = "ccpi-topics-"


def _sweep() -> None:
    """Delete the folders of children whose parent was killed (``stop``
    never ran): those of process ids no longer running."""
    for folder in Path(tempfile.gettempdir()).glob(f"{_FOLDER}*-*"):
        pid = folder.name[len(_FOLDER) :].partition("-")[0]
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except OSError:  # another user's process: not ours to judge
            pass


def _forkable() -> bool:
    """True if a forked child can thread safely: ``os.fork`` exists, and the
    only other threads running are a process pool's (the import's parsers)
    or a progress bar's, which hold nothing the child takes (the app's
    threads may be inside SQLite or the store)."""
    if not hasattr(os, "fork"):
        return False
    for thread in threading.enumerate():
        if thread is threading.current_thread():
            continue
        if type(thread).__module__.startswith(("concurrent.futures", "multiprocessing", "rich.")):
            continue
        if thread.name == "QueueFeederThread":
            continue
        return False
    return True


def _end_with(parent: int) -> None:
    """In the forked child: be killed when the parent ends (Linux's
    ``PR_SET_PDEATHSIG``), so that a killed import leaves no threading
    running on; elsewhere the child runs to its end."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # it ended before the request
        os._exit(1)


_PR_SET_PDEATHSIG = 1


def _thread_apart(root: Path, path: Path, errors: int) -> None:
    """In the forked child: thread the store at ``root`` into a new database
    at ``path``, and exit (0 if done; else the error's text on ``errors``)."""
    code = 1
    try:
        gc.disable()
        from store.database import Store

        store = Store.open(root, create=False)
        db = sqlite3.connect(path, isolation_level=None)
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        db.execute("BEGIN")
        rebuild_topics(db, store, read_texts=True)
        db.execute("COMMIT")
        db.close()
        code = 0
    except BaseException:  # noqa: BLE001 - any failure is told to the parent
        try:
            os.write(errors, traceback.format_exc().encode("utf-8", "replace"))
        except OSError:
            pass
    finally:
        os._exit(code)


def _copy_tables(path: Path, db: sqlite3.Connection) -> None:
    """Replace the rows of every table of the database at ``path`` in ``db``
    by its rows (tables with row ids keep them: ``topic_heads`` is read in
    row order), in ``db``'s transaction.

    The database is attached to ``db`` to copy in SQLite, and stays attached
    until the transaction is over: it is detached by the next copy (or when
    ``db`` closes). Its file may be deleted meanwhile.
    """
    _detach(db)
    db.execute(f"ATTACH DATABASE ? AS {_APART}", (str(path),))
    names = [
        row[0]
        for row in db.execute(f"SELECT name FROM {_APART}.sqlite_master WHERE type = 'table' ORDER BY name")  # noqa: S608
    ]
    tables.create(db)
    glossary.create(db)
    for name in names:
        columns = [row[1] for row in db.execute(f"PRAGMA {_APART}.table_info({name})")]
        try:
            db.execute(f"SELECT rowid FROM {_APART}.{name} LIMIT 0")  # noqa: S608
            columns.insert(0, "rowid")
        except sqlite3.OperationalError:  # a table WITHOUT ROWID
            pass
        listed = ", ".join(columns)
        db.execute(f"DELETE FROM main.{name}")  # noqa: S608
        db.execute(f"INSERT INTO main.{name} ({listed}) SELECT {listed} FROM {_APART}.{name}")  # noqa: S608


#: The name the child's database is attached by.
_APART = "topics_apart"


def _detach(db: sqlite3.Connection) -> None:
    """Detach the child's database an earlier copy left attached."""
    if any(row[1] == _APART for row in db.execute("PRAGMA database_list")):
        db.execute(f"DETACH DATABASE {_APART}")
