"""An item's thread, related items and references, ready to show."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from store import index
from store.models import Item
from store.text import natural_key
from store.topics import tables
from store.topics.constraints import Constraints
from store.topics.members import Member, Part, Thread
from store.topics.normalise import title_key, title_score
from store.topics.reasons import describe_item, member_reason, part_reason
from store.topics.records import Link, ThreadView
from store.topics.references import resolve
from store.topics.threads import CLERK_CODES

if TYPE_CHECKING:
    from store import Archive

#: Items of another thread listed for one related section (newest kept).
RELATED_PER_THREAD = 10

#: Longest gist, in characters.
GIST = 100


class _Rows:
    """What a view reads: the records' items and meetings, and the topic
    tables."""

    def __init__(self, store: Archive) -> None:
        self.store = store
        self.db = index.connection(store)
        #: Item -> (date, title), as thread rows carry them for their
        #: members and parts: no other row need be read to show them.
        self.known: dict[str, tuple[str, str]] = {}
        self.summary = lru_cache(maxsize=None)(store.summary)
        self.meeting = lru_cache(maxsize=None)(store.meeting)

    def thread_of(self, item_id: str) -> str | None:
        """The thread an item is in (none in tables of another layout: the
        next update threads the archive again)."""
        return tables.thread_of(self.db, item_id) if tables.current(self.db) else None

    def thread(self, thread_id: str) -> Thread | None:
        """A thread as stored."""
        return tables.load_thread(self.db, thread_id)

    def exists(self, item_id: str) -> bool:
        """True if the item is in the store."""
        return item_id in self.known or self.summary(item_id) is not None

    def date(self, item_id: str) -> str:
        """An item's meeting date."""
        if item_id in self.known:
            return self.known[item_id][0]
        meeting = self.meeting(item_id.rpartition("/")[0])
        return meeting.date if meeting else ""

    def title(self, item_id: str) -> str | None:
        """An item's title (None for an item not in the store)."""
        if item_id in self.known:
            return self.known[item_id][1]
        summary = self.summary(item_id)
        return summary.title if summary else None

    def describe(self, item_id: str) -> str:
        """How a reason names an item."""
        summary = self.summary(item_id)
        row = {"shape": summary.shape, "number": summary.number} if summary else None
        return describe_item(row, self.date(item_id))

    def shared_title(self, a: str, b: str | None) -> list[str]:
        """The words two items' titles share."""
        titles = (self.title(a), self.title(b) if b is not None else None)
        if titles[0] is None or titles[1] is None:
            return []
        return title_score(title_key(titles[0]), title_key(titles[1]))[1]

    def parts_of(self, item_id: str) -> list[str]:
        """The threads an item has sections about."""
        return tables.parts_of(self.db, item_id)

    def link(self, item_id: str, score: float, reason: str, status: str) -> Link:
        """A link to an item."""
        return Link(item_id, self.date(item_id), self.title(item_id) or "", score, reason, status)


def _status(constraints: Constraints, viewed: str, member: Member) -> str:
    if member.code in CLERK_CODES or constraints.confirmed(viewed, member.id):
        return "confirmed"
    return "auto"


def thread_view(store: Archive, item_id: str) -> ThreadView:
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
    summary = rows.summary(item_id)
    if summary is None:
        return ThreadView(None)
    constraints = Constraints.load(store)
    thread_id = rows.thread_of(item_id)
    thread = rows.thread(thread_id) if thread_id else None
    view = ThreadView(thread.id if thread else None)
    members = thread.members if thread else []
    rows.known.update((member.id, (member.date, member.title)) for member in members)
    for member in members:
        if rows.exists(member.id):
            alike = member.code in ("similar", "supported")
            shared = rows.shared_title(member.id, member.via) if alike else []
            reason = member_reason(member, rows.describe, shared, alone=len(members) == 1)
            status = _status(constraints, item_id, member)
            view.thread.append(rows.link(member.id, member.score, reason, status))
    if not view.thread:
        standing = summary.standing is not None
        alone = "a standing item: kept out of topic threads" if standing else "not in a thread yet"
        view.thread.append(rows.link(item_id, 100, alone, "auto"))
    in_thread = {member.id for member in members} | {item_id}
    view.related = _related(rows, constraints, item_id, thread, in_thread)
    item = store.item(item_id)
    view.references = resolve(store, item) if item is not None else []
    return view


def _related(
    rows: _Rows,
    constraints: Constraints,
    item_id: str,
    thread: Thread | None,
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
        other = rows.thread(other_thread)
        mine = [p for p in other.parts if p.item == item_id] if other else []
        if not other or not mine:
            continue
        part = max(mine, key=lambda p: p.score)
        for member in other.members[-RELATED_PER_THREAD:]:
            rows.known[member.id] = (member.date, member.title)
            add(member.id, part, here=True)
    for part in thread.parts if thread else []:
        rows.known[part.item] = (part.date, part.title)
        add(part.item, part, here=False)
    return sorted(found.values(), key=lambda link: (link.date, natural_key(link.id)))


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

