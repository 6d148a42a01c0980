"""SVG snapshots of the main screen and of search, at 80×24 and 120×40.

The archive is the hand-built one from the app tests (fixed content), the
home folder is pinned so the header's store path is the same everywhere,
and the cursors do not blink.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from ccpi_tui.app import CouncilApp
from ccpi_tui.options import AppOptions
from tests.app.helpers import build_fixture_store, loaded, settle

SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def app(tmp_path: Path, monkeypatch) -> CouncilApp:
    """The app on the fixed archive, at ``~/archive``."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("NO_COLOR", raising=False)
    build_fixture_store(tmp_path / "archive")
    exports = tmp_path / "exports"
    exports.mkdir()
    return CouncilApp(AppOptions(tmp_path / "archive", exports))


async def _still(pilot: Pilot) -> None:
    await settle(pilot)
    for box in pilot.app.screen.query(Input):
        box.cursor_blink = False
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_main_screen(snap_compare, app: CouncilApp, size: tuple[int, int]) -> None:
    async def open_an_item_and_step_back(pilot: Pilot) -> None:
        await loaded(pilot)
        await pilot.press("down", "down", "down", "enter", "j", "j", "j", "enter")
        await settle(pilot)
        await pilot.press("escape")
        await _still(pilot)

    assert snap_compare(app, terminal_size=size, run_before=open_an_item_and_step_back)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_search(snap_compare, app: CouncilApp, size: tuple[int, int]) -> None:
    async def search_with_a_typo(pilot: Pilot) -> None:
        await loaded(pilot)
        await pilot.press("slash", *"ofsted inspectoin")
        await _still(pilot)

    assert snap_compare(app, terminal_size=size, run_before=search_with_a_typo)
