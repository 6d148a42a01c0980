"""The derived index: one SQLite database, ``index.sqlite``, in the store folder.

It holds what is derived from the records (TinyDB) and can be rebuilt from
them at any time: the search tables (``store.search.tables``), the topic
tables (``store.topics.tables``), the acronyms learned from the documents
(``store.topics.glossary``) and the across-meetings tables
(``store.across_tables``: people, decisions, promises), plus ``index_meta``, where ``generation``
names the records' generation the tables reflect, ``words`` the one
``search_words`` was counted at, ``meetings`` the one ``search_meetings``
was filled at, and ``records`` the stamp of the
``records.json`` last caught up with (``current_connection``).

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

from store.layout import RECORDS_NAME, Stamp, stamp

if TYPE_CHECKING:
    from store import Archive

#: File name of the index database in the store folder.
INDEX_FILE = "index.sqlite"
#: Layout of the index: another version is rebuilt.
VERSION = 7

#: Whether the across-meetings tables are filled (``store.across_tables``).
#: Only the benchmark turns it off, to time an import without them.
ACROSS = True

#: Bytes the write-ahead log keeps after a checkpoint.
WAL_LIMIT = 1 << 22
#: A catch-up of this many meetings or more is checkpointed at once.
CHECKPOINT_MEETINGS = 64
#: A catch-up of more than one meeting in this many counts ``search_words``
#: afresh (one walk of the FTS5 index) instead of meeting by meeting (an
#: FTS5 tokenization of each: some ten times the walk's cost per meeting).
RECOUNT_SHARE = 10

#: Called with (meetings done, meetings in all) while rebuilding.
Progress = Callable[[int, int], None]

_connections: weakref.WeakKeyDictionary[Archive, sqlite3.Connection] = weakref.WeakKeyDictionary()
_lock = threading.Lock()
#: One catch-up at a time per process: threads share a store's connection.
_catching_up = threading.Lock()


def connect(root: Path) -> sqlite3.Connection:
    """Open (or create) the index database of the store at ``root``.

    Autocommit mode: callers open their own transactions (``BEGIN
    IMMEDIATE`` to write). WAL lets readers read while a writer writes.
    An index of this ``VERSION`` already has every table: opening it
    writes nothing and imports none of the modules that make the tables
    (the across-meetings and topic modules take a tenth of a second to
    import, which a search from the shell would otherwise pay).
    """
    from store.search import tables as search_tables

    db = sqlite3.connect(
        root / INDEX_FILE, isolation_level=None, check_same_thread=False, timeout=30
    )
    search_tables.register(db)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    # The log is cut back to this after each checkpoint, not left at its peak.
    db.execute(f"PRAGMA journal_size_limit={WAL_LIMIT}")
    if _meta(db).get("version") != VERSION:
        _create(db)
    return db


def _create(db: sqlite3.Connection) -> None:
    """Make the tables of a new index, or of one of another layout."""
    from store import across_tables
    from store.search import tables as search_tables
    from store.topics import tables as topic_tables

    db.execute("BEGIN IMMEDIATE")
    try:
        db.execute(
            "CREATE TABLE IF NOT EXISTS index_meta (name TEXT PRIMARY KEY, value) WITHOUT ROWID"
        )
        if _meta(db).get("version", VERSION) != VERSION:
            _drop_all(db)
        search_tables.create(db)
        topic_tables.create(db)
        across_tables.create(db)
    except BaseException:
        db.execute("ROLLBACK")
        db.close()
        raise
    db.execute("COMMIT")


def _meta(db: sqlite3.Connection) -> dict[str, object]:
    """The rows of ``index_meta`` (none in a new database)."""
    try:
        return dict(db.execute("SELECT name, value FROM index_meta").fetchall())
    except sqlite3.OperationalError:  # no such table: nothing was ever built
        return {}


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


def connection(store: Archive) -> sqlite3.Connection:
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
    return _generation(_meta(db))


def _generation(meta: dict[str, object]) -> int | None:
    if meta.get("version") != VERSION:
        return None
    found = meta.get("generation")
    return found if isinstance(found, int) else None


def _words_current(meta: dict[str, object]) -> bool:
    """True when ``search_words`` was counted at the index's generation.

    Every catch-up of this code keeps the two in step; a writer that does
    not know the table (an older ccpi-tui) moves ``generation`` alone, and
    the next catch-up counts the words afresh.
    """
    return meta.get("words") == meta.get("generation")


def _meetings_current(meta: dict[str, object]) -> bool:
    """True when ``search_meetings`` was filled at the index's generation
    (kept so as ``search_words`` is, see ``_words_current``)."""
    return meta.get("meetings") == meta.get("generation")


def catch_up(store: Archive) -> None:
    """Bring the index up to the records' committed generation (called by
    ``Store.transaction`` after each commit)."""
    connection(store)


def _catch_up(db: sqlite3.Connection, store: Archive) -> None:
    meta = _meta(db)
    have = _generation(meta)
    if have is not None and have >= store.generation and _words_current(meta) and _meetings_current(meta):
        if have == store.generation:
            _note_records(db, store, meta)
        return
    from store.search import tables as search_tables

    with _catching_up:
        large = False
        db.execute("BEGIN IMMEDIATE")
        try:
            # The stamp before the generation: the generation is then of
            # that file or of a newer one, so the index is never said to
            # be current for a file whose generation it does not reflect.
            stamp = store.records_stamp
            target = store.generation
            meta = _meta(db)
            have = _generation(meta)
            if have is not None and not _meetings_current(meta):
                search_tables.refill_meetings(db, store.meetings())
            if have is None or have < target:
                changed = store.changes_since(have) if have is not None else None
                if changed is None:
                    _rebuild(db, store, target)
                    large = True
                else:
                    _update(db, store, changed, target, count_words=_words_current(meta))
                    large = len(changed) >= CHECKPOINT_MEETINGS
            elif not _words_current(meta):
                search_tables.recount_words(db)
            if have is not None and have >= target:
                _set_generation(db, have)
            if stamp is not None:
                db.execute("INSERT OR REPLACE INTO index_meta VALUES ('records', ?)", (_stamp_text(stamp),))
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
        if large:
            # Move a whole archive's pages into the database now, and let
            # the log shrink, instead of leaving a log the size of the index.
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _note_records(db: sqlite3.Connection, store: Archive, meta: dict[str, object]) -> None:
    """Note the stamp of records the index is current with but was not
    caught up from (copied or restored: another inode, the same
    generation), so that the next start finds the index current without
    reading them (``current_connection``)."""
    found = store.records_stamp
    if found is None or meta.get("records") == _stamp_text(found):
        return
    with _catching_up:
        db.execute("BEGIN IMMEDIATE")
        try:
            if _generation(_meta(db)) == store.generation:
                db.execute("INSERT OR REPLACE INTO index_meta VALUES ('records', ?)", (_stamp_text(found),))
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")


def current_connection(root: Path) -> sqlite3.Connection | None:
    """The index of the store at ``root`` if it is current, known without
    reading the records; else None.

    It is current when it was last caught up with the ``records.json`` that
    is on disk now (the same ``store.layout.stamp``, recorded by each
    catch-up) and its words were counted at its generation. Parsing the
    records to compare generations costs ``ccpi-tui search`` a tenth of a
    second at 10,000 meetings, more than the search.
    """
    if not (root / INDEX_FILE).is_file():
        return None
    found = stamp(root / RECORDS_NAME)
    db = connect(root)
    meta = _meta(db)
    if found is not None and meta.get("records") == _stamp_text(found):
        if _generation(meta) is not None and _words_current(meta):
            return db
    db.close()
    return None


def newest_meetings(db: sqlite3.Connection, limit: int) -> list[dict[str, object]] | None:
    """The ``limit`` newest meetings' fields from ``search_meetings`` (as
    ``store.search.tables.newest_meetings`` gives them), or None when the
    table was not filled at the index's generation: an index from
    ``current_connection`` then lists what the records do."""
    if not _meetings_current(_meta(db)):
        return None
    from store.search import tables as search_tables

    return search_tables.newest_meetings(db, limit)


def _stamp_text(found: Stamp) -> str:
    """A stamp as ``index_meta`` keeps it."""
    return " ".join(map(str, found))


def rebuild(store: Archive, progress: Progress | None = None) -> None:
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


def _update(
    db: sqlite3.Connection, store: Archive, meeting_ids: Iterable[str], target: int, *, count_words: bool
) -> None:
    """Index again the meetings ``meeting_ids``; ``count_words``: the words
    were current before, and are kept so meeting by meeting, unless so
    many meetings changed that counting them all afresh costs less."""
    from store import across_tables, followups, topics
    from store.search import tables as search_tables

    changed = sorted(set(meeting_ids))
    count_words = count_words and len(changed) * RECOUNT_SHARE < store.counts()[0]
    held = followups.meetings_held(db, changed)
    dropped: set[str] = set()
    added: set[str] = set()
    for meeting_id in changed:
        search_tables.drop_meeting(db, meeting_id, count_words=count_words)
        dropped |= across_tables.drop_meeting(db, meeting_id)
        meeting = store.meeting(meeting_id)
        if meeting is not None:
            items = store.items(meeting_id)
            search_tables.put_meeting(db, meeting, items, count_words=count_words)
            if ACROSS:
                added |= across_tables.put_meeting(db, meeting, items)
    threads = topics.update_topics(db, store, changed)
    if ACROSS:
        promises = None if threads is None else followups.affected_promises(db, changed, threads, held)
        followups.settle_stored(db, store, promises)
    across_tables.regroup(db, store, dropped | added, added - dropped, changed)
    if not count_words:
        search_tables.recount_words(db)
    _set_generation(db, target)


def _rebuild(
    db: sqlite3.Connection, store: Archive, target: int, progress: Progress | None = None
) -> None:
    from store import across_tables, topics
    from store.search import tables as search_tables

    search_tables.clear(db)
    across_tables.clear(db)
    meetings = {meeting.id: meeting for meeting in store.meetings()}
    read = store.items_by_shard(meetings)
    for done, (meeting_id, items) in enumerate(read, start=1):
        search_tables.put_meeting(db, meetings[meeting_id], items, count_words=False)
        if ACROSS:
            across_tables.put_meeting(db, meetings[meeting_id], items)
        if progress is not None:
            progress(done, len(meetings) * 2)
    across_tables.regroup(db, store, None)
    search_tables.recount_words(db)
    topics.rebuild_topics(db, store)
    if ACROSS:
        from store import followups

        followups.settle_stored(db, store, None)
    if progress is not None:
        progress(len(meetings) * 2, len(meetings) * 2)
    _set_generation(db, target)


def _set_generation(db: sqlite3.Connection, target: int) -> None:
    """Mark the tables, ``search_words`` and ``search_meetings`` included,
    as of generation ``target``."""
    db.executemany(
        "INSERT OR REPLACE INTO index_meta VALUES (?, ?)",
        [("version", VERSION), ("generation", target), ("words", target), ("meetings", target)],
    )
