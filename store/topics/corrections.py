"""The clerk's corrections: confirm or reject a link, move an item.

Each correction is stored in the records (``store.topics.constraints``),
then the index catches up (``store.index``: ``store.topics.run.update_topics``
applies the corrections it has not seen); re-imports and ``rebuild_topics`` apply it
again, so it survives both, and a crash before the tables caught up is
made good by the next catch-up.
"""

from __future__ import annotations

from store import Archive, index
from store.storage import StoreError
from store.topics import tables
from store.topics.constraints import record
from store.topics.view import thread_view


class TopicError(StoreError):
    """A correction that cannot be made (an unknown id, say)."""


def _require_item(store: Archive, item_id: str) -> None:
    """Refuse an unknown id, or a standing item (it has no topic links)."""
    summary = store.summary(item_id)
    if summary is None:
        raise TopicError(f"There is no item with the id {item_id!r}.")
    if summary.standing is not None:
        raise TopicError(f"{item_id} is a standing item; standing items are kept out of threads.")


def _apply(store: Archive, kind: str, item_id: str, other_id: str, link: str) -> None:
    with store.transaction() as writer:
        record(writer, store, kind, item_id, other_id, link)


def confirm_link(store: Archive, item_id: str, other_id: str) -> None:
    """Confirm that ``other_id`` is rightly linked to ``item_id``.

    A thread link stays whatever a later re-threading finds; a related link
    is shown as confirmed. Confirming two items that are not linked puts
    ``item_id`` in ``other_id``'s thread.

    Raises:
        TopicError: Either id is not an item or is a standing item, or they
            are the same item.
    """
    _require_item(store, item_id)
    _require_item(store, other_id)
    if item_id == other_id:
        raise TopicError("An item cannot be linked to itself.")
    view = thread_view(store, item_id)
    related = any(link.id == other_id for link in view.related)
    in_thread = any(link.id == other_id for link in view.thread)
    link = "related" if related and not in_thread else "thread"
    _apply(store, "confirm", item_id, other_id, link)


def reject_link(store: Archive, item_id: str, other_id: str) -> None:
    """Say that ``item_id`` and ``other_id`` are not about the same topic.

    They never share a thread again (their thread is re-formed without the
    link) and no related link is shown between them.

    Raises:
        TopicError: Either id is not an item or is a standing item, or they
            are the same item.
    """
    _require_item(store, item_id)
    _require_item(store, other_id)
    if item_id == other_id:
        raise TopicError("An item cannot be unlinked from itself.")
    _apply(store, "reject", item_id, other_id, "thread")


def move_item(store: Archive, item_id: str, target: str) -> None:
    """Move an item to another thread, for good.

    Args:
        store: The store.
        item_id: The item to move.
        target: A thread id, or the id of an item in the target thread; the
            item's own id gives it a thread of its own.

    Raises:
        TopicError: The item or the target is unknown, or either is a
            standing item.
    """
    _require_item(store, item_id)
    anchor = target
    if store.kind_of(target) == "item":
        _require_item(store, target)
    else:
        row = tables.load_thread(index.connection(store), target)
        if row is None:
            raise TopicError(f"There is no thread or item with the id {target!r}.")
        anchor = row.members[0].id
    _apply(store, "move", item_id, anchor, "thread")
