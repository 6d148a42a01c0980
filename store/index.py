"""The derived index: one SQLite database, ``index.sqlite``, in the store folder.

It holds what is derived from the records (TinyDB) and can be rebuilt from
them at any time: the search tables (``store.search.tables``), the topic
tables (``store.topics.tables``), the acronyms learned from the documents
(``store.topics.glossary``) and the across-meetings tables
(``store.across_tables``: people, decisions, promises), plus ``index_meta``, where ``search``
names the records' generation the search tables reflect, ``generation``
the one the topic and across-meetings tables do (never ahead of
``search``), and ``records`` the stamp of the ``records.json`` the search
tables were last caught up with (``current_connection``).

The records commit first; ``catch_up`` then brings the tables to the new
generation, from the change log of the records (``Store.changes_since``),
or rebuilds them when the log does not reach back far enough, the tables
are missing or of another ``VERSION``: the search tables in one SQLite
transaction, then the rest in a second (the topics read the search
tables), so a search in another process finds a new meeting before the
tables across meetings are regrouped (seconds at archive scale). A crash
between the records' commit and the index's, or between the two, loses
nothing and shows nothing wrong: a search finds what the search tables
say is current; the next reader finds the rest behind and catches it up
before answering (``connection``).

The search and topic modules are imported when needed: they read the
records' types, and the records must not depend on them to load.
"""

from __future__ import annotations

import sqlite3
import threading
import time
import weakref
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from store.layout import RECORDS_NAME, Stamp, stamp

if TYPE_CHECKING:
    from store import Archive
    from store.models import Item

#: File name of the index database in the store folder.
INDEX_FILE = "index.sqlite"
#: Layout of the index: another version is rebuilt.
VERSION = 10

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

#: A catch-up of this many meetings or fewer reads their items once for
#: both its transactions (more are read again: not all held at once).
KEEP_ITEMS = CHECKPOINT_MEETINGS

#: Seconds a catch-up waits for another connection's hold on the index.
LOCK_WAIT = 30.0
#: Seconds between its tries.
LOCK_POLL = 0.02

#: Called with (steps done, steps in all) while rebuilding: a step per
#: meeting read into the tables, then as many for the work across them
#: (people, topics, follow-ups), reported whole when it is done. So while
#: ``done`` is under half of ``total`` it counts meetings; half-way, every
#: meeting is read and the work across them has begun.
Progress = Callable[[int, int], None]
_T = TypeVar("_T")

_connections: weakref.WeakKeyDictionary[Archive, sqlite3.Connection] = weakref.WeakKeyDictionary()
_writers: weakref.WeakKeyDictionary[Archive, sqlite3.Connection] = weakref.WeakKeyDictionary()
_lock = threading.Lock()
#: One catch-up at a time per process: threads share a store's writer connection (``_writer``).
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
        root / INDEX_FILE, isolation_level=None, check_same_thread=False, timeout=LOCK_WAIT
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


def connection(store: Archive, progress: Progress | None = None) -> sqlite3.Connection:
    """The index database of ``store``, caught up with its records.

    One connection per ``Store`` object, shared by its threads (SQLite
    serialises them), for reading: the catch-ups write on another.
    ``progress`` hears how a rebuild goes, if the index has to be built
    afresh (missing, of another ``VERSION``, or too far behind the
    records' change log).
    """
    db = connection_of(store)
    _catch_up(db, store, progress=progress)
    return db


def connection_of(store: Archive) -> sqlite3.Connection:
    """The reading connection of ``store``'s index, as it is (not caught up)."""
    with _lock:
        db = _connections.get(store)
        if db is None:
            db = _connections[store] = connect(store.root)
    return db


def _writer(store: Archive) -> sqlite3.Connection:
    """The connection the catch-ups of ``store``'s index write on (used
    only while holding ``_catching_up``)."""
    with _lock:
        db = _writers.get(store)
        if db is None:
            db = _writers[store] = connect(store.root)
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


class _Read(dict[str, "list[Item]"]):
    """Meetings' items as one catch-up read them, at ``generation``; and
    whether it ``rebuilt`` the tables (it then compacts the index)."""

    generation: int | None = None
    rebuilt: bool = False


