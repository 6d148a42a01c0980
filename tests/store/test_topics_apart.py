"""A whole archive's topics threaded in a forked child (``rebuilding``) give
the rows threading in the process gives; a child that fails is survived."""

import os
import sqlite3
import threading

import pytest

from store import index
from store.database import Store
from store.topics import run, tables

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")


def every_topic_row(store):
    """Every row of every topic table, with row ids where a table has them."""
    db = index.connection(store)
    names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'topic%'")]
    found = {}
    for name in sorted(names):
        try:
            found[name] = db.execute(f"SELECT rowid, * FROM {name} ORDER BY rowid").fetchall()
        except Exception:  # noqa: BLE001 - WITHOUT ROWID
            found[name] = sorted(db.execute(f"SELECT * FROM {name}").fetchall())
    return found


def rebuilt_in_transaction(store):
    """Rebuild the topics through ``rebuilding`` in the index's transaction."""
    db = index.connection(store)
    db.execute("BEGIN IMMEDIATE")
    with run.rebuilding(store) as rebuild:
        forked = rebuild.pid is not None
        rebuild.finish(db)
    db.execute("COMMIT")
    return rebuild, forked


def test_a_rebuild_apart_gives_the_rows_of_one_in_the_process(sample_store, monkeypatch):
    monkeypatch.setattr(run, "APART_MEETINGS", 10**9)
    index.rebuild(sample_store)
    here = every_topic_row(sample_store)
    assert here["topic_threads"] and here["topic_heads"]
    monkeypatch.setattr(run, "APART_MEETINGS", 1)
    db = index.connection(sample_store)
    db.execute("BEGIN IMMEDIATE")
    tables.clear(db)
    db.execute("COMMIT")
    rebuild, forked = rebuilt_in_transaction(sample_store)
    assert forked and not rebuild.failed
    assert every_topic_row(sample_store) == here
    # Again on the same connection: the first child's database is detached.
    rebuild, forked = rebuilt_in_transaction(sample_store)
    assert forked and not rebuild.failed
    assert every_topic_row(sample_store) == here
    attached = [row[1] for row in index.connection(sample_store).execute("PRAGMA database_list")]
    assert attached.count(run._APART) == 1


def test_a_whole_rebuild_of_the_index_threads_apart(sample_store, monkeypatch):
    monkeypatch.setattr(run, "APART_MEETINGS", 10**9)
    index.rebuild(sample_store)
    here = every_topic_row(sample_store)
    started = []
    real = run.Rebuild.__init__

    def noted(self, *args, **kwargs):
        real(self, *args, **kwargs)
        started.append(self.pid)

    monkeypatch.setattr(run.Rebuild, "__init__", noted)
    monkeypatch.setattr(run, "APART_MEETINGS", 1)
    index.rebuild(sample_store)
    assert started and started[0] is not None
    assert every_topic_row(sample_store) == here


def test_a_child_that_fails_is_threaded_again_here(sample_store, monkeypatch):
    monkeypatch.setattr(run, "APART_MEETINGS", 10**9)
    index.rebuild(sample_store)
    here = every_topic_row(sample_store)
    monkeypatch.setattr(run, "APART_MEETINGS", 1)

    def broken(*args, **kwargs):
        raise RuntimeError("the child could not open the store")

    monkeypatch.setattr(Store, "open", broken)  # only the child opens the store again
    rebuild, forked = rebuilt_in_transaction(sample_store)
    assert forked
    assert "could not open the store" in rebuild.failed
    assert every_topic_row(sample_store) == here


def test_no_child_while_another_thread_runs(sample_store, monkeypatch):
    monkeypatch.setattr(run, "APART_MEETINGS", 1)
    release = threading.Event()
    other = threading.Thread(target=release.wait, name="app-worker")
    other.start()
    try:
        with run.rebuilding(sample_store) as rebuild:
            assert rebuild.pid is None
    finally:
        release.set()
        other.join()
    with run.rebuilding(sample_store) as rebuild:
        assert rebuild.pid is not None


def test_an_error_meanwhile_ends_the_child_and_deletes_its_files(sample_store, monkeypatch):
    monkeypatch.setattr(run, "APART_MEETINGS", 1)
    with pytest.raises(KeyError), run.rebuilding(sample_store) as rebuild:
        pid, folder = rebuild.pid, rebuild.folder
        assert pid is not None and folder is not None and folder.is_dir()
        raise KeyError("the search tables failed")
    assert not folder.exists()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


KILLED_PARENT = """
import os, signal, sys, time
from store.database import Store
from store.topics import run
run.APART_MEETINGS = 1
run.rebuild_topics = lambda *args, **kwargs: time.sleep(60)  # the child's threading, slow
with run.rebuilding(Store.open(sys.argv[1], create=False)) as rebuild:
    print(rebuild.pid, os.getpid(), flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
"""


def running(pid):
    try:
        state = open(f"/proc/{pid}/status").read()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in state


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs Linux's /proc")
def test_a_killed_parent_leaves_no_child_threading(sample_store, monkeypatch):
    import subprocess
    import sys
    import time
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-c", KILLED_PARENT, str(sample_store.root)],
        capture_output=True, text=True, cwd=root, timeout=60, check=False,
    )
    child = int(out.stdout.split()[0])
    deadline = time.monotonic() + 10
    while running(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not running(child)
    # Its folder is left, and the next rebuild apart deletes it.
    import tempfile

    left = list(Path(tempfile.gettempdir()).glob(f"ccpi-topics-{out.stdout.split()[1]}-*"))
    assert len(left) == 1
    monkeypatch.setattr(run, "APART_MEETINGS", 1)
    with run.rebuilding(sample_store) as rebuild:
        assert rebuild.pid is not None
    assert not left[0].exists()


def test_tables_that_cannot_be_copied_are_threaded_again_here(sample_store, monkeypatch):
    monkeypatch.setattr(run, "APART_MEETINGS", 10**9)
    index.rebuild(sample_store)
    here = every_topic_row(sample_store)
    monkeypatch.setattr(run, "APART_MEETINGS", 1)
    monkeypatch.setattr(run, "_APART_FILE", "missing/topics.sqlite")  # the child cannot write it either
    rebuild, forked = rebuilt_in_transaction(sample_store)
    assert forked and rebuild.failed
    assert every_topic_row(sample_store) == here

    def broken(path, db):
        db.execute("DELETE FROM topic_threads")
        raise sqlite3.OperationalError("too many attached databases")

    monkeypatch.setattr(run, "_APART_FILE", "topics.sqlite")
    monkeypatch.setattr(run, "_copy_tables", broken)
    rebuild, forked = rebuilt_in_transaction(sample_store)
    assert "could not be copied" in rebuild.failed
    assert every_topic_row(sample_store) == here
