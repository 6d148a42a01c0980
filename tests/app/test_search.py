"""The search screen: typing never waits, one search at a time, latest wins."""

from __future__ import annotations

import threading
from pathlib import Path

from textual.widgets import Input

from ccpi_tui.widgets.hit_list import HitList
from store.search import Hit, Results
from tests.app.helpers import loaded, pilot_test, screen_text, settle, wait_for


class HeldIndex:
    """A search index whose searches wait for ``release`` and are recorded."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.asked: list[str] = []
        self.running = 0
        self.most_at_once = 0
        self._lock = threading.Lock()

    def search(self, query: str, limit: int = 50) -> Results:
        with self._lock:
            self.asked.append(query)
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
        assert self.release.wait(10)
        with self._lock:
            self.running -= 1
        return Results([Hit(f"{query}-item", "m", "2016-01-01", "ccpi", "1", f"Result for {query}", 1.0, "", [])], 1)


@pilot_test
async def test_keys_typed_during_a_search_wait_for_it_and_only_the_last_text_is_searched(
    fixture_root: Path, app_for
) -> None:
    app = app_for(fixture_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        index = HeldIndex()
        app.search_index = index  # type: ignore[assignment]
        await pilot.press("slash", "b")
        await wait_for(pilot, lambda: index.asked == ["b"])
        await pilot.press(*"udget")
        box = app.screen.query_one("#search-input", Input)
        assert box.value == "budget"
        assert index.asked == ["b"]
        index.release.set()
        await settle(pilot)
        assert index.asked == ["b", "budget"]
        assert index.most_at_once == 1
        assert [hit.title for hit in app.screen.query_one(HitList).hits] == ["Result for budget"]


class ManyIndex:
    """A search index holding ``total`` equal results, as the real one pages them."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.limits: list[int] = []

    def search(self, query: str, limit: int = 50) -> Results:
        self.limits.append(limit)
        hits = [
            Hit(f"m/{n}", "m", "2016-01-01", "ccpi", str(n), f"Result {n}", 1.0, "", [])
            for n in range(1, min(limit, self.total) + 1)
        ]
        return Results(hits, self.total)


@pilot_test
async def test_the_results_say_how_many_matched_and_load_more_going_down(fixture_root: Path, app_for) -> None:
    app = app_for(fixture_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        index = ManyIndex(137)
        app.search_index = index  # type: ignore[assignment]
        await pilot.press("slash", *"budget")
        results = app.screen.query_one(HitList)
        await wait_for(pilot, lambda: len(results.hits) == 50)
        assert "137 results, first 50 shown" in screen_text(app)
        for _ in range(5):
            await pilot.press("pagedown")
        await wait_for(pilot, lambda: len(results.hits) == 100)
        assert results.highlighted is not None and results.highlighted >= 45
        assert "137 results, first 100 shown" in screen_text(app)
        for _ in range(10):
            await pilot.press("pagedown")
        await wait_for(pilot, lambda: len(results.hits) == 137)
        await settle(pilot)
        assert "137 results: " in screen_text(app)
        assert index.limits[-2:] == [100, 150]


@pilot_test
async def test_the_result_list_scrolls_on_past_500_with_the_real_index(tmp_path: Path, app_for) -> None:
    from ccpi_tui.screens.search import SearchScreen
    from store.database import Store
    from store.models import Block, Item, Meeting

    store = Store.open(tmp_path / "many")
    with store.transaction() as writer:
        writer.put_meeting(Meeting(id="ccpi-2020-01-01", committee_id="ccpi", committee="CCPI", date="2020-01-01"))
        writer.put_items(
            Item(id=f"ccpi-2020-01-01/{n}", meeting_id="ccpi-2020-01-01", number=str(n), order=n,
                 title=f"Item {n}", blocks=[Block("paragraph", f"gravel pit number {n}")])
            for n in range(1, 651)
        )
    app = app_for(store.root)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("slash", *"gravel")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        assert "650 results, first 50 shown" in screen_text(app)
        results = app.screen.query_one(HitList)
        for _ in range(70):
            await pilot.press("pagedown")
            await settle(pilot)
        assert len(results.hits) > 500 and results.highlighted is not None and results.highlighted > 500
        assert len({hit.id for hit in results.hits}) == len(results.hits)


@pilot_test
async def test_the_result_list_shows_near_equal_results_newest_meeting_first(tmp_path: Path, app_for) -> None:
    from store.database import Store
    from tests.store.recurring import recurring_reports

    store = Store.open(tmp_path / "yearly")
    expected = recurring_reports(store)
    app = app_for(store.root)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("slash", *"risk register")
        await settle(pilot)
        assert [hit.id for hit in app.screen.query_one(HitList).hits] == expected
