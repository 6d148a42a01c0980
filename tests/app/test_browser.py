"""Driving the browser by keys alone: panes, history, layout, start-up."""

from __future__ import annotations

import re
import sqlite3
import sys
import threading
from pathlib import Path

import pexpect
import pytest
from textual.notifications import Notify
from textual.widgets import Input

import ccpi_tui.app as app_module
import ccpi_tui.startup as startup
from ccpi_tui.app import CouncilApp
from ccpi_tui.screens.browser import header_subtitle
from ccpi_tui.widgets.agenda_tree import AgendaTree
from ccpi_tui.widgets.item_document import ItemDocument
from ccpi_tui.widgets.meeting_list import MeetingList
from store import index, storage
from store.database import Store
from store.models import Block, Item, Meeting
from store.search import SearchIndex
from tests.app.helpers import (
    COMMITTEE,
    build_fixture_store,
    loaded,
    open_two_items,
    pilot_test,
    press,
    screen_text,
    settle,
    wait_for,
)


def _parts(app: CouncilApp) -> tuple[MeetingList, AgendaTree, ItemDocument]:
    screen = app.browser
    return screen.query_one(MeetingList), screen.query_one(AgendaTree), screen.query_one(ItemDocument)


@pilot_test
async def test_list_tree_viewer_by_keys_only(sample_store: Store, app_for) -> None:
    ordered = sample_store.meetings()
    position = next(n for n, meeting in enumerate(ordered) if len(sample_store.summaries(meeting.id)) >= 4)
    target = ordered[position]
    app = app_for(sample_store.root)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        meetings, tree, document = _parts(app)
        assert app.focused is meetings
        newest = meetings.highlighted
        assert newest is not None and newest.id == ordered[0].id
        await press(pilot, *["down"] * position, "enter")
        assert app.focused is tree
        assert meetings.highlighted is not None and meetings.highlighted.id == target.id
        await press(pilot, "j", "j", "j", "enter")
        assert app.focused is document
        expected = sample_store.summaries(target.id)[3]
        assert document.item is not None and document.item.id == expected.id
        assert expected.title[:30] in screen_text(app)


@pilot_test
async def test_search_typo_opens_the_2015_ofsted_item(sample_store: Store, app_for) -> None:
    app = app_for(sample_store.root)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await press(pilot, "slash", *"ofstd")
        await press(pilot, "enter")
        item = _parts(app)[2].item
        assert item is not None
        assert "2015 Ofsted Inspection" in item.title
        assert item.meeting_id.endswith("2015-12-10")


@pilot_test
async def test_export_writes_the_item_and_says_where(sample_store: Store, app_for, export_dir: Path) -> None:
    app = app_for(sample_store.root)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await press(pilot, "enter", "j", "enter")
        item = _parts(app)[2].item
        assert item is not None
        await press(pilot, "ctrl+e")
        written = list(export_dir.iterdir())
        assert len(written) == 1
        assert item.title.split()[0] in written[0].read_text(encoding="utf-8")
        assert any(str(written[0]) in note.message for note in app._notifications)


@pilot_test
async def test_export_from_meeting_list_writes_the_meeting(fixture_root: Path, app_for, export_dir: Path) -> None:
    app = app_for(fixture_root)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await press(pilot, "ctrl+e")
        written = list(export_dir.iterdir())
        assert len(written) == 1
        text = written[0].read_text(encoding="utf-8")
        # The newest meeting's items are all in the one file.
        assert "Ofsted Post Inspection Update" in text
        assert "Corporate Performance Monitoring Report" in text


@pilot_test
async def test_back_and_forward_return_to_where_you_were(fixture_root: Path, app_for) -> None:
    app = app_for(fixture_root)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        _, _, document = _parts(app)
        first = await open_two_items(pilot, document)
        await press(pilot, "H")
        assert document.item is not None and document.item.id == first.id
        assert app.browser.pane == "agenda", "where the search was opened from (Esc, then /)"
        await press(pilot, "L")
        assert document.item is not None and document.item.id == "ac-2016-01-25/3"


