"""The open app sees commits made by another writer (issue 11 item 4)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from ccpi_tui import samples_dir
from ccpi_tui.app import CouncilApp
from ccpi_tui.widgets.item_document import ItemDocument
from ccpi_tui.widgets.meeting_list import MeetingList, RowChanges, meeting_rows, refreshed_rows
from store.database import Store
from store.models import Block, Item, Meeting
from tests.app.helpers import (
    COMMITTEE,
    build_fixture_store,
    highlighted,
    loaded,
    on_the_second_walder,
    pilot_test,
    press,
    settle,
    subtitle,
    wait_for,
)

NEW = "ccpi-2016-09-12"
SAMPLES = samples_dir()


def _import_elsewhere(root: Path) -> None:
    """Commit one meeting through a second ``Store``, as another process would."""
    store = Store.open(root)
    meeting = Meeting(
        id=NEW,
        committee_id="ccpi",
        committee=COMMITTEE,
        date="2016-09-12",
        time="10:00",
        venue="County Hall, Preston",
        holds=["minutes"],
    )
    item = Item(
        id=f"{NEW}/3",
        meeting_id=NEW,
        number="3",
        order=3,
        title="Zeppelin hangar lease",
        blocks=[Block("paragraph", "The zeppelin hangar lease was renewed.")],
    )
    with store.transaction() as writer:
        writer.put_meeting(meeting)
        writer.put_items([item])


@pilot_test
async def test_an_import_elsewhere_shows_in_the_open_app(
    fixture_root: Path, app_for: Callable[[Path], CouncilApp]
) -> None:
    app = app_for(fixture_root)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        meetings = app.browser.query_one(MeetingList)
        document = app.browser.query_one(ItemDocument)
        await press(pilot, "enter", "j", "j", "enter")  # 2016-06-06, item 4
        assert document.item is not None and document.item.id == "ccpi-2016-06-06/4"
        before = len(meetings._rows)
        highlighted = meetings.highlighted
        assert highlighted is not None
        assert f"{before} meetings" in app.browser.sub_title
        assert app.search_index is not None and not app.search_index.search("zeppelin")

        _import_elsewhere(fixture_root)
        await wait_for(pilot, lambda: len(meetings._rows) == before + 1)
        await wait_for(
            pilot, lambda: any("1 meeting imported elsewhere" in n.message for n in app._notifications)
        )
        await settle(pilot)
        assert f"{before + 1} meetings" in app.browser.sub_title
        assert NEW in [row.id for row in meetings._rows]
        # The place is kept: the cursor's meeting and the open item.
        assert meetings.highlighted is not None and meetings.highlighted.id == highlighted.id
        assert document.item is not None and document.item.id == "ccpi-2016-06-06/4"
        # Search sees the new meeting's item.
        assert [hit.id for hit in app.search_index.search("zeppelin")] == [f"{NEW}/3"]

        # F5 reloads on demand and says nothing had changed.
        await pilot.press("f5")
        await wait_for(pilot, lambda: any("Reloaded" in n.message for n in app._notifications))


@pilot_test
async def test_an_import_by_the_command_line_shows_in_the_open_app(
    tmp_path: Path, app_for: Callable[[Path], CouncilApp]
) -> None:
    from store.importer import import_paths

    samples = sorted(SAMPLES.glob("*.txt"))
    root = tmp_path / "store"
    assert all(result.ok for result in import_paths(Store.open(root), samples[:-1]))
    app = app_for(root)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        meetings = app.browser.query_one(MeetingList)
        before = len(meetings._rows)
        done = await asyncio.to_thread(
            subprocess.run,
            [sys.executable, "-m", "ccpi_tui", "--db", str(root), "import", str(samples[-1])],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        await wait_for(pilot, lambda: len(meetings._rows) == before + 1)
        await wait_for(
            pilot, lambda: any("1 meeting imported elsewhere" in n.message for n in app._notifications)
        )


def _retitle_elsewhere(root: Path, item_id: str, title: str) -> None:
    """Change one item's title through a second ``Store``."""
    store = Store.open(root)
    item = store.item(item_id)
    assert item is not None
    with store.transaction() as writer:
        writer.put_items([replace(item, title=title)])


