"""The atomic TinyDB storage: parse once, replace whole, never touch a corrupt file."""

import os

import orjson
import pytest

from store.storage import (
    AtomicJSONStorage,
    StoreCorrupt,
    StoreError,
    atomic_write_bytes,
)


def test_write_outside_a_transaction_is_refused(tmp_path):
    storage = AtomicJSONStorage(tmp_path / "db.json")
    with pytest.raises(StoreError):
        storage.write({"t": {}})
    assert not (tmp_path / "db.json").exists()


def test_flush_replaces_the_file_whole_and_keeps_a_backup(tmp_path):
    path = tmp_path / "db.json"
    storage = AtomicJSONStorage(path, backup=True)
    for value in (1, 2):
        storage.in_transaction = True
        storage.write({"t": {"a": {"v": value}}})
        storage.flush()
        storage.in_transaction = False
    assert orjson.loads(path.read_bytes()) == {"t": {"a": {"v": 2}}}
    assert orjson.loads((tmp_path / "db.json.bak").read_bytes()) == {"t": {"a": {"v": 1}}}
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".tmp-")] == []


def test_read_parses_once_and_notices_another_writer(tmp_path):
    path = tmp_path / "db.json"
    path.write_bytes(b'{"t": {"a": {"v": 1}}}')
    storage = AtomicJSONStorage(path)
    first = storage.read()
    assert storage.read() is first  # served from memory
    atomic_write_bytes(path, b'{"t": {"a": {"v": 2}}}')
    assert storage.read()["t"]["a"]["v"] == 2


@pytest.mark.parametrize("content", [b"{not json", b"[1, 2]", b'{"t": 3}', b"\x00\xff"])
def test_a_corrupt_file_is_reported_and_left_alone(tmp_path, content):
    path = tmp_path / "db.json"
    path.write_bytes(content)
    with pytest.raises(StoreCorrupt) as caught:
        AtomicJSONStorage(path).read()
    assert str(path) in str(caught.value)
    assert path.read_bytes() == content


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "db.json"
    path.write_bytes(b'{"t": {}}')

    def broken_replace(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        atomic_write_bytes(path, b'{"t": {"new": {}}}')
    assert path.read_bytes() == b'{"t": {}}'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["db.json"]