def _search_generation(meta: dict[str, object]) -> int | None:
    """The records' generation the search tables reflect (``search``; an
    index whose writer kept no such row moved them with ``generation``)."""
    if meta.get("version") != VERSION:
        return None
    found = meta.get("search", meta.get("generation"))
    return found if isinstance(found, int) else None


def _reaches(part: Callable[[dict[str, object]], int | None], db: sqlite3.Connection, wanted: int) -> bool:
    """True when ``part`` of the index on ``db`` reflects generation ``wanted``."""
    have = part(_meta(db))
    return have is not None and have >= wanted


def catch_up(store: Archive, searchable: Callable[[], None] | None = None) -> None:
    """Bring the index up to the records' committed generation (called by
    ``Store.transaction`` after each commit).

    ``searchable`` is called once the search tables are current, before
    the rest is (by this process or the one that committed)."""
    _catch_up(connection_of(store), store, searchable)


def _catch_up(
    db: sqlite3.Connection,
    store: Archive,
    searchable: Callable[[], None] | None = None,
    *,
    progress: Progress | None = None,
) -> None:
    """Catch the index up in two transactions: the search tables, then the
    topic and across-meetings tables (seconds at archive scale), so that a
    search finds what was committed without waiting for the rest.

    They are written on a connection of their own (``_writer``): ``db``
    stays free for searches meanwhile, and never shows a catch-up half
    done. While another process holds the index (its own catch-up), the
    wait is in steps (``_begin``): a search part it commits is seen then.
    """
    meta = _meta(db)
    if (have := _generation(meta)) is not None and have >= store.generation:
        _note_records(meta, store)
        if searchable is not None:
            searchable()
        return
    with _catching_up:
        writer = _writer(store)
        large = False
        read = _Read()
        while True:
            wanted = store.generation
            if _begin(writer, _search_generation, wanted):
                large |= _commit(writer, lambda: _catch_up_search(writer, store, read, progress))
            if searchable is not None:
                searchable()
                searchable = None
            if not _begin(writer, _generation, wanted):
                break
            done = _commit(writer, lambda: _catch_up_rest(writer, store, read))
            if done is not None:  # else the search part fell behind a newer commit: again
                large |= done
                break
        if read.rebuilt:
            _compact(writer)
        elif large:
            # Move a whole archive's pages into the database now, and let
            # the log shrink, instead of leaving a log the size of the index.
            writer.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _catch_up_search(db: sqlite3.Connection, store: Archive, read: _Read, progress: Progress | None = None) -> bool:
    """In a write transaction: bring the search tables to the records'
    generation (and all the rest too if they must be rebuilt, telling
    ``progress`` how it goes); True if that was much to write."""
    # The stamp before the generation: the generation is then of that
    # file or of a newer one, so the index is never said to be current
    # for a file whose generation it does not reflect.
    stamp = store.records_stamp
    target = store.generation
    have = _search_generation(_meta(db))
    large = False
    if have is None or have < target:
        changed = store.changes_since(have) if have is not None else None
        if changed is None:
            _rebuild(db, store, target, progress)
            large = read.rebuilt = True
        else:
            _update_search(db, store, changed, target, read)
            large = len(changed) >= CHECKPOINT_MEETINGS
    if stamp is not None:
        db.execute("INSERT OR REPLACE INTO index_meta VALUES ('records', ?)", (_stamp_text(stamp),))
    return large


def _catch_up_rest(db: sqlite3.Connection, store: Archive, read: _Read) -> bool | None:
    """In a write transaction: bring the topic and across-meetings tables
    to the records' generation; True if that was much to write, None
    (nothing written) if the search tables are behind it: the topics read
    them."""
    target = store.generation
    meta = _meta(db)
    if not ((searched := _search_generation(meta)) is not None and searched >= target):
        return None
    have = _generation(meta)
    if have is not None and have >= target:
        return False
    changed = store.changes_since(have) if have is not None else None
    if changed is None:
        _rebuild(db, store, target, search=False)
        read.rebuilt = True
        return True
    _update_rest(db, store, changed, target, read)
    return len(changed) >= CHECKPOINT_MEETINGS


