"""The across-meetings screens at 80×24: one key one meaning, rows that
can be told apart, no dangling separators, and diffs that read without colour."""

from __future__ import annotations

from textual import events
from textual.widgets import Footer, Input, Static

from ccpi_tui.screens.across import AcrossScreen
from ccpi_tui.screens.changes import ChangesScreen
from ccpi_tui.screens.date_jump import DateJumpDialog
from ccpi_tui.screens.decisions import DecisionsScreen
from ccpi_tui.screens.followups import FollowUpsScreen
from ccpi_tui.screens.people import AttendanceScreen, PeopleScreen
from ccpi_tui.widgets.pick_list import PickList
from store.database import Store
from tests.app.helpers import pilot_test, screen_text, settle, wait_for
from tests.app.test_across import open_across, open_item

SCREENS = (("ctrl+n", PeopleScreen), ("ctrl+r", DecisionsScreen), ("ctrl+o", FollowUpsScreen))


@pilot_test
async def test_ctrl_e_exports_from_the_filter_box_of_every_across_screen(sample_store: Store, app_for, export_dir) -> None:
    app = app_for(sample_store.root)
    async with app.run_test(size=(80, 24)) as pilot:
        for count, (key, kind) in enumerate(SCREENS, start=1):
            screen = await open_across(pilot, key, kind)
            box = screen.query_one(Input)
            assert box.has_focus
            await pilot.press(*"a", "ctrl+e")
            await wait_for(pilot, lambda count=count: len(list(export_dir.iterdir())) == count)
            assert box.value == "a"
            await pilot.press("escape")
            await settle(pilot)


@pilot_test
async def test_ctrl_g_is_go_to_on_every_across_screen(sample_store: Store, app_for) -> None:
    app = app_for(sample_store.root)
    async with app.run_test(size=(80, 24)) as pilot:
        for key, kind in SCREENS:
            await open_across(pilot, key, kind)
            await pilot.press("ctrl+g")
            await settle(pilot)
            assert isinstance(app.screen, DateJumpDialog)
            assert app.screen_stack[-2] is app.browser
            await pilot.press("escape")
            await settle(pilot)
            assert app.screen is app.browser
        await open_item(pilot, "ccpi-2017-06-27/r1")
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert isinstance(app.screen, ChangesScreen)
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert isinstance(app.screen, DateJumpDialog)


@pilot_test
async def test_attendance_key_is_not_text_in_the_people_filter(sample_store: Store, app_for) -> None:
    app = app_for(sample_store.root)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_across(pilot, "ctrl+n", PeopleScreen)
        await pilot.press(*"driver")
        await settle(pilot)
        # As a terminal sends it (ESC a): the key alt+a with the character "a".
        app.post_message(events.Key("alt+a", "a"))
        await settle(pilot)
        assert isinstance(app.screen, AttendanceScreen)
        assert screen.query_one(Input).value == "driver"


@pilot_test
async def test_followup_marks_work_from_the_filter_box(sample_store: Store, app_for) -> None:
    app = app_for(sample_store.root)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_across(pilot, "ctrl+o", FollowUpsScreen)
        await pilot.press(*"standard")
        await wait_for(pilot, lambda: len(screen.shown) == 1)
        app.post_message(events.Key("alt+x", "x"))
        await wait_for(pilot, lambda: screen.shown and screen.shown[0].status == "dropped")
        assert screen.query_one(Input).value == "standard"


@pilot_test
async def test_followups_rows_differ_and_the_footer_fits_80_columns(sample_store: Store, app_for) -> None:
    app = app_for(sample_store.root)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_across(pilot, "ctrl+o", FollowUpsScreen)
        rows = [line for line in screen_text(app).splitlines() if " 2015-12-10 " in line]
        assert len(rows) >= 4
        assert len(set(rows)) == len(rows)
        assert all("…" in row for row in rows)  # cut to fit, not wrapped
        assert any("standard report" in row for row in rows)
        footer = screen_text(app).splitlines()[-1]
        for binding in screen.active_bindings.values():
            if binding.binding.show and binding.binding.description and binding.node is screen:
                assert binding.binding.description in footer, footer
        assert "Commands" in footer
        assert screen.query_one(Footer).size.width <= 80


