"""Keeping the topic tables caught up with the records, or rebuilding them.

The tables are derived: from the items and meetings of the records and the
clerk's corrections. ``update_topics`` re-threads the meetings that changed
and applies the corrections made since it last ran; ``rebuild_topics``
threads the whole archive again. Both work inside the caller's SQLite
transaction, so the topics move forward together with the search index.
"""

from __future__ import annotations

import gc
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from store import Archive
from store.topics import glossary, tables
from store.topics.constraints import Constraints, stored
from store.topics.tables import TopicState
from store.topics.threads import Threader


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


def rebuild_topics(db: sqlite3.Connection, store: Archive) -> None:
    """Thread the whole archive again, oldest meeting first, exactly as one
    import of it would; the clerk's corrections are applied again.

    Args:
        db: The index database, in the caller's transaction (not committed here).
        store: The records.
    """
    tables.create(db)
    tables.clear(db)
    glossary.create(db)
    corrections = stored(store)
    with collector_paused():
        state = TopicState(db)
        threader = Threader(store, state, Constraints.from_rows(corrections))
        threader.reader.glossary = glossary.rebuild(db, store)
        threader.update(meeting.id for meeting in store.meetings())
        state.save()
    tables.set_stat(db, "corrections", corrections)


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
