"""The shared shape of the across-meetings screens: filter, list, detail.

People, Decisions and Follow-ups are each a filter box over a virtual list
(``PickList``) with the selected entry's detail beside it (below it when
narrow). Entries are computed in a worker (``store.people`` and friends
cache them per store generation) and filtered in memory as the person
types. ``ctrl+e`` writes the list's Markdown to the export folder,
``ctrl+y`` copies it and ``ctrl+g`` goes back to the browser's go-to
prompt: the same keys, with the same meanings, as in the browser. They are
priority bindings, so the filter box (where ``ctrl+e`` would move to the
end of the line) does not take them; keys that write are never bare letters.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Input, Static
from textual.widgets.option_list import Option

from ccpi_tui import glyphs
from ccpi_tui.history import ScreenPlace
from ccpi_tui.screens.failures import ReportsWorkerFailures
from ccpi_tui.widgets.pick_list import PickList
from store import safe_line

if TYPE_CHECKING:
    from textual.app import App

    from store import Archive

#: The keys every across-meetings screen has, defined once.
ACROSS_SCREEN_BINDINGS = [
    Binding("escape", "back", "Back", tooltip="Go back to the browser.", id="across_back"),
    Binding("ctrl+e", "export", "Export", tooltip="Write this list as Markdown to the export folder.",
            id="across_export", priority=True),
    Binding("ctrl+y", "copy", "Copy", tooltip="Copy this list as Markdown to the clipboard.", id="across_copy",
            priority=True),
    Binding("ctrl+g", "go_to", "Go to", tooltip="Back to the browser, asking for a date or id to go to.",
            id="across_go_to", priority=True, show=False),
]


class WritesMarkdown:
    """Mixin: ``ctrl+e`` and ``ctrl+y`` write ``export_target()``'s Markdown;
    ``ctrl+g`` is the browser's go-to prompt."""

    store: Archive
    app: App[None]

    def export_target(self) -> str:
        """What ``ctrl+e``/``ctrl+y`` write (a ``store.across_export`` target)."""
        raise NotImplementedError

    def action_export(self) -> None:
        """Write the export target's Markdown into the export folder."""
        self._export(self.export_target())

    @work(thread=True, exclusive=True, group="across-export", exit_on_error=False)
    def _export(self, target: str) -> None:
        from store import ExportError, export_target

        app = self.app
        try:
            path, _ = export_target(self.store, target, app.export_dir, explicit=app.export_dir_explicit)  # type: ignore[attr-defined]
        except ExportError as error:
            app.call_from_thread(app.notify, safe_line(str(error)), severity="error", markup=False)
            return
        app.call_from_thread(app.notify, f"Exported to {safe_line(str(path))}", title="Export", markup=False, timeout=8)

    def action_go_to(self) -> None:
        """Back to the browser with its go-to prompt open (``ctrl+g`` there)."""
        browser = self.app.browser  # type: ignore[attr-defined]
        while self.app.screen is not browser and len(self.app.screen_stack) > 1:
            self.app.pop_screen()
        browser.action_go_to_date()

    def action_copy(self) -> None:
        """Copy the export target's Markdown to the clipboard."""
        self._copy(self.export_target())

    @work(thread=True, exclusive=True, group="across-copy", exit_on_error=False)
    def _copy(self, target: str) -> None:
        from store import ExportError, markdown_of

        try:
            _, content = markdown_of(self.store, target)
        except ExportError as error:
            self.app.call_from_thread(self.app.notify, safe_line(str(error)), severity="error", markup=False)
            return
        self.app.call_from_thread(self.app.copy_to_clipboard, content)


