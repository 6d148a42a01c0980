"""A small dialog asking for a year, month or day to move the meeting list to."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ccpi_tui.widgets.meeting_list import DATE_PREFIX


class DateJumpDialog(ModalScreen[str | None]):
    """Returns ``2016``, ``2016-03`` or ``2016-03-01``, or None on Esc."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        """A box for the date and a line of guidance."""
        with Vertical(id="date-box"):
            yield Input(placeholder="2016, 2016-03 or 2016-03-01", id="date-input")
            yield Static(Content("Enter to go, Esc to cancel."), id="date-status")

    def on_mount(self) -> None:
        """Title the box."""
        self.query_one("#date-box").border_title = "Go to date"

    @on(Input.Submitted, "#date-input")
    def _submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        if DATE_PREFIX.fullmatch(value):
            self.dismiss(value)
        else:
            self.query_one("#date-status", Static).update(
                Content("Type a year (2016), a month (2016-03) or a day (2016-03-01).")
            )

    def action_cancel(self) -> None:
        """Close without moving."""
        self.dismiss(None)
