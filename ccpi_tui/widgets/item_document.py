"""The item viewer's text: an item rendered once per width, drawn by line.

Rendering the whole item to lines (a few tens of milliseconds for the
longest report) keeps scrolling free and tells where each block starts,
so a part chosen in the agenda tree can be scrolled to exactly. Only the
blocks the first frame shows are rendered before it; the rest follow
straight after it, so a long item opens as fast as a short one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from rich.console import RenderableType
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ccpi_tui.widgets.item_render import STYLE_NAMES, item_renderables
from store.models import Item, Meeting


class ItemDocument(ScrollView, can_focus=True):
    """Shows one item, or a one-line message when there is none."""

    COMPONENT_CLASSES = {f"item-document--{name}" for name in STYLE_NAMES}

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

    @property
    def item(self) -> Item | None:
        """The item shown, if any."""
        return self._item

    def on_mount(self) -> None:
        """Re-render when the theme changes (styles come from CSS, which
        is applied again first)."""
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.call_after_refresh(self._render_lines))

    def show_item(self, item: Item, meeting: Meeting | None, block: int | None = None, line: int = 0) -> None:
        """Show ``item`` from ``block`` if given, else from ``line``."""
        self._item, self._meeting = item, meeting
        self._anchor = (block, line)
        self._render_lines()

    def show_message(self, message: str) -> None:
        """Show a message instead of an item."""
        self._item, self._meeting = None, None
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
        self._rest = iter(self._renderables() if width > 0 else ())
        block, line = self._anchor if self._anchor is not None else (None, self.scroll_offset.y)
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
        return self._lines[index].adjust_cell_length(width).apply_style(base)
