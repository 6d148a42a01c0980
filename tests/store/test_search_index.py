"""The persisted word index: updates, folding, stale documents."""

import pytest

from store import postings
from store.database import Store
from store.models import Block, Item, Meeting
from store.search import SearchIndex, record_changes


def put(store, day, texts):
    meeting_id = f"ccpi-{day}"
    with store.transaction() as writer:
        writer.put_meeting(Meeting(id=meeting_id, committee_id="ccpi", committee="C", date=day))
        writer.put_items(
            Item(id=f"{meeting_id}/{n}", meeting_id=meeting_id, number=str(n), order=n,
                 title=title, blocks=[Block("paragraph", body)])
            for n, (title, body) in enumerate(texts, start=1)
        )
        record_changes(store, writer)


@pytest.fixture
def store(tmp_path):
    return Store.open(tmp_path / "db")


def ids(store, query):
    return [hit.id for hit in SearchIndex.build(store).search(query)]


def test_a_changed_item_is_found_by_its_new_words_only(store):
    put(store, "2020-01-01", [("Budget", "the gravel quarry")])
    assert ids(store, "gravel") == ["ccpi-2020-01-01/1"]
    put(store, "2020-01-01", [("Budget", "the sandstone quarry")])
    assert ids(store, "gravel") == []
    assert ids(store, "sandstone") == ["ccpi-2020-01-01/1"]


def test_folding_keeps_every_live_document(store, monkeypatch):
    monkeypatch.setattr(postings, "FOLD_FLOOR", 3)
    words = ["alpha", "bravo", "charlie", "quebec", "echo", "foxtrot", "golf"]
    for month, word in enumerate(words, start=1):
        put(store, f"2020-{month:02d}-01", [(f"Report {month}", f"{word} common")])
    files = sorted(p.name for p in (store.root / "search").iterdir())
    assert any(name.endswith(".postings") for name in files)
    assert len(ids(store, "common")) == 7
    assert ids(store, "echo") == ["ccpi-2020-05-01/1"]
    put(store, "2020-05-01", [("Report 5", "replaced text")])
    assert ids(store, "echo") == [] and len(ids(store, "common")) == 6


def test_a_store_without_an_index_is_indexed_on_first_search(store):
    put(store, "2020-01-01", [("Customer Access", "telephony")])
    for path in (store.root / "search").iterdir():
        path.unlink()
    (store.root / "search").rmdir()
    assert ids(store, "custmer") == ["ccpi-2020-01-01/1"]
