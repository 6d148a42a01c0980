"""What changed between two instances of a recurring item.

Both items are cut into units — paragraphs, list points, table cells —
which are aligned: table cells by their row and column labels, the rest in
order, pairing a changed paragraph with the most similar one in the other
text. Each changed pair gets a word-level diff, and each number that changed
inside a pair becomes a ``FigureChange`` ("sickness absence 10.2 → 9.8
days"). The earlier instance defaults to the previous item of the thread.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from rapidfuzz import fuzz

from store.database import Store
from store.models import Block, Item

#: A pair of units this similar (0-100) is one unit changed, not one removed and one added.
PAIR_SCORE = 55
_TOKEN = re.compile(r"\S+")
_NUMBER = re.compile(r"^[(£$€]*-?\d[\d,]*(?:\.\d+)?%?[)]*[.,;:]?$")


@dataclass(frozen=True, slots=True)
class Unit:
    """One aligned piece of an item's text.

    Attributes:
        kind: ``paragraph``, ``point`` (of a list or resolution) or ``cell``.
        text: Its words.
        key: For a table cell, "row label | column label"; else "".
    """

    kind: str
    text: str
    key: str = ""


@dataclass(slots=True)
class Change:
    """One unit that differs: ``ops`` are ``(op, words)`` with op ``=``, ``-`` or ``+``."""

    kind: str
    key: str
    ops: list[tuple[str, str]]


@dataclass(frozen=True, slots=True)
class FigureChange:
    """A number that changed: ``context`` is the words before it, ``unit`` the words after."""

    context: str
    old: str
    new: str
    after: str = ""

    def __str__(self) -> str:
        return " ".join(part for part in (self.context, f"{self.old} → {self.new}", self.after) if part)


@dataclass(slots=True)
class ItemDiff:
    """The differences from ``older`` to ``newer``.

    ``older`` is None when the thread holds no earlier instance; ``note``
    then says so.
    """

    newer: str
    older: str | None
    changes: list[Change] = field(default_factory=list)
    figures: list[FigureChange] = field(default_factory=list)
    note: str = ""

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict."""
        return {
            "newer": self.newer,
            "older": self.older,
            "note": self.note,
            "figures": [{"context": f.context, "old": f.old, "new": f.new, "after": f.after, "text": str(f)} for f in self.figures],
            "changes": [{"kind": c.kind, "key": c.key, "ops": [list(op) for op in c.ops]} for c in self.changes],
        }


def units_of(blocks: list[Block]) -> list[Unit]:
    """An item's blocks cut into units (headings become paragraphs)."""
    found: list[Unit] = []
    for block in blocks:
        if block.kind == "table" and block.rows:
            header = block.rows[0]
            for row in block.rows[1:]:
                label = row[0] if row else ""
                for column, cell in enumerate(row[1:], start=1):
                    name = header[column] if column < len(header) else str(column)
                    if cell.strip():
                        found.append(Unit("cell", " ".join(cell.split()), f"{label} | {name}"))
            continue
        if block.text.strip():
            found.append(Unit("paragraph", " ".join(block.text.split())))
        found.extend(Unit("point", " ".join(point.split())) for point in block.items if point.strip())
    return found


def word_ops(old: str, new: str) -> list[tuple[str, str]]:
    """A word-level diff of two texts as ``(op, words)`` runs."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    ops: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            ops.append(("=", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            ops.append(("-", " ".join(a[i1:i2])))
        if j2 > j1:
            ops.append(("+", " ".join(b[j1:j2])))
    return ops


def figures_in(old: str, new: str, label: str = "") -> list[FigureChange]:
    """Numbers that changed between two versions of one unit, with their context."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    found = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "replace" or i2 - i1 != j2 - j1:
            continue
        for offset in range(i2 - i1):
            was, now = a[i1 + offset], b[j1 + offset]
            if _NUMBER.match(was) and _NUMBER.match(now):
                before = [w for w in b[max(0, j1 + offset - 5) : j1 + offset] if not _NUMBER.match(w)]
                context = label or " ".join(before[-4:])
                after = " ".join(b[j1 + offset + 1 : j1 + offset + 2]).strip(".,;:")
                found.append(FigureChange(context, was.strip(".,;:"), now.strip(".,;:"), after if not _NUMBER.match(after) else ""))
    return found


