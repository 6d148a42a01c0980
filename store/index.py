"""The derived index: one SQLite database, ``index.sqlite``, in the store folder.

It holds what is derived from the records (TinyDB) and can be rebuilt from
them at any time: the search tables (``store.search.tables``), the topic
tables (``store.topics.tables``), the acronyms learned from the documents
(``store.topics.glossary``) and the across-meetings tables
(``store.across_tables``: people, decisions, promises), plus ``index_meta``, where ``generation``
names the records' generation the tables reflect.

The records commit first; ``catch_up`` then brings the tables to the new
generation in one SQLite transaction, from the change log of the records
(``Store.changes_since``), or rebuilds them when the log does not reach back
far enough, the tables are missing or of another ``VERSION``. A crash
between the two loses nothing: the next reader finds the index behind and
catches it up before answering (``connection``).

The search and topic modules are imported when needed: they read the
records' types, and the records must not depend on them to load.
"""

from __future__ import annotations

import sqlite3
import threading
import weakref
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from store.database import Store

#: File name of the index database in the store folder.
INDEX_FILE = "index.sqlite"
#: Layout of the index: another version is rebuilt.
VERSION = 5

#: Whether the across-meetings tables are filled (``store.across_tables``).
#: Only the benchmark turns it off, to time an import without them.
ACROSS = True

#: Bytes the write-ahead log keeps after a checkpoint.
WAL_LIMIT = 1 << 22
#: A catch-up of this many meetings or more is checkpointed at once.
CHECKPOINT_MEETINGS = 64

#: Called with (meetings done, meetings in all) while rebuilding.
Progress = Callable[[int, int], None]

_connections: weakref.WeakKeyDictionary[Store, sqlite3.Connection] = weakref.WeakKeyDictionary()
_lock = threading.Lock()
#: One catch-up at a time per process: threads share a store's connection.
_catching_up = threading.Lock()


def connect(root: Path) -> sqlite3.Connection:
    """Open (or create) the index database of the store at ``root``.

    Autocommit mode: callers open their own transactions (``BEGIN
    IMMEDIATE`` to write). WAL lets readers read while a writer writes.
    """
    from store import across_tables
    from store.search import tables as search_tables
    from store.topics import tables as topic_tables

    db = sqlite3.connect(
        root / INDEX_FILE, isolation_level=None, check_same_thread=False, timeout=30
    )
    search_tables.register(db)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    # The log is cut back to this after each checkpoint, not left at its peak.
    db.execute(f"PRAGMA journal_size_limit={WAL_LIMIT}")
    db.execute("BEGIN IMMEDIATE")
    try:
        db.execute(
            "CREATE TABLE IF NOT EXISTS index_meta (name TEXT PRIMARY KEY, value) WITHOUT ROWID"
        )
        if db.execute("SELECT value FROM index_meta WHERE name = 'version'").fetchone() not in (
            None,
            (VERSION,),
        ):
            _drop_all(db)
        search_tables.create(db)
        topic_tables.create(db)
        across_tables.create(db)
    except BaseException:
        db.execute("ROLLBACK")
        db.close()
        raise
    db.execute("COMMIT")
    return db


def _drop_all(db: sqlite3.Connection) -> None:
    """Drop every table of an index of another layout (it is rebuilt)."""
    objects = db.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE type IN ('table', 'view')"
        " AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    # Virtual tables first: dropping one drops its shadow tables.
    for kind, name, sql in sorted(objects, key=lambda row: not (row[2] or "").startswith("CREATE VIRTUAL")):
        exists = db.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone()
        if exists:
            db.execute(f'DROP {"VIEW" if kind == "view" else "TABLE"} "{name}"')
    db.execute(
        "CREATE TABLE IF NOT EXISTS index_meta (name TEXT PRIMARY KEY, value) WITHOUT ROWID"
    )


