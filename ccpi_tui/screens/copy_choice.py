"""A small dialog asking what to copy: Markdown, plain text, or the id."""

from __future__ import annotations

from enum import Enum

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option


class CopyFormat(Enum):
    """What ``ctrl+y`` puts on the clipboard."""

    MARKDOWN = "Markdown with front matter"
    PLAIN = "Plain text"
    ID = "The id"


class CopyChoiceDialog(ModalScreen[CopyFormat | None]):
    """Returns the chosen ``CopyFormat``, or None on Esc."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, target: str) -> None:
        """Ask what to copy of ``target`` (an item or meeting id, shown as text)."""
        super().__init__()
        self._target = target

    def compose(self) -> ComposeResult:
        """The three choices, Markdown first."""
        with Vertical(id="copy-box"):
            yield OptionList(
                *(Option(Content(choice.value), id=choice.name) for choice in CopyFormat),
                id="copy-choices",
            )

    def on_mount(self) -> None:
        """Title the box with what is being copied (plain text, never markup)."""
        box = self.query_one("#copy-box")
        box.border_title = Content(f"Copy {self._target}")
        box.border_subtitle = Content("Enter to copy, Esc to cancel")

    @on(OptionList.OptionSelected, "#copy-choices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        assert event.option.id is not None
        self.dismiss(CopyFormat[event.option.id])

    def action_cancel(self) -> None:
        """Close without copying."""
        self.dismiss(None)
