"""A topic's thread as a timeline: every item of the topic, oldest first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets.option_list import Option

from ccpi_tui import glyphs
from ccpi_tui.screens.failures import ReportsWorkerFailures
from ccpi_tui.widgets.pick_list import PickList
from store import safe_line

if TYPE_CHECKING:
    from store import Archive


def timeline(store: Archive, item_id: str) -> list[tuple[str, Text]]:
    """``(item id, two-line label)`` for each item of the item's thread.

    Reads each item's text for its gist: run it in a worker.
    """
    from store import gist, thread_view

    rows: list[tuple[str, Text]] = []
    for link in thread_view(store, item_id).thread:
        item = store.item(link.id)
        label = Text(glyphs.GLYPHS.marker if link.id == item_id else "  ")
        label.append(safe_line(link.date), "bold")
        if item is not None:
            label.append(f" {safe_line(item.meeting_id.rsplit('-', 3)[0])}", "dim")
            if item.number:
                label.append(f" {safe_line(item.number)}.", "dim")
        label.append(" " + (safe_line(link.title) or "Untitled item"))
        summary = safe_line(gist(item)) if item is not None else ""
        if summary:
            label.append("\n    " + summary, "dim")
        rows.append((link.id, label))
    return rows


class ThreadScreen(ReportsWorkerFailures, ModalScreen[str | None]):
    """Returns the item chosen in the timeline, or None."""

    BINDINGS = [
        Binding("escape,q,t", "cancel", "Back"),
    ]

    def __init__(self, store: Archive, item_id: str) -> None:
        """Show the thread of ``item_id``."""
        super().__init__()
        self._store = store
        self._item_id = item_id
        self._ids: list[str] = []

    def compose(self) -> ComposeResult:
        """A box with the timeline."""
        with Vertical(id="thread-box"):
            yield PickList(id="thread-list")

    def on_mount(self) -> None:
        """Start reading the thread."""
        box = self.query_one("#thread-box")
        box.border_title = "Topic thread"
        box.border_subtitle = "Enter to open, Esc to go back"
        self.query_one(PickList).set_options([Option(Text(f"Finding the thread{glyphs.GLYPHS.ellipsis}", "dim"), disabled=True)])
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _load(self) -> None:
        rows = timeline(self._store, self._item_id)
        self.app.call_from_thread(self._show, rows)

    def _show(self, rows: list[tuple[str, Text]]) -> None:
        listing = self.query_one(PickList)
        self._ids = [item_id for item_id, _ in rows]
        if not rows:
            listing.set_options([Option(Text("This item belongs to no topic thread.", "dim"), disabled=True)])
            return
        listing.set_options([Option(label) for _, label in rows])
        listing.highlighted = self._ids.index(self._item_id) if self._item_id in self._ids else 0
        listing.focus()

    @on(PickList.OptionSelected, "#thread-list")
    def _chosen(self, event: PickList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self._ids[event.option_index])

    def action_cancel(self) -> None:
        """Go back without opening anything."""
        self.dismiss(None)
