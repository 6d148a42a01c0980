"""Keeping threads up to date: after each import, or all over again."""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from store.database import Store, Writer
from store.topics.constraints import Constraints
from store.topics.state import DERIVED_TABLES, TopicState
from store.topics.threads import Threader


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector for a while.

    Threading allocates many small objects while the parsed index holds
    millions more; each full collection would walk them all (a tenth of a
    second at archive scale) for nothing: nothing made here forms cycles.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def update_topics(writer: Writer, store: Store, meeting_ids: Iterable[str]) -> None:
    """Re-thread the items of the meetings just imported.

    Called by the importer inside its transaction, after the items are
    written. Only these meetings' items are compared, against the existing
    threads; reports elsewhere whose background papers name these meetings
    are linked to them. References need no update: they are resolved each
    time they are shown, so a meeting imported now is at once the target of
    an older "next meeting".

    Args:
        writer: The importer's open transaction.
        store: The store being written.
        meeting_ids: Meetings whose items were added or changed.
    """
    with collector_paused():
        state = TopicState(store)
        if not state.current():
            # Tables of another layout: thread everything again.
            _clear(writer, store)
            state = TopicState(store, empty=True)
            meeting_ids = list(store.table_rows("meetings"))
        Threader(store, state, Constraints.load(store)).update(meeting_ids)
        state.save(writer)


def _clear(writer: Writer, store: Store) -> None:
    """Delete every row of the derived topic tables."""
    for table in DERIVED_TABLES:
        writer.remove_rows(table, list(store.table_rows(table)))


def rebuild_topics(store: Store) -> None:
    """Re-thread the whole archive in one transaction.

    Everything in the topic tables is computed afresh, oldest meeting first,
    exactly as one import of the whole archive would; the clerk's
    corrections are kept and applied again.
    """
    with store.transaction() as writer, collector_paused():
        _clear(writer, store)
        state = TopicState(store, empty=True)
        Threader(store, state, Constraints.load(store)).update(list(store.table_rows("meetings")))
        state.save(writer)
