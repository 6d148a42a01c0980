"""Fixtures shared by every test layer."""

import shutil
from pathlib import Path

import pytest

from ccpi_tui import samples_dir
from store.database import Store

SAMPLES = samples_dir()


@pytest.fixture(scope="session")
def _sample_store_template(tmp_path_factory) -> Path:
    from store.importer import import_paths

    root = tmp_path_factory.mktemp("template") / "store"
    results = import_paths(Store.open(root), [SAMPLES])
    assert all(result.ok for result in results), [r.message for r in results]
    return root


@pytest.fixture
def sample_store(tmp_path, _sample_store_template) -> Store:
    """A fresh store holding the five samples (copied from one import)."""
    root = tmp_path / "store"
    shutil.copytree(_sample_store_template, root)
    return Store.open(root)
