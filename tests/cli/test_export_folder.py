"""``export ID`` without ``-o``: the export folder at a terminal, stdout in a pipe."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "Documents").mkdir()
    (tmp_path / "config").mkdir()
    return {
        **os.environ,
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DOCUMENTS_DIR": str(tmp_path / "Documents"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
    }


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    folder = tmp_path / "checkout"
    folder.mkdir()
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    return folder


def _at_a_terminal(argv: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """Run the real command with its standard output on a pseudo-terminal."""
    leader, follower = os.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "ccpi_tui", *argv],
            stdout=follower, stderr=subprocess.PIPE, env=env, cwd=cwd, timeout=120,
        )
    finally:
        os.close(follower)
        os.close(leader)
    return done


def test_export_at_a_terminal_writes_to_the_documents_folder(sample_store, env, checkout: Path, tmp_path: Path) -> None:
    done = _at_a_terminal(["--db", str(sample_store.root), "export", "ccpi-2015-12-10/4"], env, checkout)
    assert done.returncode == 0, done.stderr
    (written,) = (tmp_path / "Documents" / "ccpi-tui").iterdir()
    assert done.stderr.decode().strip() == f"Wrote {written}"
    assert written.read_text(encoding="utf-8").startswith("---\n")
    assert [path.name for path in checkout.iterdir()] == [".git"]


def test_export_in_a_pipe_still_writes_stdout(sample_store, env, checkout: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ccpi_tui", "--db", str(sample_store.root), "export", "ccpi-2015-12-10/4"],
        capture_output=True, env=env, cwd=checkout, timeout=120,
    )
    assert done.returncode == 0 and done.stdout.startswith(b"---\n")
    assert not (tmp_path / "Documents" / "ccpi-tui").exists()


def test_export_dir_option_names_the_folder_even_in_a_pipe(sample_store, env, checkout: Path, tmp_path: Path) -> None:
    named = tmp_path / "named"
    named.mkdir()
    argv = ["--db", str(sample_store.root), "--export-dir", str(named), "export", "ccpi-2015-12-10/4"]
    done = subprocess.run([sys.executable, "-m", "ccpi_tui", *argv], capture_output=True, env=env, cwd=checkout, timeout=120)
    assert done.returncode == 0 and done.stdout == b""
    (written,) = named.iterdir()
    assert done.stderr.decode().strip() == f"Wrote {written}"


def test_a_bad_settings_file_is_one_sentence_at_the_terminal(sample_store, env, checkout: Path, tmp_path: Path) -> None:
    settings = tmp_path / "config" / "ccpi-tui" / "settings.toml"
    settings.parent.mkdir()
    settings.write_text("theme = = 3\n", encoding="utf-8")
    done = _at_a_terminal(["--db", str(sample_store.root), "export", "ccpi-2015-12-10/4"], env, checkout)
    first, wrote = done.stderr.decode().strip().splitlines()
    assert first == f"The settings file {settings} is not valid TOML at line 1; using the defaults."
    assert wrote.startswith(f"Wrote {tmp_path / 'Documents' / 'ccpi-tui'}")
