"""The habits CI keeps: ruff (lint and import order) and mypy on the code.

Run as tests so that the README's one test command checks them too; the
settings are in pyproject.toml. ``tests/store/test_import_hygiene.py`` keeps
the other habit: ``store/`` imports neither Textual, Rich nor ``ccpi_tui``.
"""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
#: What mypy checks; ruff also checks the benchmarks.
CHECKED = ["store", "ccpi_tui"]
LINTED = [*CHECKED, "bench"]


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_ruff_finds_nothing():
    result = run("ruff", "check", "--no-cache", "--output-format", "concise", *LINTED)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_mypy_finds_nothing():
    result = run("mypy", "--no-incremental", *CHECKED)
    assert result.returncode == 0, result.stdout + result.stderr
