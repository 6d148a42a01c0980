"""Fixtures for driving the app: a store folder, an export folder, the app."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from ccpi_tui.app import CouncilApp
from ccpi_tui.options import AppOptions
from tests.app.helpers import build_fixture_store


@pytest.fixture
def fixture_root(tmp_path: Path) -> Path:
    """A fresh copy of the hand-built archive; its folder."""
    root = tmp_path / "store"
    build_fixture_store(root)
    return root


@pytest.fixture
def export_dir(tmp_path: Path) -> Path:
    """An empty folder to export into."""
    folder = tmp_path / "exports"
    folder.mkdir()
    return folder


@pytest.fixture
def app_for(export_dir: Path) -> Callable[[Path], CouncilApp]:
    """Build the app for a store folder the way the command line does."""

    def build(root: Path, notice: str | None = None) -> CouncilApp:
        return CouncilApp(AppOptions(root, export_dir, notice=notice))

    return build
