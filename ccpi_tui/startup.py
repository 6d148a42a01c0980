"""Start-up, in the order it happens, and what each step waits for.

0. **No garbage collection** (``pause_collector``, from the command line)
   until the records are read (step 4): importing Textual and the app,
   drawing the first frame and reading the records make objects that live
   as long as the app, and the collector's passes over them (some 90 in
   the imports alone, and full ones walking every record read so far) only
   hold up the first frame and the first search. Then what start-up made
   is frozen (never walked again) and the collector is on again
   (``resume_collector``).
1. **The newest meetings, from the index.** ``IndexRead.start`` reads them
   from the index's ``search_meetings`` table in a thread of its own, begun
   by the command line before Textual is even imported (SQLite does its
   reading without holding the interpreter). So the first frame lists them.
2. **The first frame**: header, the three panes (the meeting list filled
   when the read was done in time), footer. What else the panes hold is
   mounted just after it (``BrowserScreen._fill_panes``).
3. **The search index**, opened on the read's connection when that index
   is current with the records on disk: a search typed at once is answered
   without the records (``CouncilApp._open``, a thread worker).
4. **The records** (``store.open_store``, then every meeting's row):
   parsing the 256 meeting shard files holds the interpreter for a tenth
   of a second or more at 10,000 meetings, in which nothing is drawn and
   no key is handled. So they wait for their turn
   (``Startup.records_turn``): the panes filled and no search box open, or
   ``RECORDS_WAIT`` seconds at most.
5. **The meetings listed** from the records (the first screenful stays as
   it was, the cursor on its meeting), and the store handed to the screens.

Steps 3 to 5 run one after another in one thread; the main thread tells
``Startup`` what happens on screen (``panes_filled``, ``search_opened``).
"""

from __future__ import annotations

import gc
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite3

#: Seconds the records wait at most for their turn (step 4).
RECORDS_WAIT = 1.0
#: Rows read for the first screenful when the terminal's height is unknown.
DEFAULT_ROWS = 50


#: True while ``pause_collector`` holds the collector off.
_paused = False


def pause_collector() -> None:
    """Step 0: no cyclic garbage collection until ``resume_collector``."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume_collector() -> None:
    """Freeze what start-up made and turn the collector on again, if
    ``pause_collector`` turned it off (else leave it as it is)."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()


class IndexRead:
    """The index of the store at ``root``, if current, and its newest meetings.

    ``run`` does the reading; ``start`` runs it in a daemon thread, and
    ``result`` waits for it there. A failure (a damaged index) is raised by
    ``result``, in the thread that asks.
    """

    def __init__(self, root: Path, rows: int) -> None:
        """Read the index at ``root``: up to ``rows`` meetings, newest first."""
        self.root = root
        self.rows = rows
        #: The index, when it is current with the records (else None).
        self.connection: sqlite3.Connection | None = None
        #: The newest meetings' fields (None: no current index, or one
        #: whose ``search_meetings`` was not filled at its generation).
        self.newest: list[dict[str, object]] | None = None
        self._error: BaseException | None = None
        self._done = threading.Event()

    @classmethod
    def start(cls, root: Path) -> IndexRead:
        """Begin reading in a thread of its own: a screenful of the terminal."""
        try:
            rows = os.get_terminal_size().lines
        except OSError:  # not a terminal
            rows = DEFAULT_ROWS
        read = cls(root, rows)
        threading.Thread(target=read.run, name="index-read", daemon=True).start()
        return read

    def run(self) -> None:
        """Read now, in this thread."""
        try:
            import store

            db = store.current_connection(self.root)
            if db is not None:
                self.newest = store.newest_meetings(db, max(self.rows, 1))
            self.connection = db
        except BaseException as error:  # noqa: BLE001 - raised again by ``result``
            self._error = error
        finally:
            self._done.set()

    @property
    def done(self) -> bool:
        """True once the reading is over (``newest`` is what it will be)."""
        return self._done.is_set()

    def result(self) -> IndexRead:
        """Wait for the reading; raise what made it fail, if anything did."""
        self._done.wait()
        if self._error is not None:
            raise self._error
        return self


class Startup:
    """When the records may be read (step 4), from what the screen says.

    The records wait while anything in ``_holds`` is there: ``"panes"``
    until the panes are filled, and each open search box. Only the main
    thread changes it; the opening thread waits in ``records_turn``.
    """

    def __init__(self) -> None:
        """Nothing filled yet, no search open."""
        self._holds: set[object] = {"panes"}
        self._turn = threading.Event()

    def panes_filled(self) -> None:
        """The browser's panes have their widgets."""
        self._release("panes")

    @property
    def filled(self) -> bool:
        """True once the panes are filled (the store can be shown)."""
        return "panes" not in self._holds

    def search_opened(self, box: object, opened: bool) -> None:
        """The search box ``box`` opened (``opened``) or closed."""
        if opened:
            self._holds.add(box)
            self._turn.clear()
        else:
            self._release(box)

    def _release(self, hold: object) -> None:
        self._holds.discard(hold)
        if not self._holds:
            self._turn.set()

    def records_turn(self) -> None:
        """Wait (in the opening thread) until the records may be read, or
        ``RECORDS_WAIT`` seconds have gone by."""
        self._turn.wait(RECORDS_WAIT)
