"""kill -9 against the parted index: every file the manifests name is whole.

``test_crash`` proves no acknowledged record is lost; this checks the
layout itself, reading the files directly (no ``Store``): the manifest and
its backup parse, every part they name exists and parses with the row count
the manifest gives, and every item row names a body its shard holds.
"""

from __future__ import annotations

import random

import orjson
import pytest

from store.database import BODIES_DIR, INDEX_NAME, TABLES_DIR, Store, shard_of
from test_crash import kill_writer_at_random, temporaries

TRIALS = 20


def layout_problems(root) -> list[str]:
    """What does not hold together in the store at ``root``."""
    problems = []
    for name in (INDEX_NAME, f"{INDEX_NAME}.bak"):
        path = root / name
        if not path.exists():
            continue
        manifest = orjson.loads(path.read_bytes())
        items: dict[str, dict] = {}
        for table, parts in manifest["tables"].items():
            for number, (file, count) in parts.items():
                try:
                    rows = orjson.loads((root / TABLES_DIR / file).read_bytes())
                except (OSError, orjson.JSONDecodeError) as error:
                    problems.append(f"{name}: {table} part {number}: {error}")
                    continue
                if len(rows) != count:
                    problems.append(f"{name}: {table} part {number}: {len(rows)} rows, not {count}")
                if table == "items" and name == INDEX_NAME:
                    items.update(rows)
        shards: dict[int, dict] = {}
        for item_id, row in items.items():
            number = shard_of(row["meeting_id"])
            if number not in shards:
                path = root / BODIES_DIR / f"{number:03d}.json"
                shards[number] = orjson.loads(path.read_bytes()).get("bodies", {})
            if row["body"] not in shards[number]:
                problems.append(f"{item_id}: body {row['body']} missing")
    return problems


@pytest.mark.slow
def test_kill_9_never_leaves_a_manifest_naming_a_broken_part(tmp_path):
    rng = random.Random(20240612)
    root = tmp_path / "db"
    acked = 0
    for trial in range(TRIALS):
        counter = Store.open(root).item("k-counter/1")
        start = int(counter.blocks[0].text.split(";")[0].rsplit(" ", 1)[1]) + 1 if counter else 0
        acked += len(kill_writer_at_random(root, start, rng.uniform(0, 0.12)))
        assert layout_problems(root) == [], f"trial {trial}"
        with Store.open(root, create=False).transaction() as writer:
            writer.set_meta("after-trial", trial)
        assert temporaries(root) == []
        assert not list((root / TABLES_DIR).glob(".tmp-*"))
    assert acked > TRIALS
    assert Store.open(root).counts()[0] > TRIALS