def diff_units(older: list[Unit], newer: list[Unit]) -> tuple[list[Change], list[FigureChange]]:
    """Align two unit lists and diff each pair (see the module docstring)."""
    changes: list[Change] = []
    figures: list[FigureChange] = []
    old_cells = {u.key: u for u in older if u.kind == "cell"}
    new_cells = {u.key: u for u in newer if u.kind == "cell"}
    for key, unit in new_cells.items():
        was = old_cells.get(key)
        if was is None:
            changes.append(Change("cell", key, [("+", unit.text)]))
        elif was.text != unit.text:
            changes.append(Change("cell", key, word_ops(was.text, unit.text)))
            figures.extend(figures_in(was.text, unit.text, key))
    changes.extend(Change("cell", key, [("-", u.text)]) for key, u in old_cells.items() if key not in new_cells)
    a = [u for u in older if u.kind != "cell"]
    b = [u for u in newer if u.kind != "cell"]
    matcher = SequenceMatcher(None, [u.text for u in a], [u.text for u in b], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        left, right = a[i1:i2], b[j1:j2]
        used: set[int] = set()
        for unit in right:
            best, score = None, 0.0
            for index, candidate in enumerate(left):
                if index not in used:
                    ratio = fuzz.ratio(candidate.text, unit.text)
                    if ratio > score:
                        best, score = index, ratio
            if best is not None and score >= PAIR_SCORE:
                used.add(best)
                changes.append(Change(unit.kind, "", word_ops(left[best].text, unit.text)))
                figures.extend(figures_in(left[best].text, unit.text))
            else:
                changes.append(Change(unit.kind, "", [("+", unit.text)]))
        changes.extend(Change(u.kind, "", [("-", u.text)]) for index, u in enumerate(left) if index not in used)
    return changes, figures


_STOP = frozenset(
    ["a", "an", "the", "of", "to", "in", "on", "at", "for", "and", "or", "with", "by", "from", "was", "were", "is", "are", "be", "been", "has", "have", "had", "this", "that", "as", "its", "it", "than", "which", "who", "now", "up", "down", "per", "cent", "figure"]
)
_YEAR = re.compile(r"^(?:19|20)\d\d(?:/\d\d)?[.,;:)]*$")
#: Words either side of a number that describe it.
WINDOW = 6
#: Shared describing words needed to call two numbers the same measure.
SHARED_WORDS = 3


def _measures(units: list[Unit]) -> list[tuple[str, frozenset[str], list[str]]]:
    """Each number in the text with the content words around it (for matching)."""
    found = []
    for unit in units:
        words = _TOKEN.findall(unit.text)
        for index, word in enumerate(words):
            if not _NUMBER.match(word) or _YEAR.match(word):
                continue
            around = words[max(0, index - WINDOW) : index] + words[index + 1 : index + 1 + WINDOW]
            content = [w.strip("().,;:'‘’\"").lower() for w in around]
            content = [w for w in content if w and w not in _STOP and not any(c.isdigit() for c in w)]
            found.append((word.strip(".,;:()"), frozenset(content), content))
    return found


def matched_figures(older: list[Unit], newer: list[Unit]) -> list[FigureChange]:
    """Numbers that describe the same measure in both texts but differ.

    Two numbers are the same measure when the words around them share at
    least ``SHARED_WORDS`` content words (e.g. "personal education plan
    (PEP)") and both are percentages or neither is; each number is used
    once, best matches first.
    """
    a, b = _measures(older), _measures(newer)
    scored = []
    for i, (_, words_a, _) in enumerate(a):
        for j, (_, words_b, _) in enumerate(b):
            shared = len(words_a & words_b)
            if shared >= SHARED_WORDS and a[i][0].endswith("%") == b[j][0].endswith("%"):
                scored.append((-shared, i, j))
    scored.sort()
    used_a: set[int] = set()
    used_b: set[int] = set()
    found = []
    for _, i, j in scored:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        if a[i][0] != b[j][0]:
            shared_words = [w for w in b[j][2] if w in a[i][1]]
            found.append(FigureChange(" ".join(dict.fromkeys(shared_words)), a[i][0], b[j][0]))
    return found


def diff_items(older: Item, newer: Item) -> ItemDiff:
    """The differences between two items' texts, and the figures that changed."""
    old_units, new_units = units_of(older.blocks), units_of(newer.blocks)
    changes, figures = diff_units(old_units, new_units)
    seen = {(f.old, f.new) for f in figures}
    figures.extend(f for f in matched_figures(old_units, new_units) if (f.old, f.new) not in seen)
    return ItemDiff(newer.id, older.id, changes, figures)


class DiffError(ValueError):
    """An id that names no item."""


def previous_instance(store: Store, item_id: str) -> str | None:
    """The latest item of ``item_id``'s thread held before its meeting, or None."""
    from store.topics import thread_view

    view = thread_view(store, item_id)
    here = next((link.date for link in view.thread if link.id == item_id), None)
    if here is None:
        return None
    earlier = [link for link in view.thread if link.id != item_id and link.date < here]
    return max(earlier, key=lambda link: (link.date, link.id)).id if earlier else None


def diff(store: Store, item_id: str, other_id: str | None = None) -> ItemDiff:
    """What changed in ``item_id`` since ``other_id`` (default: the thread's previous instance).

    Raises:
        DiffError: Either id names no item.
    """
    newer = store.item(item_id)
    if newer is None:
        raise DiffError(f"There is no item with the id {item_id!r}; diff takes an item id like ccpi-2017-06-27/r1.")
    if other_id is None:
        other_id = previous_instance(store, item_id)
        if other_id is None:
            return ItemDiff(item_id, None, note=f"{item_id} has no earlier instance in its thread, so there is nothing to compare.")
    older = store.item(other_id)
    if older is None:
        raise DiffError(f"There is no item with the id {other_id!r} to compare {item_id} with.")
    return diff_items(older, newer)
