"""People, Decisions, Follow-ups and What changed, driven by keyboard on the samples."""

from __future__ import annotations

from textual.widgets import DataTable, Input, Static

from ccpi_tui.app import CouncilApp
from ccpi_tui.messages import OpenTarget
from ccpi_tui.screens.across import AcrossScreen
from ccpi_tui.screens.changes import ChangesScreen
from ccpi_tui.screens.decisions import DecisionsScreen
from ccpi_tui.screens.followups import FollowUpsScreen
from ccpi_tui.screens.help import bindings_of, key_rows
from ccpi_tui.screens.people import AttendanceScreen, PeopleScreen
from ccpi_tui.widgets.item_document import ItemDocument
from ccpi_tui.widgets.pick_list import PickList
from store.database import Store
from store.followups import followups
from tests.app.helpers import loaded, pilot_test, screen_text, settle, wait_for


async def open_across(pilot, key: str, kind: type[AcrossScreen]) -> AcrossScreen:
    """Open an across-meetings screen by its key and wait for its entries."""
    await loaded(pilot)
    await pilot.press(key)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, kind)
    await wait_for(pilot, lambda: screen.entries)
    return screen


async def open_item(pilot, item_id: str) -> None:
    """Once loaded, show ``item_id`` in the browser."""
    await loaded(pilot)
    browser = pilot.app.browser
    browser.post_message(OpenTarget(item_id))
    await wait_for(pilot, lambda: browser.query_one(ItemDocument).item is not None and browser.item_id == item_id)


async def escape_to_browser(pilot) -> None:
    """Escape leaves the screen on top for the browser."""
    await pilot.press("escape")
    await settle(pilot)
    assert pilot.app.screen is pilot.app.browser


@pilot_test
async def test_people_search_a_name_and_see_their_meetings(sample_store: Store, app_for) -> None:
    app = app_for(sample_store.root)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_across(pilot, "ctrl+n", PeopleScreen)
        await pilot.press(*"mein")
        await settle(pilot)
        assert [p.name for p in screen.shown] == ["Jennifer Mein"]
        text = screen_text(app)
        assert "2015-12-10  apologies" in text and "2017-03-07  present, chair" in text
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is app.browser


@pilot_test
async def test_attendance_matrix_fits_80_by_24(sample_store: Store, app_for) -> None:
    app = app_for(sample_store.root)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        await wait_for(pilot, lambda: app.screen.entries)
        await pilot.press(*"driver", "alt+a")
        await settle(pilot)
        assert isinstance(app.screen, AttendanceScreen)
        grid = app.screen.query_one(DataTable)
        await wait_for(pilot, lambda: grid.row_count)
        assert grid.row_count == 17 and len(grid.columns) == 6
        assert [cell.plain for cell in grid.get_row("geoff-driver")[1:]] == ["P", "A", "", "", "C"]
        assert "Attendance · ccpi · 17 people × 5 meetings" in screen_text(app)


@pilot_test
async def test_decisions_filter_and_open_the_item(sample_store: Store, app_for) -> None:
    app = app_for(sample_store.root)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_across(pilot, "ctrl+r", DecisionsScreen)
        await pilot.press(*"status:approved")
        await settle(pilot)
        assert [row.item_id for row in screen.shown] == ["ccpi-2018-10-04/d1"]
        assert "Key decision: no · Call-in: not stated" in screen_text(app)
        screen.query_one(Input).value = "after:2017-13-01"
        await settle(pilot)
        assert "after:2017-13-01 is not a date; write it as after:YYYY-MM-DD." in screen_text(app)
        screen.query_one(Input).value = "ofsted"
        await settle(pilot)
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert app.screen is app.browser
        await wait_for(pilot, lambda: app.browser.item_id == "ccpi-2015-12-10/4")


@pilot_test
async def test_followups_open_first_and_a_mark_is_kept(sample_store: Store, app_for) -> None:
    app = app_for(sample_store.root)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_across(pilot, "ctrl+o", FollowUpsScreen)
        assert screen.shown[0].status == "open"
        shown = screen.query_one("#across-detail", Static).render()
        assert "Audit and Governance Committee, whose meetings are not in this archive" in str(shown)
        screen.query_one(PickList).focus()
        await pilot.press("alt+x")
        await wait_for(pilot, lambda: screen.entries and screen.entries[-1].status == "dropped")
    reopened = {row.id: row.status for row in followups(Store.open(sample_store.root))}
    assert reopened["ccpi-2017-03-07/5#1"] == "dropped"