def _toasted(app: CouncilApp, words: str) -> bool:
    return any(words in notification.message for notification in app._notifications)


@pytest.mark.parametrize(
    ("changes", "sentence"),
    [
        (RowChanges(imported=1), "1 meeting imported elsewhere."),
        (RowChanges(imported=2), "2 meetings imported elsewhere."),
        (RowChanges(changed=1), "1 meeting changed elsewhere."),
        (RowChanges(imported=1, changed=3), "1 meeting imported and 3 changed elsewhere."),
        (RowChanges(imported=2, changed=1, removed=4), "2 meetings imported, 1 changed and 4 removed elsewhere."),
        (RowChanges(), None),
    ],
)
def test_the_toast_says_what_changed(changes: RowChanges, sentence: str | None) -> None:
    assert changes.sentence() == sentence


def test_the_list_is_refreshed_from_the_touched_meetings_only(tmp_path: Path, monkeypatch) -> None:
    root = tmp_path / "store"
    shown = build_fixture_store(root)  # the app's Store
    rows = meeting_rows(shown)
    generation = shown.generation
    _import_elsewhere(root)  # the writer's Store
    _retitle_elsewhere(root, "ccpi-2016-03-01/4", "Budget, retitled")
    assert shown.generation == generation + 2
    touched = shown.changes_since(generation)
    assert touched == {NEW, "ccpi-2016-03-01"}
    fresh, changes = refreshed_rows(rows, shown, touched)
    assert fresh == meeting_rows(shown)  # the same as reading every meeting
    assert changes == RowChanges(imported=1, changed=1)
    # With no change log to go by, every meeting is read and compared.
    assert refreshed_rows(rows, shown, None) == (fresh, RowChanges(imported=1))

    # A meeting moved to another date and one removed: the order still holds.
    writer = Store.open(root)
    moved = writer.meeting("ac-2016-01-25")
    assert moved is not None
    generation = shown.generation
    with writer.transaction() as changes_elsewhere:
        changes_elsewhere.put_meeting(replace(moved, date="2017-01-01"))
        changes_elsewhere.remove_rows("meetings", ["ccpi-2015-12-10"])
    again, changes = refreshed_rows(fresh, shown, shown.changes_since(generation))
    assert again == meeting_rows(shown) and again[0].id == "ac-2016-01-25"
    assert changes == RowChanges(changed=1, removed=1)


@pilot_test
async def test_a_change_to_the_open_item_elsewhere_shows_without_reading_every_meeting(
    fixture_root: Path, app_for: Callable[[Path], CouncilApp], monkeypatch
) -> None:
    import ccpi_tui.widgets.meeting_list as meeting_list
    from store.search import SearchIndex

    app = app_for(fixture_root)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        document = app.browser.query_one(ItemDocument)
        await press(pilot, "enter", "j", "j", "enter")  # 2016-06-06, item 4
        assert document.item is not None and document.item.title == "Ofsted Post Inspection Update"
        index = app.search_index
        full_reads: list[str] = []
        monkeypatch.setattr(meeting_list, "meeting_rows", lambda store: full_reads.append("rows") or [])
        monkeypatch.setattr(SearchIndex, "build", classmethod(lambda cls, store: full_reads.append("index")))

        _retitle_elsewhere(fixture_root, "ccpi-2016-06-06/4", "Ofsted zeppelin update")
        await wait_for(pilot, lambda: _toasted(app, "1 meeting changed elsewhere."))
        await settle(pilot)
        assert document.item is not None and document.item.title == "Ofsted zeppelin update"
        assert app.search_index is index
        assert [hit.id for hit in index.search("zeppelin")] == ["ccpi-2016-06-06/4"]
        assert full_reads == []


