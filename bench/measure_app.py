"""The real app in a pseudo-terminal: what a person waits for, timed.

One session per run starts ``ccpi-tui --db STORE`` at 120x40 and times,
from the spawn or from a key press until the expected text is on screen:

* first paint (the browser's panes), and the newest meeting listed;
* searchable, in a session of its own: ``/`` pressed as soon as the first
  frame is on screen (a ``/`` typed during start-up is kept) and a probe
  query typed, until its results are on screen;
* keystroke to results: queries typed one key at a time, each key timed
  until the box shows the new text and the results are the ones the search
  gives for it (worked out beforehand by ``bench.measure_compute``); a
  space changes no results, so it is typed but not timed;
* a typed burst: a whole query in one write, until its final results;
* opening the chosen result (Enter) until the item's text replaces the
  viewer's prompt;
* the app's memory (VmRSS, VmHWM) once it has done all that.

``trivial_paint`` times a trivial Textual app the same way, for the ratio.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.measure_compute import Screenful, prefixes
from bench.measure_pty import ProgramExited, Terminal, WaitTimeout, compile_checkout
from bench.results import Result
from bench.trivial_app import GREETING

#: Text of the app's first frame: a pane's border title.
FIRST_PAINT = "Meetings"
#: The search box's placeholder, shown while it is empty.
PLACEHOLDER = "Search the archive"
#: Ctrl+U: clear the search box.
CLEAR = "\x15"
ENTER = "\r"
#: The item viewer's prompt, until an item is shown.
VIEWER_PROMPT = "Choose an item"
#: Part of the search screen's status line while results are listed.
RESULTS_STATUS = "Esc to go back"
NOTHING_FOUND = "Nothing found"
#: A row of the search input: its text between the half-block borders.
INPUT_ROW = re.compile(r"▊(.*)▎")
#: What the input's top and bottom edges are drawn with.
INPUT_EDGES = set("▔▁ ")
#: Seconds to let the app settle before its memory is read.
SETTLE = 1.0


@dataclass(slots=True)
class AppPlan:
    """What one app session types and expects.

    Attributes:
        store: The store folder.
        newest: How the meeting list starts its first row, the newest
            meeting: ``<ISO date> <committee id>``.
        probe: What is typed to see when search starts answering.
        typed: Queries typed one key at a time, then each as a burst.
        screens: What the search screen shows for the probe and for each
            typed prefix.
        timeout: Seconds any one wait may take.
        work: Where the screen is saved when a wait times out.
    """

    store: Path
    newest: str
    probe: str
    typed: list[str]
    screens: dict[str, Screenful]
    timeout: float
    work: Path


def app_command(store: Path) -> list[str]:
    """The real command line that opens the browser on ``store``."""
    return [sys.executable, "-m", "ccpi_tui", "--db", str(store)]


def trivial_paint(cwd: Path, timeout: float) -> Result:
    """One first paint of the trivial Textual app (seconds from spawn)."""
    with Terminal([sys.executable, "-m", "bench.trivial_app"], cwd=cwd) as term:
        try:
            return Result([term.wait_for_text(GREETING, timeout) - term.started])
        except WaitTimeout:
            return Result(timeout=timeout)
        except ProgramExited as error:
            return Result(note=f"failed: {error}")


class SearchBox:
    """Reads the search box's text off the screen.

    The box is the row framed by the input's half-block borders (``▊ … ▎``)
    that is not one of its top or bottom edges. It is found afresh on every
    read: under load Textual may paint the modal before its final layout,
    and a frame may arrive in several chunks, so a row may be half drawn.
    """

    def __init__(self, term: Terminal) -> None:
        """Read the box on ``term``'s screen."""
        self.term = term

    def value(self) -> str | None:
        """What the box holds ("" while the placeholder shows; None if no box)."""
        for line in self.term.screen.display:
            framed = INPUT_ROW.search(line)
            if framed is None or set(framed[1]) <= INPUT_EDGES:
                continue
            inner = framed[1].strip()
            return "" if inner.startswith(PLACEHOLDER) else inner
        return None

    def shows(self, screen: Screenful) -> Callable[[str], bool]:
        """A condition: the box holds the prefix and the results answer it."""

        def check(text: str) -> bool:
            if self.value() != screen.prefix.rstrip():
                return False
            if not screen.count:
                return NOTHING_FOUND in text
            return (
                f" {screen.count} result" in text
                and screen.snippet in text
                and all(line in text for line in screen.lines)
            )

        return check


