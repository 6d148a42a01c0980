"""Start-up runs without the cycle collector until the records are read."""

from __future__ import annotations

import gc
from pathlib import Path

import ccpi_tui.startup as startup
from tests.app.helpers import loaded, pilot_test, wait_for


def test_the_collector_paused_for_start_up_comes_back_frozen() -> None:
    assert gc.isenabled()
    startup.pause_collector()
    try:
        assert not gc.isenabled()
        frozen = gc.get_freeze_count()
        gc.collect()  # nothing frozen yet: the objects of start-up are still walked
        startup.resume_collector()
        assert gc.isenabled() and gc.get_freeze_count() > frozen
    finally:
        gc.enable()


def test_a_collector_turned_off_before_start_up_stays_off() -> None:
    gc.disable()
    try:
        startup.pause_collector()
        startup.resume_collector()
        assert not gc.isenabled()
    finally:
        gc.enable()


@pilot_test
async def test_the_app_turns_the_collector_on_again_once_the_records_are_read(fixture_root: Path, app_for) -> None:
    startup.pause_collector()  # as the command line does before importing the app
    try:
        app = app_for(fixture_root)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, lambda: app.store is not None)
            assert gc.isenabled()
            await loaded(pilot)
    finally:
        startup.resume_collector()
        gc.enable()