def _begin(db: sqlite3.Connection, part: Callable[[dict[str, object]], int | None], wanted: int) -> bool:
    """Open a write transaction on ``db`` to bring ``part`` of the index to
    generation ``wanted``: True once open, False if there is nothing to
    do, or no more once another connection that held the index did it.

    Tried every ``LOCK_POLL`` seconds for ``LOCK_WAIT``, with SQLite's own
    wait off, so that the other connection's progress is seen in between.
    """
    if _reaches(part, db, wanted):
        return False
    deadline = time.monotonic() + LOCK_WAIT
    db.execute("PRAGMA busy_timeout = 0")
    try:
        while True:
            try:
                db.execute("BEGIN IMMEDIATE")
                return True
            except sqlite3.OperationalError as error:
                if error.sqlite_errorcode != sqlite3.SQLITE_BUSY or time.monotonic() > deadline:
                    raise
            if _reaches(part, db, wanted):
                return False
            time.sleep(LOCK_POLL)
    finally:
        db.execute(f"PRAGMA busy_timeout = {int(LOCK_WAIT * 1000)}")


def _commit(db: sqlite3.Connection, write: Callable[[], _T]) -> _T:
    """Run ``write`` in the transaction open on ``db``; commit it, or roll
    it back if ``write`` raised."""
    try:
        result = write()
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
    return result


def _compact(db: sqlite3.Connection) -> None:
    """Write a freshly built index again with full pages, and shrink the log.

    A rebuild reads the records shard by shard, so meetings come in no
    order and the tables keyed by text (items, decisions, mentions) split
    their pages as they fill: VACUUM takes the index of the 2,000-meeting
    benchmark from 114 MB to 107 in about a second. Only after a rebuild:
    an update of a few meetings leaves the pages as they were.
    """
    try:
        db.execute("VACUUM")
    except sqlite3.OperationalError:  # another thread is reading through this connection
        pass
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _note_records(meta: dict[str, object], store: Archive) -> None:
    """Note the stamp of records the index (its ``index_meta`` rows:
    ``meta``) is current with but was not caught up from (copied or
    restored: another inode, the same generation), so that the next start
    finds the index current without reading them (``current_connection``)."""
    found = store.records_stamp
    if found is None or meta.get("records") == _stamp_text(found) or _generation(meta) != store.generation:
        return

    def note() -> None:
        if _generation(_meta(writer)) == store.generation:
            writer.execute("INSERT OR REPLACE INTO index_meta VALUES ('records', ?)", (_stamp_text(found),))

    with _catching_up:
        writer = _writer(store)
        writer.execute("BEGIN IMMEDIATE")
        _commit(writer, note)


def current_connection(root: Path) -> sqlite3.Connection | None:
    """The index of the store at ``root`` if it is current, known without
    reading the records; else None.

    It is current when it was last caught up with the ``records.json`` that
    is on disk now (the same ``store.layout.stamp``, recorded by each
    catch-up). Parsing the
    records to compare generations costs ``ccpi-tui search`` a tenth of a
    second at 10,000 meetings, more than the search.
    """
    if not (root / INDEX_FILE).is_file():
        return None
    found = stamp(root / RECORDS_NAME)
    db = connect(root)
    meta = _meta(db)
    if found is not None and meta.get("records") == _stamp_text(found):
        if _search_generation(meta) is not None:
            return db
    db.close()
    return None


def newest_meetings(db: sqlite3.Connection, limit: int) -> list[dict[str, object]]:
    """The ``limit`` newest meetings' fields from ``search_meetings`` (as
    ``store.search.tables.newest_meetings`` gives them)."""
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
        _compact(db)
    finally:
        db.close()


