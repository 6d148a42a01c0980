"""Fitting shell output to the terminal: display widths, cutting with …, wrapping.

The one place the command line decides how wide a line may be (issue 11,
item 7). ``output_width`` reads ``COLUMNS`` or the terminal through
``shutil.get_terminal_size``; ``None`` means "no limit" (piped output with
no ``COLUMNS``), so a script reading our rows never loses text it did not
ask to lose. Widths are terminal cells: wide East Asian characters count
two, combining marks none, and SGR escapes (bold/dim) nothing.
Nothing here imports Textual or Rich.
"""

from __future__ import annotations

import os
import re
import shutil
import textwrap
import unicodedata
from typing import Any

ELLIPSIS = "…"
_SGR = re.compile(r"\x1b\[[0-9;]*m")


def output_width(stream: Any) -> int | None:
    """``COLUMNS``, else the width of the terminal ``stream`` is, else ``None`` (no limit)."""
    if not os.environ.get("COLUMNS") and not stream.isatty():
        return None
    columns = shutil.get_terminal_size((0, 0)).columns
    return columns if columns > 0 else None


def char_cells(char: str) -> int:
    """How many terminal cells one character takes: 0, 1 or 2."""
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def cells(text: str) -> int:
    """The display width of ``text``, SGR escapes not counted."""
    return sum(char_cells(char) for char in _SGR.sub("", text))


def cut(text: str, width: int) -> str:
    """``text`` in at most ``width`` cells, ending with … when anything was cut.

    SGR escapes are kept (they take no room) and a style left open by the cut
    is closed, so a cut bold word does not bold the rest of the terminal.
    """
    if cells(text) <= width:
        return text
    room = width - 1  # the ellipsis takes one cell
    kept: list[str] = []
    used = 0
    styled = False
    position = 0
    while position < len(text):
        escape = _SGR.match(text, position)
        if escape:
            kept.append(escape.group())
            styled = True
            position = escape.end()
            continue
        char = text[position]
        size = char_cells(char)
        if used + size > room:
            break
        kept.append(char)
        used += size
        position += 1
    if room < 0:
        kept = []
    result = "".join(kept).rstrip() + (ELLIPSIS if width > 0 else "")
    return result + ("\x1b[0m" if styled else "")


def fit_row(width: int | None, lead: str, title: str = "", tail: str = "") -> str:
    """One row in ``width`` cells: ``title`` is cut with … first, then the row.

    ``lead`` and ``tail`` (ids, dates, counts) are kept whole while they fit
    beside at least a few cells of title; on a very narrow terminal the
    whole row is cut at its end instead.
    """
    row = lead + title + tail
    if width is None or cells(row) <= width:
        return row
    room = width - cells(lead) - cells(tail)
    if title and room >= 4:
        return lead + cut(title, room) + tail
    return cut(row, width)


def wrap(text: str, width: int | None, indent: str = "") -> list[str]:
    """``text`` wrapped to ``width`` at spaces only, never mid-word; unwrapped when ``width`` is None.

    A word longer than ``width`` stays whole on a line of its own.
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        if not paragraph.strip():
            lines.append("")
        elif width is None:
            lines.append(indent + paragraph)
        else:
            # A table row's tabs become the spaces a terminal would show (stops of 8).
            wrapped = textwrap.wrap(
                paragraph,
                max(width - len(indent), 1),
                break_long_words=False,
                break_on_hyphens=False,
            )
            lines.extend(indent + line for line in wrapped or [""])
    return lines
