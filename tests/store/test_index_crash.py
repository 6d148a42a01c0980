"""kill -9 between the records' commit and the index's, or between the index's
two commits (its search tables, then the rest): nothing lost, nothing wrong shown."""

import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

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

    # "records": the records are committed, the index never is; "search":
    # the search tables are committed, the rest dies half written.
    setattr(index, {"records": "catch_up", "search": "_update_rest"}[sys.argv[2]], die)
    store = Store.open(sys.argv[1])
    with store.transaction() as writer:
        writer.put_meeting(Meeting(id="ccpi-2020-02-01", committee_id="ccpi", committee="CCPI", date="2020-02-01"))
        writer.put_items([Item(id="ccpi-2020-02-01/1", meeting_id="ccpi-2020-02-01", number="1", order=1,
                               title="Parking", blocks=[Block("paragraph", "new meters")])])
    """
)


def parts(root: Path) -> tuple[int | None, int | None]:
    """The generations the search tables and the rest of the index reflect."""
    with sqlite3.connect(root / index.INDEX_FILE) as db:
        meta = index._meta(db)
    return index._search_generation(meta), index._generation(meta)


def indexed_meetings(root: Path) -> dict[str, list[str]]:
    """Each table's meetings (search rows, topic items, across meetings)."""
    with sqlite3.connect(root / index.INDEX_FILE) as db:
        return {
            table: [row[0] for row in db.execute(f"SELECT DISTINCT {column} FROM {table} ORDER BY 1")]  # noqa: S608
            for table, column in (
                ("search_rows", "meeting_id"), ("topic_items", "meeting"), ("across_meetings", "id")
            )
        }


@pytest.mark.parametrize("killed_after", ["records", "search"])
def test_a_record_committed_before_a_kill_is_found_by_the_next_search(tmp_path, killed_after):
    store = Store.open(tmp_path / "db")
    with store.transaction() as writer:
        writer.put_meeting(Meeting(id="ccpi-2020-01-01", committee_id="ccpi", committee="CCPI", date="2020-01-01"))
        writer.put_items([Item(id="ccpi-2020-01-01/1", meeting_id="ccpi-2020-01-01", number="1", order=1,
                               title="Budget", blocks=[Block("paragraph", "gravel meters")])])
    assert [hit.id for hit in SearchIndex.build(store).search("meters")] == ["ccpi-2020-01-01/1"]

    checkout = Path(__file__).parents[2]  # `-c` puts it first on the path, before any installed copy
    done = subprocess.run(
        [sys.executable, "-c", WRITER, str(store.root), killed_after], capture_output=True, check=False, cwd=checkout
    )
    assert done.returncode == -signal.SIGKILL, done.stderr

    searched = 2 if killed_after == "search" else 1
    assert parts(store.root) == (searched, 1), "the index was left behind"
    if killed_after == "records":
        assert index.current_connection(store.root) is None, "the search tables were said current"
    else:
        # Current for searching: answered without the records, the rest behind.
        assert index.current_connection(store.root) is not None
        new = {hit.id for hit in SearchIndex.open(store.root).search("parking")}
        assert new == {"ccpi-2020-02-01/1"} and parts(store.root) == (2, 1)
        assert indexed_meetings(store.root)["across_meetings"] == ["ccpi-2020-01-01"]
    fresh = Store.open(store.root)
    assert fresh.generation == 2, "the record was committed"
    hits = SearchIndex.build(fresh).search("meters")
    assert sorted(hit.id for hit in hits) == ["ccpi-2020-01-01/1", "ccpi-2020-02-01/1"]
    assert {hit.id for hit in SearchIndex.open(store.root).search("parking")} == {"ccpi-2020-02-01/1"}
    assert parts(store.root) == (2, 2)
    both = ["ccpi-2020-01-01", "ccpi-2020-02-01"]
    assert indexed_meetings(store.root) == {"search_rows": both, "topic_items": both, "across_meetings": both}
