"""Search lands on the match (issue 11, item 2): the viewer opens at the
first match with every match highlighted, n/N move between them, ``/`` in
the text finds within the item, Esc clears."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from ccpi_tui.screens.browser import BrowserScreen
from ccpi_tui.screens.find_in_item import FindInItemDialog
from ccpi_tui.widgets.item_document import ItemDocument
from tests.app.helpers import loaded, pilot_test, settle, wait_for

REPORT = "ccpi-2016-06-06/r1"


def highlighted(document: ItemDocument) -> list[str]:
    """The text of the cells drawn in reverse video on screen, run by run."""
    runs: list[str] = []
    for y in range(document.scrollable_content_region.height):
        run = ""
        for segment in document.render_line(y):
            if segment.style is not None and segment.style.reverse and segment.text.strip():
                run += segment.text
            elif run:
                runs.append(run)
                run = ""
        if run:
            runs.append(run)
    return runs


def subtitle(app) -> str:
    return str(app.screen.query_one("#viewer-pane").border_subtitle or "")


async def open_first_result(pilot, app, query: str, matches: int | None = None) -> ItemDocument:
    """Search for ``query`` from the browser, open the first result and wait
    until its viewer has ``matches`` highlighted (when given)."""
    await pilot.press("slash", *query)
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    document = app.screen.query_one(ItemDocument)
    if matches is not None:
        await wait_for(pilot, lambda: document.match_count == matches)
        await settle(pilot)
    return document


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
