"""Typing is never a command where the screen invites typing (issue 11, item 1).

Every word of the help text is typed into every pane. In the meeting list
and every box, the only thing that may change is the text typed; nowhere
may a typed word quit, write a file or touch the clipboard.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from textual.widgets import Input

from ccpi_tui.app import CouncilApp
from ccpi_tui.screens.browser import BrowserScreen
from ccpi_tui.screens.help import LEGEND, bindings_of, key_rows
from ccpi_tui.widgets.agenda_tree import AgendaTree
from ccpi_tui.widgets.item_document import ItemDocument
from ccpi_tui.widgets.meeting_list import MeetingList
from tests.app.helpers import loaded, pilot_test, press


def help_words() -> list[str]:
    """Every distinct word of the help screen, as written (case kept)."""
    text = [LEGEND]
    for node_class in (CouncilApp, BrowserScreen, MeetingList, AgendaTree, ItemDocument):
        for _keys, title, tooltip in key_rows(bindings_of(node_class)):
            text += [title, tooltip or ""]
    return list(dict.fromkeys(re.findall(r"[A-Za-z]+", " ".join(text))))


def typed_words() -> str:
    """What a clerk types: the issue's own words, then help words until
    every letter of the alphabet, both cases, has been typed."""
    words = ["quarterly", "year", "export", "later"]
    wanted = set("abcdefghijklmnopqrstuvwxyzHLGN")
    for word in help_words():
        if wanted & set(word):
            words.append(word)
            wanted -= set(word)
    return " ".join(words)


@dataclass
class Guarded:
    """An app whose quits and clipboard writes are recorded instead of done.

    Attributes:
        app: The app, on the fixture store.
        harm: What it tried to do (``quit``, ``exit``, ``clipboard``).
        folders: The current folder (empty) and the export folder.
    """

    app: CouncilApp
    harm: list[str]
    folders: tuple[Path, Path]

    def assert_no_harm(self) -> None:
        """Nothing quit, copied or written to a file."""
        assert self.harm == []
        assert sorted(path for folder in self.folders for path in folder.rglob("*")) == []


@pytest.fixture
def guarded(fixture_root: Path, app_for, export_dir: Path, monkeypatch, tmp_path: Path) -> Guarded:
    """The app on the fixture store, run from an empty folder, harm recorded."""
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    harm: list[str] = []
    monkeypatch.setattr(CouncilApp, "action_quit", lambda self: harm.append("quit"))
    monkeypatch.setattr(CouncilApp, "exit", lambda self, *a, **k: harm.append("exit"))
    monkeypatch.setattr(CouncilApp, "copy_to_clipboard", lambda self, *_: harm.append("clipboard"))
    return Guarded(app_for(fixture_root), harm, (cwd, export_dir))


def test_the_help_has_words_with_every_command_letter() -> None:
    words = help_words()
    assert len(words) > 50
    assert {"Quit", "Export", "Copy", "year", "Later"} <= set(words)


@pilot_test
async def test_typing_every_help_word_in_the_meeting_list_only_narrows(guarded: Guarded) -> None:
    app = guarded.app
    sentence = typed_words()
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await press(pilot, *sentence)
        assert app.browser.query_one("#meeting-filter", Input).value == sentence
        assert app.screen is app.browser
    guarded.assert_no_harm()


@pilot_test
async def test_typing_every_help_word_in_agenda_and_viewer_does_no_harm(guarded: Guarded) -> None:
    app = guarded.app
    sentence = typed_words()
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await press(pilot, "enter", "down", "down", "enter")  # an item open in the viewer
        for pane in ("#agenda", "#document"):
            while app.screen is not app.browser:
                app.pop_screen()
            app.browser.query_one(pane).focus()
            await press(pilot, *sentence)
    guarded.assert_no_harm()


@pilot_test
async def test_typing_in_the_search_and_go_to_boxes_is_only_text(guarded: Guarded) -> None:
    app = guarded.app
    sentence = typed_words()
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        for opener, box_id in (("slash", "#search-input"), ("ctrl+g", "#date-input")):
            await press(pilot, opener)
            box = app.screen.query_one(box_id, Input)
            await pilot.press(*sentence)
            assert box.value == sentence
            await press(pilot, "escape")
            assert app.screen is app.browser
    guarded.assert_no_harm()
