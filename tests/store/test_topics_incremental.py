"""Importing meetings one at a time, in any order, threads them as a batch
does; one import compares only the new meeting's items."""

import pytest

from ccpi_tui import samples_dir
from store import index
from store.database import Store
from store.importer import import_paths
from store.topics import tables, thread_view, update_topics

SAMPLES = sorted(samples_dir().glob("*.txt"))
BY_DATE = {
    "2015-12-10": SAMPLES[0],
    "2017-06-27": SAMPLES[1],
    "2021-03-02": SAMPLES[2],
    "2017-03-07": SAMPLES[3],
    "2018-10-04": SAMPLES[4],
}


def links(store):
    """Every item's thread, related items and reference targets."""
    found = {}
    for item_id in sorted({s.id for s in store.all_summaries()}):
        view = thread_view(store, item_id)
        found[item_id] = (
            sorted(link.id for link in view.thread),
            sorted(link.id for link in view.related),
            [(ref.kind, ref.date, ref.target) for ref in view.references],
        )
    return found


def topic_rows(store):
    """Every row of the thread and item tables of the topics."""
    db = index.connection(store)
    return [db.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in ("topic_threads", "topic_items")]


def rethread_meetings(store, meeting_ids):
    """Thread these meetings again in the index's own transaction."""
    db = index.connection(store)
    db.execute("BEGIN IMMEDIATE")
    update_topics(db, store, meeting_ids)
    db.execute("COMMIT")


def import_one_by_one(root, dates):
    store = Store.open(root)
    for day in dates:
        [result] = import_paths(store, [BY_DATE[day]])
        assert result.ok
    return store


@pytest.mark.parametrize(
    "order",
    [
        ["2015-12-10", "2017-03-07", "2017-06-27", "2018-10-04", "2021-03-02"],
        ["2021-03-02", "2018-10-04", "2017-06-27", "2017-03-07", "2015-12-10"],
        ["2017-06-27", "2021-03-02", "2015-12-10", "2018-10-04", "2017-03-07"],
        ["2018-10-04", "2017-03-07", "2021-03-02", "2015-12-10", "2017-06-27"],
    ],
)
def test_any_import_order_gives_the_batch_result(sample_store, tmp_path, order):
    store = import_one_by_one(tmp_path / "one-by-one", order)
    assert links(store) == links(sample_store)


def test_a_later_meeting_becomes_the_target_of_an_older_reference(tmp_path):
    store = import_one_by_one(tmp_path / "store", ["2017-03-07"])
    [ref] = thread_view(store, "ccpi-2017-03-07/8").references
    assert (ref.date, ref.target) == ("2017-06-27", None)
    import_paths(store, [BY_DATE["2017-06-27"]])
    [ref] = thread_view(store, "ccpi-2017-03-07/8").references
    assert ref.target == "ccpi-2017-06-27"


def test_a_meeting_named_in_earlier_imported_background_papers_joins_that_thread(tmp_path):
    store = import_one_by_one(tmp_path / "store", ["2017-06-27"])
    assert [link.id for link in thread_view(store, "ccpi-2017-06-27/r1").thread] == ["ccpi-2017-06-27/r1"]
    import_paths(store, [BY_DATE["2017-03-07"]])
    view = thread_view(store, "ccpi-2017-03-07/6")
    assert [link.id for link in view.thread] == ["ccpi-2017-03-07/6", "ccpi-2017-06-27/r1"]
    assert view.thread[0].reason == "named in the background papers of the report for 27 June 2017"


def test_rebuilding_after_one_by_one_imports_changes_no_thread(tmp_path):
    store = import_one_by_one(tmp_path / "store", list(reversed(BY_DATE)))
    before = links(store)
    index.rebuild(store)
    assert links(store) == before


def test_one_meeting_is_threaded_without_reading_the_archive(sample_store, monkeypatch):
    """Update the topics of one meeting: only its own items are listed, and
    only a few other bodies (the threads' nearest items) are read."""
    listed, read = [], []
    items, item = sample_store.items, sample_store.item
    monkeypatch.setattr(sample_store, "items", lambda m: listed.append(m) or items(m))
    monkeypatch.setattr(sample_store, "item", lambda i: read.append(i) or item(i))
    before = links(sample_store)
    listed.clear(), read.clear()
    rethread_meetings(sample_store, ["ccpi-2021-03-02"])
    assert set(listed) == {"ccpi-2021-03-02"}
    others = {i for i in read if not i.startswith("ccpi-2021-03-02/")}
    assert len(others) <= 3, others
    assert links(sample_store) == before


def test_re_threading_a_meeting_twice_changes_nothing(sample_store):
    rethread_meetings(sample_store, ["ccpi-2017-03-07", "ccpi-2015-12-10"])
    first = topic_rows(sample_store)
    rethread_meetings(sample_store, ["ccpi-2017-03-07", "ccpi-2015-12-10"])
    assert topic_rows(sample_store) == first


def test_topic_tables_of_another_layout_are_threaded_again(sample_store):
    """Tables written by another version are not shown, and the next
    import threads the whole archive again."""
    before = links(sample_store)
    tables.set_stat(index.connection(sample_store), "format", 0)
    assert thread_view(sample_store, "ccpi-2015-12-10/6").thread_id is None
    rethread_meetings(sample_store, ["ccpi-2021-03-02"])
    assert links(sample_store) == before
    assert thread_view(sample_store, "ccpi-2015-12-10/6").thread_id is not None


def test_a_deleted_meeting_leaves_the_topic_tables(sample_store):
    gone = "ccpi-2021-03-02"
    with sample_store.transaction() as writer:
        writer.remove_items([s.id for s in sample_store.summaries(gone)])
        writer.remove_rows("meetings", [gone])
        db = index.connection(sample_store)
    assert db.execute("SELECT count(*) FROM topic_items WHERE meeting = ?", (gone,)).fetchone() == (0,)
    assert db.execute("SELECT count(*) FROM topic_meetings WHERE id = ?", (gone,)).fetchone() == (0,)
    members = [row[0] for row in db.execute("SELECT members FROM topic_threads")]
    assert not any(gone in text for text in members)
    assert thread_view(sample_store, "ccpi-2015-12-10/6").thread_id is not None


def test_the_topic_tables_are_in_the_one_index_file(sample_store):
    db = index.connection(sample_store)
    [(path,)] = [(row[2],) for row in db.execute("PRAGMA database_list")]
    assert path == str(sample_store.root / index.INDEX_FILE)
    shown = {thread_view(sample_store, s.id).thread_id for s in sample_store.all_summaries()}
    assert {row[0] for row in db.execute("SELECT id FROM topic_threads")} == shown - {None}
    assert not [p.name for p in sample_store.root.rglob("*topic*")]