class AcrossScreen(WritesMarkdown, ReportsWorkerFailures, Screen[None]):
    """A filter box, a list of entries and the highlighted entry's detail.

    Subclasses say how to load entries, label them, filter them, describe
    one, and which export target (``store.across_export``) they show.
    """

    BINDINGS: ClassVar[list[Binding | tuple[str, str] | tuple[str, str, str]]] = [*ACROSS_SCREEN_BINDINGS]
    #: Shown above the list.
    TITLE_TEXT = ""
    #: The filter box's placeholder.
    PLACEHOLDER = "Type to filter"
    #: The screen's name in the history (``ccpi_tui.history.ScreenPlace``).
    KIND = ""
    #: Rows a page: 0 reads every entry (``load``) and filters in memory;
    #: otherwise ``count`` and ``page`` answer from SQL with the filter
    #: applied, and the next page is read as the cursor nears the end.
    PAGE = 0
    #: Read the next page when the cursor is this near the last row read.
    NEAR_END = 20

    def __init__(self, store: Archive, query: str = "", row: int = 0) -> None:
        """Show the screen's entries for ``store``, first filtered by
        ``query``, with ``row`` of the list highlighted."""
        super().__init__()
        self.store = store
        self.entries: list[Any] = []
        self.shown: list[Any] = []
        self._query = query
        #: The row to highlight once the entries are read (then 0 on each new filter).
        self._row = row
        #: How many entries the filter keeps in all (paged screens; else ``len(shown)``).
        self.total = 0
        #: Bumped on each new filter: a page read for an older one is dropped.
        self._generation = 0
        #: True while the next page is being read.
        self._reading_more = False

    def compose(self) -> ComposeResult:
        """Filter box, then list and detail side by side."""
        yield Static(Text(self.TITLE_TEXT, "bold"), id="across-title")
        yield Input(self._query, placeholder=self.PLACEHOLDER, id="across-filter")
        with Horizontal(id="across-body"):
            yield PickList(id="across-list")
            with VerticalScroll(id="across-detail-box"):
                yield Static(id="across-detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        """Start loading; the filter box has the focus."""
        self.query_one(PickList).set_options([Option(Text(f"Reading the archive{glyphs.GLYPHS.ellipsis}", "dim"), disabled=True)])
        self.query_one(Input).focus()
        if self.PAGE:
            self._refilter()
        else:
            self._load()

    @work(thread=True, exclusive=True, group="across-load", exit_on_error=False)
    def _load(self) -> None:
        entries = self.load()
        self.app.call_from_thread(self._loaded, entries)

    def _loaded(self, entries: list[Any]) -> None:
        self.entries = entries
        self._refilter()

    # -- what subclasses say ---------------------------------------------

    def load(self) -> list[Any]:
        """The entries (runs in a worker thread)."""
        raise NotImplementedError

    def page(self, query: str, offset: int, limit: int) -> list[Any]:
        """Paged screens: ``limit`` entries from ``offset`` that ``query`` keeps (a worker thread)."""
        raise NotImplementedError

    def count(self, query: str) -> int:
        """Paged screens: how many entries ``query`` keeps (a worker thread)."""
        raise NotImplementedError

    def check(self, query: str) -> None:
        """Paged screens: read the filter text for ``problem`` (the UI thread)."""

    def keep(self, entries: list[Any], query: str) -> list[Any]:
        """The entries the filter text keeps."""
        words = query.lower().split()
        return [entry for entry in entries if all(word in self.words(entry) for word in words)]

    def words(self, entry: Any) -> str:
        """What the default filter looks in, lower case."""
        return self.label(entry).plain.lower()

    def label(self, entry: Any) -> Text:
        """The entry's row in the list."""
        raise NotImplementedError

    def detail(self, entry: Any) -> Text:
        """The entry's detail."""
        raise NotImplementedError

    def empty_text(self) -> str:
        """What the list says when nothing is kept."""
        return "Nothing matches." if self.entries else "There is nothing here yet."

    def problem(self) -> str:
        """What is wrong with the filter text, or "" (shown beside the title)."""
        return ""

    # -- behaviour ------------------------------------------------------------

    @on(Input.Changed, "#across-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self._query = event.value
        self._refilter()

    @on(Input.Submitted, "#across-filter")
    def _to_list(self) -> None:
        self.query_one(PickList).focus()

    def _refilter(self) -> None:
        if self.PAGE:
            self.check(self._query)
            self._generation += 1
            self._first_page(self._query, self._generation, max(self.PAGE, self._row + 1))
            return
        self.shown = self.keep(self.entries, self._query)
        self.total = len(self.shown)
        self._show_rows()

    def _title(self) -> None:
        title = Text(self.TITLE_TEXT, "bold")
        if self.PAGE and self.shown:
            title.append(f" · {self.total:,} in all", "dim")
        if self.problem():
            title.append(f" · {safe_line(self.problem())}", "italic")
        self.query_one("#across-title", Static).update(title)

    def _show_rows(self) -> None:
        listing = self.query_one(PickList)
        self._title()
        if not self.shown:
            listing.set_options([Option(Text(self.empty_text(), "dim"), disabled=True)])
            self.query_one("#across-detail", Static).update(Text(""))
            return
        listing.set_options([Option(self.label(entry)) for entry in self.shown])
        row, self._row = min(self._row, len(self.shown) - 1), 0
        listing.highlighted = row
        self._show_detail(row)

    @work(thread=True, exclusive=True, group="across-page", exit_on_error=False)
    def _first_page(self, query: str, generation: int, limit: int) -> None:
        total = self.count(query)
        rows = self.page(query, 0, limit)
        self.app.call_from_thread(self._page_read, generation, rows, total)

    def _page_read(self, generation: int, rows: list[Any], total: int) -> None:
        if generation != self._generation:
            return
        self.entries, self.shown, self.total = rows, list(rows), total
        self._reading_more = False
        self._show_rows()

    @work(thread=True, group="across-more", exit_on_error=False)
    def _next_page(self, query: str, generation: int, offset: int) -> None:
        rows = self.page(query, offset, self.PAGE)
        self.app.call_from_thread(self._more_read, generation, offset, rows)

    def _more_read(self, generation: int, offset: int, rows: list[Any]) -> None:
        self._reading_more = False
        if generation != self._generation or offset != len(self.shown) or not rows:
            return
        self.shown.extend(rows)
        self.query_one(PickList).add_options([Option(self.label(entry)) for entry in rows])

    def _near_end(self, index: int) -> None:
        """Read the next page when ``index`` is near the last row read."""
        if (self.PAGE and not self._reading_more and len(self.shown) < self.total
                and index >= len(self.shown) - self.NEAR_END):
            self._reading_more = True
            self._next_page(self._query, self._generation, len(self.shown))

    @on(PickList.OptionHighlighted, "#across-list")
    def _highlighted(self, event: PickList.OptionHighlighted) -> None:
        self._show_detail(event.option_index)
        self._near_end(event.option_index)

    def _show_detail(self, index: int) -> None:
        if 0 <= index < len(self.shown):
            self.query_one("#across-detail", Static).update(self.detail(self.shown[index]))

    @on(PickList.OptionSelected, "#across-list")
    def _selected(self, event: PickList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self.shown):
            self.chosen(self.shown[event.option_index])

    def chosen(self, entry: Any) -> None:
        """Enter on an entry: nothing unless a subclass says."""

    @property
    def current(self) -> Any | None:
        """The highlighted entry, or None."""
        index = self.query_one(PickList).highlighted
        return self.shown[index] if index is not None and 0 <= index < len(self.shown) else None

    def place(self) -> ScreenPlace:
        """Where this screen is: its filter and highlighted row (for Back)."""
        index = self.query_one(PickList).highlighted
        return ScreenPlace(self.KIND, self._query, index or 0)

    def open_target(self, target: str) -> None:
        """Go back to the browser showing a meeting or item; Back there
        returns to this screen at this row."""
        from ccpi_tui.messages import OpenTarget

        browser = self.app.browser  # type: ignore[attr-defined]
        place = self.place()
        self.app.pop_screen()
        browser.post_message(OpenTarget(target, origin=place))

    def action_back(self) -> None:
        """Back to the browser."""
        self.app.pop_screen()

def screen_for(store: Archive, place: ScreenPlace) -> Screen[None]:
    """The across-meetings screen ``place`` names, at its filter and row
    (What changed: ``query`` is ``ITEM..OTHER``)."""
    from ccpi_tui.screens.changes import ChangesScreen
    from ccpi_tui.screens.decisions import DecisionsScreen
    from ccpi_tui.screens.followups import FollowUpsScreen
    from ccpi_tui.screens.people import PeopleScreen

    kinds: dict[str, type[AcrossScreen]] = {
        screen.KIND: screen for screen in (PeopleScreen, DecisionsScreen, FollowUpsScreen)
    }
    if place.kind == "changes":
        item_id, _, other_id = place.query.partition("..")
        return ChangesScreen(store, item_id, other_id or None)
    return kinds[place.kind](store, place.query, place.row)


def lines(*parts: Sequence[tuple[str, str]] | str) -> Text:
    """Detail text from plain lines and ``[(text, style)]`` runs, all safe."""
    out = Text()
    for part in parts:
        if isinstance(part, str):
            out.append(safe_line(part) + "\n")
            continue
        for text, style in part:
            out.append(safe_line(text), style)
        out.append("\n")
    return out
