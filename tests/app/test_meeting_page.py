"""A meeting has a page (issue 11, item 5), on the samples."""

from __future__ import annotations

from dataclasses import replace

from ccpi_tui.app import CouncilApp
from ccpi_tui.screens.meeting import MeetingScreen
from ccpi_tui.widgets.agenda_tree import AgendaTree
from store.database import Store
from tests.app.helpers import loaded, pilot_test, press, screen_text
from tests.app.test_hostile_text import (
    HOSTILE,
    assert_screen_is_clean,
    build_hostile_store,
)


async def _page_of_newest(pilot, app: CouncilApp) -> MeetingScreen:
    """Enter on 2021-03-02 in the list, then Enter on the agenda's meeting line."""
    await loaded(pilot)
    await press(pilot, "enter")  # the newest meeting, 2021-03-02: into its agenda
    assert app.browser.focused is app.browser.query_one(AgendaTree)
    await press(pilot, "home", "enter")  # the meeting line, then Enter
    assert isinstance(app.screen, MeetingScreen)
    return app.screen


@pilot_test
async def test_enter_on_the_meeting_line_shows_its_page(sample_store: Store, app_for) -> None:
    app = app_for(sample_store.root)
    async with app.run_test(size=(120, 50)) as pilot:
        page = await _page_of_newest(pilot, app)
        assert page.meeting_id == "ccpi-2021-03-02"
        text = screen_text(app)
        assert "Chair         County Councillor Geoff Driver CBE" in text
        assert "Tue 2 Mar 2021" in text and "14:00" in text and "Virtual Meeting" in text
        assert "• K Iddon" in text and "• M Green" in text
        assert "County Councillor Lorraine Beavers for County Councillor Carl Crompton" in text
        assert "Tue 20 Apr 2021" in text  # the next meeting the minutes name
        assert "e4670084d0abdafd  002_cff7499dd3655361.txt (minutes)" in text
        assert "← Earlier meeting: Thu 4 Oct 2018" in text
        assert "Later meeting" not in text  # the newest has no later one
        await press(pilot, "escape")
        assert app.screen is app.browser


@pilot_test
async def test_earlier_links_lead_to_2017_03_07_and_back(sample_store: Store, app_for) -> None:
    app = app_for(sample_store.root)
    async with app.run_test(size=(120, 50)) as pilot:
        page = await _page_of_newest(pilot, app)
        for expected in ("ccpi-2018-10-04", "ccpi-2017-06-27", "ccpi-2017-03-07"):
            await press(pilot, "enter")  # the first link: the earlier meeting
            assert page.meeting_id == expected
        text = screen_text(app)
        assert "Chair         County Councillor Jennifer Mein" in text
        assert "• D Borrow" in text and "• County Councillor Geoff Driver" in text  # an apology
        assert "→ Later meeting: Tue 27 Jun 2017" in text
        await press(pilot, "right_curly_bracket")
        assert page.meeting_id == "ccpi-2017-06-27"


@pilot_test
async def test_m_in_the_agenda_shows_the_page(sample_store: Store, app_for) -> None:
    app = app_for(sample_store.root)
    async with app.run_test(size=(120, 50)) as pilot:
        await loaded(pilot)
        await press(pilot, "enter", "m")
        assert isinstance(app.screen, MeetingScreen)
        assert "Chair         County Councillor Geoff Driver CBE" in screen_text(app)


@pilot_test
async def test_hostile_meeting_fields_are_shown_literally(tmp_path, app_for) -> None:
    store = build_hostile_store(tmp_path / "store")
    meeting = store.meeting("ccpi-2024-01-01")
    assert meeting is not None
    with store.transaction() as writer:
        writer.put_meeting(
            replace(meeting, chair=f"Chair {HOSTILE}", present=[HOSTILE], officers=["[@click=app.quit]x[/]"])
        )
    app = app_for(store.root)
    async with app.run_test(size=(120, 50)) as pilot:
        await loaded(pilot)
        await press(pilot, "enter", "m")
        assert isinstance(app.screen, MeetingScreen)
        text = screen_text(app)
        assert "[bold]Budget" in text and "[@click=app.quit]x[/]" in text
        assert_screen_is_clean(app)
        await pilot.click("#meeting-page")
        assert app.is_running


@pilot_test
async def test_space_scrolls_the_page_at_80x24(sample_store: Store, app_for) -> None:
    app = app_for(sample_store.root)
    async with app.run_test(size=(80, 24)) as pilot:
        await _page_of_newest(pilot, app)
        assert "Terry White" not in screen_text(app)
        await press(pilot, "space", "space")
        assert "Terry White" in screen_text(app)  # the last officer
        assert "← Earlier meeting" in screen_text(app)  # the links stay in view


@pilot_test
async def test_the_page_reads_only_its_meeting_not_every_meeting(sample_store: Store, app_for, monkeypatch) -> None:
    app = app_for(sample_store.root)
    read: list[str] = []
    whole_lists: list[str] = []
    one_meeting = Store.meeting
    every_row = Store.table_rows
    async with app.run_test(size=(120, 50)) as pilot:
        await loaded(pilot)
        # From here on (the list is shown), count what the page reads.
        monkeypatch.setattr(Store, "meeting", lambda self, some_id: read.append(some_id) or one_meeting(self, some_id))
        monkeypatch.setattr(Store, "meetings", lambda self: whole_lists.append("meetings()") or [])
        monkeypatch.setattr(
            Store,
            "table_rows",
            lambda self, table: (whole_lists.append(table) if table == "meetings" else None) or every_row(self, table),
        )
        page = await _page_of_newest(pilot, app)
        for _ in range(3):
            await press(pilot, "enter")  # the earlier meeting, three times
        assert page.meeting_id == "ccpi-2017-03-07"
        assert "→ Later meeting: Tue 27 Jun 2017" in screen_text(app)
    assert whole_lists == []
    assert read == ["ccpi-2021-03-02", "ccpi-2018-10-04", "ccpi-2017-06-27", "ccpi-2017-03-07"]


def test_a_long_value_or_name_wraps_under_itself(sample_store: Store) -> None:
    from rich.console import Console

    from ccpi_tui.screens.meeting import page_text, read_page
    from ccpi_tui.widgets.meeting_list import meeting_rows

    page = read_page(sample_store, "ccpi-2017-03-07", meeting_rows(sample_store))
    assert page is not None
    console = Console(width=60, no_color=True, record=True)
    console.print(page_text(page))
    lines = [line.rstrip() for line in console.export_text().splitlines()]
    venue = lines.index("Venue         Cabinet Room 'B' - The Diamond Jubilee Room,")
    assert lines[venue + 1] == " " * 14 + "County Hall, Preston"
    officer = lines.index("  • Paul Bond, Head of Service - Legal and Democratic")
    assert lines[officer + 1] == "    Services"
