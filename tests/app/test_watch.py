"""The open app looks at the store's commit point every quarter second, and
reads the store only when it changed (the stop-18 note: the toast waited for
a once-a-second check).

The looks are driven by hand here: the app's own timer is set to an hour, so
what is shown follows from the looks the test makes, never from the clock.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import ccpi_tui.app as app_module
from ccpi_tui import samples_dir
from ccpi_tui.app import CouncilApp
from ccpi_tui.widgets.meeting_list import MeetingList
from store.database import Store
from store.importer import import_paths
from tests.app.helpers import loaded, pilot_test, settle, wait_for


def test_the_app_looks_four_times_a_second() -> None:
    # One look after a commit shows it (below), so a commit shows within this.
    assert app_module.WATCH_EVERY <= 0.25


@pilot_test
async def test_one_look_after_an_import_elsewhere_shows_it(
    tmp_path: Path, app_for: Callable[[Path], CouncilApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app_module, "WATCH_EVERY", 3600.0)
    samples = sorted(samples_dir().glob("*.txt"))
    root = tmp_path / "store"
    assert all(result.ok for result in import_paths(Store.open(root), samples[:-1]))
    app = app_for(root)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        meetings = app.browser.query_one(MeetingList)
        before = len(meetings._rows)
        checks: list[bool] = []
        check = app._check_store

        def counted(store: object, asked: bool) -> None:
            checks.append(asked)
            check(store, asked)  # type: ignore[arg-type]

        monkeypatch.setattr(app, "_check_store", counted)

        # The first look checks (nothing was seen yet); later ones, with
        # nothing committed, are a stat each and start no worker.
        for _ in range(3):
            app._look_for_changes()
            await settle(pilot)
        assert checks == [False]
        assert len(meetings._rows) == before

        done = await asyncio.to_thread(
            subprocess.run,
            [sys.executable, "-m", "ccpi_tui", "--db", str(root), "import", str(samples[-1])],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        await settle(pilot)
        assert len(meetings._rows) == before  # no look yet: not shown

        app._look_for_changes()  # the one look after the commit
        await settle(pilot)
        assert checks == [False, False]
        assert len(meetings._rows) == before + 1
        assert f"{before + 1} meetings" in app.browser.sub_title
        assert any("1 meeting imported elsewhere" in n.message for n in app._notifications)

        app._look_for_changes()  # shown: nothing more to read
        await settle(pilot)
        assert checks == [False, False]


@pilot_test
async def test_a_check_that_fails_is_tried_again_at_the_next_look(
    fixture_root: Path, app_for: Callable[[Path], CouncilApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app_module, "WATCH_EVERY", 3600.0)
    app = app_for(fixture_root)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        app._look_for_changes()
        await settle(pilot)
        assert app._commit_seen == app_module._commit_stamp(fixture_root)
        app._commit_seen = (0, 0, 0)  # as if the file had changed
        failing = pytest.MonkeyPatch()
        failing.setattr(type(app.store), "generation", property(lambda _: 1 / 0))
        try:
            app._look_for_changes()
            await wait_for(pilot, lambda: not app._checking)
        finally:
            failing.undo()
        assert app._commit_seen == app_module._UNSEEN
