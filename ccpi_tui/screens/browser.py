"""The main screen: meetings | agenda | item viewer.

The screen coordinates: its widgets post messages (a meeting highlighted,
an agenda entry chosen, a link chosen) and the screen decides what to load
and show, keeps the back/forward history, and runs the commands (search,
export, copy, topic navigation). Everything that reads the store runs in a
thread worker whose result comes back as a message; a result that is no
longer wanted when it arrives is dropped.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Header, Input
from textual.worker import get_current_worker

from ccpi_tui import glyphs
from ccpi_tui.commands import BROWSER_COMMANDS, bindings, jump_targets
from ccpi_tui.history import History, Location, ScreenPlace
from ccpi_tui.messages import (
    AgendaEntryChosen,
    AgendaLoaded,
    ItemLoaded,
    LinkChosen,
    MatchesShown,
    MeetingChosen,
    MeetingHighlighted,
    MeetingListTyped,
    MeetingNodeChosen,
    OpenTarget,
    PanesFilled,
    RelatedLoaded,
    TargetFound,
)
from ccpi_tui.screens.failures import ReportsWorkerFailures
from ccpi_tui.widgets.meeting_list import MeetingList, MeetingRow
from ccpi_tui.widgets.panes import PANE_IDS, Panes
from store import safe_line

if TYPE_CHECKING:
    import re

    from ccpi_tui.screens.copy_choice import CopyFormat
    from ccpi_tui.widgets.agenda_tree import AgendaTree
    from ccpi_tui.widgets.item_document import ItemDocument
    from ccpi_tui.widgets.related_links import RelatedLinks
    from store import Archive, Hit, Item, Meeting, SearchIndex, ThreadView

#: The panes, left to right, and the widget that takes the focus in each.
PANES = {"meetings": "#meetings", "agenda": "#agenda", "viewer": "#document"}

#: The pane of each pane container, by id.
_PANE_OF = {pane_id: pane for pane, pane_id in PANE_IDS.items()}

#: Commands that need the store to be open. Search does not: its box
#: opens at once and answers when the index is ready, so a ``/`` typed
#: during start-up is never lost.
_NEEDS_STORE = frozenset(
    {"export", "copy", "thread", "previous_in_topic", "next_in_topic", "go_to_date", "meeting_page"}
)
_OWN_ACTIONS = frozenset(command.action for command in BROWSER_COMMANDS)
#: Textual's own screen actions the app may run (anything else is refused).
_SCREEN_ACTIONS = frozenset({"copy_text", "maximize", "minimize"})
#: How many items read lately are kept, so that one read ahead (or gone
#: back to) shows at once, in the same frame as whatever led to it.
_ITEMS_KEPT = 16


def display_path(path: Path) -> str:
    """``path`` for the header, with the home folder shortened to ``~``."""
    try:
        return "~/" + str(path.resolve().relative_to(Path.home().resolve()))
    except ValueError:
        return str(path)


#: Columns of the header that are not its title: the icon on the left, the
#: clock's space on the right, and the " — " between title and subtitle.
_HEADER_CHROME = 8 + 10 + 3
#: A store path shorter than this is left out rather than cut to nothing.
_SHORTEST_PATH = 8


def header_subtitle(path: str, meetings: int, items: int, room: int) -> str:
    """The header's subtitle in ``room`` columns: counts first, then the store.

    The counts always show; the store's path gives way from the left
    (``…/ccpi-tui/store``), and is left out when too little of it would fit.
    """
    counts = f"{meetings:,} meetings · {items:,} items"
    left = room - len(counts) - len(" · ")
    if len(path) > left:
        mark = glyphs.GLYPHS.ellipsis
        path = mark + path[len(path) - left + len(mark) :] if left >= _SHORTEST_PATH else ""
    return f"{counts} · {path}" if path else counts


class BrowserScreen(ReportsWorkerFailures, Screen[None]):
    """Three panes and the commands that move between them."""

    BINDINGS = bindings(BROWSER_COMMANDS)
    #: ``on_mount`` focuses the meeting list.
    AUTO_FOCUS = None

    #: The pane with the focus (decides which panes show when narrow).
    pane: reactive[str] = reactive("meetings")
    #: True while one pane has the whole width.
    zoomed: reactive[bool] = reactive(False)

    def __init__(
        self,
        *,
        search_index: Callable[[], SearchIndex | None],
        export_dir: Path,
        export_dir_explicit: bool,
        first_page: Callable[[], list[MeetingRow]] = list,
    ) -> None:
        """Make the screen; the store arrives later through ``show_store``.

        Args:
            search_index: Gives the search index, or None while building.
            first_page: Gives the newest meetings read so far, for the
                first frame (none: they come with ``show_first_page``).
            export_dir: Where ``e`` writes files.
            export_dir_explicit: True when the person named the folder.
        """
        super().__init__(id="browser")
        self._first_page = first_page
        self.store: Archive | None = None
        self.history = History()
        self._search_index = search_index
        self._export_dir = export_dir
        self._export_dir_explicit = export_dir_explicit
        self._last_query = ""
        self._meeting_id: str | None = None
        self._item_id: str | None = None
        self._tree_target: tuple[str, int | None] | None = None
        self._thread: ThreadView | None = None
        self._rows: list[MeetingRow] = []
        self._item_count = 0
        #: Where a search result chosen before the store was open leads.
        self._waiting: Location | None = None
        self._binding_state: tuple[bool | None, ...] = ()
        #: Items read lately and their meetings, by item id, oldest first.
        self._items: dict[str, tuple[Item, Meeting | None]] = {}
        #: The matches to highlight in an item about to be shown: its id, the
        #: pattern (a search result's words, a place's find given back) and
        #: the match to be on (None: go to the first).
        self._find_in: tuple[str, re.Pattern[str], int | None] | None = None

    def compose(self) -> ComposeResult:
        """Header, the three panes, footer: the first frame.

        The meeting list is in it (with the newest meetings, when the index
        gave them in time: ``ccpi_tui.startup``); what else the panes hold
        is mounted after that frame is on screen (``_fill_panes``): each of
        those widgets costs milliseconds to import, mount and style, and
        the frame is what the person waits for.
        """
        yield Header(icon=glyphs.GLYPHS.header_icon)
        with Panes(id="panes").data_bind(BrowserScreen.pane, BrowserScreen.zoomed):
            with Vertical(id=PANE_IDS["meetings"]):
                # Where the filter box goes: the list does not move when it comes.
                yield Vertical(id="meeting-filter-slot")
                yield MeetingList(id="meetings")
            yield Vertical(id=PANE_IDS["agenda"])
            yield Vertical(id=PANE_IDS["viewer"])
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Title the panes, list the newest meetings if read, focus the
        list; fill the panes once they are on screen."""
        self.query_one("#meetings-pane").border_title = "Meetings"
        self.query_one("#agenda-pane").border_title = "Agenda"
        self.query_one("#viewer-pane").border_title = "Item"
        rows = self._first_page()
        if rows:
            self.show_first_page(rows)
        self._focus_pane("meetings")
        self.call_after_refresh(self._fill_panes)

    async def _fill_panes(self) -> None:
        """Mount the panes' other widgets, say so."""
        from ccpi_tui.widgets.agenda_tree import AgendaTree
        from ccpi_tui.widgets.item_document import ItemDocument
        from ccpi_tui.widgets.related_links import RelatedLinks

        related = RelatedLinks(id="related")
        related.border_title = "Related"
        contents: dict[str, list[Widget]] = {
            "meeting-filter-slot": [
                Input(placeholder=f"Type to narrow{glyphs.GLYPHS.ellipsis}", compact=True, select_on_focus=False, id="meeting-filter"),
            ],
            PANE_IDS["agenda"]: [AgendaTree(id="agenda")],
            PANE_IDS["viewer"]: [ItemDocument(id="document"), related],
        }
        for container, widgets in contents.items():
            if not self.is_attached:
                return  # the app is closing (the person quit at once)
            await self.query_one(f"#{container}").mount_all(widgets)
        if self.is_attached:
            self.post_message(PanesFilled())

    # The panes' widgets other than the list (imported with them, in
    # ``_fill_panes``; looked up by id, as their classes may not be yet).

    def _document(self) -> ItemDocument:
        return cast("ItemDocument", self.query_one("#document"))

    def _agenda(self) -> AgendaTree:
        return cast("AgendaTree", self.query_one("#agenda"))

    def _related(self) -> RelatedLinks:
        return cast("RelatedLinks", self.query_one("#related"))

    def on_resize(self, _: events.Resize) -> None:
        """Refit the header's store path to the new width."""
        self._fit_header()

    def _fit_header(self) -> None:
        if self.store is None:
            return
        room = self.size.width - len(self.app.title) - _HEADER_CHROME
        path = safe_line(display_path(self.store.root))
        self.sub_title = header_subtitle(path, len(self._rows), self._item_count, room)

    # -- the store arrives --------------------------------------------------

    @property
    def rows(self) -> list[MeetingRow]:
        """Every meeting listed, newest first (replaced, never changed in place)."""
        return self._rows

    def show_store(self, store: Archive, rows: list[MeetingRow], items: int) -> None:
        """Show a freshly opened store's meetings; ``items`` is how many items it holds."""
        self.store = store
        self._rows = rows
        self._item_count = items
        self._fit_header()
        meetings = self.query_one(MeetingList)
        meetings.set_rows(rows)
        # Highlighted on the first page, before the agenda could be read.
        shown = meetings.highlighted
        if shown is not None and shown.id != self._meeting_id and self._waiting is None:
            self._meeting_id = shown.id
            self._load_agenda(shown.id)
        if not rows:
            self._agenda().show_message("No meetings yet")
            self._document().show_message(
                "This store is empty. Import documents with: ccpi-tui import FOLDER"
            )
        self._update_bindings()
        if self._waiting is not None:
            self._go(self._waiting)
            self._waiting = None

    def show_first_page(self, rows: list[MeetingRow]) -> None:
        """Show the newest meetings before the store is open (from the
        index: ``ccpi_tui.startup``); ``show_store`` then lists them all,
        the cursor kept on its meeting."""
        self.query_one(MeetingList).set_rows(rows)

    def refresh_store(self, rows: list[MeetingRow], items: int, touched: set[str] | None) -> None:
        """Show the store again after a commit elsewhere, keeping the place.

        ``touched`` names the meetings that changed (None: any may have);
        the agenda and the open item are read again when theirs did and
        they still exist, and the cursor stays on its meeting.
        """
        self._rows = rows
        self._item_count = items
        self._fit_header()
        self.query_one(MeetingList).set_rows(rows)
        if self.store is None:
            return
        if self._meeting_id is not None and (touched is None or self._meeting_id in touched):
            if any(row.id == self._meeting_id for row in rows):
                self._load_agenda(self._meeting_id)
        item_id = self._item_id
        if item_id is not None and (touched is None or item_id.split("/", 1)[0] in touched):
            find, match = self._shown_find()
            if find is not None:  # read again, it keeps its highlight and match
                self._find_in = (item_id, find, match)
            self._load_item(item_id, None, self._document().scroll_offset.y)
        self._update_bindings()

    # -- panes ----------------------------------------------------------------

    def watch_pane(self) -> None:
        """Note what the commands may do in the pane now in use.

        The focus moved with the pane, and Textual refreshes the footer for
        that itself (the layout follows through ``Panes``).
        """
        self._binding_state = self._binding_snapshot()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Follow the focus with the pane classes."""
        for node in event.widget.ancestors_with_self:
            if node.id in _PANE_OF:
                self.pane = _PANE_OF[node.id]
                return

    def _focus_pane(self, pane: str) -> None:
        # Focus first, then change the layout: a focused widget that the
        # layout hides would make Textual move the focus elsewhere.
        self.set_focus(self.query_one(PANES[pane]))
        self.pane = pane

    # -- where we are -------------------------------------------------------

    def _here(self) -> Location:
        find, match = self._shown_find()
        return Location(
            meeting_id=self._meeting_id,
            item_id=self._item_id,
            scroll=self._document().scroll_offset.y,
            pane=self.pane,
            find=find,
            match=match,
        )

    def _shown_find(self) -> tuple[re.Pattern[str] | None, int]:
        """The viewer's find and its match, when it shows the current item
        (not while that item is still being read)."""
        document = self._document()
        if document.item is None or document.item.id != self._item_id:
            return None, 0
        return document.place

    def _go(self, location: Location, block: int | None = None, origin: ScreenPlace | None = None) -> None:
        """Move to a new place, remembering the one we leave (and the
        across-meetings screen's row it was left from, if any)."""
        here = self._here()
        if origin is not None:
            self.history.visit(replace(here, screen=origin))
        elif location != here:
            self.history.visit(here)
        self._show(location, block)

    def _show(self, location: Location, block: int | None = None) -> None:
        """Bring every pane to ``location``."""
        self._tree_target = (location.item_id, block) if location.item_id else None
        document = self._document()
        if location.item_id is None:
            if self._item_id is not None:
                self._item_id = None
                self._thread = None
                document.show_message("Choose an item in the agenda to read it here.")
                self._related().show_nothing("Related meetings and items appear here.")
        elif location.item_id == self._item_id and document.item is not None:
            if self._find_in is not None and self._find_in[0] == location.item_id:
                _, pattern, match = self._find_in
                self._find_in = None
                if match is not None:
                    document.scroll_to_line(location.scroll)
                document.find(pattern, from_line=0, match=match)
            elif block is not None:
                document.scroll_to_block(block)
            else:
                document.scroll_to_line(location.scroll)
        else:
            self._item_id = location.item_id
            self._thread = None
            kept = self._items.get(location.item_id)
            if kept is None:
                self._load_item(location.item_id, block, location.scroll)
            else:
                self._show_item(*kept, block, location.scroll)
        # The agenda after the item: the item is what the person waits for.
        if location.meeting_id is not None:
            self._move_list_to(location.meeting_id)
            if location.meeting_id == self._meeting_id and self._tree_target:
                self._agenda().move_to(*self._tree_target)
            elif location.meeting_id != self._meeting_id:
                self._meeting_id = location.meeting_id
                self._load_agenda(location.meeting_id)
        self._focus_pane(location.pane)
        self._update_bindings()

    def _move_list_to(self, meeting_id: str) -> None:
        meetings = self.query_one(MeetingList)
        if not meetings.move_to(meeting_id):
            self._clear_narrowing()
            meetings.move_to(meeting_id)

    def _clear_narrowing(self) -> None:
        # Now, not when the box's change event arrives: the caller moves
        # the cursor straight after.
        self.query_one("#meeting-filter", Input).value = ""
        self.query_one(MeetingList).narrow("")

    def open_target(self, target: str, block: int | None = None, origin: ScreenPlace | None = None) -> None:
        """Show a meeting (in the agenda) or an item (in the viewer) by id.

        What the id names is looked up in a worker; ``on_target_found``
        goes there. ``origin``: the across-meetings screen's row it was
        opened from, for Back.
        """
        if self.store is not None:
            self._find_target(target, block, origin)

    @work(thread=True, exclusive=True, group="find", exit_on_error=False)
    def _find_target(self, target: str, block: int | None, origin: ScreenPlace | None = None) -> None:
        assert self.store is not None
        kind = self.store.kind_of(target)
        meeting_id = target if kind == "meeting" else None
        read = self._read_item(target) if kind == "item" else None
        if read is not None:
            meeting_id = read[0].meeting_id
        if not get_current_worker().is_cancelled:
            self.post_message(TargetFound(target, kind, meeting_id, block, read, origin))

    def on_target_found(self, message: TargetFound) -> None:
        """Go to the meeting or item ``open_target`` asked for."""
        if message.read is not None:
            self._keep(*message.read)
        if message.kind == "meeting":
            self._go(replace(self._here(), meeting_id=message.target, pane="agenda"), origin=message.origin)
        elif message.kind == "item":
            self._go(Location(message.meeting_id, message.target, 0, "viewer"), message.block, message.origin)
        else:
            self.notify(f"{safe_line(message.target)} is not in this archive.", severity="warning", markup=False)

    # -- loading --------------------------------------------------------------

    @work(thread=True, exclusive=True, group="agenda", exit_on_error=False)
    def _load_agenda(self, meeting_id: str) -> None:
        assert self.store is not None
        meeting = self.store.meeting(meeting_id)
        summaries = self.store.summaries(meeting_id)
        if meeting is not None and not get_current_worker().is_cancelled:
            self.post_message(AgendaLoaded(meeting, summaries))

    def _read_item(self, item_id: str) -> tuple[Item, Meeting | None] | None:
        """An item and its meeting from the store (None if it has no such item).

        Runs in a worker's thread: reading an item's text takes milliseconds.
        """
        assert self.store is not None
        item = self.store.item(item_id)
        return None if item is None else (item, self.store.meeting(item.meeting_id))

    def _keep(self, item: Item, meeting: Meeting | None) -> None:
        """Remember an item read, forgetting the oldest beyond ``_ITEMS_KEPT``."""
        self._items.pop(item.id, None)
        self._items[item.id] = (item, meeting)
        if len(self._items) > _ITEMS_KEPT:
            del self._items[next(iter(self._items))]

    async def read_ahead(self, hit: Hit) -> None:
        """Read a search hit's item before the search closes.

        The search awaits this before it closes, so the frame that takes the
        search away shows the item, rather than the old viewer first and the
        item one repaint later. It runs in the search's worker, not one of
        this screen's: waking this screen under the search would repaint the
        whole search over it. A failure is left to the ordinary load, which
        says what went wrong.
        """
        if self.store is None or hit.id in self._items:
            return
        try:
            read = await asyncio.to_thread(self._read_item, hit.id)
        except Exception:  # noqa: BLE001 - the ordinary load reports it
            return
        if read is not None:
            self._keep(*read)

    @work(thread=True, exclusive=True, group="item", exit_on_error=False)
    def _load_item(self, item_id: str, block: int | None, scroll: int) -> None:
        read = self._read_item(item_id)
        if read is None:
            self._notify_from_thread(f"Item {safe_line(item_id)} is no longer in the store.", severity="warning")
            return
        if not get_current_worker().is_cancelled:
            self.post_message(ItemLoaded(*read, block, scroll))

    @work(thread=True, exclusive=True, group="related", exit_on_error=False)
    def _load_related(self, item_id: str) -> None:
        from store import thread_view

        assert self.store is not None
        view = thread_view(self.store, item_id)
        if not get_current_worker().is_cancelled:
            self.post_message(RelatedLoaded(item_id, view))

    def on_agenda_loaded(self, message: AgendaLoaded) -> None:
        """Fill the agenda tree, unless another meeting was asked for since."""
        if message.meeting.id != self._meeting_id:
            return
        meeting = message.meeting
        from ccpi_tui.widgets.item_render import short_date

        heading = Text(f"{safe_line(meeting.committee_id)} · {short_date(meeting.date)}", "bold")
        tree = self._agenda()
        tree.show_meeting(heading, message.summaries)
        if self._tree_target is not None:
            tree.move_to(*self._tree_target)
        self._update_bindings()

    def on_item_loaded(self, message: ItemLoaded) -> None:
        """Show an item, unless another one was asked for since."""
        self._keep(message.item, message.meeting)
        if message.item.id == self._item_id:
            self._show_item(message.item, message.meeting, message.block, message.scroll)

    def _show_item(self, item: Item, meeting: Meeting | None, block: int | None, scroll: int) -> None:
        find, match = None, None
        if self._find_in is not None and self._find_in[0] == item.id:
            _, find, match = self._find_in
            self._find_in = None
        self._document().show_item(item, meeting, block, scroll, find, match)
        self._related().show_nothing(f"Looking for related meetings and items{glyphs.GLYPHS.ellipsis}")
        # After the frame that shows the item: the topics layer's work holds
        # the interpreter and would hold that frame back.
        self.call_after_refresh(self._load_related, item.id)
        self._update_bindings()

    def on_related_loaded(self, message: RelatedLoaded) -> None:
        """Fill the Related section for the item on show."""
        if message.item_id != self._item_id or message.view is None:
            return
        self._thread = message.view
        self._related().show_links(message.view, message.item_id)
        self._update_bindings()

    # -- what the widgets tell us -------------------------------------------

    def on_meeting_highlighted(self, message: MeetingHighlighted) -> None:
        """Show the highlighted meeting's agenda (once the store is open:
        ``show_store`` reads it then)."""
        if self.store is not None and message.meeting_id != self._meeting_id:
            self._meeting_id = message.meeting_id
            self._load_agenda(message.meeting_id)

    def on_meeting_chosen(self, message: MeetingChosen) -> None:
        """Move into the chosen meeting's agenda (once the store is open)."""
        location = replace(self._here(), meeting_id=message.meeting_id, pane="agenda")
        if self.store is None:
            self._waiting = location
        else:
            self._go(location)

    def on_meeting_list_typed(self, message: MeetingListTyped) -> None:
        """Start narrowing the meeting list with what was typed."""
        box = self.query_one("#meeting-filter", Input)
        if not box.value and message.character == " ":
            return  # a space first narrows nothing
        box.value += message.character
        box.cursor_position = len(box.value)
        box.focus()

    @on(Input.Changed, "#meeting-filter")
    def _narrowed(self, event: Input.Changed) -> None:
        self.query_one(MeetingList).narrow(event.value)

    @on(Input.Submitted, "#meeting-filter")
    def _narrowing_done(self) -> None:
        self.query_one(MeetingList).focus()

    def on_agenda_entry_chosen(self, message: AgendaEntryChosen) -> None:
        """Open the chosen item, at the chosen part."""
        if message.item_id == self._item_id:
            self._document().scroll_to_block(message.block)
            self._focus_pane("viewer")
            return
        self._go(Location(self._meeting_id, message.item_id, 0, "viewer"), message.block)

    def on_meeting_node_chosen(self, _: MeetingNodeChosen) -> None:
        """Enter on the agenda's meeting line: show the meeting's page."""
        self.action_meeting_page()

    def on_matches_shown(self, message: MatchesShown) -> None:
        """Say on the viewer's border which match the viewer is on."""
        pane = self.query_one("#viewer-pane")
        if not message.looking:
            pane.border_subtitle = ""
        elif message.total == 0:
            pane.border_subtitle = "no match"
        else:
            keys = "" if message.total == 1 else " · n/N"
            pane.border_subtitle = f"match {message.current + 1} of {message.total}{keys} · Esc clears"

    def on_link_chosen(self, message: LinkChosen) -> None:
        """Follow a Related link."""
        self.open_target(message.target)

    def on_open_target(self, message: OpenTarget) -> None:
        """Open what the palette, a dialog or an across-meetings screen asked
        for (a date moves the list)."""
        if message.origin is not None:
            self.open_target(message.target, message.block, message.origin)
        elif message.block is None:
            self.go_to(message.target)
        else:
            self.open_target(message.target, message.block)

    # -- what the commands may do now ---------------------------------------

    @property
    def item_id(self) -> str | None:
        """The item open in the viewer, or None."""
        return self._item_id

    def _selected(self) -> str | None:
        """The meeting or item ``e`` and ``y`` act on, by the focused pane."""
        if self.pane == "meetings":
            row = self.query_one(MeetingList).highlighted
            return row.id if row is not None else None
        if self.pane == "agenda":
            entry = self._agenda().entry
            return entry.item_id if entry is not None else self._meeting_id
        return self._item_id

    def _update_bindings(self) -> None:
        """Refresh the footer, only when what the commands may do changed
        (redrawing the footer costs a layout)."""
        state = self._binding_snapshot()
        if state != self._binding_state:
            self._binding_state = state
            self.refresh_bindings()

    def _binding_snapshot(self) -> tuple[bool | None, ...]:
        return tuple(self.check_action(action, ()) for action in sorted(_OWN_ACTIONS))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Refuse unknown actions; grey out or hide what cannot run here."""
        if action not in _OWN_ACTIONS:
            return action in _SCREEN_ACTIONS
        if self.store is None and action in _NEEDS_STORE:
            return None
        if action == "related":
            if self.pane != "viewer":
                return False
            return True if self._related().has_links else None
        if action in ("thread", "previous_in_topic", "next_in_topic"):
            if self.pane == "meetings":
                return False
            return True if self._item_id else None
        if action in ("export", "copy"):
            return True if self._selected() else None
        if action == "back":
            return True if self.history.can_go_back else None
        if action == "forward":
            return True if self.history.can_go_forward else None
        if action in ("next_match", "previous_match"):
            return self.pane == "viewer" and self.focused is self._document()
        if action in ("earlier_meeting", "later_meeting", "meeting_page"):
            return True if self._meeting_id else None
        return True

    # -- commands -------------------------------------------------------------

    def action_next_pane(self) -> None:
        """Focus the pane to the right (wrapping round)."""
        names = list(PANES)
        self._focus_pane(names[(names.index(self.pane) + 1) % len(names)])

    def action_previous_pane(self) -> None:
        """Focus the pane to the left (wrapping round)."""
        names = list(PANES)
        self._focus_pane(names[(names.index(self.pane) - 1) % len(names)])

    def action_back_out(self) -> None:
        """Esc: unzoom, clear the filter, or step out one pane."""
        box = self.query_one("#meeting-filter", Input)
        document = self._document()
        if self.focused is document and document.finding:
            document.clear_find()
        elif self.zoomed:
            self.zoomed = False
        elif self.focused is box or (self.pane == "meetings" and box.value):
            self._clear_narrowing()
            self.query_one(MeetingList).focus()
        elif self.focused is self._related():
            self._document().focus()
        elif self.pane == "viewer":
            self._focus_pane("agenda")
        elif self.pane == "agenda":
            self._focus_pane("meetings")

    def action_zoom(self) -> None:
        """Give the focused pane the whole width, or share it again."""
        self.zoomed = not self.zoomed

    def action_narrow(self) -> None:
        """Put the cursor in the meeting list's filter box (from any pane)."""
        self.query_one("#meeting-filter", Input).focus()

    def action_go_to_date(self) -> None:
        """Ask for a date or an id; move the meeting list there or open it."""
        from ccpi_tui.screens.date_jump import DateJumpDialog

        def arrive(value: str | None) -> None:
            if value is not None:
                self.go_to(value)

        self.app.push_screen(DateJumpDialog(), arrive)

    def go_to(self, value: str) -> None:
        """Go where ``value`` says: a date (``2016``, ``2016-03``,
        ``2016-03-01``) moves the meeting list there; anything else is a
        meeting or item id, opened (the go-to prompt and the palette both)."""
        from ccpi_tui.screens.date_jump import is_date

        if not is_date(value):
            self.open_target(value)
            return
        self._clear_narrowing()
        meetings = self.query_one(MeetingList)
        if not meetings.jump_to_date(value):
            self.notify(f"No meeting on or before {value}.", severity="warning", markup=False)
        elif meetings.highlighted is not None and not meetings.highlighted.date.startswith(value):
            self.notify(
                f"No meeting on {value}; showing the nearest earlier one, {meetings.highlighted.date}.",
                markup=False,
            )
        self._focus_pane("meetings")

    def action_related(self) -> None:
        """Move between the text and its Related links."""
        related = self._related()
        if self.focused is related:
            self._document().focus()
        else:
            related.focus()

    def action_next_match(self) -> None:
        """Go to the next match in the item text."""
        self._step_match(1)

    def action_previous_match(self) -> None:
        """Go to the previous match in the item text."""
        self._step_match(-1)

    def _step_match(self, step: int) -> None:
        document = self._document()
        if not document.finding:
            self.notify("Nothing to go to: press / to find words in this item.", markup=False)
        elif step > 0:
            document.action_next_match()
        else:
            document.action_previous_match()

    async def action_search(self) -> None:
        """Open search; the chosen item opens here, Esc changes nothing.

        In the item text (the viewer focused, an item on show), ``/`` finds
        within the item instead, as in ``less``: the matches are highlighted,
        nothing is hidden.

        Waits until the search box is mounted, so keys typed right after
        ``/`` land in it rather than in the browser.
        """
        documents = self.query("#document")  # none before the panes are filled
        if documents and self.focused is documents.first() and self._document().item is not None:
            await self._find_in_item(self._document())
            return
        from ccpi_tui.screens.search import SearchScreen

        search = SearchScreen(self._search_index, self._last_query, self.read_ahead)

        def arrive(hit: Hit | None) -> None:
            self._last_query = search.query_text
            if hit is None:
                return
            location = Location(hit.meeting_id, hit.id, 0, "viewer")
            from store import match_pattern

            pattern = match_pattern(hit.terms, hit.phrases)
            self._find_in = (hit.id, pattern, None) if pattern is not None else None
            if self.store is None:
                self._waiting = location  # search opens before the store: go once it is open
            else:
                self._go(location)

        await self.app.push_screen(search, arrive)

    async def _find_in_item(self, document: ItemDocument) -> None:
        """Ask for words and highlight them in the item on show."""
        from ccpi_tui.screens.find_in_item import FindInItemDialog
        from store import typed_pattern

        def arrive(typed: str | None) -> None:
            if typed is None:
                return
            pattern = typed_pattern(typed)
            document.find(pattern)
            if pattern is None:
                self.notify("Type a word to find.", markup=False)

        await self.app.push_screen(FindInItemDialog(), arrive)

    def action_thread(self) -> None:
        """Show the topic thread of the item on show."""
        if self.store is None or self._item_id is None:
            return
        from ccpi_tui.screens.thread import ThreadScreen

        def arrive(item_id: str | None) -> None:
            if item_id is not None and item_id != self._item_id:
                self.open_target(item_id)

        self.app.push_screen(ThreadScreen(self.store, self._item_id), arrive)

    def _step_in_topic(self, step: int) -> None:
        if self._thread is None:
            self.notify("Still looking for this item's topic; try again in a moment.", markup=False)
            return
        ids = [link.id for link in self._thread.thread]
        if self._item_id not in ids or len(ids) < 2:
            self.notify("This item belongs to no topic thread.", markup=False)
            return
        position = ids.index(self._item_id) + step
        if not 0 <= position < len(ids):
            self.notify(
                "This is the " + ("first" if step < 0 else "last") + " item of its topic.", markup=False
            )
            return
        self.open_target(ids[position])

    def action_previous_in_topic(self) -> None:
        """Open the previous item of the same topic."""
        self._step_in_topic(-1)

    def action_next_in_topic(self) -> None:
        """Open the next item of the same topic."""
        self._step_in_topic(1)

    def _step_meeting(self, *, later: bool) -> None:
        if self._meeting_id is None:
            return
        row = self.query_one(MeetingList).neighbour(self._meeting_id, later=later)
        if row is None:
            which = "later" if later else "earlier"
            self.notify(f"There is no {which} meeting of this committee.", markup=False)
            return
        self._go(replace(self._here(), meeting_id=row.id, pane="agenda"))

    def action_earlier_meeting(self) -> None:
        """Show the committee's meeting before this one."""
        self._step_meeting(later=False)

    def action_later_meeting(self) -> None:
        """Show the committee's meeting after this one."""
        self._step_meeting(later=True)

    def action_meeting_page(self) -> None:
        """Show the page of the meeting whose agenda is on show."""
        if self.store is None or self._meeting_id is None:
            return
        from ccpi_tui.screens.meeting import MeetingScreen

        self.app.push_screen(MeetingScreen(self.store, self._meeting_id, self._rows))

    def action_back(self) -> None:
        """Go back to where you were (an across-meetings screen at its row, too)."""
        location = self.history.back(self._here())
        if location is not None:
            self._return_to(location)

    def action_forward(self) -> None:
        """Go forward again."""
        location = self.history.forward(self._here())
        if location is not None:
            self._return_to(location)

    def _return_to(self, location: Location) -> None:
        """Show a place from the history as it was left: the viewer's find on
        the match it was on, and the across-meetings screen it was left from
        (if any) at its row."""
        if location.find is not None and location.item_id is not None:
            self._find_in = (location.item_id, location.find, location.match)
        else:
            self._find_in = None
            if location.item_id == self._item_id:
                self._document().clear_find()
        self._show(location)
        if location.screen is not None and self.store is not None:
            from ccpi_tui.screens.across import screen_for

            self.app.push_screen(screen_for(self.store, location.screen))

    def action_export(self) -> None:
        """Write the selected item or meeting as Markdown and say where."""
        target = self._selected()
        if target is not None:
            self._export(target)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def _export(self, target: str) -> None:
        from store import ExportError, ensure_folder, export_to_folder

        assert self.store is not None
        if self.app.is_web:
            self._deliver(target)
            return
        try:
            folder = ensure_folder(self._export_dir, self._export_dir_explicit)
            path = export_to_folder(self.store, target, folder, explicit=self._export_dir_explicit)
        except ExportError as error:
            self._notify_from_thread(safe_line(str(error)), severity="error")
            return
        self._notify_from_thread(f"Exported to {safe_line(str(path.absolute()))}", title="Export", timeout=8)

    def _deliver(self, target: str) -> None:
        """In a web browser: download the Markdown; the server's disk is not written."""
        from store import ExportError, export_name, markdown_for

        assert self.store is not None
        try:
            name, markdown = export_name(self.store, target), markdown_for(self.store, target)
        except ExportError as error:
            self._notify_from_thread(safe_line(str(error)), severity="error")
            return
        self.app.call_from_thread(
            self.app.deliver_text, io.StringIO(markdown), save_filename=name, mime_type="text/markdown"
        )
        self._notify_from_thread(f"Downloading {safe_line(name)}", title="Export", timeout=8)

    def action_copy(self) -> None:
        """Ask what to copy of the selected item or meeting: Markdown, plain text or its id."""
        from ccpi_tui.screens.copy_choice import CopyChoiceDialog

        target = self._selected()
        if target is None:
            return

        def arrive(choice: CopyFormat | None) -> None:
            if choice is not None:
                self._copy(target, choice)

        self.app.push_screen(CopyChoiceDialog(target), arrive)

    @work(thread=True, exclusive=True, group="copy", exit_on_error=False)
    def _copy(self, target: str, choice: CopyFormat) -> None:
        from ccpi_tui.screens.copy_choice import CopyFormat
        from store import ExportError, markdown_for, plain_text_for

        assert self.store is not None
        try:
            if choice is CopyFormat.MARKDOWN:
                text, what = markdown_for(self.store, target), "Markdown"
            elif choice is CopyFormat.PLAIN:
                text, what = plain_text_for(self.store, target), "plain text"
            else:
                text, what = target, "the id"
        except ExportError as error:
            self._notify_from_thread(safe_line(str(error)), severity="error")
            return
        self.app.call_from_thread(self.app.copy_to_clipboard, text, what)

    def _notify_from_thread(self, message: str, **options: Any) -> None:
        self.app.call_from_thread(self.notify, message, markup=False, **options)

    # -- the palette's jump list ---------------------------------------------

    def jump_targets(self, query: str) -> list[tuple[Text, str]]:
        """Meetings and items matching ``query``, for the command palette.

        Runs in a thread (the palette calls it so): reads only the prepared
        meeting rows and the search index, never the widgets.
        """
        return jump_targets(self._rows, self._search_index(), query)
