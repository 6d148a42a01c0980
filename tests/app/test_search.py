"""The search screen: typing never waits, one search at a time, latest wins."""

from __future__ import annotations

import threading
from pathlib import Path

from textual.widgets import Input

from ccpi_tui.widgets.hit_list import HitList
from store.search import Hit
from tests.app.helpers import loaded, pilot_test, settle, wait_for


class HeldIndex:
    """A search index whose searches wait for ``release`` and are recorded."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.asked: list[str] = []
        self.running = 0
        self.most_at_once = 0
        self._lock = threading.Lock()

    def search(self, query: str, limit: int = 50) -> list[Hit]:
        with self._lock:
            self.asked.append(query)
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
        assert self.release.wait(10)
        with self._lock:
            self.running -= 1
        return [Hit(f"{query}-item", "m", "2016-01-01", "ccpi", "1", f"Result for {query}", 1.0, "", [])]


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
