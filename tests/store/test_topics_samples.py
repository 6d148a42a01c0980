"""Threads, related sections and references on the five sample documents."""

from pathlib import Path

import pytest

from bench.topics_quality import labelled_links, load_labels, measure, table
from store import index
from store.topics import thread_view

LABELS = Path(__file__).with_name("topics_labels.json")

CUSTOMER_2015, CUSTOMER_2017 = "ccpi-2015-12-10/7", "ccpi-2017-03-07/4"
PERFORMANCE = ["ccpi-2015-12-10/6", "ccpi-2017-03-07/6", "ccpi-2017-06-27/r1", "ccpi-2018-10-04/d1"]
STRATEGY_2021 = "ccpi-2021-03-02/4"
OFSTED_2015 = "ccpi-2015-12-10/4"
BTLS, HR = "ccpi-2015-12-10/8", "ccpi-2015-12-10/9"


def thread_ids(store, item_id):
    return [link.id for link in thread_view(store, item_id).thread]


def partition(store):
    """Every thread as a frozen set of items."""
    return {
        frozenset(thread_ids(store, item_id))
        for item_id in {s.id for s in store.all_summaries()}
        if thread_view(store, item_id).thread_id is not None
    }


def test_customer_access_items_share_a_thread(sample_store):
    assert thread_ids(sample_store, CUSTOMER_2015) == [CUSTOMER_2015, CUSTOMER_2017]
    link = thread_view(sample_store, CUSTOMER_2015).thread[1]
    assert link.reason == "same title" and link.score == 100


def test_the_performance_report_series_shares_a_thread(sample_store):
    view = thread_view(sample_store, PERFORMANCE[0])
    assert [link.id for link in view.thread] == [*PERFORMANCE, STRATEGY_2021]
    assert [link.date for link in view.thread] == sorted(link.date for link in view.thread)
    reasons = {link.id: link.reason for link in view.thread}
    assert reasons["ccpi-2018-10-04/d1"] == "same title once the quarter is removed"
    assert reasons["ccpi-2017-03-07/6"] == "named in the background papers of the report for 27 June 2017"
    assert "similar title" in reasons[STRATEGY_2021]
    assert "Donna Talbot" in reasons[STRATEGY_2021]


def test_every_item_of_a_thread_sees_the_same_thread(sample_store):
    first = thread_view(sample_store, PERFORMANCE[0])
    for item_id in [*PERFORMANCE, STRATEGY_2021]:
        view = thread_view(sample_store, item_id)
        assert view.thread_id == first.thread_id
        assert [link.id for link in view.thread] == [link.id for link in first.thread]


def test_the_2015_ofsted_inspection_reaches_the_later_updates(sample_store):
    view = thread_view(sample_store, OFSTED_2015)
    related = {link.id: link for link in view.related}
    assert {"ccpi-2017-06-27/r1", "ccpi-2018-10-04/d1"} <= set(related)
    assert "Ofsted Post Inspection Update" in related["ccpi-2017-06-27/r1"].reason
    back = {link.id for link in thread_view(sample_store, "ccpi-2018-10-04/d1").related}
    assert OFSTED_2015 in back


def test_the_2021_customer_access_section_is_related_to_that_thread(sample_store):
    related = {link.id for link in thread_view(sample_store, STRATEGY_2021).related}
    assert {CUSTOMER_2015, CUSTOMER_2017} <= related
    assert STRATEGY_2021 in {link.id for link in thread_view(sample_store, CUSTOMER_2017).related}


def test_no_standing_item_is_in_a_thread(sample_store):
    standing = {s.id for s in sample_store.all_summaries() if s.standing is not None}
    assert len(standing) == 15
    threaded = set().union(*partition(sample_store))
    assert not standing & threaded
    for item_id in standing:
        view = thread_view(sample_store, item_id)
        assert view.thread_id is None
        assert [link.id for link in view.thread] == [item_id]


