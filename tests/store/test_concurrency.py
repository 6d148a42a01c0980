"""Real processes sharing one store: a reader during writes, two writers at once."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import crash_writer as cw
from store.database import Store

HELPER = Path(cw.__file__)


def start(*args: str) -> subprocess.Popen[str]:
    """Start the helper; return once it has opened the store."""
    proc = subprocess.Popen(
        [sys.executable, "-B", str(HELPER), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout.readline() == "ready\n", proc.stderr.read()
    return proc


def finish(proc: subprocess.Popen[str]) -> str:
    """Wait for the helper to exit cleanly; return the rest of its stdout."""
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    return out


@pytest.mark.slow
def test_a_reader_never_sees_a_half_written_store(tmp_path, capsys):
    root = tmp_path / "db"
    Store.open(root)
    stop = tmp_path / "stop"
    reader = start("read", str(root), "--tag", "w", "--stop", str(stop), "--seed", "7", "--meetings", "2")
    writer = start("write", str(root), "--tag", "w", "--transactions", "150", "--meetings", "2")
    acks = finish(writer).splitlines()
    stop.touch()
    figures = json.loads(finish(reader))
    with capsys.disabled():
        print(
            f"\nreader during writes: {len(acks)} transactions committed, "
            f"{figures['reads']} item reads in {figures['loops']} loops, "
            f"{figures['failed']} failed, {figures['meeting_counts_seen']} store sizes seen"
        )
    assert figures["problems"] == [] and figures["failed"] == 0
    assert len(acks) == 150
    # The reader really overlapped the writer: it saw the store grow.
    assert figures["meeting_counts_seen"] > 10 and figures["reads"] > 1000


@pytest.mark.slow
def test_two_writers_at_once_both_land_every_record(tmp_path, capsys):
    root = tmp_path / "db"
    Store.open(root)
    transactions, size = 80, 512
    options = ["--transactions", str(transactions), "--meetings", "1", "--text-bytes", str(size)]
    writers = {tag: start("write", str(root), "--tag", tag, *options) for tag in ("a", "b")}
    acks = {tag: finish(proc).splitlines() for tag, proc in writers.items()}
    store = Store.open(root, create=False)
    missing = []
    for tag in writers:
        for number in range(transactions):
            if store.meeting(cw.meeting_id(tag, number)) != cw.meeting_record(tag, number):
                missing.append(cw.meeting_id(tag, number))
            if store.source(cw.source_record(tag, number).id) != cw.source_record(tag, number):
                missing.append(cw.source_record(tag, number).id)
            for item_id in cw.item_ids(tag, number):
                item = store.item(item_id)
                if item is None or item.blocks[0].text != cw.item_text(item_id, size):
                    missing.append(item_id)
    meetings, items = store.counts()
    committed = store.table_rows("meta")[cw.COUNT_KEY]["value"]
    with capsys.disabled():
        print(
            f"\ntwo writers: {sum(map(len, acks.values()))} transactions acknowledged, "
            f"{committed} counted, {meetings} meetings and {items} items stored, "
            f"{len(missing)} missing"
        )
    assert missing == []
    assert all(len(lines) == transactions for lines in acks.values())
    # Each transaction incremented one shared row: none was lost to a race.
    assert committed == 2 * transactions
    assert (meetings, items) == (2 * transactions, 2 * transactions * cw.ITEMS_PER_MEETING + 2)
