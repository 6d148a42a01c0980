"""Opening an item: it shows in the same frame as what led to it."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual.pilot import Pilot

from ccpi_tui.screens.search import SearchScreen
from ccpi_tui.widgets.item_document import ItemDocument
from store.database import Store
from store.models import Item
from tests.app.helpers import (
    loaded,
    open_two_items,
    pilot_test,
    press,
    screen_text,
    settle,
    wait_for,
)


def hold_item_reads(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Make every ``Store.item`` wait until the event returned is set."""
    held = threading.Event()
    read = Store.item

    def held_item(store: Store, item_id: str) -> Item | None:
        assert held.wait(10)
        return read(store, item_id)

    monkeypatch.setattr(Store, "item", held_item)
    return held


async def enter_on_a_held_result(pilot: Pilot, monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Search "internal audit" and press Enter while item reads are held."""
    held = hold_item_reads(monkeypatch)
    await press(pilot, "slash", *"internal audit")
    await pilot.press("enter")
    await pilot.pause(0.1)
    return held


@pilot_test
async def test_search_closes_only_with_the_item_ready(fixture_root: Path, app_for, monkeypatch) -> None:
    app = app_for(fixture_root)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        document = app.browser.query_one(ItemDocument)
        held = await enter_on_a_held_result(pilot, monkeypatch)
        await pilot.pause(0.1)
        # The item is still being read: the search stays, the viewer waits.
        assert isinstance(app.screen, SearchScreen)
        assert document.item is None
        held.set()
        await wait_for(pilot, lambda: not isinstance(app.screen, SearchScreen))
        await pilot.pause()
        assert document.item is not None and document.item.id == "ac-2016-01-25/3"


@pilot_test
async def test_escape_while_a_result_is_read_changes_nothing(fixture_root: Path, app_for, monkeypatch) -> None:
    app = app_for(fixture_root)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        document = app.browser.query_one(ItemDocument)
        held = await enter_on_a_held_result(pilot, monkeypatch)
        await pilot.press("escape")
        held.set()
        await settle(pilot)
        assert app.screen is app.browser
        assert document.item is None


@pilot_test
async def test_going_back_shows_the_item_without_reading_it_again(fixture_root: Path, app_for, monkeypatch) -> None:
    app = app_for(fixture_root)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        document = app.browser.query_one(ItemDocument)
        first = await open_two_items(pilot, document)
        held = hold_item_reads(monkeypatch)
        await pilot.press("H")
        await pilot.pause(0.1)
        # Shown at once: nothing read it again (a read would wait for ``held``).
        assert document.item is not None and document.item.id == first.id
        held.set()
        await settle(pilot)
        assert document.item.id == first.id


@pilot_test
async def test_a_long_item_renders_a_screenful_before_its_first_frame(fixture_root: Path, app_for) -> None:
    store = Store.open(fixture_root)
    report = store.item("ccpi-2016-06-06/r1")
    assert report is not None
    meeting = store.meeting(report.meeting_id)
    app = app_for(fixture_root)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        document = app.browser.query_one(ItemDocument)
        screenful = document.scrollable_content_region.height
        document.show_item(report, meeting)
        first = document.virtual_size.height
        assert screenful <= first < 2 * screenful
        await settle(pilot)
        whole = document.virtual_size.height
        assert whole > 3 * screenful
        # Shown from a part further down: rendered through that part first.
        document.show_item(report, meeting, block=len(report.blocks) - 1)
        assert document.virtual_size.height == whole
        await settle(pilot)
        assert document.scroll_offset.y > 2 * screenful
        assert "Paper" in screen_text(app)  # the table's header row
        # Asked to scroll to a part not rendered yet: rendered through it at once.
        document.show_item(report, meeting)
        assert document.virtual_size.height < whole
        document.scroll_to_block(len(report.blocks) - 1)
        assert document.virtual_size.height == whole
