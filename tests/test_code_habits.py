"""The habits CI keeps: ruff (lint and import order) and mypy on the code.

Run as tests so that the README's one test command checks them too; the
settings are in pyproject.toml. ``tests/store/test_import_hygiene.py`` keeps
the other habit: ``store/`` imports neither Textual, Rich nor ``ccpi_tui``;
here ``ccpi_tui`` imports only ``store``'s public face.
"""

import ast
import importlib.util
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


def store_imports(source: str) -> list[str]:
    """What ``source`` imports from the data layer, at any depth (also in
    functions and ``TYPE_CHECKING``): ``store.X`` for a submodule (also
    ``from store import X`` when X is one), ``store:X`` for a name of
    ``store`` itself."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if alias.name.split(".")[0] == "store"]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "store":
            for alias in node.names:
                if node.module != "store":
                    found.append(f"{node.module}.{alias.name}")
                elif importlib.util.find_spec(f"store.{alias.name}") is not None:
                    found.append(f"store.{alias.name}")
                else:
                    found.append(f"store:{alias.name}")
    return found


def test_the_face_finder_finds_submodules():
    source = "import store as s\nfrom store import Item\ndef f():\n    from store.database import Store\n"
    assert store_imports(source) == ["store", "store:Item", "store.database.Store"]
    assert store_imports("from store import index, safe_line") == ["store.index", "store:safe_line"]
    assert store_imports("import store.text") == ["store.text"]


def test_the_app_imports_only_the_store_s_public_face():
    """``ccpi_tui`` reaches the data layer only through the names in
    ``store.__all__``, so another store can sit behind it unseen."""
    import store

    public = {"store", *(f"store:{name}" for name in store.__all__)}
    wrong = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in sorted((ROOT / "ccpi_tui").rglob("*.py"))
        for name in store_imports(path.read_text(encoding="utf-8"))
        if name not in public
    ]
    assert wrong == []


def test_every_public_name_of_the_store_resolves_to_its_home():
    """``store.__all__``, the names it loads lazily (``_HOMES``) and the
    names a type checker sees agree: each public name is found, and is the
    very object its module defines."""
    import importlib

    import store

    defined_here = {name for name in store.__all__ if name in vars(store)}
    assert set(store.__all__) == defined_here | set(store._HOMES)
    for name, (module, attribute) in store._HOMES.items():
        assert getattr(store, name) is getattr(importlib.import_module(module), attribute), name