@pilot_test
async def test_the_open_item_read_again_after_a_change_elsewhere_keeps_its_highlight(
    fixture_root: Path, app_for: Callable[[Path], CouncilApp]
) -> None:
    app = app_for(fixture_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        document = await on_the_second_walder(pilot, app)
        left_at = document.scroll_offset.y

        _retitle_elsewhere(fixture_root, "ccpi-2016-06-06/r1", "Sickness absence, retitled")
        await wait_for(pilot, lambda: _toasted(app, "1 meeting changed elsewhere."))
        await settle(pilot)
        assert document.item is not None and document.item.title == "Sickness absence, retitled"
        assert highlighted(document) == ["Walder", "Walder"] and subtitle(app).startswith("match 2 of 2")
        assert document.scroll_offset.y == left_at
        await press(pilot, "n")
        assert subtitle(app).startswith("match 1 of 2")


@pilot_test
async def test_an_import_shows_while_its_writer_still_holds_the_index(
    fixture_root: Path, app_for: Callable[[Path], CouncilApp]
) -> None:
    """The header, list and toast come on the check after the commit, not
    once the writer has brought the index up (seconds on a big store);
    search follows when the index is free."""
    import sqlite3

    from store import index

    app = app_for(fixture_root)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        meetings = app.browser.query_one(MeetingList)
        before = len(meetings._rows)
        held = sqlite3.connect(fixture_root / index.INDEX_FILE, isolation_level=None)
        held.execute("BEGIN IMMEDIATE")  # as the writer does while it updates the index
        writer = asyncio.ensure_future(asyncio.to_thread(_import_elsewhere, fixture_root))
        try:
            await wait_for(pilot, lambda: _toasted(app, "1 meeting imported elsewhere."))
            assert len(meetings._rows) == before + 1 and f"{before + 1} meetings" in app.browser.sub_title
            assert not writer.done(), "the writer is still waiting for the index"
        finally:
            held.execute("ROLLBACK")
            held.close()
        await writer
        assert app.search_index is not None
        await wait_for(pilot, lambda: [hit.id for hit in app.search_index.search("zeppelin")] == [f"{NEW}/3"])


#: Another process importing the zeppelin meeting, which holds the index
#: while it updates the tables across meetings until the file ``argv[2]``
#: exists (the seconds that take on a big store).
_SLOW_WRITER = """
import sys, time
from pathlib import Path
from store import index
from tests.app.test_live_store import _import_elsewhere

real = index._update_rest

def slow(*args, **kwargs):
    print("search part committed", flush=True)
    release = Path(sys.argv[2])
    for _ in range(6000):
        if release.exists():
            break
        time.sleep(0.01)
    real(*args, **kwargs)

index._update_rest = slow
_import_elsewhere(Path(sys.argv[1]))
"""


@pilot_test
async def test_a_search_finds_an_import_while_its_writer_still_updates_the_rest(
    fixture_root: Path, app_for: Callable[[Path], CouncilApp], tmp_path: Path
) -> None:
    """The writer commits the search tables first: the open search box
    finds the new meeting then, not once the topics and the tables across
    meetings are in too."""
    import sqlite3

    from ccpi_tui.screens.search import SearchScreen
    from store import index
    from tests.app.helpers import screen_text

    app = app_for(fixture_root)
    release = tmp_path / "release"
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await press(pilot, "slash", *"zeppelin")
        await wait_for(pilot, lambda: isinstance(app.screen, SearchScreen) and "Nothing found" in screen_text(app))
        writer = await asyncio.create_subprocess_exec(
            sys.executable, "-c", _SLOW_WRITER, str(fixture_root), str(release),
            cwd=Path(__file__).parents[2], stdout=asyncio.subprocess.PIPE,
        )
        try:
            assert writer.stdout is not None
            assert await asyncio.wait_for(writer.stdout.readline(), 60) == b"search part committed\n"
            await wait_for(pilot, lambda: "Zeppelin hangar lease" in screen_text(app))
            await wait_for(pilot, lambda: _toasted(app, "1 meeting imported elsewhere."))
            with sqlite3.connect(fixture_root / index.INDEX_FILE) as db:
                meta = index._meta(db)
            assert writer.returncode is None and index._generation(meta) == index._search_generation(meta) - 1
        finally:
            release.touch()
        assert await asyncio.wait_for(writer.wait(), 60) == 0
        await settle(pilot)
        with sqlite3.connect(fixture_root / index.INDEX_FILE) as db:
            meta = index._meta(db)
        assert index._generation(meta) == index._search_generation(meta)
