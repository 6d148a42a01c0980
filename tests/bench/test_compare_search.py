"""bench.compare_search: two stores' answers compared query by query."""

from bench import compare_search
from store import index
from store.database import Store
from tests.store.recurring import put


def test_queries_are_made_from_the_vocabulary_in_several_forms(tmp_path):
    store = Store.open(tmp_path / "db")
    put(store, "2020-01-01", [("Budget", "the gravel quarry"), ("Parking", "meters quarry")])
    index.connection(store)
    asked = compare_search.queries(store.root, 2)
    assert asked[: len(compare_search.FIXED)] == compare_search.FIXED
    assert "quarry" in asked and '"quarry gravel"' in asked and "in:title quarry" in asked


def test_answers_that_differ_are_named_and_the_same_are_not():
    hit = {"id": "m/1", "score": 50.0, "snippet": "gravel"}
    old = [{"total": 1, "hits": [hit]}, {"total": 2, "hits": [hit, hit]}, {"total": 1, "hits": [hit]}]
    new = [{"total": 1, "hits": [hit]}, {"total": 3, "hits": [hit, hit]}, {"total": 1, "hits": [{**hit, "score": 49.0}]}]
    assert compare_search.differences(["same", "more", "score"], old, new) == [
        "'more': total 2 -> 3",
        "'score': hit 1 score: 50.0 -> 49.0",
    ]


def test_two_stores_of_one_archive_answer_alike(tmp_path):
    for name in ("a", "b"):
        store = Store.open(tmp_path / name)
        put(store, "2020-01-01", [("Budget", "the gravel quarry"), ("Parking", "meters quarry")])
        index.connection(store)
    assert compare_search.main([str(tmp_path / "a"), str(tmp_path / "b"), "--words", "3"]) == 0
