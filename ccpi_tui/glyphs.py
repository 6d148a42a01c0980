"""The glyphs the app draws, chosen once from ``TERM`` when the app starts.

The Linux console (``TERM=linux``) draws from a 256- or 512-glyph font:
ASCII, Latin-1, the CP437 line boxes and a few arrows and blocks. There the
app uses plain markers and line borders; elsewhere the fancy ones.
``select()`` is called once by the App; widgets read ``GLYPHS``.

On the console a line filter (``ConsoleFont``) is the safety net for what
Textual and the documents draw themselves: any character outside the
console font becomes a look-alike that is in it, one cell for one cell.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter
from textual.scrollbar import ScrollBarRender


@dataclass(frozen=True, slots=True)
class Glyphs:
    """One set of glyphs.

    Attributes:
        console: True for the Linux console's set.
        marker: Marks the current line in a list of links (two cells).
        ellipsis: Ends a shortened text.
        node: A collapsed tree node (two cells).
        node_open: An expanded tree node (two cells).
        header_icon: The header's icon, top left.
        parts: How each kind of item part is introduced in the agenda tree.
    """

    console: bool
    marker: str
    ellipsis: str
    node: str
    node_open: str
    header_icon: str
    parts: Mapping[str, str]


FANCY = Glyphs(
    console=False,
    marker="▶ ",
    ellipsis="…",
    node="▶ ",
    node_open="▼ ",
    header_icon="⭘",
    parts={"heading": "§ ", "resolution": "✓ ", "table": "▦ "},
)

#: The console's set: the fancy one with what its font lacks replaced.
CONSOLE = replace(
    FANCY,
    console=True,
    marker="> ",
    ellipsis="...",
    node="+ ",
    node_open="- ",
    header_icon="*",
    parts={**FANCY.parts, "resolution": "= ", "table": "# "},
)

#: Terminals whose fonts have only the console's characters: the Linux
#: console (``linux``, ``linux-16color``, ...) and the FreeBSD one.
CONSOLE_TERMS = ("linux", "cons25")

#: The characters the Linux console's fonts draw, besides ASCII and Latin-1.
CONSOLE_EXTRA = frozenset("─│┌┐└┘├┤┬┴┼═║╔╗╚╝╠╣╦╩╬▲▼►◄█░▒▓▀▄·")

#: Look-alikes in the console font for what Textual and documents draw.
_LOOK_ALIKES = {
    **dict.fromkeys("╭┏╒╓", "┌"),
    **dict.fromkeys("╮┓╕╖", "┐"),
    **dict.fromkeys("╰┗╘╙", "└"),
    **dict.fromkeys("╯┛╛╜", "┘"),
    **dict.fromkeys("━╍┅┉╌┄┈╸╺╴╶", "─"),
    **dict.fromkeys("┃╏┇┋╎┆┊╹╻╵╷", "│"),
    **dict.fromkeys("┣┠┝", "├"),
    **dict.fromkeys("┫┨┥", "┤"),
    **dict.fromkeys("┳┯┰", "┬"),
    **dict.fromkeys("┻┷┸", "┴"),
    **dict.fromkeys("╋╂┿", "┼"),
    **dict.fromkeys("▁▂▃", " "),
    **dict.fromkeys("▅▆▇▉▊▋", "█"),
    **dict.fromkeys("▌▍▎▏▐▕", "│"),
    **dict.fromkeys("▔", "▀"),
    **dict.fromkeys("‘’‚′", "'"),
    **dict.fromkeys("“”„″", '"'),
    **dict.fromkeys("–—―‐‑−", "-"),
    **dict.fromkeys("•◦∙●○⭘◯", "·"),
    **dict.fromkeys("▶▸⏵→⇒", "►"),
    **dict.fromkeys("◀◂⏴←⇐", "◄"),
    **dict.fromkeys("▴↑", "▲"),
    **dict.fromkeys("▾↓", "▼"),
    "…": ".",
    "⏎": "<",
    "✓": "+",
    "✗": "x",
    "▦": "#",
}


def is_console_term(term: str) -> bool:
    """True when a ``TERM`` names a terminal with only the console's font."""
    return term.split("-", 1)[0] in CONSOLE_TERMS


def drawable_on_console(char: str) -> bool:
    """True when the Linux console's fonts have ``char``."""
    code = ord(char)
    return 32 <= code < 127 or 0xA0 <= code < 0x100 or char in CONSOLE_EXTRA


@lru_cache(4096)
def console_char(char: str) -> str:
    """``char`` if the console draws it, else a one-cell look-alike that it does."""
    if drawable_on_console(char):
        return char
    if char in _LOOK_ALIKES:
        return _LOOK_ALIKES[char]
    width = unicodedata.east_asian_width(char)
    if unicodedata.combining(char):
        return ""
    return "??" if width in ("W", "F") else "?"


@lru_cache(4096)
def console_text(text: str) -> str:
    """``text`` with every character the console cannot draw replaced."""
    if text.isascii():
        return text
    return "".join(console_char(char) for char in text)


class ConsoleFont(LineFilter):
    """Replace what the Linux console cannot draw, keeping every style."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        """Each segment's text in the console's font; control codes kept."""
        return [
            segment if control else Segment(console_text(text), style, control)
            for segment in segments
            for text, style, control in (segment,)
        ]


#: The set in use; ``select()`` sets it once at start.
GLYPHS = FANCY

_SCROLL_BARS = (ScrollBarRender.VERTICAL_BARS, ScrollBarRender.HORIZONTAL_BARS)


def select(term: str) -> Glyphs:
    """Choose the set for a ``TERM``; make it ``GLYPHS`` and return it.

    On the console the scroll bars are drawn in whole cells, since the
    console font has no eighth blocks.
    """
    global GLYPHS
    GLYPHS = CONSOLE if is_console_term(term) else FANCY
    if GLYPHS.console:
        ScrollBarRender.VERTICAL_BARS = [" "] * 8
        ScrollBarRender.HORIZONTAL_BARS = [" "] * 8
    else:
        ScrollBarRender.VERTICAL_BARS, ScrollBarRender.HORIZONTAL_BARS = _SCROLL_BARS
    return GLYPHS
