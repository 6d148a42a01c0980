"""A small dialog asking where to go: a year, month or day, or an id.

Ids are accepted exactly as the command line prints them
(``ccpi-2015-12-10``, ``ccpi-2015-12-10/4``), so one copied from
``ccpi-tui meetings`` or ``ccpi-tui search`` can be pasted here.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ccpi_tui.widgets.meeting_list import DATE_PREFIX

#: What the box says it takes, and says again after a blank Enter.
_GUIDANCE = "A year (2016), a month (2016-03), a day (2016-03-01), or an id (ccpi-2015-12-10/4)."


class DateJumpDialog(ModalScreen[str | None]):
    """Returns a date prefix or an id as typed (trimmed), or None on Esc."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        """A box for the date or id and a line of guidance."""
        with Vertical(id="date-box"):
            yield Input(placeholder="2016-03-01 or ccpi-2015-12-10/4", id="date-input")
            yield Static(Content("Enter to go, Esc to cancel."), id="date-status")

    def on_mount(self) -> None:
        """Title the box."""
        self.query_one("#date-box").border_title = "Go to date or id"

    @on(Input.Submitted, "#date-input")
    def _submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        if value:
            self.dismiss(value)
        else:
            self.query_one("#date-status", Static).update(Content(_GUIDANCE))

    def action_cancel(self) -> None:
        """Close without moving."""
        self.dismiss(None)


def is_date(value: str) -> bool:
    """True for ``2016``, ``2016-03`` or ``2016-03-01``."""
    return DATE_PREFIX.fullmatch(value) is not None