def _update_search(
    db: sqlite3.Connection, store: Archive, meeting_ids: Iterable[str], target: int, read: _Read | None = None
) -> None:
    """Index again the meetings ``meeting_ids`` for search; ``search_words``
    is kept meeting by meeting, unless so many meetings changed that
    counting them all afresh costs less. A few meetings' items are kept
    in ``read`` for ``_update_rest``."""
    from store.search import tables as search_tables

    changed = sorted(set(meeting_ids))
    count_words = len(changed) * RECOUNT_SHARE < store.counts()[0]
    keep = read is not None and len(changed) <= KEEP_ITEMS
    if read is not None:
        read.clear()
        read.generation = target
    for meeting_id in changed:
        search_tables.drop_meeting(db, meeting_id, count_words=count_words)
        meeting = store.meeting(meeting_id)
        if meeting is not None:
            items = store.items(meeting_id)
            search_tables.put_meeting(db, meeting, items, count_words=count_words)
            if keep and read is not None:
                read[meeting_id] = items
    if not count_words:
        search_tables.recount_words(db)
    _set_search(db, target)


def _update_rest(
    db: sqlite3.Connection, store: Archive, meeting_ids: Iterable[str], target: int, read: _Read | None = None
) -> None:
    """Thread again and put again across meetings the meetings ``meeting_ids``
    (the search tables have them already; ``read``: items ``_update_search``
    read at this generation)."""
    from store import across_tables, followups, people, topics

    changed = sorted(set(meeting_ids))
    held = followups.meetings_held(db, changed)
    dropped: set[str] = set()
    added: set[str] = set()
    for meeting_id in changed:
        dropped |= across_tables.drop_meeting(db, meeting_id)
        meeting = store.meeting(meeting_id)
        if meeting is not None and ACROSS:
            kept = read.get(meeting_id) if read is not None and read.generation == target else None
            added |= across_tables.put_meeting(db, meeting, store.items(meeting_id) if kept is None else kept)
    threads = topics.update_topics(db, store, changed)
    if ACROSS:
        promises = None if threads is None else followups.affected_promises(db, changed, threads, held)
        followups.settle_stored(db, store, promises)
    people.regroup(db, store, dropped | added, added - dropped, changed)
    _set_generation(db, target)


def _rebuild(
    db: sqlite3.Connection, store: Archive, target: int, progress: Progress | None = None, *, search: bool = True
) -> None:
    """Fill every table again from the records (``search``: the search
    tables too, else they are current already)."""
    from store import across_tables, people, topics
    from store.search import tables as search_tables

    with topics.rebuilding(store) as threaded:  # in another process meanwhile, when it pays
        if search:
            search_tables.clear(db)
        across_tables.clear(db)
        across_tables.drop_indexes(db)
        meetings = {meeting.id: meeting for meeting in store.meetings()}
        read = store.items_by_shard(meetings)
        batch = across_tables.Batch(group=True)
        for done, (meeting_id, items) in enumerate(read, start=1):
            if search:
                search_tables.put_meeting(db, meetings[meeting_id], items, count_words=False)
            if ACROSS:
                across_tables.put_meeting(db, meetings[meeting_id], items, batch)
            if progress is not None:
                progress(done, len(meetings) * 2)
        batch.write(db)
        people.group_all(db, store, batch)
        across_tables.create(db)  # the indexes ``drop_indexes`` dropped
        if search:
            search_tables.recount_words(db)
            _set_search(db, target)
        threaded.finish(db)
    if ACROSS:
        from store import followups

        followups.settle_stored(db, store, None)
    if progress is not None:
        progress(len(meetings) * 2, len(meetings) * 2)
    _set_generation(db, target)


def _set_generation(db: sqlite3.Connection, target: int) -> None:
    """Mark the topic and across-meetings tables as of generation ``target``
    (the search tables are marked by ``_set_search``)."""
    db.executemany(
        "INSERT OR REPLACE INTO index_meta VALUES (?, ?)", [("version", VERSION), ("generation", target)]
    )


def _set_search(db: sqlite3.Connection, target: int) -> None:
    """Mark the search tables as of generation ``target``."""
    db.executemany(
        "INSERT OR REPLACE INTO index_meta VALUES (?, ?)", [("version", VERSION), ("search", target)]
    )
