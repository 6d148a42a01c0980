"""``ccpi-tui serve`` without a browser: its choices, its warning, its refusals."""

from __future__ import annotations

import os
import shlex
import socket
import subprocess
import sys

import pytest

from ccpi_tui.serve import (
    WEB_ENV,
    WebMode,
    exposure_warning,
    public_url,
    session_command,
)
from store.database import Store


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "localhost", "::1"])
def test_loopback_addresses_get_no_warning(host):
    assert exposure_warning(host, 8000) is None


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "files.example.org"])
def test_other_addresses_warn_that_anyone_can_read_the_archive(host):
    warning = exposure_warning(host, 8000)
    assert warning is not None and "anyone who can reach" in warning and f"{host}:8000" in warning
    assert warning.count(". ") == 0


def test_every_address_is_told_to_the_browser_as_this_machine():
    assert public_url("0.0.0.0", 8123) == f"http://{socket.gethostname()}:8123"
    assert public_url("::1", 8123) == "http://[::1]:8123"
    assert public_url("10.0.0.5", 80) == "http://10.0.0.5:80"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, None), ("read-only", WebMode(False)), ("edits", WebMode(True)), ("yes please", WebMode(False))],
)
def test_web_mode_from_the_environment(value, expected):
    environ = {} if value is None else {WEB_ENV: value}
    assert WebMode.from_environment(environ) == expected


@pytest.mark.parametrize(("allow", "mode"), [(False, "read-only"), (True, "edits")])
def test_each_session_runs_the_app_on_the_store_in_its_mode(tmp_path, allow, mode):
    words = shlex.split(session_command(tmp_path / "my store", allow))
    assert words == ["exec", "env", f"{WEB_ENV}={mode}", sys.executable, "-m", "ccpi_tui", "--db", str(tmp_path / "my store")]


def ccpi(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ccpi_tui", *args], check=False, capture_output=True, text=True, env={**os.environ, **env}, timeout=60
    )


@pytest.mark.parametrize(
    "command",
    [
        ["import", "--samples"],
        ["thread", "ccpi-2015-12-10/4", "--reject", "ccpi-2017-03-07/6"],
        ["people", "mein", "--split", "Mein"],
        ["followups", "--mark", "ccpi-2017-03-07/5#1", "dropped"],
    ],
    ids=["import", "correction", "person", "follow-up"],
)
def test_read_only_session_refuses_changes_and_changes_nothing(sample_store, command):
    root = sample_store.root
    before = {path: path.read_bytes() for path in root.rglob("*") if path.is_file()}
    result = ccpi("--db", str(root), *command, env={WEB_ENV: "read-only"})
    assert result.returncode == 2
    assert result.stderr == f"ccpi-tui: {WebMode.REFUSAL}\n"
    assert {path: path.read_bytes() for path in root.rglob("*") if path.is_file()} == before


def test_allow_edits_session_may_import(tmp_path):
    result = ccpi("--db", str(tmp_path / "store"), "import", "--samples", env={WEB_ENV: "edits"})
    assert result.returncode == 0, result.stderr
    assert len(Store.open(tmp_path / "store").meetings()) == 5


@pytest.mark.slow
def test_serve_on_another_address_warns_and_a_busy_port_is_one_sentence(sample_store):
    with socket.socket() as busy:
        busy.bind(("0.0.0.0", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = ccpi("--db", str(sample_store.root), "serve", "--host", "0.0.0.0", "--port", str(port), env={})
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines == [f"ccpi-tui: {exposure_warning('0.0.0.0', port)}", lines[1]]
    assert lines[1].startswith(f"ccpi-tui: Cannot serve on 0.0.0.0:{port}: ")


def test_serve_on_a_file_instead_of_a_store_is_one_sentence(tmp_path):
    bad = tmp_path / "not-a-store"
    bad.write_text("x")
    result = ccpi("--db", str(bad), "serve", "--port", "1", env={})
    assert result.returncode == 2
    assert result.stderr == f"ccpi-tui: The store path {bad} is a file, not a folder.\n"


def test_prepare_makes_a_missing_index_and_leaves_a_current_one_as_it_is(sample_store, capfd):
    from ccpi_tui.serve import prepare
    from store import index

    for path in sample_store.root.glob(index.INDEX_FILE + "*"):
        path.unlink()
    child = prepare(sample_store.root)
    assert child.communicate(timeout=60) == (None, "") and child.returncode == 0
    assert index.current_connection(sample_store.root) is not None
    assert capfd.readouterr().out == "Rebuilding the search index of 5 meetings before serving...\n"
    records = sample_store.root / "records.json"
    before = records.stat().st_mtime_ns
    child = prepare(sample_store.root)
    assert child.communicate(timeout=60) == (None, "") and child.returncode == 0
    assert records.stat().st_mtime_ns == before
    assert capfd.readouterr().out == ""


def test_prepare_complains_of_records_that_do_not_parse_in_one_sentence(sample_store):
    from ccpi_tui.serve import prepare

    (sample_store.root / "records.json").write_text("{not json")
    child = prepare(sample_store.root)
    _, complaint = child.communicate(timeout=60)
    assert child.returncode == 1 and complaint.count("\n") == 1 and "records" in complaint.casefold()


def test_the_web_server_import_leaves_tls_certificates_as_they_were():
    import ssl

    from ccpi_tui.serve import web_server

    load, verify = ssl.SSLContext.load_default_certs, ssl.SSLContext.set_default_verify_paths
    assert web_server().__name__ == "ArchiveServer"
    assert (ssl.SSLContext.load_default_certs, ssl.SSLContext.set_default_verify_paths) == (load, verify)
