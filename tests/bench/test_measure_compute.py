"""The per-query CPU times behind the search rows' tails."""

from bench.measure_compute import query_tails
from store.database import Store
from tests.store.recurring import put


def test_query_tails_lists_every_query_once_slowest_first_with_its_matches(tmp_path):
    store = Store.open(tmp_path / "db")
    put(store, "2020-01-01", [("Budget", "gravel quarry"), ("Parking", "gravel")])
    found = query_tails(store.root, ["gravel", "quarry", "gravel", "nothing here"], runs=1)
    assert sorted((query, total) for _, query, total in found) == [("gravel", 2), ("nothing here", 0), ("quarry", 1)]
    times = [spent for spent, _, _ in found]
    assert times == sorted(times, reverse=True)
