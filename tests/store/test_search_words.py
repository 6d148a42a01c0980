"""The index's word list (``search_words``) and opening a current index without the records."""

import sqlite3

import pytest

from store import index, storage
from store.database import Store
from store.models import Meeting
from store.search import SearchIndex
from store.search import tables as search_tables
from tests.store.test_search_index import put


@pytest.fixture
def store(tmp_path):
    return Store.open(tmp_path / "db")


def words(root):
    """The kept word counts, and the ones FTS5 counts over its whole index."""
    with sqlite3.connect(root / index.INDEX_FILE) as db:
        kept = db.execute("SELECT term, doc FROM search_words ORDER BY term").fetchall()
        counted = db.execute("SELECT term, doc FROM search_vocab ORDER BY term").fetchall()
    return kept, counted


def test_the_kept_counts_follow_every_change_meeting_by_meeting(store, monkeypatch):
    put(store, "2020-01-01", [("Budget", "gravel quarry month1")])
    recounts = []
    monkeypatch.setattr(search_tables, "recount_words", lambda db: recounts.append(db))
    monkeypatch.setattr(index, "RECOUNT_SHARE", 0)  # never cheaper to count afresh
    for month in range(2, 12):
        put(store, f"2020-{month:02d}-01", [("Budget", f"gravel quarry month{month}")])
    put(store, "2020-01-01", [("Café Budget", "sandstone quarry"), ("Parking", "meters")])
    with store.transaction() as writer:
        writer.remove_items(["ccpi-2020-02-01/1"])
    kept, counted = words(store.root)
    assert kept == counted
    assert ("cafe", 1) in kept and ("quarry", 10) in kept and ("month2", 1) not in kept
    assert ("gravel", 9) in kept and not any(term == "month1" for term, _ in kept)
    assert recounts == [], "a small change was counted afresh"


def test_a_change_to_many_meetings_counts_the_words_afresh(store, monkeypatch):
    put(store, "2020-01-01", [("Budget", "gravel")])
    recount = search_tables.recount_words
    recounts = []

    def counted_afresh(db):
        recounts.append(db)
        recount(db)

    monkeypatch.setattr(search_tables, "recount_words", counted_afresh)
    with store.transaction() as writer:
        for month in range(2, 13):
            meeting_id = f"ccpi-2020-{month:02d}-01"
            writer.put_meeting(
                Meeting(id=meeting_id, committee_id="ccpi", committee="CCPI", date=f"2020-{month:02d}-01")
            )
    assert len(recounts) == 1
    kept, counted = words(store.root)
    assert kept == counted and ("gravel", 1) in kept


def test_a_reindex_counts_them_again(store):
    put(store, "2020-01-01", [("Budget", "gravel quarry")])
    with sqlite3.connect(store.root / index.INDEX_FILE) as db:
        db.execute("UPDATE search_words SET doc = 99")
    index.rebuild(store)
    kept, counted = words(store.root)
    assert kept == counted == [("budget", 1), ("gravel", 1), ("quarry", 1)]


def test_a_typo_search_reads_the_word_list_not_the_fts5_vocabulary(store):
    put(store, "2020-01-01", [("Ofsted Inspection", "the report")])
    search = SearchIndex.build(store)
    read = []
    search.db.set_trace_callback(read.append)
    assert [hit.id for hit in search.search("inspectoin")] == ["ccpi-2020-01-01/1"]
    assert read and not any("search_vocab" in statement for statement in read)


def test_a_current_index_is_searched_without_reading_the_records(store, monkeypatch):
    put(store, "2020-01-01", [("Budget", "gravel quarry")])
    parsed = []
    monkeypatch.setattr(storage, "read_json", lambda path: parsed.append(path))
    found = SearchIndex.open(store.root).search("gravel")
    assert [hit.id for hit in found] == ["ccpi-2020-01-01/1"]
    assert parsed == []


def test_an_index_behind_the_records_is_caught_up_before_it_answers(store, monkeypatch):
    put(store, "2020-01-01", [("Budget", "gravel")])
    with monkeypatch.context() as patch:
        patch.setattr(index, "catch_up", lambda *args, **kwargs: None)
        put(store, "2020-02-01", [("Parking", "new meters")])
    assert index.current_connection(store.root) is None
    found = SearchIndex.open(store.root).search("meters")
    assert [hit.id for hit in found] == ["ccpi-2020-02-01/1"]
    assert index.current_connection(store.root) is not None


def test_records_replaced_by_another_copy_are_read_before_answering(store, tmp_path, monkeypatch):
    """A records file that is not the one the index last caught up with
    (restored from a backup, say) is read: its generation decides."""
    put(store, "2020-01-01", [("Budget", "gravel")])
    records = store.root / "records.json"
    copy = tmp_path / "copy.json"
    copy.write_bytes(records.read_bytes())
    copy.replace(records)
    assert index.current_connection(store.root) is None
    assert [hit.id for hit in SearchIndex.open(store.root).search("gravel")] == ["ccpi-2020-01-01/1"]
    # Found to be current with them: the next start need not read them.
    parsed = []
    real_read = storage.read_json
    monkeypatch.setattr(storage, "read_json", lambda path: parsed.append(path) or real_read(path))
    assert [hit.id for hit in SearchIndex.open(store.root).search("gravel")] == ["ccpi-2020-01-01/1"]
    assert parsed == []
