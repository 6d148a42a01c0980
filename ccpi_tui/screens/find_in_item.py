"""A one-line prompt for words to find within the item on show (``/`` in
the viewer, as in ``less``): the matches are highlighted, nothing hidden.

While the box has the focus every key typed is text: the dialog binds
only Esc.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class FindInItemDialog(ModalScreen[str | None]):
    """Returns the words typed (trimmed), or None on Esc."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        """A box for the words and a line of guidance."""
        with Vertical(id="find-box"):
            yield Input(placeholder='words, or "a phrase"', id="find-input")
            yield Static(
                Content("Enter to highlight, then n/N to move, Esc in the text to clear."),
                id="find-status",
            )

    def on_mount(self) -> None:
        """Title the box; the focus goes to it so keys land there."""
        self.query_one("#find-box").border_title = "Find in this item"
        self.set_focus(self.query_one("#find-input", Input))

    @on(Input.Submitted, "#find-input")
    def _submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        if value:
            self.dismiss(value)
        else:
            self.query_one("#find-status", Static).update(Content("Type a word or a phrase to find."))

    def action_cancel(self) -> None:
        """Close without finding."""
        self.dismiss(None)
