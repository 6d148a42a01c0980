"""What ``thread_view`` returns: links with their reasons, and references."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Link:
    """Another item, with why it is linked to the one being viewed.

    Attributes:
        id: The other item's id.
        date: Its meeting's ISO date.
        title: Its title.
        score: How sure the link is, 0-100.
        reason: Why, in words a clerk understands ("same title once the
            quarter is removed").
        status: ``auto`` (found by the threading) or ``confirmed`` (by the
            clerk).
    """

    id: str
    date: str
    title: str
    score: float
    reason: str
    status: str = "auto"


@dataclass(slots=True)
class ResolvedReference:
    """Words of an item that point at a meeting or an item.

    Attributes:
        kind: ``previous-minutes``, ``next-meeting``, ``background-paper``,
            ``decided-at``, ``issue`` (another meeting that considered the
            same issue, from an issue history page) or ``document``.
        text: The words as they stand in the document.
        date: The ISO date they name, if any.
        target: The meeting or item id they point at, or None when it is not
            in this archive.
    """

    kind: str
    text: str
    date: str | None
    target: str | None


@dataclass(slots=True)
class ThreadView:
    """An item's place among the topics of the archive.

    Attributes:
        thread_id: Its thread, or None for a standing item.
        thread: The thread's items oldest first, the item itself included.
        related: Items linked by a part: a section inside a long item that
            is about another thread's topic.
        references: What the item's words point at, resolved.
    """

    thread_id: str | None
    thread: list[Link] = field(default_factory=list)
    related: list[Link] = field(default_factory=list)
    references: list[ResolvedReference] = field(default_factory=list)
