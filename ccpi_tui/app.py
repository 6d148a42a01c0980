"""The App: paints first, then opens the store and builds the search index.

``CouncilApp(AppOptions(...))`` is the one way to build it, for the command
line, ``serve``'s sessions and the tests alike. The App owns what several
screens share (the store, the search index, the clipboard) and the one
handler that turns a failed worker into a sentence on screen.

Start-up is a feature (its steps: ``ccpi_tui.startup``): this module
imports nothing of the store (TinyDB, file locks, SQLite) and none of the
dialogs; the opening worker imports them after the first frame is on screen.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from ccpi_tui import glyphs
from ccpi_tui.across_commands import ACROSS_COMMANDS
from ccpi_tui.clipboard import ClipboardError, osc52_sequences
from ccpi_tui.commands import APP_COMMANDS, BROWSER_COMMANDS, JumpProvider, bindings
from ccpi_tui.messages import (
    IndexOpened,
    PanesFilled,
    SearchIndexProgress,
    SearchIndexReady,
    SearchOpened,
)
from ccpi_tui.screens.browser import BrowserScreen
from ccpi_tui.screens.failures import ReportsWorkerFailures
from ccpi_tui.startup import IndexRead, Startup, resume_collector
from ccpi_tui.widgets.meeting_list import (
    MeetingList,
    MeetingRow,
    RowChanges,
    meeting_rows,
    refreshed_rows,
    rows_of,
)
from ccpi_tui.widgets.panes import NARROW_BELOW
from store import safe_line

if TYPE_CHECKING:
    from pathlib import Path

    from ccpi_tui.options import AppOptions
    from store import Archive, SearchIndex

#: Textual's own app actions the app may run; anything else is refused, so
#: an ``@click`` smuggled into text could not run an action even if it were
#: ever drawn as markup.
_TEXTUAL_ACTIONS = frozenset(
    {"focus_next", "focus_previous", "change_theme", "help_quit", "screenshot", "maximize", "bell"}
)
_APP_ACTIONS = frozenset(command.action for command in (*APP_COMMANDS, *ACROSS_COMMANDS)) | _TEXTUAL_ACTIONS
#: Seconds at least between two progress messages of a rebuild of the
#: search index: the screen redraws one line for each, not one per meeting.
PROGRESS_EVERY = 0.25

#: Seconds between two looks at the store's commit point (``records.json``)
#: for a commit made by another process. A look is one ``stat`` in the event
#: loop; the store is read, in a worker, only when the file changed (every
#: commit replaces it: a new inode, time and size).
WATCH_EVERY = 0.25
#: No stat yet: the next look checks the store.
_UNSEEN = (-1, -1, -1)

#: Textual's key glyphs, in words for the Linux console's font.
_CONSOLE_KEYS = {"⏎": "Enter", "←": "Left", "→": "Right", "↑": "Up", "↓": "Down", "⇥": "Tab"}


class CouncilApp(ReportsWorkerFailures, App[None]):
    """A keyboard-first browser for committee meeting records."""

    CSS_PATH = "app.tcss"
    TITLE = "ccpi-tui"
    BINDINGS = bindings((*APP_COMMANDS, *ACROSS_COMMANDS))
    COMMANDS = App.COMMANDS | {JumpProvider}
    #: Every screen gets ``-narrow``, ``-medium`` or ``-wide`` by its width.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW_BELOW, "-medium"), (150, "-wide")]

    def __init__(self, options: AppOptions) -> None:
        """Make the app; nothing is read until after the first paint.

        Args:
            options: The store folder, export folder, notice, browser
                mode, settings file and theme (see ``AppOptions``).
        """
        super().__init__()
        #: The glyph set, once, from the terminal's name; on the Linux
        #: console a filter replaces whatever else it could not draw.
        self.glyphs = glyphs.select(os.environ.get("TERM", ""))
        if self.glyphs.console:
            self._filters.append(glyphs.ConsoleFont())
        #: Without colour, focus and the cursor are shown by border and reverse.
        self.set_class(self.no_color, "-no-color")
        #: What the app was started with.
        self.options = options
        notice, theme = options.notice, options.theme
        if theme is not None:
            if theme in self.available_themes:
                self.theme = theme
            else:
                unknown = f"The settings file names a theme {theme!r} that does not exist; using the default."
                notice = f"{notice} {unknown}" if notice else unknown
        self.export_dir = options.export_dir
        self.export_dir_explicit = options.export_dir_explicit
        self.notice = notice
        self.store: Archive | None = None
        self.search_index: SearchIndex | None = None
        #: While the search index is rebuilt: (steps done, steps in all),
        #: as ``store.index.Progress`` counts them; else None.
        self.index_progress: tuple[int, int] | None = None
        #: Start-up's progress: when the records may be read (``_open``).
        self.startup = Startup()
        #: Whether the first frame listed the newest meetings.
        self._listed_first = False
        #: The store read before the panes were filled, until they are.
        self._unshown: tuple[Archive, list[MeetingRow], int, int] | None = None
        #: The store's generation last shown, and whether a check is running.
        self._generation = 0
        self._checking = False
        self._watching = False
        #: The commit point's stat (``_commit_stamp``) when the last check
        #: began; ``_UNSEEN``: check at the next look.
        self._commit_seen: tuple[int, int, int] | None = _UNSEEN
        self.browser = BrowserScreen(
            search_index=lambda: self.search_index,
            export_dir=options.export_dir,
            export_dir_explicit=options.export_dir_explicit,
            first_page=self._first_page,
        )

    def get_key_display(self, binding: Binding) -> str:
        """Keys as Textual shows them, in words on the Linux console."""
        display = super().get_key_display(binding)
        if self.glyphs.console:
            for glyph, word in _CONSOLE_KEYS.items():
                display = display.replace(glyph, word)
        return display

    def get_default_screen(self) -> Screen:
        """The browser is the screen under everything else."""
        return self.browser

    def on_mount(self) -> None:
        """Show the notice; open the store once the first frame is drawn."""
        if self.notice:
            self.notify(safe_line(self.notice), markup=False, timeout=10)
        if self.options.settings_file is not None:
            self.theme_changed_signal.subscribe(self, lambda theme: self._keep_theme(theme.name))
        self.call_after_refresh(self._open)

    @work(thread=True, exclusive=True, group="settings", exit_on_error=False)
    def _keep_theme(self, name: str) -> None:
        """Keep the theme the clerk chose in the settings file, for next time."""
        from ccpi_tui.settings import save_theme

        assert self.options.settings_file is not None
        try:
            save_theme(self.options.settings_file, name)
        except OSError as error:
            message = f"The theme could not be kept in {self.options.settings_file}: {error.strerror}."
            self.call_from_thread(self.notify, message, severity="warning", markup=False)

    def _first_page(self) -> list[MeetingRow]:
        """The newest meetings for the first frame, if the command line's
        read of the index (``AppOptions.index_read``) is done by then."""
        read = self.options.index_read
        if read is None or not read.done or not read.newest:
            return []
        self._listed_first = True
        return rows_of(read.newest)

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def _open(self) -> None:
        """Steps 1 and 3 to 5 of start-up (``ccpi_tui.startup``), just after
        the first frame: the newest meetings if the first frame had none,
        the search index when the index is current, the records in their
        turn, the meetings listed; else the search index built (caught up)
        from the records."""
        import store as derived

        read = self.options.index_read
        if read is None:
            read = IndexRead(self.options.store_root, self.size.height)
            read.run()
        read.result()
        if read.newest and not self._listed_first:
            self.call_from_thread(self.browser.show_first_page, rows_of(read.newest))
        from store import SearchIndex  # imported here: rapidfuzz is slow to load

        current = read.connection
        if current is not None:
            opened = SearchIndex(current)
            self.post_message(IndexOpened(opened))
            # The search box is what is opened first, often before the
            # meetings are listed: ready it now, not when "/" is pressed,
            # and the words typos are matched against.
            import ccpi_tui.screens.search  # noqa: F401

            opened.read_words()
            self.startup.records_turn()
        from store import StoreError, open_store

        try:
            store = open_store(self.options.store_root)
        except StoreError as error:
            self.call_from_thread(self.exit, return_code=2, message=Text(safe_line(str(error))))
            return
        generation = store.generation
        rows = meeting_rows(store)  # the meetings' rows, never their items
        # What was loaded lives as long as the app: keep it out of the
        # garbage collector's full passes, which otherwise walk all of it
        # (hundreds of milliseconds at archive scale, in whichever thread
        # happens to allocate, often the one drawing the screen).
        gc.freeze()
        resume_collector()  # off since the command line started (ccpi_tui.startup)
        self.call_from_thread(self._store_opened, store, rows, store.counts()[1], generation)
        if current is None:
            try:
                built = SearchIndex.build(store, progress=self._rebuild_progress())
            except StoreError as error:
                self.call_from_thread(self.exit, return_code=2, message=Text(safe_line(str(error))))
                return
            self.post_message(IndexOpened(built))
        elif (opened.generation() or 0) < store.generation:
            # Searches are current; the tables across meetings are not
            # (their writer was stopped): catch them up now.
            derived.catch_up(store)
        # Ready the dialogs now, so that opening one later costs no import.
        import ccpi_tui.screens.help
        import ccpi_tui.screens.search
        import ccpi_tui.screens.thread  # noqa: F401

    def on_search_opened(self, message: SearchOpened) -> None:
        """A search box opened or closed: the records wait while one is open."""
        self.startup.search_opened(message.box, message.opened)

    def on_panes_filled(self, _: PanesFilled) -> None:
        """The panes have somewhere to put the meetings: list them if read."""
        self.startup.panes_filled()
        if self._unshown is not None:
            self._store_opened(*self._unshown)

    def _store_opened(self, store: Archive, rows: list[MeetingRow], items: int, generation: int) -> None:
        """Show the store (once the panes are filled: else when they are)."""
        if not self.startup.filled:
            self._unshown = (store, rows, items, generation)
            return
        self._unshown = None
        self.store = store
        self._generation = generation
        self.browser.show_store(store, rows, items)
        if not self._watching:
            self._watching = True
            self.set_interval(WATCH_EVERY, self._look_for_changes)

    # -- commits made elsewhere -----------------------------------------------

    def _look_for_changes(self) -> None:
        """Every ``WATCH_EVERY`` seconds: has another process committed to
        the store? One ``stat`` of ``records.json``; a check (a worker) runs
        only when the file is not the one seen when the last check began."""
        if self.store is None or self._checking:
            return
        seen = _commit_stamp(self.options.store_root)
        if seen == self._commit_seen:
            return
        # Taken before the check reads the store: a commit after this stat
        # changes the file again, and the next look sees it.
        self._commit_seen = seen
        self._checking = True
        self._check_store(self.store, False)

    def action_reload(self) -> None:
        """Read the store again now."""
        if self.store is not None and not self._checking:
            self._checking = True
            self._check_store(self.store, True)

    @work(thread=True, group="watch", exit_on_error=False)
    def _check_store(self, store: Archive, asked: bool) -> None:
        """Compare the generation (one ``stat`` when nothing changed); on a
        change, read again only the meetings the commits touched and show
        them, then catch the search index up.

        The store re-reads ``records.json`` itself when its inode, time or
        size changed, so ``generation`` costs a parse only after a commit.
        The header, list, open item and toast come first: the index catches
        up after them, because the writer that committed holds the index
        while it brings it up, and ``catch_up`` waits for it. The writer
        commits the search tables first, the tables across meetings
        (seconds, on a big store) after: searches see the new meetings as
        soon as the first commit is in, and the search box runs its query
        again then (``SearchIndexReady``), not once the rest is.
        """
        try:
            generation = store.generation
            if generation == self._generation:
                if asked:
                    self.call_from_thread(self.notify, "Reloaded; nothing had changed.", markup=False)
                return
            import store as index

            touched = store.changes_since(self._generation)
            rows, changes = refreshed_rows(self.browser.rows, store, touched)
            items = store.counts()[1]
            self.call_from_thread(self._store_changed, generation, touched, rows, items, changes)
            index.catch_up(store, searchable=self._searchable)
        except BaseException:
            self._commit_seen = _UNSEEN  # check again at the next look
            raise
        finally:
            self._checking = False

    def _searchable(self) -> None:
        """The search tables have caught up (called in a worker, which goes
        on to wait for the rest of the index): the open search box runs its
        query again. Posted, not called from the thread: the worker holds
        the index's catch-up lock, which the event loop must never wait for."""
        if self.search_index is not None:
            for screen in self.screen_stack:
                screen.post_message(SearchIndexReady())

    def _store_changed(
        self, generation: int, touched: set[str] | None, rows: list[MeetingRow], items: int, changes: RowChanges
    ) -> None:
        self._generation = generation
        self.browser.refresh_store(rows, items, touched)
        self.notify(changes.sentence() or "The store changed elsewhere; shown again.", markup=False)

    def _rebuild_progress(self) -> Callable[[int, int], None]:
        """What a rebuild of the search index (in the ``_open`` thread) tells
        how far it is: a ``SearchIndexProgress`` message at most every
        ``PROGRESS_EVERY`` seconds, and the last step always."""
        last = time.monotonic() - PROGRESS_EVERY

        def progress(done: int, total: int) -> None:
            nonlocal last
            now = time.monotonic()
            if now - last >= PROGRESS_EVERY or done >= total:
                last = now
                self.post_message(SearchIndexProgress(done, total))  # thread-safe, unlike the rest

        return progress

    def on_search_index_progress(self, message: SearchIndexProgress) -> None:
        """Keep how far the rebuild is, and tell every screen (a search box
        open shows it)."""
        if self.search_index is not None:  # a late message: the index is ready
            return
        self.index_progress = (message.done, message.total)
        for screen in self.screen_stack:
            screen.post_message(SearchIndexProgress(message.done, message.total))

    def on_index_opened(self, message: IndexOpened) -> None:
        """The search index is open or caught up: searches run on it now."""
        self.search_index = message.index
        self.index_progress = None
        for screen in self.screen_stack:
            screen.post_message(SearchIndexReady())

    def copy_to_clipboard(self, text: str, what: str = "text") -> None:
        """Put ``text`` on the clipboard of the person's terminal (OSC 52).

        Textual's own version sends plain OSC 52 only; this one also gets
        through tmux and refuses text too long for terminals, saying so.
        """
        try:
            sequences = osc52_sequences(text, os.environ)
        except ClipboardError as error:
            self.notify(str(error), severity="warning", markup=False, timeout=8)
            return
        self._clipboard = text
        if self._driver is None:
            self.notify("There is no terminal to copy to.", severity="warning", markup=False)
            return
        for sequence in sequences:
            self._driver.write(sequence)
        self.notify(
            f"Copied {len(text):,} characters of {what} (your terminal must allow OSC 52 clipboard writes).",
            markup=False,
        )

    def edits_refused(self) -> bool:
        """True, and says why in one sentence, when this session may not change the store.

        Every command that imports or corrects asks this first: a browser
        session started by ``serve`` without ``--allow-edits`` is read-only.
        """
        if self.options.web is None or self.options.web.allow_edits:
            return False
        self.notify(self.options.web.REFUSAL, severity="warning", markup=False, timeout=8)
        return True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Refuse any app action that is not one of ours or Textual's few."""
        if action in ("people", "decisions", "followups", "reload"):
            return True if self.store is not None else None
        if action == "what_changed":
            return True if self.store is not None and self.screen is self.browser and self.browser.item_id else None
        return action in _APP_ACTIONS

    def action_people(self) -> None:
        """People across meetings."""
        from ccpi_tui.screens.people import PeopleScreen

        if self.store is not None:
            self.push_screen(PeopleScreen(self.store))

    def action_decisions(self) -> None:
        """The decisions register."""
        from ccpi_tui.screens.decisions import DecisionsScreen

        if self.store is not None:
            self.push_screen(DecisionsScreen(self.store))

    def action_followups(self) -> None:
        """Promised follow-ups."""
        from ccpi_tui.screens.followups import FollowUpsScreen

        if self.store is not None:
            self.push_screen(FollowUpsScreen(self.store))

    def action_what_changed(self) -> None:
        """What changed in the open item since the previous one of its thread."""
        from ccpi_tui.screens.changes import ChangesScreen

        if self.store is not None and self.browser.item_id:
            self.push_screen(ChangesScreen(self.store, self.browser.item_id))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette's commands: the same ones the keys run, where they can."""
        for command in (*BROWSER_COMMANDS, *APP_COMMANDS, *ACROSS_COMMANDS):
            if command.action == "command_palette":
                continue
            target = screen if command in BROWSER_COMMANDS else self
            if command in BROWSER_COMMANDS and not isinstance(screen, BrowserScreen):
                continue
            if not target.check_action(command.action, ()):
                continue
            keys = ", ".join(self.get_key_display(Binding(key, "")) for key in command.keys.split(","))
            yield SystemCommand(
                command.title,
                f"{command.help} ({keys})",
                partial(self.run_action, command.action, target),
            )
        yield SystemCommand("Theme", "Change the colours (dark, light and more)", self.action_change_theme)

    def action_help(self) -> None:
        """Show every key, generated from the bindings."""
        from ccpi_tui.screens.across import AcrossScreen
        from ccpi_tui.screens.changes import ChangesScreen
        from ccpi_tui.screens.followups import FollowUpsScreen
        from ccpi_tui.screens.help import HelpScreen
        from ccpi_tui.screens.people import PeopleScreen
        from ccpi_tui.screens.search import SearchScreen
        from ccpi_tui.widgets.agenda_tree import AgendaTree
        from ccpi_tui.widgets.item_document import ItemDocument
        from ccpi_tui.widgets.pick_list import PickList

        self.push_screen(
            HelpScreen(
                [
                    ("Everywhere", type(self)),
                    ("Browsing", BrowserScreen),
                    ("Meeting list", MeetingList),
                    ("Agenda", AgendaTree),
                    ("Item text", ItemDocument),
                    ("Lists (Related, results, thread)", PickList),
                    ("Search", SearchScreen),
                    ("People, Decisions, Follow-ups, What changed", AcrossScreen),
                    ("People", PeopleScreen),
                    ("Follow-ups", FollowUpsScreen),
                    ("What changed", ChangesScreen),
                ]
            )
        )


def _commit_stamp(root: Path) -> tuple[int, int, int] | None:
    """The inode, time and size of the store's commit point now (None when
    there is none or it cannot be stat'ed)."""
    from store import RECORDS_NAME

    try:
        info = os.stat(root / RECORDS_NAME)
    except OSError:
        return None
    return (info.st_ino, info.st_mtime_ns, info.st_size)
