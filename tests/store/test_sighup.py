"""An SSH session that drops sends SIGHUP: nothing acknowledged may be lost.

Real processes in real pseudo-terminals: an import hung up at several
moments, and the app hung up while another process imports into the same
store.
"""

import re
import signal
import sys
import time

import pexpect
import pytest

from bench.generate import generate
from store.database import Store

pytestmark = pytest.mark.slow
# "imported  text  PATH -> MEETING": status, the document's format, its path, the meeting.
ACK = re.compile(r"^(imported|merged|unchanged)\s+\S+\s+\S+ -> (\S+)$", re.MULTILINE)


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    folder = tmp_path_factory.mktemp("archive")
    generate(folder, meetings=40, seed=7)
    return folder


def default_hangup():
    """The child dies of SIGHUP as a real session's would, even when the
    test runner was started ignoring it (``nohup``, which children inherit)."""
    signal.signal(signal.SIGHUP, signal.SIG_DFL)


def spawn(*args, **kwargs):
    return pexpect.spawn(
        sys.executable,
        ["-m", "ccpi_tui", *map(str, args)],
        encoding="utf-8",
        dimensions=(24, 80),
        env={"NO_COLOR": "1", "TERM": "xterm-256color", "PATH": "/usr/bin:/bin"},
        timeout=60,
        preexec_fn=default_hangup,
        **kwargs,
    )


def acknowledged(output: str) -> set[str]:
    return {match.group(2) for match in ACK.finditer(output.replace("\r\n", "\n"))}


@pytest.mark.parametrize("delay", [0.2, 0.6, 1.0, 1.5, 3.0])
def test_hanging_up_an_import_keeps_everything_it_acknowledged(tmp_path, archive, delay):
    db = tmp_path / "db"
    child = spawn("--db", db, "import", archive)
    time.sleep(delay)
    child.kill(signal.SIGHUP)
    output = child.read() if child.isalive() else (child.before or "") + child.read()
    child.wait()
    store = Store.open(db)
    stored = {meeting.id for meeting in store.meetings()}
    told = acknowledged(output)
    print(f"SIGHUP after {delay}s: {len(told)} meetings acknowledged, {len(stored)} stored")
    assert told <= stored
    for meeting_id in stored:
        for summary in store.summaries(meeting_id):
            assert store.item(summary.id) is not None


def test_hanging_up_the_app_during_an_import_loses_nothing(tmp_path, archive):
    db = tmp_path / "db"
    Store.open(db)
    app = spawn("--db", db)
    app.expect("Meetings", timeout=30)
    importer = spawn("--db", db, "import", archive)
    time.sleep(0.5)
    app.kill(signal.SIGHUP)
    app.expect(pexpect.EOF, timeout=30)  # a hang fails here instead of stalling the suite
    app.wait()
    importer.expect(pexpect.EOF, timeout=120)
    output = importer.before
    importer.wait()
    assert importer.exitstatus == 0, output[-500:]
    stored = {meeting.id for meeting in Store.open(db).meetings()}
    told = acknowledged(output)
    print(f"app hung up during import: {len(told)} acknowledged, {len(stored)} stored")
    assert told and told <= stored
