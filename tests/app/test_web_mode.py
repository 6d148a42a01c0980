"""The app as a browser session: export downloads, changes refused when read-only."""

from __future__ import annotations

from pathlib import Path

import pytest

from ccpi_tui.app import CouncilApp
from ccpi_tui.options import AppOptions
from ccpi_tui.serve import WebMode
from store.database import Store
from tests.app.helpers import loaded, pilot_test, press, settle


@pilot_test
async def test_export_in_a_browser_downloads_and_writes_nothing(
    sample_store: Store, export_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(CouncilApp, "is_web", property(lambda self: True))
    delivered: list[tuple[str, dict]] = []
    app = CouncilApp(AppOptions(sample_store.root, export_dir, web=WebMode(allow_edits=False)))
    monkeypatch.setattr(app, "deliver_text", lambda file, **options: delivered.append((file.read(), options)))
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await press(pilot, "enter", "j", "enter")
        await press(pilot, "ctrl+e")
    assert list(export_dir.iterdir()) == []
    assert len(delivered) == 1
    markdown, options = delivered[0]
    assert markdown.startswith("---") and "# " in markdown
    assert options["save_filename"].endswith(".md") and options["mime_type"] == "text/markdown"


@pilot_test
async def test_read_only_session_refuses_changes_with_one_sentence(sample_store: Store, export_dir: Path) -> None:
    app = CouncilApp(AppOptions(sample_store.root, export_dir, web=WebMode(allow_edits=False)))
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        assert app.edits_refused()
        await settle(pilot)
        messages = [notice.message for notice in app._notifications]
        assert WebMode.REFUSAL in messages


@pytest.mark.parametrize("web", [None, WebMode(allow_edits=True)], ids=["terminal", "allow-edits"])
def test_terminal_and_allow_edits_sessions_may_change(sample_store: Store, export_dir: Path, web) -> None:
    app = CouncilApp(AppOptions(sample_store.root, export_dir, web=web))
    assert not app.edits_refused()
