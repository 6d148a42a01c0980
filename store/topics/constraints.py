"""The clerk's corrections, as rules the threading obeys.

Stored in the ``topic_corrections`` table, which re-imports and re-threading
never write:

* ``move:<item>`` -> ``{"kind": "move", "item", "other"}``: ``item`` goes
  in the thread of ``other`` (``other == item``: a thread of its own);
* ``confirm:<a>|<b>`` -> ``{"kind": "confirm", "item": a, "other": b,
  "link": "thread" | "related"}``: the link is right; for a thread link,
  ``a`` stays in ``b``'s thread whatever a re-threading finds;
* ``reject:<a>|<b>`` (ids sorted): the two never share a thread and no
  related link is shown between them.

An item moved by the clerk does not lend its title to the thread's match
keys: it belongs to the thread because a person said so, not because of how
it is called, and must not pull its old companions after it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from store import Archive, RecordWriter

CORRECTIONS = "topic_corrections"


@dataclass(slots=True)
class Constraints:
    """Moves, confirmed pairs and rejected pairs, as read from the store."""

    moves: dict[str, str] = field(default_factory=dict)
    confirms: set[tuple[str, str]] = field(default_factory=set)
    thread_confirms: set[tuple[str, str]] = field(default_factory=set)
    rejects: set[frozenset[str]] = field(default_factory=set)

    @classmethod
    def load(cls, store: Archive) -> Constraints:
        """Read the corrections of the records."""
        return cls.from_rows(stored(store))

    @classmethod
    def from_rows(cls, rows: dict[str, dict[str, Any]]) -> Constraints:
        """Read corrections as ``stored`` returns them."""
        found = cls()
        for row in rows.values():
            if row["kind"] == "move":
                found.moves[row["item"]] = row["other"]
            elif row["kind"] == "confirm":
                found.confirms.add((row["item"], row["other"]))
                if row.get("link") == "thread":
                    found.thread_confirms.add((row["item"], row["other"]))
            elif row["kind"] == "reject":
                found.rejects.add(frozenset((row["item"], row["other"])))
        return found

    def anchor(self, item_id: str) -> str | None:
        """The item the clerk moved ``item_id`` next to, if any."""
        return self.moves.get(item_id)

    def together(self) -> list[tuple[str, str]]:
        """Every ``(item, other)``: ``item`` must be in ``other``'s thread."""
        pairs = sorted(self.moves.items())
        pairs += [pair for pair in sorted(self.thread_confirms) if pair[0] not in self.moves]
        return pairs

    def rejected(self, a: str, b: str) -> bool:
        """True if the clerk said ``a`` and ``b`` are not linked."""
        return frozenset((a, b)) in self.rejects

    def confirmed(self, a: str, b: str) -> bool:
        """True if the clerk confirmed the link between ``a`` and ``b``."""
        return (a, b) in self.confirms or (b, a) in self.confirms


def stored(store: Archive) -> dict[str, dict[str, Any]]:
    """The clerk's corrections in the records, by key."""
    return store.corrections()


def _pair_key(kind: str, a: str, b: str) -> str:
    if kind == "reject":
        a, b = sorted((a, b))
    return f"{kind}:{a}|{b}"


def record(
    writer: RecordWriter, store: Archive, kind: str, item_id: str, other_id: str, link: str = "thread"
) -> None:
    """Store one correction, dropping the ones it contradicts.

    Args:
        writer: The open transaction.
        store: The store (to read the corrections already made).
        kind: ``confirm``, ``reject`` or ``move``.
        item_id: The item the clerk acted on.
        other_id: The other item (for a move, an item of the target thread).
        link: For a confirmation, ``thread`` or ``related``.
    """
    rows = stored(store)
    stale: list[str] = []
    for key, old in rows.items():
        pair = {old["item"], old["other"]}
        if kind in ("confirm", "move") and old["kind"] == "reject" and pair == {item_id, other_id}:
            stale.append(key)
        elif kind == "reject" and old["kind"] in ("confirm", "move") and pair == {item_id, other_id}:
            stale.append(key)
        elif kind == "move" and old["kind"] == "confirm" and old["item"] == item_id:
            stale.append(key)
    writer.remove_rows(CORRECTIONS, stale)
    key = f"move:{item_id}" if kind == "move" else _pair_key(kind, item_id, other_id)
    row: dict[str, Any] = {"kind": kind, "item": item_id, "other": other_id}
    if kind == "confirm":
        row["link"] = link
    writer.replace_rows(CORRECTIONS, {key: row})