def connection(store: Store) -> sqlite3.Connection:
    """The index database of ``store``, caught up with its records.

    One connection per ``Store`` object, shared by its threads (SQLite
    serialises them).
    """
    with _lock:
        db = _connections.get(store)
        if db is None:
            db = _connections[store] = connect(store.root)
    _catch_up(db, store)
    return db


def generation(db: sqlite3.Connection) -> int | None:
    """The records' generation the index reflects (None: never built, or
    of another layout)."""
    rows = dict(db.execute("SELECT name, value FROM index_meta").fetchall())
    if rows.get("version") != VERSION:
        return None
    found = rows.get("generation")
    return found if isinstance(found, int) else None


def catch_up(store: Store) -> None:
    """Bring the index up to the records' committed generation (called by
    ``Store.transaction`` after each commit)."""
    connection(store)


def _catch_up(db: sqlite3.Connection, store: Store) -> None:
    target = store.generation
    have = generation(db)
    if have is not None and have >= target:
        return
    with _catching_up:
        large = False
        db.execute("BEGIN IMMEDIATE")
        try:
            have = generation(db)
            if have is None or have < target:
                changed = store.changes_since(have) if have is not None else None
                if changed is None:
                    _rebuild(db, store, target)
                    large = True
                else:
                    _update(db, store, changed, target)
                    large = len(changed) >= CHECKPOINT_MEETINGS
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
        if large:
            # Move a whole archive's pages into the database now, and let
            # the log shrink, instead of leaving a log the size of the index.
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def rebuild(store: Store, progress: Progress | None = None) -> None:
    """Build every derived table again from the records (``ccpi-tui reindex``)."""
    db = connect(store.root)
    try:
        db.execute("BEGIN IMMEDIATE")
        try:
            _rebuild(db, store, store.generation, progress)
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()


def _update(db: sqlite3.Connection, store: Store, meeting_ids: Iterable[str], target: int) -> None:
    from store import across_tables, followups, topics
    from store.search import tables as search_tables

    changed = sorted(set(meeting_ids))
    held = followups.meetings_held(db, changed)
    dropped: set[str] = set()
    added: set[str] = set()
    for meeting_id in changed:
        search_tables.drop_meeting(db, meeting_id)
        dropped |= across_tables.drop_meeting(db, meeting_id)
        meeting = store.meeting(meeting_id)
        if meeting is not None:
            items = store.items(meeting_id)
            search_tables.put_meeting(db, meeting, items)
            if ACROSS:
                added |= across_tables.put_meeting(db, meeting, items)
    threads = topics.update_topics(db, store, changed)
    if ACROSS:
        promises = None if threads is None else followups.affected_promises(db, changed, threads, held)
        followups.settle_stored(db, store, promises)
    across_tables.regroup(db, store, dropped | added, added - dropped, changed)
    _set_generation(db, target)


def _rebuild(
    db: sqlite3.Connection, store: Store, target: int, progress: Progress | None = None
) -> None:
    from store import across_tables, topics
    from store.search import tables as search_tables

    search_tables.clear(db)
    across_tables.clear(db)
    meetings = {meeting.id: meeting for meeting in store.meetings()}
    read = store.items_by_shard(meetings)
    for done, (meeting_id, items) in enumerate(read, start=1):
        search_tables.put_meeting(db, meetings[meeting_id], items)
        if ACROSS:
            across_tables.put_meeting(db, meetings[meeting_id], items)
        if progress is not None:
            progress(done, len(meetings) * 2)
    across_tables.regroup(db, store, None)
    topics.rebuild_topics(db, store)
    if ACROSS:
        from store import followups

        followups.settle_stored(db, store, None)
    if progress is not None:
        progress(len(meetings) * 2, len(meetings) * 2)
    _set_generation(db, target)


def _set_generation(db: sqlite3.Connection, target: int) -> None:
    db.executemany(
        "INSERT OR REPLACE INTO index_meta VALUES (?, ?)",
        [("version", VERSION), ("generation", target)],
    )
