"""One definition per command: keys, footer, palette and help agree."""

from __future__ import annotations

import base64
from pathlib import Path

from ccpi_tui.app import CouncilApp
from ccpi_tui.commands import APP_COMMANDS, BROWSER_COMMANDS
from ccpi_tui.screens.help import HelpScreen, bindings_of
from ccpi_tui.screens.search import SearchScreen
from ccpi_tui.widgets.item_document import ItemDocument
from ccpi_tui.widgets.meeting_list import MeetingList
from tests.app.helpers import loaded, pilot_test, screen_text, settle


def _key_display(app: CouncilApp, keys: str) -> list[str]:
    from textual.binding import Binding

    return [app.get_key_display(Binding(key, "")) for key in keys.split(",")]


@pilot_test
async def test_help_lists_every_key_from_the_bindings(fixture_root: Path, app_for) -> None:
    app = app_for(fixture_root)
    async with app.run_test(size=(160, 120)) as pilot:
        await loaded(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for command in (*APP_COMMANDS, *BROWSER_COMMANDS):
            assert command.label in text and command.help in text, command.action
            for key in _key_display(app, command.keys):
                assert key in text, (command.title, key)
        # The lists' own keys are there too, read from their classes.
        for binding in bindings_of(MeetingList):
            assert binding.description in text
        assert "j" in text and "k" in text
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, HelpScreen)


def test_every_command_is_a_binding_with_its_id() -> None:
    from ccpi_tui.screens.browser import BrowserScreen

    for owner, commands in ((CouncilApp, APP_COMMANDS), (BrowserScreen, BROWSER_COMMANDS)):
        bound = {(binding.id, binding.action) for binding in bindings_of(owner)}
        for command in commands:
            assert (command.action, command.action) in bound
            assert hasattr(owner, f"action_{command.action}"), command.action


@pilot_test
async def test_footer_shows_the_keys_that_work_where_the_focus_is(fixture_root: Path, app_for) -> None:
    app = app_for(fixture_root)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        footer = screen_text(app).splitlines()[-1]
        assert "Go to" in footer and "Thread" not in footer
        await pilot.press("enter", "j", "j", "enter")
        await settle(pilot)
        footer = screen_text(app).splitlines()[-1]
        assert "Thread" in footer and "Go to" in footer


@pilot_test
async def test_palette_runs_a_command(fixture_root: Path, app_for, export_dir: Path) -> None:
    app = app_for(fixture_root)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("ctrl+p", *"export as")
        await settle(pilot)
        assert "Export as Markdown" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert len(list(export_dir.iterdir())) == 1


@pilot_test
async def test_palette_jumps_to_a_meeting_and_an_item(fixture_root: Path, app_for) -> None:
    app = app_for(fixture_root)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("ctrl+p", *"2015-12-10")
        await settle(pilot)
        assert "Meeting 2015-12-10 ccpi" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert app.browser.query_one(MeetingList).highlighted.id == "ccpi-2015-12-10"
        await pilot.press("ctrl+p", *"internal audit")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        item = app.browser.query_one(ItemDocument).item
        assert item is not None and item.id == "ac-2016-01-25/3"


@pilot_test
async def test_copy_sends_the_markdown_with_osc52(fixture_root: Path, app_for, monkeypatch) -> None:
    monkeypatch.delenv("TMUX", raising=False)
    app = app_for(fixture_root)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        written: list[str] = []
        monkeypatch.setattr(app._driver, "write", written.append)
        await pilot.press("enter", "j", "j", "enter", "ctrl+y")
        await settle(pilot)
        assert not [chunk for chunk in written if chunk.startswith("\x1b]52;c;")]  # asked first
        await pilot.press("enter")  # Markdown with front matter, the first choice
        await settle(pilot)
        copies = [chunk for chunk in written if chunk.startswith("\x1b]52;c;")]
        assert len(copies) == 1
        markdown = base64.b64decode(copies[0][len("\x1b]52;c;") : -1]).decode("utf-8")
        assert "Ofsted Post Inspection Update" in markdown
        assert "ccpi-2016-06-06/4" in markdown
        assert any("Copied" in note.message for note in app._notifications)


@pilot_test
async def test_copy_too_long_says_so_and_sends_nothing(fixture_root: Path, app_for, monkeypatch) -> None:
    monkeypatch.setattr("ccpi_tui.clipboard.MAX_BYTES", 50)
    app = app_for(fixture_root)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        written: list[str] = []
        monkeypatch.setattr(app._driver, "write", written.append)
        await pilot.press("ctrl+y", "enter")
        await settle(pilot)
        assert not [chunk for chunk in written if "52;c;" in chunk]
        assert any("press e to export" in note.message for note in app._notifications)


@pilot_test
async def test_search_escape_changes_nothing(fixture_root: Path, app_for) -> None:
    app = app_for(fixture_root)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("enter", "j", "j", "enter")
        await settle(pilot)
        before = app.browser.query_one(ItemDocument).item
        await pilot.press("escape", "slash", *"audit")  # Esc: "/" in the text finds within it
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        assert "Internal Audit Progress Report" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert app.browser.query_one(ItemDocument).item is before
        assert app.browser.pane == "agenda", "back where the search was opened from"


@pilot_test
async def test_search_filters_and_highlights(fixture_root: Path, app_for) -> None:
    app = app_for(fixture_root)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("slash", *"ofsted year:2016")
        await settle(pilot)
        text = screen_text(app)
        assert "Ofsted Post Inspection Update" in text
        assert "2015 Ofsted Inspection" not in text
        results = app.screen.query_one("#search-results")
        prompt = results.get_option_at_index(0).prompt
        matched = {prompt.plain[span.start : span.end] for span in prompt.spans if span.style}
        assert "Ofsted" in matched


@pilot_test
async def test_unknown_actions_are_refused(fixture_root: Path, app_for, monkeypatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(CouncilApp, "open_url", lambda self, url, **_: opened.append(url))
    app = app_for(fixture_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        assert app.check_action("open_url", ()) is False
        assert app.browser.check_action("app.quit", ()) is False
        assert await app.run_action("app.open_url('https://example.org')") is False
        assert await app.run_action("screen.dismiss") is False
        await settle(pilot)
        assert opened == []
        assert app.is_running


@pilot_test
async def test_keys_typed_straight_after_slash_land_in_the_search_box(fixture_root: Path, app_for) -> None:
    from textual import events

    app = app_for(fixture_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        # One burst, as a fast typist or a paste sends it: no waiting between keys.
        for key, character in [("slash", "/"), ("o", "o"), ("f", "f"), ("s", "s"), ("t", "t")]:
            app._driver.send_message(events.Key(key, character))
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.query_text == "ofst"
        assert app.browser.query_one("#meeting-filter").value == ""


@pilot_test
async def test_palette_opens_ids_as_the_command_line_prints_them_and_dates(fixture_root: Path, app_for) -> None:
    app = app_for(fixture_root)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("ctrl+p", *"ccpi-2015-12-10/4")
        await settle(pilot)
        assert "Open item 4 of 2015-12-10 ccpi" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        item = app.browser.query_one(ItemDocument).item
        assert item is not None and item.id == "ccpi-2015-12-10/4"
        await pilot.press("ctrl+p", *"ac-2016-01-25")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.browser.query_one(MeetingList).highlighted.id == "ac-2016-01-25"
        assert app.browser.pane == "agenda"
        await pilot.press("ctrl+p", *"2016-03")
        await settle(pilot)
        assert "Go to 2016-03 in the meeting list" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert app.browser.query_one(MeetingList).highlighted.id == "ccpi-2016-03-01"
        assert app.browser.pane == "meetings"
