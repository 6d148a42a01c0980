"""While the search index is rebuilt (deleted, or of an older ``VERSION``), the
search box says so with how far it is, and browsing keeps working."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from ccpi_tui.app import CouncilApp
from ccpi_tui.screens.search import SearchScreen, waiting
from ccpi_tui.widgets.item_document import ItemDocument
from ccpi_tui.widgets.meeting_list import MeetingList
from store import index
from store.search import tables
from tests.app.helpers import pilot_test, wait_for


def status(app: CouncilApp) -> str:
    return str(app.screen.query_one("#search-status").render())


def make_stale(root: Path, how: str) -> None:
    if how == "deleted":
        for path in root.glob(index.INDEX_FILE + "*"):
            path.unlink()
    else:
        with sqlite3.connect(root / index.INDEX_FILE) as db:
            db.execute("UPDATE index_meta SET value = ? WHERE name = 'version'", (index.VERSION - 1,))


def pause_after_first_meeting(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Hold the rebuild after it indexed one meeting, until the event is set."""
    release = threading.Event()
    put = tables.put_meeting
    done = []

    def held(*args, **kwargs):
        if len(done) == 1:
            assert release.wait(60), "the test never let the rebuild go on"
        done.append(True)
        return put(*args, **kwargs)

    monkeypatch.setattr(tables, "put_meeting", held)
    return release


def test_the_waiting_line_counts_meetings_then_says_the_rest():
    assert waiting(None).startswith("Opening the archive")
    assert waiting((1_234, 20_000)) == "Rebuilding the search index: 1,234 of 10,000 meetings…"
    assert waiting((10_000, 20_000)) == "Rebuilding the search index: linking topics across meetings…"
    assert max(len(waiting((9_999, 20_000))), len(waiting((10_000, 20_000)))) <= 64  # one line at 80 columns


@pytest.mark.parametrize("how", ["deleted", "stale"])
@pilot_test
async def test_a_rebuild_shows_its_progress_and_browsing_goes_on(
    fixture_root: Path, app_for: Callable[[Path], CouncilApp], monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    make_stale(fixture_root, how)
    release = pause_after_first_meeting(monkeypatch)
    app = app_for(fixture_root)
    async with app.run_test(size=(100, 30)) as pilot:
        try:
            await wait_for(pilot, lambda: app.store is not None and len(app.browser.query_one(MeetingList)._rows) == 4)
            # Browsing: the newest meeting's third item opens while the index is held.
            await pilot.press("enter", "j", "j", "enter")
            document = app.browser.query_one(ItemDocument)
            await wait_for(pilot, lambda: document.item is not None and document.item.id == "ccpi-2016-06-06/4")
            assert app.search_index is None

            await pilot.press("escape", "slash")
            await wait_for(pilot, lambda: isinstance(app.screen, SearchScreen))
            await wait_for(pilot, lambda: status(app) == "Rebuilding the search index: 1 of 4 meetings…")
            await pilot.press(*"budget")
            await pilot.pause(0.1)
            assert status(app) == "Rebuilding the search index: 1 of 4 meetings…"
        finally:
            release.set()  # the app cannot end while its thread is held
        await wait_for(pilot, lambda: app.search_index is not None)
        await wait_for(pilot, lambda: "result" in status(app))
        assert app.index_progress is None
