"""A meeting's page: who met, when and where, what it was built from.

Opened from the agenda tree's meeting line (Enter) or with ``m``; its
links step to the committee's earlier and later meetings in place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static
from textual.widgets.option_list import Option

from ccpi_tui.screens.failures import ReportsWorkerFailures
from ccpi_tui.widgets.item_render import short_date
from ccpi_tui.widgets.meeting_list import MeetingRow, neighbour
from ccpi_tui.widgets.pick_list import PickList
from store import safe_line

if TYPE_CHECKING:
    from store import Archive, Meeting, SourceDocument


#: Cells for a field's label; its value starts after them.
_LABEL_WIDTH = 14


@dataclass(frozen=True, slots=True)
class MeetingPage:
    """What a meeting's page shows, read from the store in one go.

    Attributes:
        meeting: The meeting.
        sources: Its source documents (those still in the store).
        earlier: The committee's meeting before it, or None.
        later: The committee's meeting after it, or None.
    """

    meeting: Meeting
    sources: list[SourceDocument]
    earlier: MeetingRow | None
    later: MeetingRow | None


def read_page(store: Archive, meeting_id: str, rows: Sequence[MeetingRow]) -> MeetingPage | None:
    """The page of ``meeting_id`` (None if the store has no such meeting).

    Reads the one meeting and its sources; the neighbours come from
    ``rows``, the meeting list the app already holds (newest first).
    """
    meeting = store.meeting(meeting_id)
    if meeting is None:
        return None
    sources = [source for source in map(store.source, meeting.sources) if source is not None]
    earlier = neighbour(rows, meeting_id, later=False)
    later = neighbour(rows, meeting_id, later=True)
    return MeetingPage(meeting, sources, earlier, later)


def _fields(rows: list[tuple[str, str | None]]) -> Table:
    """Label and value side by side; a long value wraps under itself."""
    grid = Table.grid()
    grid.add_column(width=_LABEL_WIDTH, no_wrap=True)
    grid.add_column()
    for label, value in rows:
        grid.add_row(Text(label, "bold"), Text(safe_line(value) if value else "—"))
    return grid


def _names(label: str, names: list[str]) -> list[RenderableType]:
    """A heading with the count, then one name a line; a long name wraps under itself."""
    heading = Text(f"\n{label} ({len(names)})", "bold")
    if not names:
        return [heading, Text("  —", "dim")]
    grid = Table.grid()
    grid.add_column(width=4, no_wrap=True)
    grid.add_column()
    for name in names:
        grid.add_row(Text("  •"), Text(safe_line(name)))
    return [heading, grid]


def page_text(page: MeetingPage) -> Group:
    """The page, with styles (document text is never markup)."""
    meeting = page.meeting
    heading = Text()
    heading.append(safe_line(meeting.committee) + "\n", "bold underline")
    heading.append(safe_line(meeting.id) + "\n", "dim")
    fields = _fields(
        [
            ("Date", short_date(meeting.date)),
            ("Time", meeting.time),
            ("Venue", meeting.venue),
            ("Chair", meeting.chair),
            ("Next meeting", short_date(meeting.next_meeting) if meeting.next_meeting else None),
            ("Records", ", ".join(meeting.holds)),
        ]
    )
    return Group(
        heading,
        fields,
        *_names("Present", meeting.present),
        *_names("Apologies", meeting.apologies),
        *_names("Substitutions", [f"{sub.member} for {sub.replaced}" for sub in meeting.substitutions]),
        *_names("Officers", meeting.officers),
        *_names("Sources", [f"{source.id}  {source.name} ({source.shape})" for source in page.sources]),
    )


def _link_label(arrow: str, which: str, meeting: MeetingRow) -> Text:
    label = Text(f"{arrow} {which} meeting: ", "bold")
    label.append(f"{short_date(meeting.date)} ({', '.join(meeting.holds) or 'no records'})")
    return label


class MeetingScreen(ReportsWorkerFailures, ModalScreen[None]):
    """A meeting's page; Enter on a link, ``{`` or ``}`` show a neighbour's."""

    BINDINGS = [
        Binding("escape,q", "close", "Back"),
        Binding("left_curly_bracket", "step(-1)", "Earlier"),
        Binding("right_curly_bracket", "step(1)", "Later"),
        # The links have the focus (and the arrow keys); these scroll the page.
        Binding("space,ctrl+f", "scroll_page(1)", "Page down", show=False),
        Binding("ctrl+b", "scroll_page(-1)", "Page up", show=False),
    ]

    def __init__(self, store: Archive, meeting_id: str, rows: Sequence[MeetingRow]) -> None:
        """Show the page of ``meeting_id``.

        Args:
            store: The store to read the meeting from.
            meeting_id: The meeting to show first.
            rows: Every meeting, newest first, for the links to its neighbours.
        """
        super().__init__()
        self._store = store
        self._rows = rows
        self.meeting_id = meeting_id
        self._page: MeetingPage | None = None
        #: The meeting each link leads to, in the links' order.
        self._links: list[str] = []

    def compose(self) -> ComposeResult:
        """A box with the page and, under it, the links."""
        with Vertical(id="meeting-box"):
            with VerticalScroll(id="meeting-scroll"):
                yield Static(Text("Reading the meeting…", "dim"), id="meeting-page")
            yield PickList(id="meeting-links")

    def on_mount(self) -> None:
        """Title the box and read the page."""
        box = self.query_one("#meeting-box")
        box.border_title = "Meeting"
        box.border_subtitle = "Enter on a link or { } to step, Esc to go back"
        self._load(self.meeting_id)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _load(self, meeting_id: str) -> None:
        page = read_page(self._store, meeting_id, self._rows)
        self.app.call_from_thread(self._show, meeting_id, page)

    def _show(self, meeting_id: str, page: MeetingPage | None) -> None:
        if page is None:
            self.notify(f"{safe_line(meeting_id)} is no longer in the store.", severity="warning", markup=False)
            return
        self.meeting_id, self._page = meeting_id, page
        self.query_one("#meeting-page", Static).update(page_text(page))
        self.query_one("#meeting-scroll").scroll_home(animate=False)
        options, self._links = [], []
        if page.earlier is not None:
            options.append(Option(_link_label("←", "Earlier", page.earlier)))
            self._links.append(page.earlier.id)
        if page.later is not None:
            options.append(Option(_link_label("→", "Later", page.later)))
            self._links.append(page.later.id)
        links = self.query_one(PickList)
        links.set_options(options or [Option(Text("The committee's only meeting here.", "dim"), disabled=True)])
        links.styles.height = max(1, len(options))
        links.highlighted = 0 if options else None
        links.focus()

    @on(PickList.OptionSelected, "#meeting-links")
    def _chosen(self, event: PickList.OptionSelected) -> None:
        event.stop()
        self._load(self._links[event.option_index])

    def action_step(self, step: int) -> None:
        """Show the committee's earlier (-1) or later (1) meeting."""
        if self._page is None:
            return
        target = self._page.earlier if step < 0 else self._page.later
        if target is None:
            which = "earlier" if step < 0 else "later"
            self.notify(f"There is no {which} meeting of this committee.", markup=False)
            return
        self._load(target.id)

    def action_scroll_page(self, direction: int) -> None:
        """Scroll the page a screenful down (1) or up (-1)."""
        page = self.query_one("#meeting-scroll", VerticalScroll)
        if direction > 0:
            page.scroll_page_down(animate=False)
        else:
            page.scroll_page_up(animate=False)

    def action_close(self) -> None:
        """Go back to the browser."""
        self.dismiss(None)