@pilot_test
async def test_what_changed_from_the_open_item(sample_store: Store, app_for, export_dir) -> None:
    app = app_for(sample_store.root)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_item(pilot, "ccpi-2017-06-27/r1")
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert isinstance(app.screen, ChangesScreen)
        await wait_for(pilot, lambda: "What changed: ccpi-2017-03-07/6 → ccpi-2017-06-27/r1" in screen_text(app))
        assert "81% → 72%" in screen_text(app)
        await pilot.press("ctrl+e")
        await wait_for(pilot, lambda: list(export_dir.iterdir()))
        (written,) = export_dir.iterdir()
        assert written.read_text(encoding="utf-8").startswith("# What changed: `ccpi-2017-03-07/6`")


@pilot_test
async def test_the_new_commands_are_in_the_palette_and_help(sample_store: Store, app_for) -> None:
    app = app_for(sample_store.root)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {"People and attendance", "Decisions register", "Follow-ups"} <= titles
    rows = {(keys, title) for cls in (CouncilApp, PeopleScreen, FollowUpsScreen) for keys, title, _ in key_rows(bindings_of(cls))}
    assert {("ctrl+n", "People"), ("ctrl+r", "Decisions"), ("ctrl+o", "Follow-ups"), ("ctrl+t", "Changes"),
            ("ctrl+e", "Export"), ("ctrl+y", "Copy"), ("ctrl+g", "Go to"), ("alt+a", "Attendance"), ("alt+m", "Met")} <= rows


@pilot_test
async def test_back_from_an_item_opened_in_a_register_returns_to_its_row(sample_store: Store, app_for) -> None:
    app = app_for(sample_store.root)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_across(pilot, "ctrl+r", DecisionsScreen)
        await wait_for(pilot, lambda: len(screen.shown) >= 3)
        screen.query_one(PickList).focus()
        await pilot.press("down", "down")
        await settle(pilot)
        chosen = screen.shown[2]
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is app.browser and app.browser.item_id == chosen.item_id)
        app.browser.query_one(ItemDocument).focus()
        await pilot.press("alt+left")
        await wait_for(pilot, lambda: isinstance(app.screen, DecisionsScreen) and app.screen.shown)
        back = app.screen
        assert isinstance(back, DecisionsScreen) and back is not screen
        assert back.query_one(PickList).highlighted == 2 and back.current == chosen
        await escape_to_browser(pilot)


@pilot_test
async def test_back_from_a_followups_item_keeps_the_filter(sample_store: Store, app_for) -> None:
    app = app_for(sample_store.root)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_across(pilot, "ctrl+o", FollowUpsScreen)
        screen.query_one(Input).value = "met"
        await settle(pilot)
        wanted = [row.id for row in screen.shown]
        assert len(wanted) >= 2
        screen.query_one(PickList).focus()
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: app.screen is app.browser and app.browser.item_id is not None)
        app.browser.query_one(ItemDocument).focus()
        await pilot.press("alt+left")
        await wait_for(pilot, lambda: isinstance(app.screen, FollowUpsScreen) and app.screen.shown)
        back = app.screen
        assert isinstance(back, FollowUpsScreen)
        assert back.query_one(Input).value == "met" and [row.id for row in back.shown] == wanted
        assert back.current is not None and back.current.id == wanted[1]


@pilot_test
async def test_back_from_the_earlier_instance_returns_to_what_changed(sample_store: Store, app_for) -> None:
    app = app_for(sample_store.root)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_item(pilot, "ccpi-2017-06-27/r1")
        await pilot.press("ctrl+t")
        await wait_for(pilot, lambda: isinstance(app.screen, ChangesScreen) and app.screen.older is not None)
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is app.browser and app.browser.item_id == "ccpi-2017-03-07/6")
        app.browser.query_one(ItemDocument).focus()
        await pilot.press("alt+left")
        await wait_for(pilot, lambda: isinstance(app.screen, ChangesScreen)
                       and "What changed: ccpi-2017-03-07/6 → ccpi-2017-06-27/r1" in screen_text(app))
        await escape_to_browser(pilot)
        assert app.browser.item_id == "ccpi-2017-06-27/r1"