class AppSession:
    """One run of the app, filling ``samples`` by row key as it goes."""

    def __init__(self, plan: AppPlan, cwd: Path) -> None:
        """Prepare a session on ``plan``; ``run`` starts the app."""
        self.plan = plan
        self.cwd = cwd
        self.samples: dict[str, list[float]] = {}
        #: Row key -> what stopped the session there.
        self.stopped: dict[str, Result] = {}
        self.box: SearchBox | None = None

    def add(self, key: str, value: float) -> None:
        """Record one sample (seconds, or bytes for memory)."""
        self.samples.setdefault(key, []).append(value)

    def run(self) -> None:
        """Drive the app through every stage but searchable."""
        self._drive(
            ("paint", self.first_paint),
            ("listed", self.listed),
            ("keystroke", self.keystrokes),
            ("burst", self.bursts),
            ("open_screen", self.open_result),
            ("rss", self.memory),
        )

    def run_searchable(self) -> None:
        """Start the app again and search at once: spawn to the first answer."""
        self._drive(("searchable", self.searchable))

    def _drive(self, *stages: tuple[str, Callable[[Terminal], None]]) -> None:
        """One app session through ``stages``; a wait that times out ends it."""
        with Terminal(app_command(self.plan.store), cwd=self.cwd) as term:
            stage = stages[0][0]
            try:
                for stage, step in stages:
                    step(term)
            except WaitTimeout as error:
                saved = self.plan.work / f"app-{stage}-timeout.txt"
                saved.write_text(error.screen)
                note = f"waited for {error.what} (the screen is in {saved})"
                self.stopped[stage] = Result(timeout=self.plan.timeout, note=note)
            except ProgramExited as error:
                self.stopped[stage] = Result(note=f"failed: {error}")

    def first_paint(self, term: Terminal) -> None:
        """Spawn to the browser's first frame."""
        self.add("paint", term.wait_for_text(FIRST_PAINT, self.plan.timeout) - term.started)

    def listed(self, term: Terminal) -> None:
        """Spawn to the newest meeting listed."""
        self.add("listed", term.wait_for_text(self.plan.newest, self.plan.timeout) - term.started)

    def open_search(self, term: Terminal) -> SearchBox:
        """Press ``/`` and wait for the empty search box."""
        term.send("/")
        box = SearchBox(term)
        term.wait_for(lambda _: box.value() == "", self.plan.timeout, "the empty search box")
        return box

    def searchable(self, term: Terminal) -> None:
        """Spawn to the first query answered, ``/`` typed at the first frame."""
        term.wait_for_text(FIRST_PAINT, self.plan.timeout)
        box = self.open_search(term)
        term.send(self.plan.probe)
        answered = box.shows(self.plan.screens[self.plan.probe])
        shown = term.wait_for(answered, self.plan.timeout, repr(self.plan.probe))
        self.add("searchable", shown - term.started)

    def search_box(self, term: Terminal) -> SearchBox:
        """The search box, opened on first use."""
        if self.box is None:
            self.box = self.open_search(term)
        return self.box

    def clear(self, term: Terminal) -> None:
        """Empty the search box, unless it is empty already.

        Never sent to an empty box: Textual runs Ctrl+U's binding only once
        the key has bubbled back up to the app, after a letter typed next
        has gone in, so the letter would be wiped with nothing on screen to
        wait for in between.
        """
        box = self.search_box(term)
        if box.value() == "":
            return
        term.send(CLEAR)
        term.wait_for(lambda _: box.value() == "", self.plan.timeout, "an empty search box")

    def keystrokes(self, term: Terminal) -> None:
        """Each key of each typed query, until its results are on screen."""
        for query in self.plan.typed:
            self.clear(term)
            timed = set(prefixes(query))
            for end in range(1, len(query) + 1):
                sent = term.send(query[end - 1])
                prefix = query[:end]
                if prefix in timed:
                    shown = term.wait_for(
                        self.search_box(term).shows(self.plan.screens[prefix]), self.plan.timeout, repr(prefix)
                    )
                    self.add("keystroke", shown - sent)

    def bursts(self, term: Terminal) -> None:
        """Each typed query in one write, until its final results."""
        for query in self.plan.typed:
            self.clear(term)
            sent = term.send(query)
            screen = self.plan.screens[query.rstrip()]
            shown = term.wait_for(self.search_box(term).shows(screen), self.plan.timeout, repr(query))
            self.add("burst", shown - sent)

    def open_result(self, term: Terminal) -> None:
        """Enter on the highlighted result, until the viewer shows its text."""
        sent = term.send(ENTER)

        def opened(text: str) -> bool:
            return VIEWER_PROMPT not in text and RESULTS_STATUS not in text

        self.add("open_screen", term.wait_for(opened, self.plan.timeout, "the item's text") - sent)

    def memory(self, term: Terminal) -> None:
        """The app's resident and peak memory after all of the above."""
        term.drain(SETTLE)
        memory = term.memory()
        self.add("rss", memory["rss"])
        self.add("rss_peak", memory["peak"])


def measure_app(plan: AppPlan, runs: int, cwd: Path) -> dict[str, Result]:
    """``runs`` sessions of the app, each after a trivial app's first paint.

    Returns:
        Results by row key; a session that times out or fails stops there,
        and its stage's row says so.
    """
    results: dict[str, Result] = {}
    compile_checkout(cwd)
    for _ in range(runs):
        trivial = trivial_paint(cwd, plan.timeout)
        merge(results, "paint_trivial", trivial)
        session = AppSession(plan, cwd)
        session.run()
        session.run_searchable()
        for key, samples in session.samples.items():
            merge(results, key, Result(samples))
        for key, stopped in session.stopped.items():
            merge(results, key, stopped)
    return results


def merge(results: dict[str, Result], key: str, more: Result) -> None:
    """Add ``more`` to the row ``key``: samples appended, a timeout or note kept."""
    row = results.setdefault(key, Result())
    row.samples.extend(more.samples)
    if more.timeout is not None:
        row.timeout = more.timeout
    if more.note and not row.note:
        row.note = more.note
