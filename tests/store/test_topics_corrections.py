"""The clerk's corrections: stored, applied at once, kept through re-imports
and re-threading."""

import pytest

from ccpi_tui import samples_dir
from store import index
from store.importer import import_paths
from store.topics import (
    TopicError,
    confirm_link,
    move_item,
    reject_link,
    tables,
    thread_view,
)
from store.topics.constraints import stored

PERFORMANCE_2015 = "ccpi-2015-12-10/6"
SUMMARY_2017 = "ccpi-2017-03-07/6"
STRATEGY_2021 = "ccpi-2021-03-02/4"
OFSTED_2015 = "ccpi-2015-12-10/4"
BTLS, HR = "ccpi-2015-12-10/8", "ccpi-2015-12-10/9"
CUSTOMER_2015, CUSTOMER_2017 = "ccpi-2015-12-10/7", "ccpi-2017-03-07/4"
MINUTES_2021 = sorted(samples_dir().glob("*.txt"))[2]


def thread_ids(store, item_id):
    return [link.id for link in thread_view(store, item_id).thread]


def reimport_changed_2021(store, tmp_path):
    """Import a corrected version of the 2021 minutes (one more sentence)."""
    text = MINUTES_2021.read_text(encoding="utf-8").replace(
        "Appendix 'A' provided the latest performance updates",
        "A correction was tabled. Appendix 'A' provided the latest performance updates",
    )
    changed = tmp_path / "2021-corrected.txt"
    changed.write_text(text, encoding="utf-8")
    [result] = import_paths(store, [changed])
    assert result.status == "merged"


def test_rejecting_a_link_takes_the_item_out_of_the_thread(sample_store, tmp_path):
    assert STRATEGY_2021 in thread_ids(sample_store, PERFORMANCE_2015)
    reject_link(sample_store, PERFORMANCE_2015, STRATEGY_2021)
    assert STRATEGY_2021 not in thread_ids(sample_store, PERFORMANCE_2015)
    assert len(thread_ids(sample_store, PERFORMANCE_2015)) == 4
    reimport_changed_2021(sample_store, tmp_path)
    assert STRATEGY_2021 not in thread_ids(sample_store, PERFORMANCE_2015)
    index.rebuild(sample_store)
    assert STRATEGY_2021 not in thread_ids(sample_store, PERFORMANCE_2015)
    assert len(thread_ids(sample_store, PERFORMANCE_2015)) == 4


def test_confirming_a_link_marks_it_and_keeps_it(sample_store):
    confirm_link(sample_store, PERFORMANCE_2015, STRATEGY_2021)
    links = {link.id: link for link in thread_view(sample_store, PERFORMANCE_2015).thread}
    assert links[STRATEGY_2021].status == "confirmed"
    assert links[SUMMARY_2017].status == "auto"
    index.rebuild(sample_store)
    links = {link.id: link for link in thread_view(sample_store, STRATEGY_2021).thread}
    assert links[PERFORMANCE_2015].status == "confirmed"


def test_confirming_two_unlinked_items_puts_them_together(sample_store):
    confirm_link(sample_store, HR, BTLS)
    view = thread_view(sample_store, BTLS)
    assert [link.id for link in view.thread] == [BTLS, HR]
    hr = view.thread[1]
    assert hr.status == "confirmed" and hr.reason == "kept in this thread by the clerk"
    index.rebuild(sample_store)
    assert thread_ids(sample_store, BTLS) == [BTLS, HR]


def test_moving_an_item_survives_reimport_and_rebuild(sample_store, tmp_path):
    target = thread_view(sample_store, CUSTOMER_2015).thread_id
    move_item(sample_store, STRATEGY_2021, target)
    view = thread_view(sample_store, STRATEGY_2021)
    assert view.thread_id == target
    moved = {link.id: link for link in view.thread}[STRATEGY_2021]
    assert moved.reason == "moved into this thread by the clerk" and moved.status == "confirmed"
    assert STRATEGY_2021 not in thread_ids(sample_store, PERFORMANCE_2015)
    reimport_changed_2021(sample_store, tmp_path)
    assert thread_view(sample_store, STRATEGY_2021).thread_id == target
    index.rebuild(sample_store)
    assert thread_ids(sample_store, CUSTOMER_2015) == [CUSTOMER_2015, CUSTOMER_2017, STRATEGY_2021]


def test_a_thread_that_began_alone_says_which_item_came_first(sample_store):
    assert thread_view(sample_store, BTLS).thread[0].reason == "the only item of this thread"
    move_item(sample_store, HR, BTLS)
    first, moved = thread_view(sample_store, BTLS).thread
    assert (first.id, first.reason) == (BTLS, "the first item of this thread")
    assert (moved.id, moved.reason) == (HR, "moved into this thread by the clerk")


