"""The stored rows of a thread: its members, its parts, the thread itself.

See ``store.topics.state`` for the tables they are stored in. The larger
topic tables store each row *packed*, as one JSON string: the store parses
a whole part of a table to read one row, and a part of strings parses many
times faster than one of small lists; a row is decoded when looked up.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import orjson


def pack(row: dict[str, Any]) -> dict[str, str]:
    """A row as stored in a packed table."""
    return {"packed": orjson.dumps(row).decode()}


class PackedRows(Mapping[str, dict[str, Any]]):
    """A packed table read through: rows decoded when looked up (once).

    Do not change the rows returned.
    """

    def __init__(self, rows: Mapping[str, dict[str, Any]]) -> None:
        """Read the packed rows ``rows``."""
        self._rows = rows
        self._decoded: dict[str, dict[str, Any]] = {}

    def __getitem__(self, key: str) -> dict[str, Any]:
        found = self._decoded.get(key)
        if found is None:
            found = self._decoded[key] = orjson.loads(self._rows[key]["packed"])
        return found

    def get(self, key: str, default: Any = None) -> Any:
        """The row ``key``, or ``default``."""
        try:
            return self[key]
        except KeyError:
            return default

    def __contains__(self, key: object) -> bool:
        return key in self._rows

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)


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
