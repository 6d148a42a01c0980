"""An item's thread, related items and references, ready to show."""

from __future__ import annotations

import re
from typing import Any

from store.database import Store
from store.models import Item
from store.topics.constraints import Constraints
from store.topics.normalise import title_key, title_score
from store.topics.reasons import describe_item, member_reason, part_reason
from store.topics.records import Link, ThreadView
from store.topics.references import resolve
from store.topics.rows import Member, PackedRows, Part
from store.topics.state import MEETINGS, THREADS, current
from store.topics.threads import CLERK_CODES

#: Items of another thread listed for one related section (newest kept).
RELATED_PER_THREAD = 10

#: Longest gist, in characters.
GIST = 100


def decoded(store: Store, table: str) -> PackedRows:
    """The packed table ``table``, its rows decoded once per version.

    A long thread's row takes tens of milliseconds to decode; the item's
    view, its export and the next view of the thread share the decoding.
    """
    rows = store.table_rows(table)
    return rows.derived("packed", lambda: PackedRows(rows))


class _Rows:
    """The lean rows a view reads: items, meetings and topic tables."""

    def __init__(self, store: Store) -> None:
        self.items = store.table_rows("items")
        self.meetings = store.table_rows("meetings")
        # Topic tables of another layout are not read (the next import
        # threads the archive again).
        fresh = current(store)
        self.topic_meetings = decoded(store, MEETINGS) if fresh else PackedRows({})
        self.threads = decoded(store, THREADS) if fresh else PackedRows({})
        #: Item -> (date, title), as thread rows carry them for their
        #: members and parts: no other row need be read to show them.
        self.known: dict[str, tuple[str, str]] = {}

    def thread_of(self, item_id: str) -> str | None:
        """The thread an item is in."""
        meeting_id, _, key = item_id.rpartition("/")
        topics = self.topic_meetings.get(meeting_id)
        return topics["items"].get(key) if topics else None

    def exists(self, item_id: str) -> bool:
        """True if the item is in the store."""
        return item_id in self.known or item_id in self.items

    def date(self, item_id: str) -> str:
        """An item's meeting date."""
        if item_id in self.known:
            return self.known[item_id][0]
        row = self.items.get(item_id)
        meeting = self.meetings.get(row["meeting_id"]) if row else None
        return meeting["date"] if meeting else ""

    def title(self, item_id: str) -> str | None:
        """An item's title (None for an item not in the store)."""
        if item_id in self.known:
            return self.known[item_id][1]
        row = self.items.get(item_id)
        return row["title"] if row else None

    def describe(self, item_id: str) -> str:
        """How a reason names an item."""
        return describe_item(self.items.get(item_id), self.date(item_id))

    def shared_title(self, a: str, b: str | None) -> list[str]:
        """The words two items' titles share."""
        titles = (self.title(a), self.title(b) if b is not None else None)
        if titles[0] is None or titles[1] is None:
            return []
        return title_score(title_key(titles[0]), title_key(titles[1]))[1]

    def parts_of(self, item_id: str) -> list[str]:
        """The threads an item has sections about."""
        topics = self.topic_meetings.get(item_id.rpartition("/")[0])
        return topics["parts"].get(item_id, []) if topics else []

    def link(self, item_id: str, score: float, reason: str, status: str) -> Link:
        """A link to an item."""
        return Link(item_id, self.date(item_id), self.title(item_id) or "", score, reason, status)


def _status(constraints: Constraints, viewed: str, member: Member) -> str:
    if member.code in CLERK_CODES or constraints.confirmed(viewed, member.id):
        return "confirmed"
    return "auto"


def thread_view(store: Store, item_id: str) -> ThreadView:
    """An item's thread (oldest first, itself included), related items and
    resolved references.

    Args:
        store: The store.
        item_id: An item id; an unknown id gives an empty view.

    Returns:
        The view; ``thread_id`` is None for a standing item (or one not
        threaded yet), whose thread is the item alone.
    """
    rows = _Rows(store)
    if item_id not in rows.items:
        return ThreadView(None)
    constraints = Constraints.load(store)
    thread_id = rows.thread_of(item_id)
    thread_row = rows.threads.get(thread_id) if thread_id else None
    view = ThreadView(thread_id if thread_row else None)
    members = [Member.from_row(m) for m in thread_row["members"]] if thread_row else []
    rows.known.update((member.id, (member.date, member.title)) for member in members)
    for member in members:
        if rows.exists(member.id):
            alike = member.code in ("similar", "supported")
            shared = rows.shared_title(member.id, member.via) if alike else []
            reason = member_reason(member, rows.describe, shared, alone=len(members) == 1)
            status = _status(constraints, item_id, member)
            view.thread.append(rows.link(member.id, member.score, reason, status))
    if not view.thread:
        standing = rows.items[item_id]["standing"] is not None
        alone = "a standing item: kept out of topic threads" if standing else "not in a thread yet"
        view.thread.append(rows.link(item_id, 100, alone, "auto"))
    in_thread = {member.id for member in members} | {item_id}
    view.related = _related(rows, constraints, item_id, thread_row, in_thread)
    item = store.item(item_id)
    view.references = resolve(store, item) if item is not None else []
    return view


def _related(
    rows: _Rows,
    constraints: Constraints,
    item_id: str,
    thread_row: dict[str, Any] | None,
    in_thread: set[str],
) -> list[Link]:
    """Sections of this item about other threads, and sections of other
    items about this item's thread."""
    found: dict[str, Link] = {}

    def add(other: str, part: Part, here: bool) -> None:
        if other in in_thread or not rows.exists(other) or constraints.rejected(item_id, other):
            return
        status = "confirmed" if constraints.confirmed(item_id, other) else "auto"
        reason = part_reason(part.heading, part.terms, here=here)
        if other not in found or found[other].score < part.score:
            found[other] = rows.link(other, part.score, reason, status)

    for other_thread in rows.parts_of(item_id):
        row = rows.threads.get(other_thread)
        if row is None:
            continue
        mine = [Part.from_row(p) for p in row["parts"] if p[0] == item_id]
        if not mine:
            continue
        part = max(mine, key=lambda p: p.score)
        newest = row["members"][-RELATED_PER_THREAD:]
        for member in newest:
            rows.known[member[0]] = (member[5], member[6])
            add(member[0], part, here=True)
    for raw in thread_row["parts"] if thread_row else []:
        part = Part.from_row(raw)
        rows.known[part.item] = (part.date, part.title)
        add(part.item, part, here=False)
    return sorted(found.values(), key=lambda link: (link.date, link.id))


_SENTENCE = re.compile(r"(?<=[.!?])\s")


def gist(item: Item) -> str:
    """One line saying what an item was about: its first sentence of text
    (or its resolution), cut to ``GIST`` characters."""
    for block in item.blocks:
        text = " ".join((block.text or " ".join(block.items)).split())
        if block.kind in ("paragraph", "resolution", "bullets") and text:
            first = _SENTENCE.split(text, maxsplit=1)[0]
            return first if len(first) <= GIST else first[: GIST - 1].rstrip() + "\u2026"
    return ""

