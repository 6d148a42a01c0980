"""kill -9 between the records' commit and the index's: nothing lost, nothing wrong shown."""

import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

from store import index
from store.database import Store
from store.models import Block, Item, Meeting
from store.search import SearchIndex

WRITER = textwrap.dedent(
    """
    import os, signal, sys
    from store import index
    from store.database import Store
    from store.models import Block, Item, Meeting

    def die(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)

    index.catch_up = die  # the records are committed, the index never is
    store = Store.open(sys.argv[1])
    with store.transaction() as writer:
        writer.put_meeting(Meeting(id="ccpi-2020-02-01", committee_id="ccpi", committee="CCPI", date="2020-02-01"))
        writer.put_items([Item(id="ccpi-2020-02-01/1", meeting_id="ccpi-2020-02-01", number="1", order=1,
                               title="Parking", blocks=[Block("paragraph", "new meters")])])
    """
)


def test_a_record_committed_before_a_kill_is_found_by_the_next_search(tmp_path):
    store = Store.open(tmp_path / "db")
    with store.transaction() as writer:
        writer.put_meeting(Meeting(id="ccpi-2020-01-01", committee_id="ccpi", committee="CCPI", date="2020-01-01"))
        writer.put_items([Item(id="ccpi-2020-01-01/1", meeting_id="ccpi-2020-01-01", number="1", order=1,
                               title="Budget", blocks=[Block("paragraph", "gravel meters")])])
    assert [hit.id for hit in SearchIndex.build(store).search("meters")] == ["ccpi-2020-01-01/1"]

    checkout = Path(__file__).parents[2]  # `-c` puts it first on the path, before any installed copy
    done = subprocess.run(
        [sys.executable, "-c", WRITER, str(store.root)], capture_output=True, check=False, cwd=checkout
    )
    assert done.returncode == -signal.SIGKILL, done.stderr

    with sqlite3.connect(store.root / index.INDEX_FILE) as db:
        assert index.generation(db) == 1, "the index was left behind"
    fresh = Store.open(store.root)
    assert fresh.generation == 2, "the record was committed"
    hits = SearchIndex.open(store.root).search("meters")
    assert sorted(hit.id for hit in hits) == ["ccpi-2020-01-01/1", "ccpi-2020-02-01/1"]
    assert {hit.id for hit in SearchIndex.open(store.root).search("parking")} == {"ccpi-2020-02-01/1"}
