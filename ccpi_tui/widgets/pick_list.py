"""An option list with vim keys that never reads its options as markup."""

from __future__ import annotations

from textual.binding import Binding
from textual.style import Style
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

    def get_visual_style(self, *component_classes: str, partial: bool = False) -> Style:
        """As ``OptionList``'s, keeping a component's ``text-style: reverse``.

        Textual leaves reverse out of the style it draws options with; the
        stylesheet asks for it without colour (``App.-no-color``), where the
        cursor must show by more than a shade of grey.
        """
        style = super().get_visual_style(*component_classes, partial=partial)
        if component_classes and self.get_component_styles(component_classes[-1]).text_style.reverse:
            return style + Style(reverse=True)
        return style
