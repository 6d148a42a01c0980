"""The index's meeting rows (``search_meetings``): the meeting list's first page without the records."""

import sqlite3

import pytest

from ccpi_tui.widgets.meeting_list import meeting_rows, rows_of
from store import index
from store.database import Store
from store.models import Meeting
from tests.store.test_search_index import put


@pytest.fixture
def store(tmp_path):
    return Store.open(tmp_path / "db")


def first_page(root, limit):
    db = index.current_connection(root)
    assert db is not None, "the index is not current"
    try:
        return index.newest_meetings(db, limit)
    finally:
        db.close()


def test_the_newest_meetings_follow_every_change_as_the_records_list_them(store):
    for day in ("2020-01-01", "2020-03-01", "2020-02-01"):
        put(store, day, [("Budget", "gravel")])
    put(store, "2020-03-01", [("Budget", "gravel")], committee="ac")  # same date: by id
    with store.transaction() as writer:
        writer.put_meeting(Meeting(id="ccpi-2020-01-01", committee_id="ccpi", committee="Renamed", date="2020-01-01",
                                   holds=["minutes", "report"]))
        writer.put_meeting(Meeting(id="ccpi-2020-04-01", committee_id="ccpi", committee="No items", date="2020-04-01"))
    page = first_page(store.root, 10)
    assert rows_of(page) == meeting_rows(Store.open(store.root))
    assert [row["id"] for row in first_page(store.root, 2)] == ["ccpi-2020-04-01", "ccpi-2020-03-01"]
    assert rows_of(page)[-1].holds == ("minutes", "report")


def test_a_reindex_fills_them_again(store):
    put(store, "2020-01-01", [("Budget", "gravel")])
    with sqlite3.connect(store.root / index.INDEX_FILE) as db:
        db.execute("DELETE FROM search_meetings")
    index.rebuild(store)
    assert [row["id"] for row in first_page(store.root, 5)] == ["ccpi-2020-01-01"]

