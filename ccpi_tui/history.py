"""Where the person has been, for Back and Forward like a web browser."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import re

#: Places kept behind the current one; older ones are forgotten.
MAX_BACK = 200


@dataclass(frozen=True, slots=True)
class ScreenPlace:
    """A row of an across-meetings screen (People, Decisions, Follow-ups).

    Attributes:
        kind: Which screen: ``people``, ``decisions`` or ``followups``.
        query: What its filter box held.
        row: The highlighted row of the filtered list.
    """

    kind: str
    query: str = ""
    row: int = 0


@dataclass(frozen=True, slots=True)
class Location:
    """One place in the browser.

    Attributes:
        meeting_id: The meeting shown in the agenda tree, if any.
        item_id: The item shown in the viewer, if any.
        scroll: How far the viewer was scrolled, in lines.
        pane: The pane that had the focus: ``meetings``, ``agenda`` or
            ``viewer``.
        screen: The across-meetings screen on top of the browser, when the
            place was left from one (opening an item from a register):
            going back opens it again at the same row.
        find: The words highlighted in the viewer (a search result's, or
            found with ``/``), highlighted again on coming back.
        match: The match of ``find`` the viewer was on.
    """

    meeting_id: str | None = None
    item_id: str | None = None
    scroll: int = 0
    pane: str = "meetings"
    screen: ScreenPlace | None = None
    find: re.Pattern[str] | None = None
    match: int = 0


class History:
    """Back and forward stacks around the current location."""

    def __init__(self) -> None:
        """Start with nowhere to go back or forward to."""
        self._back: list[Location] = []
        self._forward: list[Location] = []

    @property
    def can_go_back(self) -> bool:
        """True when there is somewhere to go back to."""
        return bool(self._back)

    @property
    def can_go_forward(self) -> bool:
        """True when Back was used and nothing new was visited since."""
        return bool(self._forward)

    def visit(self, leaving: Location) -> None:
        """Remember ``leaving`` before moving somewhere new.

        Visiting forgets the forward stack, as a browser does. Leaving the
        same place twice in a row is kept once.
        """
        if not self._back or self._back[-1] != leaving:
            self._back.append(leaving)
            del self._back[:-MAX_BACK]
        self._forward.clear()

    def back(self, current: Location) -> Location | None:
        """The place to go back to, or None; ``current`` becomes forward."""
        if not self._back:
            return None
        self._forward.append(current)
        return self._back.pop()

    def forward(self, current: Location) -> Location | None:
        """The place to go forward to, or None; ``current`` becomes back."""
        if not self._forward:
            return None
        self._back.append(current)
        return self._forward.pop()
