"""The browser's three panes side by side, or one alone.

Below ``NARROW_BELOW`` columns the viewer has no room beside the lists, so
it shows alone while it has the focus; ``z`` (zoom) shows any pane alone.
Which pane is alone is a class on this container (``-alone-viewer`` ...)
that the stylesheet turns into the layout.
"""

from __future__ import annotations

from textual.containers import Horizontal
from textual.reactive import reactive

#: Below this many columns the viewer shows alone while it has the focus.
NARROW_BELOW = 100

#: The panes, left to right, by the id of their container.
PANE_IDS = {"meetings": "meetings-pane", "agenda": "agenda-pane", "viewer": "viewer-pane"}


class Panes(Horizontal):
    """Holds the pane containers; lays them out for ``pane`` and ``zoomed``."""

    #: The pane with the focus.
    pane: reactive[str] = reactive("meetings")
    #: True while the pane with the focus has the whole width.
    zoomed: reactive[bool] = reactive(False)

    def watch_pane(self) -> None:
        """Lay the panes out for the one in use."""
        self._lay_out()

    def watch_zoomed(self) -> None:
        """Lay the panes out zoomed or not."""
        self._lay_out()

    def on_resize(self) -> None:
        """Crossing the narrow width changes which panes show."""
        self._lay_out()

    def _lay_out(self) -> None:
        # Only the pane shown alone (if any) shapes the layout; the class
        # changes only when that does, since every change restyles the panes.
        if self.zoomed:
            alone = self.pane
        elif self.pane == "viewer" and self.size.width < NARROW_BELOW:
            alone = "viewer"
        else:
            alone = ""
        wanted = {f"-alone-{alone}"} if alone else set()
        if set(self.classes) != wanted:
            self.set_classes(wanted)
