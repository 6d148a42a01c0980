"""Every command of the app, defined once.

Each ``Command`` becomes the ``Binding`` that drives its key and its footer
entry, the command palette entry, and a line of the help screen, so the
three always agree. The palette also offers jumps to meetings and items.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.command import Hit, Hits, Provider

from ccpi_tui.messages import OpenTarget
from ccpi_tui.widgets.meeting_list import MeetingRow, matching
from store import safe_line

if TYPE_CHECKING:
    from store import SearchIndex


@dataclass(frozen=True, slots=True)
class Command:
    """One thing the person can do.

    Attributes:
        action: The action it runs; also the binding's id.
        keys: Comma-separated keys (Textual key names).
        label: Short footer label.
        title: Name in the palette and the help screen.
        help: One sentence saying what it does.
        show: Whether the footer shows it (when it can run).
        priority: Whether the key works even while typing in a box.
    """

    action: str
    keys: str
    label: str
    title: str
    help: str
    show: bool = True
    priority: bool = False

    def binding(self) -> Binding:
        """The key binding for this command."""
        return Binding(
            self.keys,
            self.action,
            self.label,
            show=self.show,
            priority=self.priority,
            tooltip=self.help,
            id=self.action,
        )


#: Commands of the app as a whole.
APP_COMMANDS = (
    Command("help", "question_mark", "Help", "Help: list the keys", "Show every key and what it does."),
    Command(
        "command_palette",
        "ctrl+p",
        "Commands",
        "Command palette",
        "Run a command or jump to a meeting or item by name.",
        show=False,
        priority=True,
    ),
    # Ctrl+Q, never a bare letter: "quarterly" typed anywhere must not quit.
    Command("quit", "ctrl+q", "Quit", "Quit", "Leave the app.", priority=True),
    # F5, never a letter: the meeting list's filter takes every letter.
    Command(
        "reload",
        "f5",
        "Reload",
        "Reload the store",
        "Read the store again now (the app also looks for imports made elsewhere every second).",
        show=False,
    ),
)

#: Commands of the browser screen. Letters and digits typed in the meeting
#: list always narrow it (see ``MeetingList.on_key``), so a letter key here
#: acts only in the agenda and the viewer, and every command that writes a
#: file or the clipboard, or leaves, is on a Ctrl key.
BROWSER_COMMANDS = (
    # Priority, so that the search box is open before the next key is read:
    # "/ofsted" typed in one go lands whole in the box.
    Command(
        "search",
        "slash",
        "Search",
        "Search the archive",
        "Search every meeting's items as you type; in the item text, find within the item.",
        priority=True,
    ),
    Command(
        "next_match",
        "n",
        "Next match",
        "Next match",
        "In the item text, go to the next match of the search or find (Esc clears them).",
        show=False,
    ),
    Command(
        "previous_match",
        "N",
        "Prev match",
        "Previous match",
        "In the item text, go to the previous match of the search or find.",
        show=False,
    ),
    Command(
        "export",
        "ctrl+e",
        "Export",
        "Export as Markdown",
        "Write the selected item (or meeting, from the meeting list) to the export folder.",
    ),
    Command(
        "copy",
        "ctrl+y",
        "Copy",
        "Copy to the clipboard",
        "Copy the selected item (or meeting, from the meeting list) as Markdown, plain text or its id.",
    ),
    Command("thread", "t", "Thread", "Topic thread", "Show every item of this item's topic, oldest first."),
    Command(
        "previous_in_topic",
        "left_square_bracket",
        "Prev topic",
        "Previous item of this topic",
        "Open the previous item of the same topic.",
        show=False,
    ),
    Command(
        "next_in_topic",
        "right_square_bracket",
        "Next topic",
        "Next item of this topic",
        "Open the next item of the same topic.",
        show=False,
    ),
    Command(
        "related",
        "r",
        "Links",
        "Related links",
        "Move between the text and its Related links.",
    ),
    Command(
        "earlier_meeting",
        "left_curly_bracket",
        "Earlier",
        "Earlier meeting",
        "Show the committee's meeting before this one.",
        show=False,
    ),
    Command(
        "later_meeting",
        "right_curly_bracket",
        "Later",
        "Later meeting",
        "Show the committee's meeting after this one.",
        show=False,
    ),
    Command(
        "meeting_page",
        "m",
        "Meeting",
        "Meeting page",
        "Show the meeting: when, where, who attended, its sources, and its earlier and later meetings.",
        show=False,
    ),
    Command(
        "go_to_date",
        "ctrl+g,d",
        "Go to",
        "Go to a date or id",
        "Move the meeting list to a year, month or day, or open a meeting or item by its id.",
    ),
    Command(
        "narrow",
        "f",
        "Filter",
        "Filter meetings",
        "Narrow the meeting list to what you type (typing in the list does it too).",
        show=False,
    ),
    # Not in the footer: at 80 columns it would push Quit and Help off the end.
    Command("back", "alt+left,H,backspace", "Back", "Back", "Go back to where you were.", show=False),
    Command("forward", "L,alt+right", "Forward", "Forward", "Go forward again after going back.", show=False),
    Command("next_pane", "tab", "Next pane", "Next pane", "Move to the next pane.", show=False),
    Command("previous_pane", "shift+tab", "Previous pane", "Previous pane", "Move to the previous pane.", show=False),
    Command(
        "back_out",
        "escape",
        "Back out",
        "Back out",
        "Leave the viewer for the agenda, the agenda for the meeting list.",
        show=False,
    ),
    Command("zoom", "z", "Zoom", "Zoom the pane", "Give the pane with the focus the whole width, or undo that.", show=False),
)


def bindings(commands: Iterable[Command]) -> list[BindingType]:
    """Key bindings for a group of commands."""
    return [command.binding() for command in commands]


def go_to_entry(rows: list[MeetingRow], query: str) -> tuple[Text, str] | None:
    """The palette's "go to" entry when ``query`` is a date or an id as the
    command line prints them (``2016-03``, ``ccpi-2015-12-10``,
    ``ccpi-2015-12-10/4``); its target goes to ``BrowserScreen.go_to``,
    as the ctrl+g prompt's does."""
    from ccpi_tui.screens.date_jump import is_date

    value = query.strip()
    if is_date(value):
        return Text(f"Go to {value} in the meeting list"), value
    meeting_id, _, item = value.partition("/")
    row = next((row for row in rows if row.id == meeting_id), None)
    if row is None or " " in value:
        return None
    what = f"item {safe_line(item)} of" if item else "meeting"
    return Text(f"Open {what} {row.date} {safe_line(row.committee_id)} ({safe_line(value)})"), value


