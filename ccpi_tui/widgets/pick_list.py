"""An option list with vim keys that never reads its options as markup."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import OptionList


class PickList(OptionList):
    """``OptionList`` plus j/k/g/G; options must be ``Text`` or ``Content``."""

    BINDINGS = [
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("home,g", "first", "First", show=False),
        Binding("end,G", "last", "Last", show=False),
        Binding("enter", "select", "Open"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        """Make an empty list that shows its options as plain text."""
        super().__init__(markup=False, id=id)