@pilot_test
async def test_decision_without_a_number_shows_no_dash(sample_store: Store, app_for) -> None:
    app = app_for(sample_store.root)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_across(pilot, "ctrl+r", DecisionsScreen)
        await pilot.press(*"status:approved")
        await settle(pilot)
        assert [row.number for row in screen.shown] == [""]
        detail = str(screen.query_one("#across-detail", Static).render())
        assert "item -" not in detail and "· ·" not in detail
        assert "2018-10-04 · Cabinet Committee on Performance Improvement · ccpi-2018-10-04/d1" in detail


@pilot_test
async def test_what_changed_marks_survive_no_colour(sample_store: Store, app_for) -> None:
    app = app_for(sample_store.root)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_item(pilot, "ccpi-2017-06-27/r1")
        await pilot.press("ctrl+t")
        await settle(pilot)
        await wait_for(pilot, lambda: "What changed:" in screen_text(app))
        text = str(app.screen.query_one("#changes-text", Static).render())
        assert "[-" in text and "-]" in text and "{+" in text and "+}" in text
        assert " removed " in text and " added " in text


def test_across_screens_share_the_browser_keys() -> None:
    keys = {binding.key: binding.action for binding in AcrossScreen.BINDINGS if not isinstance(binding, tuple)}
    assert keys["ctrl+e"] == "export" and keys["ctrl+y"] == "copy" and keys["ctrl+g"] == "go_to"
    assert "ctrl+s" not in keys


@pilot_test
async def test_decisions_read_a_page_say_how_many_and_read_more_near_the_end(
    sample_store: Store, app_for, monkeypatch
) -> None:
    from store.decisions import count_decisions, parse_filter

    monkeypatch.setattr(DecisionsScreen, "PAGE", 3)
    monkeypatch.setattr(DecisionsScreen, "NEAR_END", 1)
    app = app_for(sample_store.root)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_across(pilot, "ctrl+r", DecisionsScreen)
        total = count_decisions(sample_store, parse_filter("")[0])
        assert total > 6
        assert len(screen.shown) == 3
        assert f"Decisions register · {total} in all" in screen_text(app)
        screen.query_one(PickList).focus()
        for _ in range(total):
            await pilot.press("down")
            await settle(pilot)
        await wait_for(pilot, lambda: len(screen.shown) == total)
        assert len({row.item_id for row in screen.shown}) == total
        await pilot.press("escape")
        await settle(pilot)
        screen = await open_across(pilot, "ctrl+r", DecisionsScreen)
        await pilot.press(*"status:approved")
        await wait_for(pilot, lambda: [row.item_id for row in screen.shown] == ["ccpi-2018-10-04/d1"])
        assert "Decisions register · 1 in all" in screen_text(app)


@pilot_test
async def test_followups_filter_in_sql_keep_the_row_after_a_mark(sample_store: Store, app_for, monkeypatch) -> None:
    monkeypatch.setattr(FollowUpsScreen, "PAGE", 2)
    monkeypatch.setattr(FollowUpsScreen, "NEAR_END", 0)
    app = app_for(sample_store.root)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_across(pilot, "ctrl+o", FollowUpsScreen)
        assert len(screen.shown) == 2 and screen.total > 2
        await pilot.press(*"standard")
        await wait_for(pilot, lambda: screen.total == 1 and len(screen.shown) == 1)
        assert "standard report" in screen.shown[0].promise.text
        await pilot.press("alt+x")
        await wait_for(pilot, lambda: screen.shown and screen.shown[0].status == "dropped")
        assert screen.query_one(Input).value == "standard"