def jump_targets(rows: list[MeetingRow], index: SearchIndex | None, query: str) -> list[tuple[Text, str]]:
    """A date or id typed exactly (``go_to_entry``), then meetings (from the
    list's rows) and items (from the search index, when it is ready)
    matching ``query``, as ``(label, target)`` pairs."""
    found: list[tuple[Text, str]] = []
    entry = go_to_entry(rows, query)
    if entry is not None:
        found.append(entry)
    for row in matching(rows, query, limit=5):
        if entry is not None and row.id == entry[1]:
            continue
        found.append((Text(f"Meeting {row.date} {row.committee_id} · {row.committee}"), row.id))
    if index is not None:
        for hit in index.search(query, limit=8):
            number = f" {safe_line(hit.number)}." if hit.number else ""
            label = f"Item {safe_line(hit.date)} {safe_line(hit.committee_id)}{number} {safe_line(hit.title)}"
            found.append((Text(label), hit.id))
    return found


class JumpProvider(Provider):
    """Palette entries that open a meeting or an item by name or date."""

    async def search(self, query: str) -> Hits:
        """Offer meetings and items matching ``query``.

        Document titles go into the hit as ``Text``, never as markup.
        """
        source = self.screen
        finder = getattr(source, "jump_targets", None)
        if finder is None or len(query.strip()) < 2:
            return
        targets = await asyncio.to_thread(finder, query)
        for rank, (label, target) in enumerate(targets):
            yield Hit(
                1.0 - rank / (len(targets) + 1),
                label,
                partial(source.post_message, OpenTarget(target)),
                text=label.plain,
            )
