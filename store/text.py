"""Text cleaning shared by the importer, the exporter and the screen.

Document text is data. Before it is stored, and again before it is shown or
written (old stores, file names and error messages come from elsewhere),
every character that could steer a terminal is replaced by a visible
placeholder: C0 controls but tab and newline, DEL, C1 controls, bidi
overrides and isolates, and lone surrogates (undecodable bytes in a file
name), which no terminal encoding can write. Runs of combining marks are
capped so one character cannot carry thousands of them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # types only: the app's first frame draws safe lines without the models
    from store.models import Block

#: Line breaks other than ``\n`` that documents use: CRLF, CR, form feed,
#: vertical tab, NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR.
_BREAK_MARKS = ("\r", "\f", "\v", "\x85", "\u2028", "\u2029")

#: U+FFFD stands in for controls that have no picture of their own.
REPLACEMENT = "\ufffd"

#: Most combining marks kept on one base character.
MAX_COMBINING = 4


def _placeholder_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x20):
        if code not in (0x09, 0x0A):
            table[code] = chr(0x2400 + code)  # the Control Pictures block
    table[0x7F] = "\u2421"  # SYMBOL FOR DELETE
    for code in range(0x80, 0xA0):
        table[code] = REPLACEMENT
    for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C):
        table[code] = REPLACEMENT
    for code in range(0xD800, 0xE000):
        table[code] = REPLACEMENT
    table[0xFEFF] = ""  # a BOM or zero-width no-break space inside text
    return table


_PLACEHOLDERS = _placeholder_table()
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]"
)


def normalise_newlines(text: str) -> str:
    """Turn every line-break convention into ``\\n``."""
    # str.replace per convention present is several times faster than the
    # regular expression over a document that mostly has none of them.
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    for mark in _BREAK_MARKS:
        if mark in text:
            text = text.replace(mark, "\n")
    return text


def _cap_combining(text: str, marks: set[str]) -> str:
    out: list[str] = []
    run = 0
    for char in text:
        if char in marks:
            run += 1
            if run > MAX_COMBINING:
                continue
        else:
            run = 0
        out.append(char)
    return "".join(out)


def safe_text(text: str) -> str:
    """Return ``text`` with nothing in it that can steer a terminal.

    Newlines and tabs are kept; every other control, DEL, C1 control,
    bidi override and lone surrogate is replaced by a visible placeholder,
    and runs of more than ``MAX_COMBINING`` combining marks are cut. Marks
    are told by their category (Mn, Mc, Me), not by ``combining()``: an
    enclosing circle or a grapheme joiner stacks as well but has class 0.
    """
    if _UNSAFE.search(text):
        text = text.translate(_PLACEHOLDERS)
    if not text.isascii():
        # Classify each distinct character once, not every character.
        marks = {char for char in set(text) if unicodedata.category(char)[0] == "M"}
        if marks:
            text = _cap_combining(text, marks)
    return text


def safe_line(text: str) -> str:
    """``safe_text`` for one line: newlines and tabs become spaces too."""
    return safe_text(text).replace("\n", " ").replace("\t", " ")


def clean_document(text: str) -> str:
    """Normalise a decoded document: line breaks, no-break spaces, controls."""
    text = normalise_newlines(text)
    text = text.replace("\u00a0", " ")
    return safe_text(text)


def blocks_to_text(blocks: Iterable[Block]) -> str:
    """Render blocks as plain text, one blank line between blocks."""
    parts: list[str] = []
    for block in blocks:
        if block.kind == "bullets":
            parts.append("\n".join(f"- {entry}" for entry in block.items))
        elif block.kind == "table":
            parts.append("\n".join("\t".join(row) for row in block.rows))
        elif block.kind == "resolution":
            clauses = [
                f"({_roman(number)}) {clause}"
                for number, clause in enumerate(block.items, start=1)
            ]
            parts.append("\n".join([f"Resolved: {block.text}".rstrip(), *clauses]))
        else:
            parts.append(block.text)
    return "\n\n".join(part for part in parts if part)


_ROMAN = (
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)


def _roman(number: int) -> str:
    out = []
    for value, letters in _ROMAN:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def roman(number: int) -> str:
    """Lower-case Roman numeral for a resolution clause (1 -> ``i``)."""
    return _roman(number)


_DIGITS = re.compile(r"(\d+)")


def natural_key(label: str) -> tuple[tuple[int, int, str], ...]:
    """A sort key comparing the numbers in ``label`` as numbers: ``4`` before
    ``11``, ``4a`` before ``4b`` before ``5`` (agenda numbers, ids)."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part.casefold())
        for part in _DIGITS.split(label)
        if part
    )
