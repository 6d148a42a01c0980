"""The export folder and the settings file, driven through the real app."""

from __future__ import annotations

import base64
import subprocess
from pathlib import Path

import pytest

from ccpi_tui.__main__ import build_app, build_parser
from ccpi_tui.settings import load_settings
from tests.app.helpers import loaded, pilot_test, press, settle, wait_for


@pytest.fixture
def desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Config and documents folders in ``tmp_path``; the cwd a git checkout."""
    (tmp_path / "config").mkdir()
    (tmp_path / "Documents").mkdir()
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(tmp_path / "Documents"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    subprocess.run(["git", "init", "-q", str(checkout)], check=True)
    monkeypatch.chdir(checkout)
    return tmp_path


def _app(root: Path, *argv: str):
    return build_app(build_parser().parse_args(["--db", str(root), *argv]), root, None)


def _settings(desk: Path) -> Path:
    return desk / "config" / "ccpi-tui" / "settings.toml"


def _everything(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if ".git" not in path.parts)


@pilot_test
async def test_export_goes_to_the_documents_folder_not_the_checkout(fixture_root: Path, desk: Path) -> None:
    app = _app(fixture_root)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("ctrl+e")
        await wait_for(pilot, lambda: any("Exported to" in note.message for note in app._notifications))
    (written,) = (desk / "Documents" / "ccpi-tui").iterdir()
    assert "Ofsted Post Inspection Update" in written.read_text(encoding="utf-8")
    assert any(f"Exported to {written}" == note.message for note in app._notifications)
    assert _everything(desk / "checkout") == []


@pilot_test
async def test_settings_export_dir_and_theme_are_applied(fixture_root: Path, desk: Path) -> None:
    chosen = desk / "council"
    chosen.mkdir()
    _settings(desk).parent.mkdir()
    _settings(desk).write_text(f'export_dir = "{chosen}"\ntheme = "textual-light"\n', encoding="utf-8")
    app = _app(fixture_root)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert app.theme == "textual-light"
        await pilot.press("ctrl+e")
        await wait_for(pilot, lambda: list(chosen.iterdir()))
    assert not (desk / "Documents" / "ccpi-tui").exists()


@pilot_test
async def test_export_dir_option_beats_the_settings(fixture_root: Path, desk: Path) -> None:
    named, other = desk / "named", desk / "other"
    named.mkdir(), other.mkdir()
    _settings(desk).parent.mkdir()
    _settings(desk).write_text(f'export_dir = "{other}"\n', encoding="utf-8")
    app = _app(fixture_root, "--export-dir", str(named))
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("ctrl+e")
        await wait_for(pilot, lambda: list(named.iterdir()))
    assert list(other.iterdir()) == []


@pilot_test
async def test_changing_the_theme_is_kept_atomically_for_next_time(fixture_root: Path, desk: Path) -> None:
    chosen = desk / "council"
    _settings(desk).parent.mkdir()
    _settings(desk).write_text(f'export_dir = "{chosen}"\n', encoding="utf-8")
    app = _app(fixture_root)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        app.theme = "nord"
        await wait_for(pilot, lambda: "nord" in _settings(desk).read_text(encoding="utf-8"))
    settings, problem = load_settings(_settings(desk))
    assert problem is None and settings.theme == "nord" and settings.export_dir == chosen
    assert [path.name for path in _settings(desk).parent.iterdir()] == ["settings.toml"]  # no temporary left
    again = _app(fixture_root)
    async with again.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert again.theme == "nord"


@pilot_test
async def test_a_bad_settings_file_is_one_sentence_and_the_defaults(fixture_root: Path, desk: Path) -> None:
    _settings(desk).parent.mkdir()
    _settings(desk).write_text('theme = "nord"\nexport_dir = [unclosed\n', encoding="utf-8")
    app = _app(fixture_root)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await settle(pilot)
        notes = [note.message for note in app._notifications if "settings" in note.message]
        assert notes == [f"The settings file {_settings(desk)} is not valid TOML at line 2; using the defaults."]
        assert app.theme != "nord"
        app.theme = "gruvbox"
        await settle(pilot)
        await pilot.press("ctrl+e")
        await wait_for(pilot, lambda: (desk / "Documents" / "ccpi-tui").exists())
    # The clerk's broken file is left for them to mend, not overwritten.
    assert "[unclosed" in _settings(desk).read_text(encoding="utf-8")


@pilot_test
async def test_copy_offers_plain_text_and_the_id(fixture_root: Path, desk: Path, monkeypatch) -> None:
    monkeypatch.delenv("TMUX", raising=False)
    app = _app(fixture_root)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        written: list[str] = []
        monkeypatch.setattr(app._driver, "write", written.append)
        await press(pilot, "enter", "j", "j", "enter")
        copies = []
        for downs in (["down"], ["down", "down"]):
            await press(pilot, "ctrl+y", *downs, "enter")
            assert app.screen is app.browser
            copies = [chunk for chunk in written if chunk.startswith("\x1b]52;c;")]
        plain, the_id = (base64.b64decode(chunk[len("\x1b]52;c;") : -1]).decode("utf-8") for chunk in copies)
        assert plain.startswith("4. Ofsted Post Inspection Update") and "---" not in plain.splitlines()[0]
        assert "#" not in plain.splitlines()[0] and "id:" not in plain
        assert the_id == "ccpi-2016-06-06/4"
        await press(pilot, "ctrl+y", "escape")
        assert app.screen is app.browser and len([c for c in written if c.startswith("\x1b]52;c;")]) == 2
