"""The README's key table says what the help screen says (issue 11)."""

from __future__ import annotations

import re
from pathlib import Path

from ccpi_tui.app import CouncilApp
from ccpi_tui.screens.browser import BrowserScreen
from ccpi_tui.screens.changes import ChangesScreen
from ccpi_tui.screens.followups import FollowUpsScreen
from ccpi_tui.screens.help import bindings_of, key_rows
from ccpi_tui.screens.people import PeopleScreen
from ccpi_tui.widgets.meeting_list import MeetingList

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_key_table_matches_the_help() -> None:
    section = README.read_text(encoding="utf-8").split("## Keys", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `([^`]+)` \| (.+?) \|$", section, flags=re.MULTILINE))
    helped = {(keys, title) for cls in (CouncilApp, BrowserScreen, MeetingList, PeopleScreen, FollowUpsScreen, ChangesScreen) for keys, title, _ in key_rows(bindings_of(cls))}
    assert documented == helped
