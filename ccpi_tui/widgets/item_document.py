"""The item viewer's text: an item rendered once per width, drawn by line.

Rendering the whole item to lines (a few tens of milliseconds for the
longest report) keeps scrolling free and tells where each block starts,
so a part chosen in the agenda tree can be scrolled to exactly. Only the
blocks the first frame shows are rendered before it; the rest follow
straight after it, so a long item opens as fast as a short one.

A find (``find``: from a search result, or ``/`` in the viewer) highlights
every match of a pattern in the rendered lines, the one the viewer is on
more strongly (reverse video and underline: NO_COLOR keeps both), and
``next_match``/``previous_match`` move between them, wrapping round. The
matches are found in the lines as shown, so a phrase wrapped over two lines
is still found (and highlighted in two pieces). A place gone back to, or the
item read again after a change elsewhere, gets its find back with the match
it was on (``place``; ``match=`` of ``show_item`` and ``find``), the text
left where it was.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator

from rich.cells import cell_len
from rich.console import RenderableType
from rich.segment import Segment
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ccpi_tui.messages import MatchesShown
from ccpi_tui.widgets.item_render import STYLE_NAMES, item_renderables
from store import Item, Meeting, fold

#: One match as shown: ``(line, first cell, end cell)`` pieces (two or more
#: when it is wrapped over lines).
MatchPieces = list[tuple[int, int, int]]


class ItemDocument(ScrollView, can_focus=True):
    """Shows one item, or a one-line message when there is none."""

    COMPONENT_CLASSES = {f"item-document--{name}" for name in STYLE_NAMES} | {
        "item-document--match",
        "item-document--current-match",
    }

    BINDINGS = [
        Binding("down,j", "scroll_down", "Scroll down", show=False),
        Binding("up,k", "scroll_up", "Scroll up", show=False),
        Binding("pagedown,space,ctrl+f", "page_down", "Page down", show=False),
        Binding("pageup,ctrl+b", "page_up", "Page up", show=False),
        Binding("ctrl+d", "half_page(1)", "Half page down", show=False),
        Binding("ctrl+u", "half_page(-1)", "Half page up", show=False),
        Binding("home,g", "scroll_home", "Top", show=False),
        Binding("end,G", "scroll_end", "Bottom", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        """Start with a prompt to choose an item."""
        super().__init__(id=id)
        self._item: Item | None = None
        self._meeting: Meeting | None = None
        self._message = "Choose an item in the agenda to read it here."
        self._lines: list[Strip] = []
        self._starts: dict[int, int] = {}
        self._width = 0
        #: The blocks not rendered yet (they follow the first frame).
        self._rest: Iterator[tuple[int | None, RenderableType]] = iter(())
        #: Where to scroll once the item is rendered: (block, line).
        self._anchor: tuple[int | None, int] | None = None
        #: The find on show, its matches (found once every line is
        #: rendered), the one the viewer is on, and by line the pieces.
        self._find: re.Pattern[str] | None = None
        self._matches: list[MatchPieces] = []
        self._current = -1
        self._pieces: dict[int, list[tuple[int, int, int]]] = {}
        self._scanned = False
        #: True until the viewer has scrolled to the first match of a new
        #: find, the first one at or below line ``_land_from``.
        self._landing = False
        self._land_from = 0
        #: The match to make current instead, the view left where it is (a
        #: place given back), until the matches are found.
        self._keep_match: int | None = None

    @property
    def item(self) -> Item | None:
        """The item shown, if any."""
        return self._item

    def on_mount(self) -> None:
        """Re-render when the theme changes (styles come from CSS, which
        is applied again first)."""
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.call_after_refresh(self._render_lines))

    @property
    def finding(self) -> bool:
        """True while a find is highlighted."""
        return self._find is not None

    @property
    def match_count(self) -> int:
        """How many matches the find on show has."""
        return len(self._matches)

    @property
    def place(self) -> tuple[re.Pattern[str] | None, int]:
        """The find on show (None: none) and the match it is on, to give back later."""
        return self._find, max(self._current, 0)

    def show_item(
        self,
        item: Item,
        meeting: Meeting | None,
        block: int | None = None,
        line: int = 0,
        find: re.Pattern[str] | None = None,
        match: int | None = None,
    ) -> None:
        """Show ``item`` from ``block`` if given, else from ``line``; with
        ``find``, every match highlighted and the viewer at the first one, or
        with ``match`` too, at ``block``/``line`` with that match current."""
        self._item, self._meeting = item, meeting
        self._anchor = (block, line)
        self._set_find(find, match)
        self._land_from = 0
        self._render_lines()

    def find(
        self, pattern: re.Pattern[str] | None, from_line: int | None = None, match: int | None = None
    ) -> None:
        """Highlight every match of ``pattern`` (over ``fold``-ed text) in the
        item on show and go to the first one at or below ``from_line`` (by
        default the top line shown; else the first), or with ``match``, make
        that one current and leave the view; None clears the find."""
        self._set_find(pattern, match)
        if pattern is None:
            self.refresh()
            return
        self._land_from = self.scroll_offset.y if from_line is None else from_line
        scanned = self._scanned
        self._render_rest()  # scans once the last line is rendered
        if scanned:
            self._rescan()

    def _set_find(self, pattern: re.Pattern[str] | None, match: int | None = None) -> None:
        was = self._find is not None
        self._find, self._matches, self._pieces, self._current = pattern, [], {}, -1
        self._landing = pattern is not None
        self._keep_match = match if pattern is not None else None
        if pattern is None and was:
            self.post_message(MatchesShown(-1, 0, looking=False))

    def clear_find(self) -> None:
        """Take the highlight away (the place in the text stays)."""
        self.find(None)

    def action_next_match(self) -> None:
        """Go to the next match, wrapping round to the first."""
        self._step_match(1)

    def action_previous_match(self) -> None:
        """Go to the previous match, wrapping round to the last."""
        self._step_match(-1)

    def _step_match(self, step: int) -> None:
        if not self._matches:
            if self._find is not None:
                self.post_message(MatchesShown(-1, 0))
            return
        self._current = (self._current + step) % len(self._matches)
        self._pieces = self._by_line()
        self._scroll_to_match()

    def _rescan(self) -> None:
        """Find the matches in the rendered lines (every line is rendered)."""
        pattern = self._find
        if pattern is None:
            return
        texts = ["".join(segment.text for segment in strip) for strip in self._lines]
        starts: list[int] = []
        at = 0
        for text in texts:
            starts.append(at)
            at += len(text) + 1
        joined = fold("\n".join(texts))
        matches: list[MatchPieces] = []
        for found in pattern.finditer(joined):
            if found.end() == found.start():
                continue
            first, last = bisect_right(starts, found.start()) - 1, bisect_right(starts, found.end() - 1) - 1
            pieces: MatchPieces = []
            for line in range(first, last + 1):
                text = texts[line]
                begin = max(found.start() - starts[line], 0)
                end = min(found.end() - starts[line], len(text))
                if end > begin:
                    pieces.append((line, cell_len(text[:begin]), cell_len(text[:end])))
            if pieces:
                matches.append(pieces)
        self._matches = matches
        if self._landing and self._keep_match is not None:
            self._landing = False
            self._current = min(self._keep_match, len(matches) - 1)
            self._keep_match = None
            self._pieces = self._by_line()
            self.post_message(MatchesShown(self._current, len(matches)) if matches else MatchesShown(-1, 0))
        elif self._landing:
            self._landing = False
            below = [n for n, pieces in enumerate(matches) if pieces[0][0] >= self._land_from]
            self._current = below[0] if below else (0 if matches else -1)
            self._pieces = self._by_line()
            if matches:
                self.call_after_refresh(self._scroll_to_match)
            else:
                self.post_message(MatchesShown(-1, 0))
        else:
            self._current = min(self._current, len(matches) - 1)
            self._pieces = self._by_line()
        self.refresh()

    def _by_line(self) -> dict[int, list[tuple[int, int, int]]]:
        pieces: dict[int, list[tuple[int, int, int]]] = {}
        for number, match in enumerate(self._matches):
            for line, begin, end in match:
                pieces.setdefault(line, []).append((begin, end, number))
        return pieces

    def _scroll_to_match(self) -> None:
        """Bring the current match into view, a third down the screen, and say where it is."""
        if not 0 <= self._current < len(self._matches):
            return
        line = self._matches[self._current][0][0]
        height = self.scrollable_content_region.height
        top, bottom = self.scroll_offset.y, self.scroll_offset.y + height
        if not top <= line < bottom - 1:
            self.scroll_to(y=max(0, line - height // 3), animate=False, immediate=True, force=True)
        self.refresh()
        self.post_message(MatchesShown(self._current, len(self._matches)))

    def show_message(self, message: str) -> None:
        """Show a message instead of an item."""
        self._item, self._meeting = None, None
        self._set_find(None)
        self._message = message
        self._anchor = (None, 0)
        self._render_lines()

    def scroll_to_block(self, block: int | None) -> None:
        """Scroll so that ``block`` starts at the top (None: the very top)."""
        self._render_rest()
        self.scroll_to_line(self._starts.get(block, 0) if block is not None else 0)

    def scroll_to_line(self, line: int) -> None:
        """Scroll so that ``line`` is at the top.

        Forced: a viewer that has just been shown has no scrollbar yet and
        would otherwise ignore the request.
        """
        self._render_rest()
        self.scroll_to(y=line, animate=False, immediate=True, force=True)

    def _renderables(self) -> list[tuple[int | None, RenderableType]]:
        if self._item is None:
            style = self.get_component_rich_style("item-document--muted")
            return [(None, Text(self._message, style))]
        styles = {name: self.get_component_rich_style(f"item-document--{name}") for name in STYLE_NAMES}
        return item_renderables(self._item, self._meeting, styles)

    def _render_lines(self) -> None:
        """Render what the first frame shows now, and the rest after it."""
        width = self.scrollable_content_region.width
        self._width = width
        self._lines, self._starts = [], {}
        self._scanned = False
        self._matches, self._pieces = [], {}
        self._rest = iter(self._renderables() if width > 0 else ())
        block, line = self._anchor if self._anchor is not None else (None, self.scroll_offset.y)
        if self._landing and self._keep_match is None and width > 0:
            # Going to a match: every line first, to know where it is.
            self._anchor = None
            self._render_rest()
            return
        # Enough for a screenful below the anchor, wherever it turns out to be.
        shown = self.scrollable_content_region.height
        self._render_until(lambda: self._lines_from(block, line) >= shown)
        if width > 0 and self._anchor is not None:
            # The new height reaches the scrollbars only after a refresh; a
            # hidden viewer (width 0) keeps its anchor until it is shown.
            self._anchor = None
            self.call_after_refresh(self._scroll_to_anchor, block, line)
        self.call_after_refresh(self._render_rest)

    def _lines_from(self, block: int | None, line: int) -> int:
        """How many lines are rendered from the anchor down (-1: not reached)."""
        start = line if block is None else self._starts.get(block)
        return -1 if start is None else len(self._lines) - start

    def _render_rest(self) -> None:
        self._render_until(lambda: False)

    def _render_until(self, enough: Callable[[], bool]) -> None:
        """Render blocks of ``_rest`` until ``enough()`` or none is left."""
        console = self.app.console
        width = self._width
        options = console.options.update(width=width, min_width=width, max_width=width, height=None)
        rendered = False
        while not enough():
            part = next(self._rest, None)
            if part is None:
                if not self._scanned and width > 0:
                    self._scanned = True
                    self._rescan()
                break
            block, renderable = part
            rendered = True
            if block is not None:
                self._starts[block] = len(self._lines)
            if self._lines:
                self._lines.append(Strip.blank(width))
            for segments in console.render_lines(renderable, options, pad=False):
                self._lines.append(Strip(segments))
        if rendered or not self._lines:
            self.virtual_size = Size(width, len(self._lines))
            self.refresh()

    def _scroll_to_anchor(self, block: int | None, line: int) -> None:
        if block is not None:
            self.scroll_to_block(block)
        else:
            self.scroll_to_line(line)

    def on_resize(self) -> None:
        """Wrap the text again for a new width, keeping the top line's block."""
        if self.scrollable_content_region.width == self._width:
            return
        top = self.scroll_offset.y
        if self._anchor is None and top:
            block = max((b for b, start in self._starts.items() if start <= top), default=None)
            self._anchor = (block, 0)
        self._render_lines()

    def action_half_page(self, direction: int) -> None:
        """Scroll half a screen down (1) or up (-1)."""
        step = max(1, self.scrollable_content_region.height // 2)
        self.scroll_to(y=self.scroll_offset.y + direction * step, animate=False)

    def render_line(self, y: int) -> Strip:
        """Draw one visible line."""
        width = self.scrollable_content_region.width
        index = y + self.scroll_offset.y
        base = self.rich_style
        if index >= len(self._lines):
            return Strip.blank(width, base)
        strip = self._lines[index]
        if index in self._pieces:
            strip = self._highlight(strip, self._pieces[index])
        return strip.adjust_cell_length(width).apply_style(base)

    def _highlight(self, strip: Strip, pieces: list[tuple[int, int, int]]) -> Strip:
        """``strip`` with its matches' cells in the match styles (over the text's own)."""
        match = self.get_component_rich_style("item-document--match", partial=True)
        current = self.get_component_rich_style("item-document--current-match", partial=True)
        cuts = sorted({cut for begin, end, _ in pieces for cut in (begin, end)} | {strip.cell_length})
        parts: list[Strip] = []
        before = 0
        for cut, part in zip(cuts, strip.divide(cuts), strict=False):
            number = next((n for begin, end, n in pieces if begin <= before and cut <= end), None)
            if number is not None and part.cell_length:
                style = current if number == self._current else match
                part = Strip(Segment.apply_style(part, post_style=style), part.cell_length)
            parts.append(part)
            before = cut
        return Strip.join(parts)