def test_a_moved_item_does_not_pull_its_old_thread_after_it(sample_store):
    move_item(sample_store, "ccpi-2017-06-27/r1", CUSTOMER_2015)
    index.rebuild(sample_store)
    assert thread_ids(sample_store, CUSTOMER_2015) == [CUSTOMER_2015, CUSTOMER_2017, "ccpi-2017-06-27/r1"]
    assert "ccpi-2018-10-04/d1" in thread_ids(sample_store, PERFORMANCE_2015)


def test_moving_an_item_to_itself_gives_it_a_thread_of_its_own(sample_store):
    move_item(sample_store, SUMMARY_2017, SUMMARY_2017)
    assert thread_ids(sample_store, SUMMARY_2017) == [SUMMARY_2017]
    assert SUMMARY_2017 not in thread_ids(sample_store, PERFORMANCE_2015)
    index.rebuild(sample_store)
    assert thread_ids(sample_store, SUMMARY_2017) == [SUMMARY_2017]


def test_a_later_correction_replaces_the_one_it_contradicts(sample_store):
    reject_link(sample_store, PERFORMANCE_2015, STRATEGY_2021)
    confirm_link(sample_store, STRATEGY_2021, PERFORMANCE_2015)
    assert STRATEGY_2021 in thread_ids(sample_store, PERFORMANCE_2015)
    assert len(stored(sample_store)) == 1


def test_rejecting_a_related_link_hides_it_both_ways(sample_store):
    assert OFSTED_2015 in {link.id for link in thread_view(sample_store, "ccpi-2018-10-04/d1").related}
    reject_link(sample_store, OFSTED_2015, "ccpi-2018-10-04/d1")
    assert "ccpi-2018-10-04/d1" not in {link.id for link in thread_view(sample_store, OFSTED_2015).related}
    assert OFSTED_2015 not in {link.id for link in thread_view(sample_store, "ccpi-2018-10-04/d1").related}
    assert "ccpi-2017-06-27/r1" in {link.id for link in thread_view(sample_store, OFSTED_2015).related}


def test_confirming_a_related_link_keeps_it_related(sample_store):
    confirm_link(sample_store, OFSTED_2015, "ccpi-2017-06-27/r1")
    view = thread_view(sample_store, OFSTED_2015)
    assert thread_ids(sample_store, OFSTED_2015) == [OFSTED_2015]
    assert {link.id: link.status for link in view.related}["ccpi-2017-06-27/r1"] == "confirmed"


@pytest.mark.parametrize(
    ("call", "args", "message"),
    [
        (confirm_link, ("ccpi-1999-01-01/1", BTLS), "no item"),
        (reject_link, (BTLS, "nonsense"), "no item"),
        (confirm_link, (BTLS, BTLS), "itself"),
        (move_item, (BTLS, "t-no-such-thread"), "no thread or item"),
        (move_item, ("ccpi-2015-12-10/1", BTLS), "standing item"),
        (move_item, (BTLS, "ccpi-2015-12-10/11"), "standing item"),
        (confirm_link, (BTLS, "ccpi-2017-03-07/3"), "standing item"),
    ],
)
def test_impossible_corrections_say_why(sample_store, call, args, message):
    db = index.connection(sample_store)
    before = db.execute("SELECT * FROM topic_threads ORDER BY id").fetchall()
    with pytest.raises(TopicError, match=message):
        call(sample_store, *args)
    assert db.execute("SELECT * FROM topic_threads ORDER BY id").fetchall() == before
    assert not stored(sample_store)


def test_a_correction_stored_before_a_crash_is_applied_by_the_next_catch_up(sample_store, monkeypatch):
    """The records commit first; if the process dies before the index
    catches up, the next reader's catch-up applies the correction."""
    from store.topics.constraints import record

    monkeypatch.setattr(index, "catch_up", lambda *args, **kwargs: None)
    with sample_store.transaction() as writer:
        record(writer, sample_store, "reject", PERFORMANCE_2015, STRATEGY_2021)
    raw = index.connect(sample_store.root)
    assert tables.thread_of(raw, STRATEGY_2021) == tables.thread_of(raw, PERFORMANCE_2015)
    raw.close()
    monkeypatch.undo()
    assert STRATEGY_2021 not in thread_ids(sample_store, PERFORMANCE_2015)
    assert len(thread_ids(sample_store, PERFORMANCE_2015)) == 4


def test_a_correction_taken_back_puts_the_items_back(sample_store):
    move_item(sample_store, CUSTOMER_2017, CUSTOMER_2017)
    assert thread_ids(sample_store, CUSTOMER_2017) == [CUSTOMER_2017]
    with sample_store.transaction() as writer:
        writer.remove_rows("topic_corrections", list(stored(sample_store)))
    assert thread_ids(sample_store, CUSTOMER_2017) == [CUSTOMER_2015, CUSTOMER_2017]
