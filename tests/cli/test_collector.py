"""A shell command runs without the cycle collector, and gives it back."""

import gc

from ccpi_tui import cli
from ccpi_tui.__main__ import main


def test_a_shell_command_runs_without_the_collector_and_leaves_it_as_it_was(
    sample_store, monkeypatch
):
    seen = []
    meetings = cli.run_meetings
    monkeypatch.setattr(cli, "run_meetings", lambda *a: seen.append(gc.isenabled()) or meetings(*a))
    assert gc.isenabled()
    assert main(["--db", str(sample_store.root), "meetings"]) == 0
    assert seen == [False]
    assert gc.isenabled()
    gc.disable()
    try:
        assert main(["--db", str(sample_store.root), "meetings"]) == 0
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_what_a_shell_command_left_is_not_walked_again(sample_store):
    frozen = gc.get_freeze_count()
    assert main(["--db", str(sample_store.root), "meetings"]) == 0
    assert gc.get_freeze_count() > frozen
