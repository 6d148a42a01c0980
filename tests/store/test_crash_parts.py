"""kill -9 against the parted index: every file the manifests name is whole.

``test_crash`` proves no acknowledged record is lost; this checks the
layout itself, reading the files directly (no ``Store``): the manifest and
its backup parse, every part they name exists and parses with the row count
the manifest gives, and every item row names a body its shard holds.
"""

from __future__ import annotations

import random

import pytest

from store.database import TABLES_DIR, Store
from test_crash import kill_writer_at_random, structural_problems, temporaries

TRIALS = 20


@pytest.mark.slow
def test_kill_9_never_leaves_a_manifest_naming_a_broken_part(tmp_path):
    rng = random.Random(20240612)
    root = tmp_path / "db"
    acked = 0
    for trial in range(TRIALS):
        counter = Store.open(root).item("k-counter/1")
        start = int(counter.blocks[0].text.split(";")[0].rsplit(" ", 1)[1]) + 1 if counter else 0
        acked += len(kill_writer_at_random(root, start, rng.uniform(0, 0.12)))
        assert structural_problems(root) == [], f"trial {trial}"
        with Store.open(root, create=False).transaction() as writer:
            writer.set_meta("after-trial", trial)
        assert temporaries(root) == []
        assert not list((root / TABLES_DIR).glob(".tmp-*"))
    assert acked > TRIALS
    assert Store.open(root).counts()[0] > TRIALS
