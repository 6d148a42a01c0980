"""The writers' lock (``store.lockfile``): exclusive between holders, also
against ``filelock``'s (an older ccpi-tui writing the same store)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from filelock import FileLock

from store.lockfile import LockTimeout, WriterLock


def test_a_second_holder_waits_then_times_out(tmp_path: Path) -> None:
    first = WriterLock(tmp_path / ".lock", timeout=1)
    second = WriterLock(tmp_path / ".lock", timeout=0.1)
    first.acquire()
    with pytest.raises(LockTimeout):
        second.acquire()
    first.release()
    second.acquire()
    second.release()


def test_threads_exclude_each_other(tmp_path: Path) -> None:
    lock = WriterLock(tmp_path / ".lock", timeout=0.1)
    lock.acquire()
    failed: list[BaseException] = []

    def other() -> None:
        try:
            lock.acquire()
        except LockTimeout as error:
            failed.append(error)

    thread = threading.Thread(target=other)
    thread.start()
    thread.join()
    assert failed, "another thread took a lock this one holds"
    lock.release()


def test_filelock_and_ours_exclude_each_other(tmp_path: Path) -> None:
    theirs = FileLock(tmp_path / ".lock", timeout=0.1)
    ours = WriterLock(tmp_path / ".lock", timeout=0.1)
    with theirs:
        with pytest.raises(LockTimeout):
            ours.acquire()
    ours.acquire()
    with pytest.raises(Exception, match="lock"):
        theirs.acquire()
    ours.release()
    theirs.acquire()
    theirs.release()


def test_release_without_holding_is_harmless(tmp_path: Path) -> None:
    WriterLock(tmp_path / ".lock", timeout=0.1).release()


def test_the_folder_is_made_if_missing(tmp_path: Path) -> None:
    lock = WriterLock(tmp_path / "new" / "store" / ".lock", timeout=0.1)
    lock.acquire()
    assert (tmp_path / "new" / "store" / ".lock").is_file()
    lock.release()
