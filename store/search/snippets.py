"""Snippets: FTS5's ``snippet()`` window of an item's text, made one safe line.

SQLite cuts the window where the most matched words meet and marks them
(``tables.OPEN`` ... ``tables.CLOSE``); this turns the marks into spans
and cleans each piece for the terminal, so the spans stay true.

``snippet()`` takes time growing with the square of an item's matches, so
an item longer than ``SNIPPET_SCAN`` characters (they reach megabytes) is
windowed here instead, around its first match in that many characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from store.search.tables import CLOSE, OPEN
from store.text import safe_line

#: Characters a snippet shows at most (ellipses aside).
SNIPPET_WIDTH = 110
#: Words SQLite puts in a snippet's window.
SNIPPET_WORDS = 16

#: Longest text whose snippet SQLite cuts; beyond, only this many characters are read.
SNIPPET_SCAN = 16_384

ELLIPSIS = "…"


def window(text: str, words: Iterable[str], width: int = SNIPPET_WIDTH) -> str:
    """A marked window of ``text`` around its first whole-word match of ``words``."""
    alternatives = "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
    pattern = re.compile(r"(?<![^\W_])(?:" + alternatives + r")(?![^\W_])", re.IGNORECASE)
    first = pattern.search(text)
    start = (
        0 if first is None else max(0, text.rfind(" ", 0, max(0, first.start() - width // 3)) + 1)
    )
    part = text[start : start + width]
    marked = pattern.sub(lambda match: OPEN + match.group() + CLOSE, part)
    return (ELLIPSIS if start else "") + marked + (ELLIPSIS if start + width < len(text) else "")


def snippet_sql(column: int) -> str:
    """The SQL expression cutting a snippet of ``column`` of ``search_fts``."""
    return f"snippet(search_fts, {column}, '{OPEN}', '{CLOSE}', '{ELLIPSIS}', {SNIPPET_WORDS})"


def spans_of(marked: str, width: int = SNIPPET_WIDTH) -> tuple[str, list[tuple[int, int]]]:
    """The snippet shown and the ``(start, end)`` spans of its matched words,
    from ``snippet()``'s marked window, cut to ``width`` characters."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    length = 0
    inside = False
    for piece in marked.replace(CLOSE, OPEN).split(OPEN):
        clean = safe_line(piece)
        if inside and clean:
            spans.append((length, length + len(clean)))
        out.append(clean)
        length += len(clean)
        inside = not inside
    text = "".join(out)
    if len(text) > width + 2:
        cut = text.rfind(" ", 0, width) if " " in text[:width] else width
        text = text[:cut].rstrip() + ELLIPSIS
        spans = [(start, end) for start, end in spans if end <= cut]
    return text, spans
