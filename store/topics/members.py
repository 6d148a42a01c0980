"""A thread, its members and its parts, as the threading changes them.

``store.topics.tables`` stores them in the index's ``topic_threads`` table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Member:
    """An item in a thread, with the evidence that put it there."""

    id: str
    score: int
    code: str
    via: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    key: int = -1
    #: Its meeting's date and its title, for showing the thread without
    #: reading each item's row.
    date: str = ""
    title: str = ""

    def row(self) -> list[Any]:
        """The stored form (reason words only when there are some)."""
        row = [self.id, self.score, self.code, self.via, self.key, self.date, self.title]
        return [*row, self.extra] if self.extra else row

    @classmethod
    def from_row(cls, row: list[Any]) -> Member:
        """Back from ``row()``."""
        extra = row[7] if len(row) > 7 else {}
        return cls(row[0], row[1], row[2], row[3], extra, row[4], row[5], row[6])


@dataclass(slots=True)
class Part:
    """A section of another item that is about a thread's topic."""

    item: str
    block: int
    heading: str
    score: int
    terms: list[str] = field(default_factory=list)
    #: The item's meeting date and title, for showing the link.
    date: str = ""
    title: str = ""

    def row(self) -> list[Any]:
        """The stored form."""
        return [self.item, self.block, self.heading, self.score, self.terms, self.date, self.title]

    @classmethod
    def from_row(cls, row: list[Any]) -> Part:
        """Back from ``row()``."""
        return cls(row[0], row[1], row[2], row[3], list(row[4]), row[5], row[6])


@dataclass(slots=True)
class Thread:
    """A recurring topic: its items and the sections about it elsewhere."""

    id: str
    keys: list[str]
    members: list[Member]
    parts: list[Part] = field(default_factory=list)
    sig: dict[str, int] = field(default_factory=dict)
    people: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    #: The committees whose meetings its items are from.
    committees: list[str] = field(default_factory=list)

    def row(self) -> dict[str, Any]:
        """The stored form of the thread."""
        return {
            "members": [member.row() for member in self.members],
            "parts": [part.row() for part in self.parts],
            "sig": self.sig,
            "people": self.people,
        }

    def key_row(self) -> dict[str, Any]:
        """The stored form of what titles are matched against."""
        return {
            "keys": list(self.keys),
            "aliases": list(self.aliases),
            "committees": sorted(self.committees),
        }

    @classmethod
    def from_row(
        cls, thread_id: str, row: dict[str, Any], key_row: dict[str, Any] | None
    ) -> Thread:
        """Back from ``row()`` and ``key_row()``."""
        keys = key_row or {"keys": [], "aliases": [], "committees": []}
        return cls(
            thread_id,
            list(keys["keys"]),
            [Member.from_row(member) for member in row["members"]],
            [Part.from_row(part) for part in row["parts"]],
            row["sig"],
            row["people"],
            list(keys["aliases"]),
            list(keys["committees"]),
        )

    def member(self, item_id: str) -> Member | None:
        """The member row of ``item_id``, if it is in this thread (searched
        from the newest: the one asked for usually is)."""
        return next((member for member in reversed(self.members) if member.id == item_id), None)

    def key_of(self, member: Member) -> str:
        """A member's title key ("" for an item the clerk placed)."""
        return key_text(self.keys, self.aliases, member.key)


def key_text(keys: list[str], aliases: list[str], index: int) -> str:
    """A member's key text: ``index`` >= 0 indexes ``keys``, <= -2 indexes
    ``aliases`` (-2 the first), -1 is none."""
    if index >= 0:
        return keys[index]
    return aliases[-index - 2] if index <= -2 else ""
