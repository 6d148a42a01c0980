"""Minute text to Blocks: paragraphs, bullets, tables, resolutions, headings.

Shared by printed minutes, agenda pages, decision pages and reports. The
input is raw lines (indentation and tabs kept, because tables and bullet
continuations depend on them); every step is a single pass, and text that
grows (a bullet continued over many lines) is collected in lists and joined
once, so the work stays linear in the input.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from store.ingest.lines import is_blank, squash
from store.models import Block

#: A bullet point: a dot-like mark, or a dash or star followed by a space.
BULLET = re.compile(r"^\s*+(?:[·•▪◦●‣∙]|[-–*](?=\s))\s*+")
#: "Resolved:", "RESOLVED -", "Resolved: - That:", "Resolved that".
RESOLVED = re.compile(r"^\s*+resolved\s*+(?:(?:[:\-–—.]\s*+)++|(?=that\b)|$)", re.IGNORECASE)
#: A resolution clause label: "(i)", "(a)", "(2)", "ii)", "3.".
CLAUSE = re.compile(
    r"^\s*+(?:\(\s*+(?:[ivxlcdm]{1,6}|[a-z]|\d{1,2})\s*+\)"
    r"|(?:[ivx]{1,6}|[a-z]|\d{1,2})\)|\d{1,2}\.)\s*+",
    re.IGNORECASE,
)
#: A numbered paragraph ("2. Members asked ..."), which starts afresh.
_LIST_NUMBER = re.compile(r"\d++[.)]\s")
#: Characters that end a sentence or clause: text ending so is not cut off.
_FINAL = ".,;:!?)\"'’”"
#: Words that need not be capitalised in a heading.
_SMALL = frozenset(
    "a an and as at by for from in into of on or per the to via with & – - —".split()
)
#: Short words that stand alone as minute text, never as headings.
_NOT_HEADINGS = frozenset({"none", "nil", "noted", "agreed", "n/a", "no", "yes", "approved"})
#: Longest heading, in words and characters.
_HEADING_WORDS = 12
_HEADING_CHARS = 90
#: A paragraph at least this long (in words) may run on into the next.
_RUN_ON_WORDS = 8
#: Longest entry of a list written as separate lines after "...:".
_ENTRY_WORDS = 15


def looks_like_heading(line: str, capitalised: float = 0.5) -> bool:
    """True for a short title-like line: no final punctuation, mostly capitals.

    Args:
        line: One line of text.
        capitalised: Share of significant words that must start with a
            capital letter or digit.
    """
    text = squash(line)
    if not text or len(text) > _HEADING_CHARS or text[-1] in ".,;:!?":
        return False
    if not text[0].isupper() or text.lower() in _NOT_HEADINGS:
        return False
    if ". " in text or "@" in text or "http" in text.lower():
        return False
    if BULLET.match(text) or RESOLVED.match(text):
        return False
    words = text.split()
    if len(words) > _HEADING_WORDS:
        return False
    significant = [
        word.lstrip("('\"‘“")
        for word in words
        if word.lower() not in _SMALL and any(char.isalpha() for char in word)
    ]
    if not significant:
        return False
    capitals = sum(1 for word in significant if word[:1].isupper() or word[:1].isdigit())
    return capitals >= capitalised * len(significant)


def table_cells(line: str) -> list[str] | None:
    """The cells of a tab-separated table row, or None if the line is not one.

    A row has at least two tabs and two non-empty cells; leading tabs are
    empty cells (a units row such as ``\\t\\t£m\\t%`` keeps its place).
    """
    if line.count("\t") < 2:
        return None
    line = line.rstrip()
    if line.count("\t") < 2:
        return None
    cells = [squash(cell) for cell in line.split("\t")]
    if sum(1 for cell in cells if cell) < 2:
        return None
    return cells


def parse_blocks(lines: Sequence[str], capitalised: float = 0.5) -> list[Block]:
    """Structure minute text as blocks.

    Args:
        lines: Raw lines of one item's text (or one section of a report).
        capitalised: Heading strictness, see ``looks_like_heading``.

    Returns:
        Paragraph, bullets, table, resolution and level-2 heading blocks.
    """
    builder = _Builder(capitalised)
    for unit in _units(lines):
        if isinstance(unit, _Table):
            builder.add_table(unit.rows)
        else:
            builder.add(unit)
    return _lists_after_colon(_settle_headings(builder.finish()))


@dataclass(slots=True)
class _Table:
    """Consecutive table rows, as cells."""

    rows: list[list[str]]


def _units(lines: Sequence[str]) -> list[list[str] | _Table]:
    """Group lines into paragraphs (runs of non-blank lines) and tables.

    Blank lines may sit between the rows of one table; a lone tabbed row is
    an ordinary paragraph.
    """
    units: list[list[str] | _Table] = []
    paragraph: list[str] | None = None
    rows: list[tuple[str, list[str]]] = []

    def flush_rows() -> None:
        if len(rows) >= 2:
            units.append(_Table([cells for _, cells in rows]))
        else:
            units.extend([line] for line, _ in rows)
        rows.clear()

    for line in lines:
        cells = table_cells(line)
        if cells is not None:
            paragraph = None
            rows.append((line, cells))
            continue
        if is_blank(line):
            paragraph = None
            continue
        if rows:
            flush_rows()
        if paragraph is None:
            paragraph = []
            units.append(paragraph)
        paragraph.append(line)
    flush_rows()
    return units


@dataclass(slots=True)
class _Draft:
    """A block being built: text pieces are joined once, at the end."""

    kind: str
    pieces: list[str] = field(default_factory=list)
    items: list[list[str]] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    level: int = 0
    tail_words: int = 0

    def extend(self, text: str, separator: str) -> None:
        """Add ``text`` to the last bullet, clause or the text itself."""
        target = self.items[-1] if self.items else self.pieces
        if target and text:
            target.append(separator)
        if text:
            target.append(text)
        self.tail_words += text.count(" ") + 1

    def tail_end(self) -> str:
        target = self.items[-1] if self.items else self.pieces
        return target[-1][-1] if target and target[-1] else ""

    def block(self) -> Block:
        items = [item for item in ("".join(parts) for parts in self.items) if item]
        rows = self.rows
        if rows:
            width = max(len(row) for row in rows)
            rows = [row + [""] * (width - len(row)) for row in rows]
        return Block(self.kind, "".join(self.pieces), items, rows, self.level)


class _Builder:
    """Turns paragraphs into drafts, one decision per paragraph."""

    def __init__(self, capitalised: float) -> None:
        self.capitalised = capitalised
        self.drafts: list[_Draft] = []

    def finish(self) -> list[Block]:
        blocks = [draft.block() for draft in self.drafts]
        return [block for block in blocks if block.text or block.items or block.rows]

    def add_table(self, rows: list[list[str]]) -> None:
        self.drafts.append(_Draft("table", rows=rows))

    def add(self, lines: list[str]) -> None:
        """Add one paragraph: its first line decides what it is."""
        first = lines[0]
        last = self.drafts[-1] if self.drafts else None
        if BULLET.match(first):
            self._bullets(lines, last if last is not None and last.kind == "bullets" else None)
        elif RESOLVED.match(first):
            self._resolution(lines)
        elif last is not None and last.kind == "resolution" and CLAUSE.match(first) and (
            last.items or not last.pieces or last.pieces[-1].endswith(":")
        ):
            for line in lines:
                self._resolution_line(last, line)
        elif last is not None and last.kind == "bullets" and first[:1] in " \t":
            last.extend(squash(" ".join(lines)), " ")
        elif last is not None and _runs_on(last, first):
            for line in lines:
                last.extend(squash(line), " ")
        else:
            self._text(lines)

    def _text(self, lines: list[str]) -> None:
        if looks_like_heading(lines[0], self.capitalised) and (
            len(lines) == 1 or len(lines[1].split()) > _HEADING_WORDS
        ):
            self.drafts.append(_Draft("heading", [squash(lines[0])], level=2))
            lines = lines[1:]
        if lines:
            draft = _Draft("paragraph")
            for line in lines:
                draft.extend(squash(line), "\n")
            self.drafts.append(draft)

    def _bullets(self, lines: list[str], draft: _Draft | None) -> None:
        if draft is None:
            draft = _Draft("bullets")
            self.drafts.append(draft)
        for line in lines:
            match = BULLET.match(line)
            if match:
                draft.items.append([])
                draft.tail_words = 0
                draft.extend(squash(line[match.end() :]), " ")
            else:
                draft.extend(squash(line), " ")

    def _resolution(self, lines: list[str]) -> None:
        match = RESOLVED.match(lines[0])
        assert match is not None
        draft = _Draft("resolution")
        draft.extend(squash(lines[0][match.end() :]), " ")
        self.drafts.append(draft)
        for line in lines[1:]:
            self._resolution_line(draft, line)

    @staticmethod
    def _resolution_line(draft: _Draft, line: str) -> None:
        match = CLAUSE.match(line)
        if match and (draft.items or not draft.pieces or draft.pieces[-1].endswith(":")):
            draft.items.append([])
            draft.extend(squash(line[match.end() :]), " ")
        else:
            draft.extend(squash(line), " ")


def _runs_on(last: _Draft, first: str) -> bool:
    """True when a paragraph continues the previous one across a page break."""
    if last.kind not in ("paragraph", "bullets") or last.tail_words < _RUN_ON_WORDS:
        return False
    if last.tail_end() in _FINAL:
        return False
    start = first.lstrip()
    if start[:1].islower():
        return True
    return start[:1].isdigit() and not CLAUSE.match(start) and not _LIST_NUMBER.match(start)


def _settle_headings(blocks: list[Block]) -> list[Block]:
    """A heading must introduce something: one at the very end is text."""
    if blocks and blocks[-1].kind == "heading":
        blocks[-1] = Block("paragraph", blocks[-1].text)
    return blocks


def _is_entry(block: Block) -> bool:
    return (
        block.kind in ("heading", "paragraph")
        and "\n" not in block.text
        and len(block.text.split()) <= _ENTRY_WORDS
        and not block.text.endswith(".")
    )


def _lists_after_colon(blocks: list[Block]) -> list[Block]:
    """Lines listed one per paragraph after "...:" become one bullets block."""
    out: list[Block] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        out.append(block)
        index += 1
        if block.kind != "paragraph" or not block.text.endswith(":"):
            continue
        end = index
        while end < len(blocks) and _is_entry(blocks[end]):
            end += 1
        if end - index >= 2:
            out.append(Block("bullets", items=[entry.text for entry in blocks[index:end]]))
            index = end
    return out
