"""The meeting list: every meeting, newest first, drawn line by line.

An archive can hold 10,000 meetings, so the list is a line-API scroll view
(only the rows on screen are drawn) and narrowing it is a plain loop over
prepared rows, fast enough to run on every keystroke.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ccpi_tui import glyphs
from ccpi_tui.messages import MeetingChosen, MeetingHighlighted, MeetingListTyped
from store import safe_line

if TYPE_CHECKING:
    from store import Archive

#: What the record holds, shortened when the list is narrow.
HOLDS_SHORT = {"minutes": "min", "report": "rep", "decision": "dec", "agenda": "agd"}

#: What ``d`` accepts: a year, a month or a day.
DATE_PREFIX = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


@dataclass(frozen=True, slots=True)
class MeetingRow:
    """One meeting as the list shows it.

    Attributes:
        id: Meeting id.
        date: ISO date.
        committee_id: Committee slug, the short name shown.
        committee: Committee name, for narrowing.
        holds: What the record holds (minutes, report ...).
    """

    id: str
    date: str
    committee_id: str
    committee: str
    holds: tuple[str, ...]

    @property
    def words(self) -> str:
        """Lower-case text that typing narrows on."""
        return f"{self.date} {self.committee_id} {self.committee} {' '.join(self.holds)}".casefold()


def meeting_rows(store: Archive) -> list[MeetingRow]:
    """Every meeting of ``store`` as a list row, newest first.

    Reads only the meetings' rows (no items), so it is quick even for a
    whole council's archive; still, call it from a worker. A few committees
    and kinds of record repeat over thousands of meetings: each distinct
    text is made safe once (at 10,000 meetings, ``safe_line`` on every
    field took most of the listing's 0.4 s).
    """
    return rows_of(store.table_rows("meetings").values())


def rows_of(raws: Iterable[Mapping[str, Any]]) -> list[MeetingRow]:
    """Meetings' fields as the records keep them (or as the index's
    ``search_meetings`` gives them back) as list rows, newest first."""
    line = _safe_once()
    return _newest_first(_row(raw, line) for raw in raws)


def _safe_once() -> Callable[[str], str]:
    """``safe_line``, remembering what it made of each text."""
    made: dict[str, str] = {}

    def line(text: str) -> str:
        found = made.get(text)
        if found is None:
            found = made[text] = safe_line(text)
        return found

    return line


def _row(raw: Mapping[str, Any], line: Callable[[str], str] = safe_line) -> MeetingRow:
    return MeetingRow(
        id=raw["id"],
        date=line(raw["date"]),
        committee_id=line(raw["committee_id"]),
        committee=line(raw.get("committee", "")),
        holds=tuple(map(line, raw.get("holds", ()))),
    )


def _newest_first(rows: Iterable[MeetingRow]) -> list[MeetingRow]:
    return sorted(rows, key=lambda row: (row.date, row.id), reverse=True)


@dataclass(frozen=True, slots=True)
class RowChanges:
    """How the meeting list changed after commits made elsewhere.

    Attributes:
        imported: Meetings new to the list.
        changed: Meetings in the list before and after whose records changed.
        removed: Meetings no longer in the store.
    """

    imported: int = 0
    changed: int = 0
    removed: int = 0

    def sentence(self) -> str | None:
        """The toast, as ``2 meetings imported elsewhere.`` or ``1 meeting
        imported and 3 changed elsewhere.`` (None if nothing changed)."""
        counts = [(n, word) for n, word in ((self.imported, "imported"), (self.changed, "changed"), (self.removed, "removed")) if n]
        if not counts:
            return None
        (first, word), *rest = counts
        parts = [f"{first} meeting{'s' if first != 1 else ''} {word}", *(f"{n} {w}" for n, w in rest)]
        said = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
        return f"{said} elsewhere."


def refreshed_rows(
    rows: list[MeetingRow], store: Archive, touched: set[str] | None
) -> tuple[list[MeetingRow], RowChanges]:
    """The list after commits elsewhere, reading only the meetings they touched.

    Args:
        rows: The list as shown, newest first.
        store: The store, already at its new generation.
        touched: The meetings the commits touched (``Archive.changes_since``),
            or None when the change log does not reach back: all are read.

    Returns:
        The new rows, newest first, and what changed among them.
    """
    if touched is None:
        fresh = meeting_rows(store)
        before, after = {row.id: row for row in rows}, {row.id: row for row in fresh}
        changed = sum(1 for key, row in after.items() if key in before and before[key] != row)
        return fresh, RowChanges(len(after.keys() - before.keys()), changed, len(before.keys() - after.keys()))
    table = {key: meeting.to_dict() for key in touched if (meeting := store.meeting(key)) is not None}
    present = {row.id for row in rows}
    fresh = [row for row in rows if row.id not in touched]
    now = [_row(table[key]) for key in touched if key in table]
    for row in now:
        _insert_in_order(fresh, row)
    imported = sum(1 for row in now if row.id not in present)
    removed = sum(1 for key in touched if key in present and key not in table)
    return fresh, RowChanges(imported, len(now) - imported, removed)


def _insert_in_order(rows: list[MeetingRow], row: MeetingRow) -> None:
    """Put ``row`` into ``rows`` (newest first) where it belongs: no sort of them all."""
    key = (row.date, row.id)
    low, high = 0, len(rows)
    while low < high:
        middle = (low + high) // 2
        if (rows[middle].date, rows[middle].id) > key:
            low = middle + 1
        else:
            high = middle
    rows.insert(low, row)


def matching(rows: list[MeetingRow], query: str, limit: int | None = None) -> list[MeetingRow]:
    """The rows whose text holds every word of ``query`` (at most ``limit``)."""
    wanted = query.casefold().split()
    found: list[MeetingRow] = []
    for row in rows:
        if all(word in row.words for word in wanted):
            found.append(row)
            if len(found) == limit:
                break
    return found


def neighbour(rows: Sequence[MeetingRow], meeting_id: str, *, later: bool) -> MeetingRow | None:
    """The same committee's next meeting later or earlier in time.

    Args:
        rows: Every meeting, newest first (as ``meeting_rows`` gives them).
        meeting_id: The meeting to start from.
        later: True for the next meeting in time, False for the one before.

    Returns:
        The neighbour's row, or None if there is none (or no such meeting).
    """
    index = next((n for n, row in enumerate(rows) if row.id == meeting_id), None)
    if index is None:
        return None
    committee = rows[index].committee_id
    step = -1 if later else 1  # the list is newest first
    index += step
    while 0 <= index < len(rows):
        if rows[index].committee_id == committee:
            return rows[index]
        index += step
    return None


class MeetingList(ScrollView, can_focus=True):
    """A virtual list of meetings with a cursor.

    Moving the cursor posts ``MeetingHighlighted``; Enter or a double click
    posts ``MeetingChosen``. Typing text posts ``MeetingListTyped`` so the
    screen can start narrowing.
    """

    COMPONENT_CLASSES = {
        "meeting-list--cursor",
        "meeting-list--date",
        "meeting-list--detail",
        "meeting-list--empty",
    }

    BINDINGS = [
        # No letters: every letter typed here narrows the list.
        Binding("down", "cursor_down", "Next meeting", show=False),
        Binding("up", "cursor_up", "Previous meeting", show=False),
        Binding("pagedown,ctrl+f", "page_down", "Page down", show=False),
        Binding("pageup,ctrl+b", "page_up", "Page up", show=False),
        Binding("home", "first", "Newest meeting", show=False),
        Binding("end", "last", "Oldest meeting", show=False),
        Binding("enter", "choose", "Open"),
        Binding("right", "choose", "Open", show=False),
    ]

    cursor: reactive[int] = reactive(0, always_update=True)

    def __init__(self, *, id: str | None = None) -> None:
        """Make an empty list (fill it with ``set_rows``)."""
        super().__init__(id=id)
        self._all: list[MeetingRow] = []
        self._rows: list[MeetingRow] = []
        #: Position of each meeting shown, by id.
        self._positions: dict[str, int] = {}
        self._narrowed_by = ""
        self._announced: str | None = None
        self._committee_width = 4
        self.empty_text = f"Loading meetings{glyphs.GLYPHS.ellipsis}"

    # -- content -----------------------------------------------------------

    def set_rows(self, rows: list[MeetingRow]) -> None:
        """Show ``rows`` (newest first), keeping any narrowing."""
        self._all = rows
        self._committee_width = min(8, max((len(row.committee_id) for row in rows), default=4))
        self.empty_text = "No meetings in this store yet."
        self.narrow(self._narrowed_by)

    def narrow(self, text: str) -> None:
        """Keep only meetings whose date, committee or contents hold every word."""
        self._narrowed_by = text
        wanted = text.casefold().split()
        keep = self.highlighted
        self._rows = matching(self._all, text) if wanted else list(self._all)
        self._positions = {row.id: n for n, row in enumerate(self._rows)}
        if wanted and not self._rows and self._all:
            self.empty_text = "No meeting matches; Esc clears the filter."
        self.virtual_size = Size(0, len(self._rows))
        self.scroll_to(y=0, animate=False, immediate=True)
        self.cursor = self._positions.get(keep.id, 0) if keep is not None else 0
        self.refresh()

    @property
    def highlighted(self) -> MeetingRow | None:
        """The meeting under the cursor."""
        if 0 <= self.cursor < len(self._rows):
            return self._rows[self.cursor]
        return None

    def move_to(self, meeting_id: str) -> bool:
        """Put the cursor on a meeting; False if narrowing hides it."""
        index = self._positions.get(meeting_id)
        if index is None:
            return False
        self.cursor = index
        return True

    def jump_to_date(self, prefix: str) -> bool:
        """Move to the newest meeting in a year, month or day (``2016-03``).

        If there is none, moves to the nearest older meeting; returns False
        when no meeting shown is that old.
        """
        end = prefix + "\uffff"
        for index, row in enumerate(self._rows):
            if row.date < end:
                self.cursor = index
                return True
        return False

    def neighbour(self, meeting_id: str, *, later: bool) -> MeetingRow | None:
        """The same committee's next meeting later or earlier in time."""
        return neighbour(self._all, meeting_id, later=later)

    # -- cursor -------------------------------------------------------------

    def validate_cursor(self, cursor: int) -> int:
        """Keep the cursor on a row."""
        return max(0, min(cursor, len(self._rows) - 1))

    def watch_cursor(self, cursor: int) -> None:
        """Keep the cursor in view and say which meeting it is on."""
        height = self.scrollable_content_region.height
        if cursor < self.scroll_offset.y:
            self.scroll_to(y=cursor, animate=False, immediate=True)
        elif height and cursor >= self.scroll_offset.y + height:
            self.scroll_to(y=cursor - height + 1, animate=False, immediate=True)
        self.refresh()
        row = self.highlighted
        if row is not None and row.id != self._announced:
            self._announced = row.id
            self.post_message(MeetingHighlighted(row.id))

    def action_cursor_down(self) -> None:
        """Move down one meeting (older)."""
        self.cursor += 1

    def action_cursor_up(self) -> None:
        """Move up one meeting (newer)."""
        self.cursor -= 1

    def action_page_down(self) -> None:
        """Move down a screenful."""
        self.cursor += max(1, self.scrollable_content_region.height - 1)

    def action_page_up(self) -> None:
        """Move up a screenful."""
        self.cursor -= max(1, self.scrollable_content_region.height - 1)

    def action_first(self) -> None:
        """Move to the newest meeting."""
        self.cursor = 0

    def action_last(self) -> None:
        """Move to the oldest meeting."""
        self.cursor = len(self._rows) - 1

    def action_choose(self) -> None:
        """Open the highlighted meeting's agenda."""
        row = self.highlighted
        if row is not None:
            self.post_message(MeetingChosen(row.id))

    # -- events --------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        """Highlight the clicked meeting; a double click opens it."""
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = offset.y + self.scroll_offset.y
        if 0 <= index < len(self._rows):
            self.cursor = index
            if event.chain >= 2:
                self.action_choose()

    def on_key(self, event: events.Key) -> None:
        """Typing text starts narrowing: every letter, digit or space, and
        any other character no key is bound to (``/`` still searches).

        The key is stopped here, so no command bound to a letter can run
        while the list invites typing.
        """
        character = event.character
        if (
            event.is_printable
            and character
            and (character.isalnum() or character == " " or event.key not in self.screen.active_bindings)
        ):
            event.stop()
            event.prevent_default()
            self.post_message(MeetingListTyped(character))

    def on_resize(self) -> None:
        """Keep the cursor in view after a resize."""
        self.cursor = self.cursor

    # -- drawing ------------------------------------------------------------

    def _row_text(self, row: MeetingRow, width: int) -> Text:
        text = Text(no_wrap=True, end="")
        text.append(row.date, self.get_component_rich_style("meeting-list--date"))
        detail = self.get_component_rich_style("meeting-list--detail")
        text.append(f" {row.committee_id:<{self._committee_width}.{self._committee_width}} ", detail)
        holds = ", ".join(row.holds)
        if text.cell_len + len(holds) > width:
            holds = "+".join(HOLDS_SHORT.get(kind, kind[:3]) for kind in row.holds)
        text.append(holds, detail)
        return text

    def render_line(self, y: int) -> Strip:
        """Draw one visible row."""
        width = self.scrollable_content_region.width
        base = self.rich_style
        index = y + self.scroll_offset.y
        if not self._rows:
            if y != 0:
                return Strip.blank(width, base)
            text = Text(self.empty_text, style=self.get_component_rich_style("meeting-list--empty"))
        elif index >= len(self._rows):
            return Strip.blank(width, base)
        else:
            text = self._row_text(self._rows[index], width)
            if index == self.cursor:
                text.truncate(width, overflow="ellipsis", pad=True)
                text.stylize(self.get_component_rich_style("meeting-list--cursor"))
        text.truncate(width, overflow="ellipsis", pad=True)
        segments = list(text.render(self.app.console))
        return Strip(segments).adjust_cell_length(width, base).apply_style(base)
