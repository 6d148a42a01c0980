"""A real program in a pseudo-terminal, its output kept on a virtual screen.

The benchmarks time what a person sees: a program is spawned in a
pseudo-terminal of a fixed size (``ptyprocess``), everything it writes is
fed to a ``pyte`` screen, and ``wait_for`` checks that screen until a
condition on its text holds, returning the moment the output that made it
true arrived. Nothing is read from the program's insides, so the same
driver times the real app and a trivial Textual app alike.

A thread reads the terminal as fast as the program writes and stamps each
chunk with the time it arrived; feeding ``pyte`` is slow (a full repaint
takes it tens of milliseconds), so it happens afterwards, on the caller's
thread, and never delays a stamp or blocks the program's writes.
"""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType

import pyte
from ptyprocess import PtyProcess

COLUMNS = 120
ROWS = 40
#: Ctrl+Q: Textual's own quit key, which no input box swallows.
QUIT = "\x11"
#: How long a program gets to exit after ``QUIT`` before it is killed.
EXIT_GRACE = 3.0


class WaitTimeout(Exception):
    """A condition did not hold on screen within its time limit."""

    def __init__(self, what: str, seconds: float, screen: str) -> None:
        """Say what was awaited, for how long, and what the screen showed."""
        super().__init__(f"{what}: not on screen after {seconds:g} s")
        self.what = what
        self.seconds = seconds
        self.screen = screen


class ProgramExited(Exception):
    """The program ended while a condition was awaited."""


#: Where spawned programs keep their compiled bytecode.
PYCACHE = Path(tempfile.gettempdir()) / f"ccpi-bench-pycache-{os.getuid()}"


def program_environment() -> dict[str, str]:
    """The environment for spawned programs: bytecode kept, as installed.

    An installed ccpi-tui runs from compiled bytecode (pip compiles it, as
    it compiled Textual's), but a shell that says ``PYTHONDONTWRITEBYTECODE``
    would have every start compile the checkout's modules again (some 60 ms
    of CPU for the app), which the trivial app, all Textual, never pays.
    So the bytecode goes to ``PYCACHE``, outside the checkout.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    return env


def compile_checkout(cwd: Path) -> None:
    """Compile the checkout's packages into ``PYCACHE`` before any timing."""
    folders = [str(cwd / name) for name in ("ccpi_tui", "store", "bench")]
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", *folders], env=program_environment(), check=True
    )


def terminal_environment() -> dict[str, str]:
    """The environment for spawned programs: a plain colour terminal.

    Textual's own variables (devtools, a forced driver or size) are left
    out so the program behaves as it would in a person's terminal.
    """
    env = {key: value for key, value in program_environment().items() if not key.startswith("TEXTUAL")}
    env.update(TERM="xterm-256color", COLORTERM="truecolor", LANG="C.UTF-8")
    env.pop("NO_COLOR", None)
    return env


class Terminal:
    """One program running in a pseudo-terminal of ``COLUMNS`` x ``ROWS``.

    Attributes:
        started: ``time.perf_counter()`` just before the program was spawned.
        screen: The virtual screen the program's output is drawn on.
    """

    def __init__(self, argv: Sequence[str], *, cwd: Path, columns: int = COLUMNS, rows: int = ROWS) -> None:
        """Spawn ``argv`` (a program and its arguments) in ``cwd``."""
        self.screen = pyte.Screen(columns, rows)
        self._stream = pyte.ByteStream(self.screen)
        #: (arrival time, bytes) as read; empty bytes at end of file.
        self._chunks: queue.SimpleQueue[tuple[float, bytes]] = queue.SimpleQueue()
        self._ended = False
        self.started = time.perf_counter()
        self._process = PtyProcess.spawn(
            list(argv), cwd=str(cwd), env=terminal_environment(), dimensions=(rows, columns), echo=False
        )
        self._reader = threading.Thread(target=self._read_all, name="pty-reader", daemon=True)
        self._reader.start()

    def __enter__(self) -> Terminal:
        """Use as a context manager: the program is always stopped at the end."""
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        """Stop the program."""
        self.close()

    @property
    def pid(self) -> int:
        """Process id of the program."""
        return int(self._process.pid)

    def _read_all(self) -> None:
        """The reader thread: stamp and queue every chunk until end of file."""
        while True:
            try:
                data = os.read(self._process.fd, 1 << 16)
            except OSError:  # Linux reports a closed pseudo-terminal as EIO
                data = b""
            self._chunks.put((time.perf_counter(), data))
            if not data:
                return

    def text(self) -> str:
        """The screen as text, one line per row."""
        return "\n".join(self.screen.display)

    def line(self, row: int) -> str:
        """One row of the screen as text."""
        return self.screen.display[row]

    def _next_chunk(self, wait: float) -> float | None:
        """Feed the next chunk of output (waiting up to ``wait`` s) to the screen.

        Returns:
            When the chunk arrived, or None if none came.

        Raises:
            ProgramExited: The program closed its terminal.
        """
        if self._ended:
            raise ProgramExited(f"the program exited; its screen was:\n{self.text()}")
        try:
            arrived, data = self._chunks.get(timeout=wait)
        except queue.Empty:
            return None
        if not data:
            self._ended = True
            raise ProgramExited(f"the program exited; its screen was:\n{self.text()}")
        self._stream.feed(data)
        return arrived

    def wait_for(self, condition: Callable[[str], bool], timeout: float, what: str) -> float:
        """Wait until ``condition(screen text)`` holds.

        Args:
            condition: Checked on the screen text after every chunk of output.
            timeout: Seconds to wait at most.
            what: Says what was awaited, for the error.

        Returns:
            ``time.perf_counter()`` when the output that made the condition
            true arrived (or now, if it already held).

        Raises:
            WaitTimeout: The condition did not hold in time.
            ProgramExited: The program ended first.
        """
        if condition(self.text()):
            return time.perf_counter()
        deadline = time.perf_counter() + timeout
        while (left := deadline - time.perf_counter()) > 0:
            arrived = self._next_chunk(left)
            if arrived is not None and condition(self.text()):
                return arrived
        raise WaitTimeout(what, timeout, self.text())

    def wait_for_text(self, text: str, timeout: float) -> float:
        """``wait_for`` the screen to show ``text``."""
        return self.wait_for(lambda screen: text in screen, timeout, repr(text))

    def drain(self, seconds: float) -> None:
        """Keep the screen up to date for ``seconds``."""
        deadline = time.perf_counter() + seconds
        while (left := deadline - time.perf_counter()) > 0:
            self._next_chunk(left)

    def send(self, keys: str) -> float:
        """Type ``keys`` (one write); returns ``time.perf_counter()`` just before."""
        sent = time.perf_counter()
        self._process.write(keys.encode("utf-8"))
        return sent

    def memory(self) -> dict[str, int]:
        """The program's resident memory now and at its peak, in bytes.

        Returns:
            ``{"rss": VmRSS, "peak": VmHWM}`` from ``/proc/<pid>/status``.
        """
        fields: dict[str, int] = {}
        status = Path(f"/proc/{self.pid}/status").read_text()
        for line in status.splitlines():
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                fields["rss" if name == "VmRSS" else "peak"] = int(value.split()[0]) * 1024
        return fields

    def close(self) -> None:
        """Ask the program to quit with Ctrl+Q; kill it if it does not."""
        if self._process.isalive():
            try:
                self.send(QUIT)
            except OSError:
                pass
            self._reader.join(EXIT_GRACE)
        if self._process.isalive():
            self._process.terminate(force=True)
        self._reader.join(EXIT_GRACE)
        self._process.close(force=True)
