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

from store import Archive
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


#: Words that end a clause (as do tokens ending in , ; : . ! ?): a figure's label is in its clause.
_CLAUSE_WORDS = frozenset({"and", "but", "while", "whilst", "whereas", "compared", "against"})


@dataclass(frozen=True, slots=True)
class _Figure:
    """A number in a text with the words that label it (see ``figures_in``)."""

    value: str
    label: str
    words: frozenset[str]
    after: str
    #: Its place among the numbers of its text, to break ties.
    at: int


def _content(word: str) -> str:
    bare = word.strip("().,;:!?'‘’\"").lower()
    return "" if not bare or bare in _STOP or any(c.isdigit() for c in bare) else bare


def _figures(text: str) -> list[_Figure]:
    """Each number of ``text`` with its label: the words before it in its
    clause (after it when none come before), and the word after it."""
    tokens = _TOKEN.findall(text)
    clauses: list[list[str]] = [[]]
    for token in tokens:
        if token.lower() in _CLAUSE_WORDS and clauses[-1]:
            clauses.append([])
            continue
        clauses[-1].append(token)
        if token[-1] in ",;:.!?":
            clauses.append([])
    found: list[_Figure] = []
    for clause in clauses:
        for index, token in enumerate(clause):
            if not _NUMBER.match(token):
                continue
            before = [w for w in clause[:index] if not _NUMBER.match(w)]
            after_words = [w for w in clause[index + 1 :] if not _NUMBER.match(w)]
            words = frozenset(filter(None, map(_content, before or after_words)))
            label = " ".join(before[-4:]) if before else ""
            following = clause[index + 1 : index + 2]
            after = following[0].strip(".,;:") if following and not _NUMBER.match(following[0]) else ""
            found.append(_Figure(token.strip(".,;:"), label, words, after, len(found)))
    return found


def figures_in(old: str, new: str, label: str = "") -> list[FigureChange]:
    """Numbers that changed between two versions of one unit, with their context.

    Numbers are paired by the words that label them ("sickness absence
    10.2 days" with "sickness absence 9.8 days"), not by where they stand:
    clauses reordered or added still pair each figure with its own. Two
    numbers pair when their labels share a content word (most shared first,
    then the nearer in order), or when neither label has any and they stand
    at the same place; both must be percentages or neither.
    """
    return [change for _, _, change in _pair_by_label(_figures(old), _figures(new), label)]


def _pair_by_label(
    a: list[_Figure], b: list[_Figure], label: str = "", *, strict: bool = False
) -> list[tuple[_Figure, _Figure, FigureChange]]:
    """Pair figures by their labels (see ``figures_in``), each used once;
    the changed pairs, in the new text's order. ``strict`` (figures of
    different units): labels must share at least half their words, and
    two of them unless they are the same."""
    scored = []
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            if x.value.endswith("%") != y.value.endswith("%"):
                continue
            shared = len(x.words & y.words)
            share = shared / len(x.words | y.words) if shared else 0.0
            if strict and (share < 0.5 or (shared < 2 and share < 1.0)):
                continue
            if shared:
                scored.append((-share, abs(x.at - y.at), i, j))
            elif not x.words and not y.words and x.at == y.at:
                scored.append((0.0, 0, i, j))
    scored.sort()
    used_a: set[int] = set()
    used_b: set[int] = set()
    found = []
    for _, _, i, j in scored:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        was, now = a[i], b[j]
        if was.value != now.value:
            found.append((j, was, now, FigureChange(label or now.label, was.value, now.value, now.after)))
    return [(was, now, change) for _, was, now, change in sorted(found, key=lambda row: row[0])]


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

    First by their labels, across units (``_pair_by_label``, strict): "staff
    turnover 12%" in one paragraph and "staff turnover 11%" in another.
    Then, for numbers not paired so, when the words around them share at
    least ``SHARED_WORDS`` content words (e.g. "personal education plan
    (PEP)") and both are percentages or neither is; each number is used
    once, best matches first.
    """
    def texts(units: list[Unit]) -> list[_Figure]:
        found = [f for unit in units if unit.kind != "cell" for f in _figures(unit.text)]
        return [f for f in found if not _YEAR.match(f.value)]

    labelled = _pair_by_label(texts(older), texts(newer), strict=True)
    taken_old = {was.value for was, _, _ in labelled}
    taken_new = {now.value for _, now, _ in labelled}
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
    found = [change for _, _, change in labelled]
    for _, i, j in scored:
        if i in used_a or j in used_b or a[i][0] in taken_old or b[j][0] in taken_new:
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


def previous_instance(store: Archive, item_id: str) -> str | None:
    """The latest item of ``item_id``'s thread held before its meeting, or None."""
    from store.topics import thread_view

    view = thread_view(store, item_id)
    here = next((link.date for link in view.thread if link.id == item_id), None)
    if here is None:
        return None
    earlier = [link for link in view.thread if link.id != item_id and link.date < here]
    return max(earlier, key=lambda link: (link.date, link.id)).id if earlier else None


def diff(store: Archive, item_id: str, other_id: str | None = None) -> ItemDiff:
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