def test_btls_governance_and_the_hr_health_check_stay_apart(sample_store):
    assert thread_ids(sample_store, BTLS) == [BTLS]
    assert thread_ids(sample_store, HR) == [HR]
    related = {link.id for link in thread_view(sample_store, BTLS).related}
    assert HR not in related


def test_minutes_of_a_meeting_not_in_the_archive_keep_their_date(sample_store):
    [ref] = thread_view(sample_store, "ccpi-2015-12-10/3").references
    assert (ref.kind, ref.date, ref.target) == ("previous-minutes", "2015-10-05", None)
    assert "5 October 2015" in ref.text


def test_the_next_meeting_resolves_to_the_stored_meeting(sample_store):
    [ref] = thread_view(sample_store, "ccpi-2017-03-07/8").references
    assert (ref.kind, ref.date, ref.target) == ("next-meeting", "2017-06-27", "ccpi-2017-06-27")


def test_the_reports_background_papers_resolve_when_stored(sample_store):
    refs = thread_view(sample_store, "ccpi-2017-06-27/r1").references
    found = {(ref.kind, ref.date): ref.target for ref in refs}
    assert found == {
        ("background-paper", "2016-12-05"): None,
        ("background-paper", "2016-10-25"): None,
        ("background-paper", "2017-03-07"): "ccpi-2017-03-07/6",
    }


def test_a_decision_points_at_its_meeting(sample_store):
    [ref] = thread_view(sample_store, "ccpi-2018-10-04/d1").references
    assert (ref.kind, ref.target) == ("decided-at", "ccpi-2018-10-04")


def test_every_link_has_a_score_and_a_reason(sample_store):
    for item_id in {s.id for s in sample_store.all_summaries()}:
        view = thread_view(sample_store, item_id)
        for link in [*view.thread, *view.related]:
            assert 0 < link.score <= 100
            assert link.reason and link.status in ("auto", "confirmed")
            assert link.date and link.title


def test_precision_and_recall_against_the_labels(sample_store, capsys):
    scores = measure(sample_store, load_labels(LABELS))
    with capsys.disabled():
        print("\n" + table(scores))
    for kind, score in scores.items():
        assert score.precision >= 0.9, kind
        assert score.recall >= 0.9, kind


def test_the_labels_cover_every_substantive_item(sample_store):
    labels = load_labels(LABELS)
    labelled = {item for thread in labels["threads"] for item in thread["items"]}
    standing = set(labels["standing"])
    assert labelled | standing == set({s.id for s in sample_store.all_summaries()})
    assert not labelled & standing
    assert len(labelled_links(labels)["threads"]) == 11


def test_rebuilding_gives_the_same_threads(sample_store):
    before = partition(sample_store)
    related = {item: thread_view(sample_store, item).related for item in {s.id for s in sample_store.all_summaries()}}
    index.rebuild(sample_store)
    assert partition(sample_store) == before
    after = {item: thread_view(sample_store, item).related for item in {s.id for s in sample_store.all_summaries()}}
    assert {k: [link.id for link in v] for k, v in after.items()} == {
        k: [link.id for link in v] for k, v in related.items()
    }


@pytest.mark.parametrize("item_id", [OFSTED_2015, STRATEGY_2021, "ccpi-2017-06-27/r1"])
def test_the_view_has_the_command_line_json_types(sample_store, item_id):
    view = thread_view(sample_store, item_id)
    for link in [*view.thread, *view.related]:
        assert isinstance(link.id, str) and isinstance(link.date, str) and isinstance(link.title, str)
        assert isinstance(link.score, int | float) and isinstance(link.reason, str)
    for ref in view.references:
        assert isinstance(ref.kind, str) and isinstance(ref.text, str)
        assert ref.target is None or sample_store.kind_of(ref.target) in ("meeting", "item")


def test_a_gist_is_the_first_sentence_on_one_line(sample_store):
    from store.topics import gist

    text = gist(sample_store.item(CUSTOMER_2017))
    assert text.startswith("Sarah Jenkins, Head of Service")
    assert "\n" not in text and len(text) <= 100
    assert gist(sample_store.item("ccpi-2017-03-07/7")) == "There were no items of urgent business."
