"""Decisions and follow-ups paged, counted and filtered in SQL (issue 13):
each page is the same slice of the whole list that Python's filter keeps."""

from __future__ import annotations

from store.database import Store
from store.decisions import DecisionFilter, count_decisions, decisions, iter_decisions, parse_filter
from store.followups import (
    DROPPED,
    MET,
    OPEN,
    OVERDUE,
    count_followups,
    followups,
    iter_followups,
    mark,
)


def test_decision_pages_are_slices_of_the_register(sample_store: Store) -> None:
    whole = decisions(sample_store, DecisionFilter(standing=True))
    assert len(whole) > 5
    assert count_decisions(sample_store, DecisionFilter(standing=True)) == len(whole)
    pages = [decisions(sample_store, DecisionFilter(standing=True), offset, 4) for offset in range(0, len(whole), 4)]
    assert [row.item_id for page in pages for row in page] == [row.item_id for row in whole]
    assert all(len(page) == 4 for page in pages[:-1])


def test_every_decision_filter_runs_in_sql_as_matches_says(sample_store: Store) -> None:
    every = decisions(sample_store, DecisionFilter(standing=True))
    for text in ("status:approved", "status:RESOLVED", "committee:ccpi", "committee:performance ofsted",
                 "key:", "after:2017-01-01 before:2017-12-31", "standing: minutes", "committee:nothing"):
        wanted, _ = parse_filter(text)
        kept = [row.item_id for row in every if wanted.matches(row)]
        assert [row.item_id for row in iter_decisions(sample_store, wanted)] == kept, text
        assert count_decisions(sample_store, wanted) == len(kept), text


def test_followups_status_order_and_words_run_in_sql(sample_store: Store) -> None:
    mark(sample_store, "ccpi-2015-12-10/4#1", DROPPED)
    for today in ("2000-01-01", "2099-01-01"):
        whole = followups(sample_store, today)
        order = {OVERDUE: 0, OPEN: 1, MET: 2, DROPPED: 3}
        assert [order[f.status] for f in whole] == sorted(order[f.status] for f in whole)
        assert whole[-1].status == DROPPED
        for statuses in ({OPEN, OVERDUE}, {MET}, {DROPPED}):
            kept = [f.id for f in whole if f.status in statuses]
            assert [f.id for f in iter_followups(sample_store, today, statuses=statuses)] == kept
            assert count_followups(sample_store, today, statuses=statuses) == len(kept)
        for words in ("standard report", "met", "audit governance", "ccpi-2017-03-07", "nothing-like-this"):
            kept = [f.id for f in whole
                    if all(w in " ".join((f.status, f.promise.text, f.promise.title, f.id)).lower() for w in words.split())]
            found = [f.id for f in iter_followups(sample_store, today, words=words)]
            assert set(kept) <= set(found), words
            assert count_followups(sample_store, today, words=words) == len(found)
        pages = [list(iter_followups(sample_store, today, offset=n, limit=2)) for n in range(0, len(whole), 2)]
        assert [f.id for page in pages for f in page] == [f.id for f in whole]
