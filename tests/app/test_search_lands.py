"""Search lands on the match (issue 11, item 2): the viewer opens at the
first match with every match highlighted, n/N move between them, ``/`` in
the text finds within the item, Esc clears."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from ccpi_tui.screens.browser import BrowserScreen
from ccpi_tui.screens.find_in_item import FindInItemDialog
from ccpi_tui.widgets.item_document import ItemDocument
from tests.app.helpers import (
    highlighted,
    loaded,
    on_the_second_walder,
    open_first_result,
    pilot_test,
    settle,
    subtitle,
    wait_for,
)

REPORT = "ccpi-2016-06-06/r1"


@pilot_test
async def test_a_search_result_opens_at_its_first_match_highlighted_and_n_moves(fixture_root: Path, app_for) -> None:
    app = app_for(fixture_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        document = await open_first_result(pilot, app, "walder", matches=2)
        assert document.item is not None and document.item.id == REPORT
        # The table naming Michael Walder is at the end of a 40-paragraph report.
        assert document.scroll_offset.y > 20
        assert highlighted(document) == ["Walder", "Walder"]
        assert subtitle(app).startswith("match 1 of 2")
        await pilot.press("n")
        await settle(pilot)
        assert subtitle(app).startswith("match 2 of 2")
        await pilot.press("n")
        await settle(pilot)
        assert subtitle(app).startswith("match 1 of 2"), "n wraps round to the first"
        await pilot.press("N")
        await settle(pilot)
        assert subtitle(app).startswith("match 2 of 2"), "N wraps round to the last"
        await pilot.press("escape")
        await settle(pilot)
        assert not document.finding and highlighted(document) == [] and subtitle(app) == ""
        assert app.focused is document, "the first Esc clears the highlight, not the pane"


@pilot_test
async def test_slash_in_the_text_finds_within_the_item_and_typing_there_is_text(fixture_root: Path, app_for) -> None:
    app = app_for(fixture_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        document = await open_first_result(pilot, app, "walder")
        await pilot.press("escape", "home")
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        assert isinstance(app.screen, FindInItemDialog)
        # Every letter a command is bound to elsewhere (t, r, m, d, f, z, n, q...).
        await pilot.press(*"trmdfznq")
        assert app.screen.query_one("#find-input", Input).value == "trmdfznq"
        app.screen.query_one("#find-input", Input).value = ""
        await pilot.press(*'"sickness absence"', "enter")
        await settle(pilot)
        assert isinstance(app.screen, BrowserScreen) and document.item is not None and document.item.id == REPORT
        assert document.match_count == 40
        runs = highlighted(document)
        assert runs and all(run.casefold().split() == ["sickness", "absence"] for run in runs)
        assert subtitle(app).startswith("match 1 of 40")
        await pilot.press("N")
        await settle(pilot)
        assert subtitle(app).startswith("match 40 of 40")
        assert document.scroll_offset.y > 20


@pilot_test
async def test_the_highlight_is_drawn_without_colour(fixture_root: Path, app_for, monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = app_for(fixture_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        document = await open_first_result(pilot, app, "walder", matches=2)
        assert highlighted(document) == ["Walder", "Walder"]


@pilot_test
async def test_a_phrase_result_highlights_the_run_not_its_words_apart(fixture_root: Path, app_for) -> None:
    app = app_for(fixture_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        document = await open_first_result(pilot, app, '"michael walder"', matches=2)
        assert document.item is not None and document.item.id == REPORT
        assert highlighted(document) == ["Michael Walder", "Michael Walder"]


@pilot_test
async def test_a_result_in_the_item_on_show_lands_on_its_first_match_not_below_the_scroll(
    fixture_root: Path, app_for
) -> None:
    app = app_for(fixture_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        document = await open_first_result(pilot, app, "walder", matches=2)
        assert document.scroll_offset.y > 20
        await pilot.press("escape", "escape", "slash", *"sickness walder", "enter")  # the same report
        await settle(pilot)
        assert document.item is not None and document.item.id == REPORT
        await wait_for(pilot, lambda: document.match_count == 42)
        await settle(pilot)
        assert subtitle(app).startswith("match 1 of 42") and document.scroll_offset.y < 10


@pilot_test
async def test_back_and_forward_give_the_highlight_back_on_the_match_it_was_on(fixture_root: Path, app_for) -> None:
    app = app_for(fixture_root)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        document = await on_the_second_walder(pilot, app)
        left_at = document.scroll_offset.y
        # From the agenda (shift+tab keeps the highlight; wide, the viewer stays in sight), another result.
        await pilot.press("shift+tab")
        await open_first_result(pilot, app, "internal audit")
        assert document.item is not None and document.item.id == "ac-2016-01-25/3"
        audit = highlighted(document)
        assert audit and subtitle(app).startswith("match 1 of")
        for key, item_id, runs, where in (("H", REPORT, ["Walder", "Walder"], "match 2 of 2"),
                                          ("L", "ac-2016-01-25/3", audit, "match 1 of")):
            await pilot.press(key)
            await settle(pilot)
            assert document.item is not None and document.item.id == item_id
            assert highlighted(document) == runs and subtitle(app).startswith(where)
        await pilot.press("H")
        await settle(pilot)
        assert document.scroll_offset.y == left_at, "the text where it was left"
        await pilot.press("tab", "n")  # back in the text (the place was left from the agenda)
        await settle(pilot)
        assert subtitle(app).startswith("match 1 of 2"), "n goes on from the match it was on"


@pilot_test
async def test_going_back_to_a_place_without_a_find_shows_none(fixture_root: Path, app_for) -> None:
    app = app_for(fixture_root)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("enter", "j", "j", "enter")  # 2016-06-06, item 4, nothing found in it
        await settle(pilot)
        document = app.screen.query_one(ItemDocument)
        assert document.item is not None and document.item.id == "ccpi-2016-06-06/4"
        await pilot.press("shift+tab")
        await open_first_result(pilot, app, "walder", matches=2)
        await pilot.press("H")
        await settle(pilot)
        assert document.item is not None and document.item.id == "ccpi-2016-06-06/4"
        assert not document.finding and highlighted(document) == [] and subtitle(app) == ""
