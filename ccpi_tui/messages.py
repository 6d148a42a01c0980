"""The app's messages: past tense for what happened, imperative for requests.

Widgets post these and never reach into their siblings; the screen that
holds them decides what each one means.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from ccpi_tui.history import ScreenPlace
    from store import Hit, Item, ItemSummary, Meeting, SearchIndex, ThreadView


class PanesFilled(Message):
    """The browser's panes have their widgets: the store can be shown."""


@dataclass
class MeetingHighlighted(Message):
    """The meeting list's cursor moved onto a meeting."""

    meeting_id: str


@dataclass
class MeetingChosen(Message):
    """A meeting was chosen in the meeting list (Enter or a click)."""

    meeting_id: str


@dataclass
class MeetingListTyped(Message):
    """A character no key is bound to was typed in the meeting list.

    The screen answers by narrowing the list, starting with this character.
    """

    character: str


class MeetingNodeChosen(Message):
    """The agenda tree's meeting line (its root) was chosen: show the meeting's page."""


@dataclass
class AgendaEntryChosen(Message):
    """An item, or a part of one, was chosen in the agenda tree.

    Attributes:
        item_id: The item.
        block: Index of the block the part starts at, or None for the item.
    """

    item_id: str
    block: int | None = None


@dataclass
class LinkChosen(Message):
    """A link to another meeting or item was chosen in the Related section."""

    target: str


@dataclass
class OpenTarget(Message):
    """Request: show a meeting or an item (from the palette or a dialog).

    Attributes:
        target: A meeting id or an item id.
        block: For an item, the block to scroll to.
        origin: The across-meetings screen's row it was opened from, kept
            in the history so Back returns there.
    """

    target: str
    block: int | None = None
    origin: ScreenPlace | None = None


@dataclass
class TargetFound(Message):
    """An id to open was looked up in the store.

    Attributes:
        target: The id.
        kind: ``"meeting"``, ``"item"``, or None when the store has neither.
        meeting_id: The meeting to show (for an item, its meeting).
        block: For an item, the block to scroll to.
        read: For an item, the item and its meeting, read on the way.
        origin: The across-meetings screen's row it was asked from.
    """

    target: str
    kind: str | None
    meeting_id: str | None
    block: int | None = None
    read: tuple[Item, Meeting | None] | None = None
    origin: ScreenPlace | None = None


class SearchIndexReady(Message):
    """The search index finished building; searches can run now."""


@dataclass
class SearchIndexProgress(Message, bubble=False):
    """The search index is being rebuilt: ``done`` of ``total`` steps
    (``store.index.Progress``: a step per meeting, then as many for the
    work across them). Posted to the app, which passes it to each screen;
    it does not bubble, so a screen's copy never comes back to the app."""

    done: int
    total: int


@dataclass
class IndexOpened(Message, bubble=False):
    """To the app, from a thread: the search index is open (or caught up)."""

    index: SearchIndex


@dataclass
class SearchOpened(Message):
    """The search box ``box`` opened (``opened``) or closed."""

    opened: bool
    box: object


@dataclass
class SearchFinished(Message):
    """A search ran; ``hits`` answer ``query`` (maybe no longer the one typed)
    and are the first of ``total`` matching."""

    query: str
    hits: list[Hit]
    total: int


@dataclass
class AgendaLoaded(Message):
    """A meeting and its items' lean rows were read for the agenda tree."""

    meeting: Meeting
    summaries: list[ItemSummary]


@dataclass
class ItemLoaded(Message):
    """An item's whole text was read for the viewer.

    Attributes:
        item: The item.
        meeting: Its meeting (None if missing).
        block: The block to scroll to, if a part was chosen.
        scroll: The line to scroll to, when going back to it.
    """

    item: Item
    meeting: Meeting | None
    block: int | None = None
    scroll: int = 0


@dataclass
class RelatedLoaded(Message):
    """The topics layer answered for an item: ``view`` is its ``ThreadView``,
    or None with ``problem`` saying why there is none."""

    item_id: str
    view: ThreadView | None
    problem: str = ""


@dataclass
class MatchesShown(Message):
    """The item viewer's highlighted matches changed.

    Attributes:
        current: The match the viewer is on (0-based), or -1 when none.
        total: How many matches the item holds (0: none, or no find).
        looking: True while a find is on (False once it is cleared).
    """

    current: int
    total: int
    looking: bool = True
