"""Search over the whole archive, as you type.

Searches run in a thread worker, one at a time: a keystroke while one runs
only changes what the box holds, and when the running search finishes the
latest text is searched next. Results that no longer answer the box are
dropped. So typing never waits for searching, and a burst of keys never
piles up searches that compete with each other and with the screen for
the interpreter (a thread cannot be stopped half-way, so cancelling one
would leave it running).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static
from textual.worker import Worker, WorkerState

from ccpi_tui import glyphs
from ccpi_tui.messages import SearchFinished, SearchIndexProgress, SearchIndexReady, SearchOpened
from ccpi_tui.screens.failures import ReportsWorkerFailures
from ccpi_tui.widgets.hit_list import HitList
from store import safe_line

if TYPE_CHECKING:
    from store import Hit, SearchIndex

#: Results asked for at once: more are asked for when the highlight comes
#: within ``LOAD_AHEAD`` of the last one shown.
MAX_RESULTS = 50
LOAD_AHEAD = 5

#: The status line before anything is typed (one line even at 80 columns:
#: the status never changes height, so updating it never moves the results).
HINT = "Filters: committee:ccpi after:2016 before:2017 year:2015 in:title"


def waiting(progress: tuple[int, int] | None) -> str:
    """The status line while there is no search index yet: opening the
    archive, or rebuilding the index with ``progress`` (steps done, steps in
    all, as ``store.index.Progress`` counts them: a step per meeting, then
    as many for the work across meetings)."""
    more = glyphs.GLYPHS.ellipsis
    if progress is None:
        return f"Opening the archive; results will appear in a moment{more}"
    done, total = progress
    meetings = total // 2
    if done < meetings:
        return f"Rebuilding the search index: {done:,} of {meetings:,} meetings{more}"
    return f"Rebuilding the search index: linking topics across meetings{more}"


class SearchScreen(ReportsWorkerFailures, ModalScreen["Hit | None"]):
    """Returns the hit chosen (it names the item and its meeting), or None
    when Esc is pressed."""

    BINDINGS = [
        Binding("escape", "cancel", "Back"),
        Binding("down", "move(1)", "Next result", show=False),
        Binding("up", "move(-1)", "Previous result", show=False),
        Binding("pagedown", "move(10)", "Ten results down", show=False),
        Binding("pageup", "move(-10)", "Ten results up", show=False),
    ]

    def __init__(
        self,
        index: Callable[[], SearchIndex | None],
        query: str = "",
        read_ahead: Callable[[Hit], Awaitable[None]] | None = None,
    ) -> None:
        """Search with the index ``index()`` returns (None while building).

        Args:
            index: Gives the search index, or None while it is being built.
            query: The query to start with (the last one searched).
            read_ahead: Awaited with the hit chosen before the search
                closes, so whoever shows it can have it ready by then.
        """
        super().__init__()
        self._index = index
        self._initial = query
        self._read_ahead = read_ahead
        #: The query being searched now, if any.
        self._searching: str | None = None
        #: Results asked for, and how many the last search found in all.
        self._limit = MAX_RESULTS
        self._total = 0
        #: The query whose next page is being asked for (keep the highlight).
        self._more_for: str | None = None

    def compose(self) -> ComposeResult:
        """The box, a status line and the results."""
        with Vertical(id="search-box"):
            yield Input(self._initial, placeholder="Search the archive (typos are fine)", id="search-input")
            yield Static(Content(HINT), id="search-status")
            yield HitList(id="search-results")

    def on_mount(self) -> None:
        """Search for the query we started with."""
        self.query_one("#search-box").border_title = "Search"
        # Focus now, not after the screen resumes: keys typed straight
        # after "/" must land in the box.
        self.set_focus(self.query_one("#search-input", Input))
        self._search(self.query_text)
        # While it is open the app keeps other long work (reading the
        # records at start) from holding the interpreter.
        self.app.post_message(SearchOpened(True, self))

    def on_unmount(self) -> None:
        """Say the box closed."""
        self.app.post_message(SearchOpened(False, self))

    @property
    def query_text(self) -> str:
        """What is typed in the box."""
        return self.query_one("#search-input", Input).value

    def _status(self, message: str) -> None:
        # Its height is fixed by the stylesheet: no layout needed.
        self.query_one("#search-status", Static).update(Content(message), layout=False)

    @on(Input.Changed, "#search-input")
    def _typed(self, event: Input.Changed) -> None:
        self._limit = MAX_RESULTS
        self._more_for = None
        self._search(event.value)

    def on_search_index_ready(self, _: SearchIndexReady) -> None:
        """Run the query again now the index exists."""
        self._search(self.query_text)

    def on_search_index_progress(self, _: SearchIndexProgress) -> None:
        """Say how far the rebuild of the index is (the app keeps it)."""
        if self._index() is None:
            self._status(self._waiting())

    def _waiting(self) -> str:
        # The app keeps the progress (``CouncilApp.index_progress``); a
        # screen tested on another app has none.
        return waiting(getattr(self.app, "index_progress", None))

    def _search(self, query: str) -> None:
        if not query.strip():
            self.query_one(HitList).show_hits([])
            rebuilding = self._index() is None and getattr(self.app, "index_progress", None) is not None
            self._status(self._waiting() if rebuilding else HINT)
            return
        if self._index() is None:
            self._status(self._waiting())
            return
        if self._searching is None:
            self._searching = query
            self._run_search(query, self._limit)

    @work(thread=True, group="search", exit_on_error=False)
    def _run_search(self, query: str, limit: int) -> None:
        index = self._index()
        assert index is not None
        hits = index.search(query, limit=limit)
        self.post_message(SearchFinished(query, list(hits), hits.total))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A search that failed is over too: let the next one run."""
        super().on_worker_state_changed(event)
        if event.worker.group == "search" and event.state in (WorkerState.ERROR, WorkerState.CANCELLED):
            self._searching = None

    def on_search_finished(self, message: SearchFinished) -> None:
        """Show results if they answer the box; else search what it holds now."""
        self._searching = None
        if message.query != self.query_text:
            self._search(self.query_text)
            return
        from store import parse_query

        self.query_one(HitList).show_hits(message.hits, keep=self._more_for == message.query)
        self._more_for = None
        self._total = message.total
        problems = parse_query(message.query).problems
        if problems:
            self._status(safe_line("; ".join(problems)) + ".")
        elif not message.hits:
            self._status("Nothing found. Try fewer words, or other filters.")
        else:
            total, shown = message.total, len(message.hits)
            counted = f"{total} result{'s' if total != 1 else ''}"
            if shown < total:
                self._status(f"{counted}, first {shown} shown (more as you go down): ↑/↓, Enter, Esc.")
            else:
                self._status(f"{counted}: ↑/↓ to choose, Enter to open, Esc to go back.")

    @on(HitList.OptionHighlighted, "#search-results")
    def _load_more(self, event: HitList.OptionHighlighted) -> None:
        """Near the last result shown, ask for the next page."""
        shown = len(self.query_one(HitList).hits)
        if event.option_index >= shown - LOAD_AHEAD and shown < self._total and self._limit <= shown:
            self._limit = shown + MAX_RESULTS
            self._more_for = self.query_text
            self._search(self.query_text)

    def action_move(self, step: int) -> None:
        """Move the highlight in the results while the box keeps the focus."""
        results = self.query_one(HitList)
        if not results.option_count:
            return
        current = results.highlighted if results.highlighted is not None else 0
        results.highlighted = max(0, min(results.option_count - 1, current + step))

    @on(Input.Submitted, "#search-input")
    def _open_highlighted(self) -> None:
        hit = self.query_one(HitList).chosen
        if hit is not None:
            self._choose(hit)

    @on(HitList.OptionSelected, "#search-results")
    def _clicked(self, event: HitList.OptionSelected) -> None:
        event.stop()
        self._choose(self.query_one(HitList).hits[event.option_index])

    @work(exclusive=True, group="choose", exit_on_error=False)
    async def _choose(self, hit: Hit) -> None:
        """Close with ``hit`` once it has been read ahead (Esc still closes at once)."""
        if self._read_ahead is not None:
            await self._read_ahead(hit)
        self.dismiss(hit)

    def action_cancel(self) -> None:
        """Go back to where you were (a result being opened is not)."""
        self.workers.cancel_group(self, "choose")
        self.dismiss(None)
