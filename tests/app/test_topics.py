"""Topic links in the browser: the Related section, t, [ and ], on the samples."""

from __future__ import annotations

from textual.app import App, ComposeResult

from ccpi_tui.app import CouncilApp
from ccpi_tui.messages import OpenTarget
from ccpi_tui.screens.thread import ThreadScreen
from ccpi_tui.widgets.item_document import ItemDocument
from ccpi_tui.widgets.related_links import THREAD_SHOWN, RelatedLinks
from store.database import Store
from store.topics import Link, ThreadView, thread_view
from tests.app.helpers import loaded, pilot_test, press, screen_text, settle

#: The quarterly performance report of March 2017, in a thread of five.
QUARTERLY = "ccpi-2017-03-07/6"


def _shown(app: CouncilApp) -> str | None:
    item = app.browser.query_one(ItemDocument).item
    return item.id if item is not None else None


async def _open(pilot, app: CouncilApp, item_id: str) -> None:
    await loaded(pilot)
    app.browser.post_message(OpenTarget(item_id))
    await settle(pilot)
    assert _shown(app) == item_id


@pilot_test
async def test_brackets_step_through_the_topic(sample_store: Store, app_for) -> None:
    thread = [link.id for link in thread_view(sample_store, QUARTERLY).thread]
    position = thread.index(QUARTERLY)
    app = app_for(sample_store.root)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot, app, QUARTERLY)
        await press(pilot, "right_square_bracket")
        assert _shown(app) == thread[position + 1]
        await press(pilot, "left_square_bracket", "left_square_bracket")
        assert _shown(app) == thread[position - 1]
        for _ in range(position):
            await press(pilot, "left_square_bracket")
        assert _shown(app) == thread[0]
        assert any("first item of its topic" in note.message for note in app._notifications)


@pilot_test
async def test_related_links_are_followed_by_keyboard(sample_store: Store, app_for) -> None:
    view = thread_view(sample_store, QUARTERLY)
    app = app_for(sample_store.root)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot, app, QUARTERLY)
        related = app.browser.query_one(RelatedLinks)
        assert related.has_links
        assert "Topic thread" in screen_text(app)
        await press(pilot, "r")
        assert app.focused is related
        first = next(link.id for link in view.thread if link.id != QUARTERLY)
        await press(pilot, "enter")
        assert _shown(app) == first
        await press(pilot, "H")
        assert _shown(app) == QUARTERLY


@pilot_test
async def test_thread_timeline_jumps_to_an_item(sample_store: Store, app_for) -> None:
    thread = thread_view(sample_store, QUARTERLY).thread
    app = app_for(sample_store.root)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(pilot, app, QUARTERLY)
        await press(pilot, "t")
        assert isinstance(app.screen, ThreadScreen)
        text = screen_text(app)
        for link in thread:
            assert link.date in text
        await press(pilot, "g", "enter")
        assert not isinstance(app.screen, ThreadScreen)
        assert _shown(app) == thread[0].id


class _RelatedOnly(App[None]):
    def compose(self) -> ComposeResult:
        yield RelatedLinks(id="related")


@pilot_test
async def test_a_long_thread_lists_the_links_around_the_item() -> None:
    thread = [
        Link(f"i{n}", f"{2000 + n // 4}-01-01", f"Questions under Standing Order 8 ({n})", 90.0, "")
        for n in range(1000)
    ]
    app = _RelatedOnly()
    async with app.run_test(size=(120, 40)):
        related = app.query_one(RelatedLinks)
        for current, earlier, later in (("i500", 490, 489), ("i0", 0, 979), ("i999", 979, 0)):
            related.show_links(ThreadView("t", thread), current)
            prompts = [str(related.get_option_at_index(n).prompt) for n in range(related.option_count)]
            assert prompts[0] == "Topic thread (1000 items, oldest first; t shows them all)"
            listed = [prompt for prompt in prompts if "Questions under" in prompt]
            assert len(listed) == THREAD_SHOWN
            assert any(prompt.startswith("▶") and f"({current[1:]})" in prompt for prompt in listed)
            assert (f"  … {earlier} earlier" in prompts) == bool(earlier)
            assert (f"  … {later} later" in prompts) == bool(later)