@pilot_test
async def test_back_restores_the_scroll_position(fixture_root: Path, app_for) -> None:
    app = app_for(fixture_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        _, _, document = _parts(app)
        await press(pilot, "enter", "G", "enter")  # the long report
        await pilot.press("pagedown", "pagedown")
        scrolled = document.scroll_offset.y
        assert scrolled > 10
        await press(pilot, "escape", "g", "j", "enter")
        assert document.item is not None and document.item.id == "ccpi-2016-06-06/1"
        assert document.scroll_offset.y == 0
        await press(pilot, "H")
        assert document.item is not None and document.item.id == "ccpi-2016-06-06/r1"
        assert document.scroll_offset.y == scrolled


@pilot_test
async def test_choosing_a_part_scrolls_to_it(fixture_root: Path, app_for) -> None:
    for size in ((100, 30), (80, 24)):  # at 80 the viewer is hidden until chosen
        app = app_for(fixture_root)
        async with app.run_test(size=size) as pilot:
            await loaded(pilot)
            _, tree, document = _parts(app)
            await press(pilot, "enter", "G", "l", "G", "enter")  # last part of the report
            entry = tree.entry
            assert entry is not None and entry.block is not None
            assert document.item is not None and document.item.id == entry.item_id
            assert document.scroll_offset.y > 20
            assert "Paper" in screen_text(app)  # the table's header row


@pilot_test
async def test_escape_backs_out_pane_by_pane(fixture_root: Path, app_for) -> None:
    app = app_for(fixture_root)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        meetings, tree, document = _parts(app)
        await press(pilot, "enter", "j", "enter")
        assert app.focused is document
        await press(pilot, "escape")
        assert app.focused is tree
        await press(pilot, "escape")
        assert app.focused is meetings


@pilot_test
async def test_tab_reaches_every_pane_at_80x24(fixture_root: Path, app_for) -> None:
    app = app_for(fixture_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        meetings, tree, document = _parts(app)
        seen = []
        for _ in range(3):
            seen.append(app.focused)
            assert app.focused is not None and app.focused.region.width > 20
            await press(pilot, "tab")
        assert seen == [meetings, tree, document]
        assert app.focused is meetings
        await press(pilot, "shift+tab")
        assert app.focused is document


@pilot_test
async def test_narrow_viewer_takes_the_width(fixture_root: Path, app_for) -> None:
    app = app_for(fixture_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        meetings, tree, document = _parts(app)
        assert not document.display or document.region.width == 0
        await press(pilot, "enter", "j", "j", "enter")
        assert app.focused is document
        assert document.region.width >= 76
        assert meetings.region.width == 0 and tree.region.width == 0
        text = screen_text(app)
        assert "Ofsted Post Inspection Update" in text
        await press(pilot, "escape")
        assert app.focused is tree and meetings.region.width > 20


@pilot_test
async def test_zoom_gives_one_pane_the_width(fixture_root: Path, app_for) -> None:
    app = app_for(fixture_root)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        meetings, tree, _ = _parts(app)
        await press(pilot, "tab", "z")
        assert tree.region.width >= 110 and meetings.region.width == 0
        await press(pilot, "z")
        assert meetings.region.width > 20


@pilot_test
async def test_typing_in_the_list_narrows_it(fixture_root: Path, app_for) -> None:
    app = app_for(fixture_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        meetings = _parts(app)[0]
        await press(pilot, *"2015")
        box = app.browser.query_one("#meeting-filter", Input)
        assert box.value == "2015"
        assert meetings.highlighted is not None and meetings.highlighted.date == "2015-12-10"
        assert "2016-06-06" not in screen_text(app)
        await press(pilot, "escape")
        assert box.value == ""
        assert "2016-06-06" in screen_text(app)


@pilot_test
async def test_date_key_jumps_to_a_month(fixture_root: Path, app_for) -> None:
    app = app_for(fixture_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        meetings = _parts(app)[0]
        await press(pilot, "ctrl+g", *"2016-02", "enter")
        # No meeting in February 2016: the nearest older one.
        assert meetings.highlighted is not None and meetings.highlighted.id == "ac-2016-01-25"
        assert app.focused is meetings


@pilot_test
async def test_earlier_and_later_meeting_of_the_same_committee(fixture_root: Path, app_for) -> None:
    app = app_for(fixture_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        meetings = _parts(app)[0]
        await press(pilot, "left_curly_bracket")
        # The audit committee's meeting in between is skipped.
        assert meetings.highlighted is not None and meetings.highlighted.id == "ccpi-2016-03-01"
        await press(pilot, "left_curly_bracket")
        assert meetings.highlighted is not None and meetings.highlighted.id == "ccpi-2015-12-10"
        await press(pilot, "right_curly_bracket")
        assert meetings.highlighted is not None and meetings.highlighted.id == "ccpi-2016-03-01"


@pilot_test
async def test_standing_items_are_quieter(fixture_root: Path, app_for) -> None:
    app = app_for(fixture_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        tree = _parts(app)[1]
        standing = tree.root.children[0]
        ordinary = tree.root.children[2]
        assert standing.data is not None and standing.data.standing
        base = tree.rich_style
        quiet = tree.render_label(standing, base, base)
        plain = tree.render_label(ordinary, base, base)
        assert quiet.get_style_at_offset(app.console, 3) != plain.get_style_at_offset(app.console, 3)


def _held_store(monkeypatch) -> threading.Event:
    """Make ``Store.open`` wait until the returned event is set."""
    gate = threading.Event()
    real_open = Store.open

    def slow_open(root: Path, **options: object) -> Store:
        assert gate.wait(10)
        return real_open(root, **options)

    monkeypatch.setattr(Store, "open", slow_open)
    return gate


@pilot_test
async def test_first_paint_comes_before_the_store_is_read(fixture_root: Path, app_for, monkeypatch) -> None:
    """With no index to list from, the list waits for the records."""
    (fixture_root / index.INDEX_FILE).unlink()
    gate = _held_store(monkeypatch)
    app = app_for(fixture_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "Loading meetings" in screen_text(app))
        assert app.store is None
        gate.set()
        await loaded(pilot)
        assert "2016-06-06" in screen_text(app)


@pilot_test
async def test_the_newest_meetings_show_from_the_index_before_the_records_are_read(
    fixture_root: Path, app_for, monkeypatch
) -> None:
    gate = _held_store(monkeypatch)
    parsed = _counted_reads(monkeypatch)
    app = app_for(fixture_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: "2016-06-06 ccpi" in screen_text(app))
        meetings = app.browser.query_one(MeetingList)  # the other panes may still be filling
        first = list(meetings._all)
        assert app.store is None and parsed == []
        assert [row.id for row in first] == ["ccpi-2016-06-06", "ccpi-2016-03-01", "ac-2016-01-25", "ccpi-2015-12-10"]
        await pilot.press("down")
        gate.set()
        await loaded(pilot)
        assert meetings._all[: len(first)] == first
        assert meetings.highlighted is not None and meetings.highlighted.id == "ccpi-2016-03-01"
        await wait_for(pilot, lambda: "Budget Monitoring" in screen_text(app))


@pilot_test
async def test_the_first_page_is_one_screenful(fixture_root: Path, app_for, monkeypatch) -> None:
    limits: list[int] = []
    real_newest = index.newest_meetings
    monkeypatch.setattr(index, "newest_meetings", lambda db, limit: limits.append(limit) or real_newest(db, limit))
    app = app_for(fixture_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
    assert limits == [30]


def _held_search(monkeypatch) -> threading.Event:
    """Make opening the search index (either way: current without the
    records, or caught up with them) wait until the returned event is set."""
    gate = threading.Event()
    real_build = SearchIndex.build.__func__
    real_current = index.current_connection

    def slow_build(cls: type[SearchIndex], store: Store) -> SearchIndex:
        assert gate.wait(10)
        return real_build(cls, store)

    def slow_current(root: Path) -> sqlite3.Connection | None:
        assert gate.wait(10)
        return real_current(root)

    monkeypatch.setattr(SearchIndex, "build", classmethod(slow_build))
    monkeypatch.setattr(index, "current_connection", slow_current)
    return gate


def _held_listing(monkeypatch) -> threading.Event:
    """Make listing the meetings at start wait until the returned event is set."""
    gate = threading.Event()
    real_rows = app_module.meeting_rows

    def slow_rows(store: Store) -> list:
        assert gate.wait(10)
        return real_rows(store)

    monkeypatch.setattr(app_module, "meeting_rows", slow_rows)
    return gate


def _counted_reads(monkeypatch) -> list[Path]:
    """Every store file parsed from now on, in a list that fills as they are."""
    parsed: list[Path] = []
    real_read = storage.read_json
    monkeypatch.setattr(storage, "read_json", lambda path: parsed.append(path) or real_read(path))
    return parsed


@pilot_test
async def test_a_current_index_answers_before_the_records_are_read(fixture_root: Path, app_for, monkeypatch) -> None:
    gate = _held_store(monkeypatch)
    parsed = _counted_reads(monkeypatch)
    app = app_for(fixture_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"ofsted")
        await wait_for(pilot, lambda: "Ofsted Post Inspection Update" in screen_text(app))
        assert app.store is None and parsed == []
        gate.set()
        await loaded(pilot)
        assert parsed, "the records were never read"


@pilot_test
async def test_the_records_wait_while_a_search_opened_at_start_is_open(fixture_root: Path, app_for, monkeypatch) -> None:
    gate = _held_search(monkeypatch)
    monkeypatch.setattr(startup, "RECORDS_WAIT", 30.0)
    parsed = _counted_reads(monkeypatch)
    app = app_for(fixture_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"ofsted")
        await wait_for(pilot, lambda: "results will appear" in screen_text(app))
        gate.set()
        await wait_for(pilot, lambda: "Ofsted Post Inspection Update" in screen_text(app))
        await pilot.pause(0.2)
        assert parsed == [] and app.store is None
        await pilot.press("escape")
        await loaded(pilot)
        assert parsed and app.store is not None


@pilot_test
async def test_an_index_behind_the_records_answers_once_caught_up(fixture_root: Path, app_for, monkeypatch) -> None:
    with monkeypatch.context() as patch:
        patch.setattr(index, "catch_up", lambda store: None)  # a writer killed before its catch-up
        with Store.open(fixture_root).transaction() as writer:
            writer.put_meeting(Meeting(id="ccpi-2022-01-10", committee_id="ccpi", committee=COMMITTEE, date="2022-01-10"))
            writer.put_items([
                Item(id="ccpi-2022-01-10/1", meeting_id="ccpi-2022-01-10", number="1", order=1,
                     title="Zanzibar Twinning", blocks=[Block("paragraph", "The twinning was agreed.")])
            ])
    assert index.current_connection(fixture_root) is None
    app = app_for(fixture_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"zanzibar")
        await wait_for(pilot, lambda: "Zanzibar Twinning" in screen_text(app))


@pilot_test
async def test_an_index_whose_writer_died_after_its_search_tables_answers_at_once_and_catches_up_the_rest(
    fixture_root: Path, app_for, monkeypatch
) -> None:
    def die(*args, **kwargs):
        raise KeyboardInterrupt  # as a writer stopped between the index's two commits

    with monkeypatch.context() as patch:
        patch.setattr(index, "_update_rest", die)
        with pytest.raises(KeyboardInterrupt), Store.open(fixture_root).transaction() as writer:
            writer.put_meeting(Meeting(id="ccpi-2022-01-10", committee_id="ccpi", committee=COMMITTEE, date="2022-01-10"))
            writer.put_items([
                Item(id="ccpi-2022-01-10/1", meeting_id="ccpi-2022-01-10", number="1", order=1,
                     title="Zanzibar Twinning", blocks=[Block("paragraph", "The twinning was agreed.")])
            ])

    def parts() -> tuple[int | None, int | None]:
        with sqlite3.connect(fixture_root / index.INDEX_FILE) as db:
            meta = index._meta(db)
        return index._search_generation(meta), index._generation(meta)

    searched, rest = parts()
    assert rest is not None and searched == rest + 1
    assert index.current_connection(fixture_root) is not None, "the search tables are current"
    app = app_for(fixture_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"zanzibar")
        await wait_for(pilot, lambda: "Zanzibar Twinning" in screen_text(app))
        await wait_for(pilot, lambda: parts() == (searched, searched))


@pilot_test
async def test_search_typed_before_the_index_opens_is_kept(fixture_root: Path, app_for, monkeypatch) -> None:
    gate = _held_search(monkeypatch)
    app = app_for(fixture_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(0.1)
        assert app.search_index is None
        await pilot.press("slash", *"ofsted")
        await pilot.pause()
        assert app.screen.query_one("#search-input", Input).value == "ofsted"
        assert "results will appear" in screen_text(app)
        gate.set()
        await loaded(pilot)
        assert "Ofsted Post Inspection Update" in screen_text(app)


@pilot_test
async def test_search_answers_before_the_meetings_are_listed(fixture_root: Path, app_for, monkeypatch) -> None:
    gate = _held_listing(monkeypatch)
    app = app_for(fixture_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"ofsted")
        await wait_for(pilot, lambda: "Ofsted Post Inspection Update" in screen_text(app))
        assert app.store is None
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is app.browser)
        assert app.store is None and _parts(app)[2].item is None
        gate.set()
        await loaded(pilot)
        document = _parts(app)[2]
        await wait_for(pilot, lambda: document.item is not None)
        assert document.item is not None and "Ofsted" in document.item.title
        assert app.focused is document


@pilot_test
async def test_notice_is_shown_once(fixture_root: Path, app_for) -> None:
    notice = "The store was empty, so the 5 bundled sample documents were imported."
    app = app_for(fixture_root, notice)
    # Every toast as it is posted: the live list drops a toast when its time
    # is up, which a loaded CI machine can reach before the panes are filled.
    shown: list[str] = []
    post = app.post_message

    def spy(message):
        if isinstance(message, Notify):
            shown.append(message.notification.message)
        return post(message)

    app.post_message = spy
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
    assert shown == [notice]


@pytest.mark.slow
def test_corrupt_store_exits_with_one_sentence(tmp_path: Path) -> None:
    # A real process in a real terminal: the sentence is printed as the app
    # shuts down, after the screen is given back.
    root = tmp_path / "store"
    Store.open(root)
    (root / "records.json").write_text("{not json", encoding="utf-8")
    before = {path.name: path.read_bytes() for path in root.rglob("*") if path.is_file()}
    app = pexpect.spawn(
        sys.executable,
        ["-m", "ccpi_tui", "--db", str(root)],
        encoding="utf-8",
        dimensions=(24, 80),
        env={"NO_COLOR": "1", "TERM": "xterm-256color", "PATH": "/usr/bin:/bin"},
        timeout=30,
    )
    app.expect(pexpect.EOF)
    app.close()
    assert app.exitstatus == 2
    printed = re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]|\x1b[=>]|[\r\n]", "", app.before)
    assert "records.json" in printed and "corrupt" in printed
    assert "Traceback" not in printed
    assert {path.name: path.read_bytes() for path in root.rglob("*") if path.is_file()} == before


@pilot_test
async def test_empty_store_says_how_to_import(tmp_path: Path, app_for) -> None:
    app = app_for(tmp_path / "new-store")
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        assert "ccpi-tui import" in screen_text(app)


@pilot_test
async def test_jumping_clears_the_narrowing_it_would_hide(fixture_root: Path, app_for) -> None:
    app = app_for(fixture_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        meetings = _parts(app)[0]
        await press(pilot, *"audit")
        assert meetings.highlighted is not None and meetings.highlighted.id == "ac-2016-01-25"
        await press(pilot, "enter", "ctrl+g", *"2015", "enter")
        assert app.browser.query_one("#meeting-filter", Input).value == ""
        assert meetings.highlighted is not None and meetings.highlighted.id == "ccpi-2015-12-10"


@pilot_test
async def test_switching_to_a_light_theme_redraws_the_item(fixture_root: Path, app_for) -> None:
    app = app_for(fixture_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await press(pilot, "enter", "j", "j", "enter")
        document = _parts(app)[2]

        def title_style() -> object:
            lines = [document.render_line(y) for y in range(document.size.height)]
            title = next(line for line in lines if "Ofsted Post Inspection Update" in line.text)
            return next(segment.style for segment in title if "Ofsted" in segment.text)

        dark = title_style()
        app.theme = "textual-light"
        await settle(pilot)
        light = title_style()
        assert dark != light
        assert light.color != light.bgcolor


@pilot_test
async def test_closing_while_the_panes_fill_is_clean(fixture_root: Path, app_for, monkeypatch) -> None:
    # The person quits as the first of the widgets mounted after the first
    # frame (the meeting filter's box) is mounted.
    monkeypatch.setattr(Input, "on_mount", lambda self: self.app.exit(), raising=False)
    app = app_for(fixture_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.2)
    # Leaving run_test raised whatever the app raised.


def test_header_subtitle_keeps_the_counts_and_cuts_the_path_from_the_left() -> None:
    path = "/srv/council/archives/lancashire/ccpi-tui/store"
    assert header_subtitle(path, 5, 27, 200) == f"5 meetings · 27 items · {path}"
    cut = header_subtitle(path, 10_000, 150_000, 60)
    assert cut.startswith("10,000 meetings · 150,000 items · …") and cut.endswith("ccpi-tui/store")
    assert len(cut) == 60
    assert header_subtitle(path, 10_000, 150_000, 40) == "10,000 meetings · 150,000 items"


@pilot_test
async def test_the_header_shows_the_counts_whole_at_80_columns(tmp_path: Path, app_for) -> None:
    root = tmp_path / ("a-rather-long-folder-name-for-a-store" * 2) / "store"
    build_fixture_store(root)
    app = app_for(root)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        meetings = len(Store.open(root).meetings())
        header = screen_text(app).splitlines()[0]
        assert f"{meetings} meetings · " in header
        assert "items · …" in header and header.rstrip().endswith("store")
        # Wide enough for the whole path, however deep pytest's tmp_path is
        # (under xdist it is deeper).
        await pilot.resize_terminal(len(str(root)) + 60, 30)
        await settle(pilot)
        assert str(root) in screen_text(app).splitlines()[0]
