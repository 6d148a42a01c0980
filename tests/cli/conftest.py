"""Fixtures for the command-line tests."""

import pytest


@pytest.fixture(autouse=True)
def _no_columns(monkeypatch):
    """Run in-process commands as if piped with no ``COLUMNS`` (rows whole, ``show`` unwrapped).

    pytest-xdist workers export ``COLUMNS=80``; the width rules have their own
    tests in ``test_widths.py``, which set ``COLUMNS`` for each command they run.
    """
    monkeypatch.delenv("COLUMNS", raising=False)


@pytest.fixture
def db(sample_store):
    """The folder of a store holding the five samples."""
    return sample_store.root

