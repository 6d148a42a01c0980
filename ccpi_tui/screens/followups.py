"""Promised follow-ups: overdue and open first, each with its reason."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import work
from textual.binding import Binding

from ccpi_tui.screens.across import ACROSS_SCREEN_BINDINGS, AcrossScreen, lines
from ccpi_tui.widgets.pick_list import PickList
from store import FollowUp, safe_line

_STYLE = {"overdue": "bold reverse", "open": "bold", "met": "dim", "dropped": "dim strike"}


class FollowUpsScreen(AcrossScreen):
    """Every promise; the clerk marks one met or dropped (kept in the store)."""

    BINDINGS = [
        *ACROSS_SCREEN_BINDINGS,
        Binding("alt+m", "mark('met')", "Met", tooltip="Mark the highlighted follow-up met.", id="followup_met", priority=True),
        Binding("alt+x", "mark('dropped')", "Drop", tooltip="Mark the highlighted follow-up dropped.", id="followup_dropped", priority=True),
        Binding("alt+u", "mark('')", "Unmark", tooltip="Clear the clerk's mark.", id="followup_clear", priority=True),
    ]
    KIND = "followups"
    TITLE_TEXT = "Follow-ups"
    PLACEHOLDER = "Words, or a status: open, overdue, met, dropped"

    PAGE = 200

    def page(self, query: str, offset: int, limit: int) -> list[Any]:
        """One page of follow-ups that the filter's words keep, overdue and open first, from SQL."""
        from store import iter_followups

        return list(iter_followups(self.store, words=query, offset=offset, limit=limit))

    def count(self, query: str) -> int:
        """How many follow-ups the filter's words keep."""
        from store import count_followups

        return count_followups(self.store, words=query)

    def label(self, entry: FollowUp) -> Text:
        """Status, date, when it was met or falls due, then the promise's own
        words (one item often makes several promises, so its title alone
        does not tell them apart); one line, cut with an ellipsis."""
        p = entry.promise
        label = Text(entry.status.upper().ljust(8), _STYLE[entry.status], no_wrap=True, overflow="ellipsis")
        label.append(f"{p.date} ")
        if entry.met_by_date:
            label.append(f"met {entry.met_by_date} ", "dim")
        elif p.due_date:
            label.append(f"due {p.due_date} ", "dim")
        label.append(f" {safe_line(p.text)}")
        return label

    def detail(self, entry: FollowUp) -> Text:
        """The promise, due date, status and its reason."""
        p = entry.promise
        rows: list[Any] = [
            [(entry.status.upper(), _STYLE[entry.status]), (f"  {entry.id}", "dim")],
            [(p.title, "bold")],
            f"{p.date} · {p.committee} · {p.item_id}",
            f"Why {entry.status}: {entry.reason}",
            f"Due: {p.due_date} ({p.due_text})" if p.due_date else "Due: no date stated",
            "",
            f"“{p.text}”",
        ]
        return lines(*rows)

    def export_target(self) -> str:
        """Every follow-up."""
        return "followups"

    def chosen(self, entry: Any) -> None:
        """Open the item that made the promise."""
        self.open_target(entry.promise.item_id)

    def action_mark(self, status: str) -> None:
        """Mark the highlighted follow-up (``''`` clears the mark)."""
        if self.current is not None:
            self._mark(self.current.id, status or None)

    def _reread(self) -> None:
        """Read the list again after a mark, the cursor kept on its row."""
        self._row = self.query_one(PickList).highlighted or 0
        self._refilter()

    @work(thread=True, exclusive=True, group="followup-mark", exit_on_error=False)
    def _mark(self, followup_id: str, status: str | None) -> None:
        from store import mark_followup

        mark_followup(self.store, followup_id, status)
        self.app.call_from_thread(self._reread)
        said = f"{followup_id} marked {status}." if status else f"{followup_id}: the mark is cleared."
        self.app.call_from_thread(self.app.notify, safe_line(said), markup=False)
