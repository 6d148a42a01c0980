"""Shell output behaves like a Unix tool when its reader stops early (issue 11, item 7)."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize("argv", [["search", "the"], ["show", "ccpi-2017-06-27/r1"], ["meetings"]])
def test_a_reader_that_stops_at_once_ends_us_quietly(sample_store, argv) -> None:
    command = subprocess.Popen(
        [sys.executable, "-m", "ccpi_tui", "--db", str(sample_store.root), *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert command.stdout is not None and command.stderr is not None
    command.stdout.close()  # the reader is gone before the first line: `| true`
    error = command.stderr.read().decode()
    status = command.wait(timeout=60)
    assert "BrokenPipe" not in error and "Traceback" not in error, error
    assert error == ""
    assert status in (0, 141)
