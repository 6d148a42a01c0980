"""The persisted word index: updates, merging, stale and pending states."""

import pytest

from store import postings
from store.database import Store
from store.models import Block, Item, Meeting
from store.search import SearchIndex, record_changes


class Crash(Exception):
    """Stands for a writer dying after the search files, before the index commits."""


def put(store, day, texts, committee="ccpi", crash=False):
    meeting_id = f"{committee}-{day}"
    with store.transaction() as writer:
        writer.put_meeting(
            Meeting(id=meeting_id, committee_id=committee, committee=f"{committee.upper()} Committee", date=day)
        )
        writer.put_items(
            Item(id=f"{meeting_id}/{n}", meeting_id=meeting_id, number=str(n), order=n,
                 title=title, blocks=[Block("paragraph", body)])
            for n, (title, body) in enumerate(texts, start=1)
        )
        record_changes(store, writer)
        if crash:
            raise Crash


@pytest.fixture
def store(tmp_path):
    return Store.open(tmp_path / "db")


def ids(store, query, **kwargs):
    return [hit.id for hit in SearchIndex.build(store).search(query, **kwargs)]


def test_a_changed_item_is_found_by_its_new_words_only(store):
    put(store, "2020-01-01", [("Budget", "the gravel quarry")])
    assert ids(store, "gravel") == ["ccpi-2020-01-01/1"]
    put(store, "2020-01-01", [("Budget", "the sandstone quarry")])
    assert ids(store, "gravel") == []
    assert ids(store, "sandstone") == ["ccpi-2020-01-01/1"]


def test_merging_keeps_every_live_document(store, monkeypatch):
    monkeypatch.setattr(postings, "FOLD_FLOOR", 3)
    monkeypatch.setattr(postings, "MAX_SEGMENTS", 2)
    words = ["alpha", "bravo", "charlie", "quebec", "echo", "foxtrot", "golf", "hotel", "india"]
    for month, word in enumerate(words, start=1):
        put(store, f"2020-{month:02d}-01", [(f"Report {month}", f"{word} common")])
    state = SearchIndex.build(store).state
    assert len(state.segments) <= 3, "segments are merged"
    assert len(ids(store, "common")) == 9
    assert ids(store, "echo") == ["ccpi-2020-05-01/1"]
    put(store, "2020-05-01", [("Report 5", "replaced text")])
    assert ids(store, "echo") == [] and len(ids(store, "common")) == 8
    names = {path.name for path in (store.root / "search").iterdir()}
    meta = postings.read_manifest(store.root / "search")
    listed = set(meta["committed"]["segments"]) | set(meta["pending"]["state"]["segments"])
    assert names == {"manifest.json"} | {f"{name}{suffix}" for name in listed for suffix in (".json", ".bin")}


def test_a_store_without_an_index_is_indexed_on_first_search(store):
    put(store, "2020-01-01", [("Customer Access", "telephony")])
    for path in (store.root / "search").iterdir():
        path.unlink()
    (store.root / "search").rmdir()
    assert ids(store, "custmer") == ["ccpi-2020-01-01/1"]


def test_an_index_of_an_older_format_is_rebuilt(store):
    put(store, "2020-01-01", [("Customer Access", "telephony")])
    (store.root / "search" / "manifest.json").write_bytes(b'{"generation": 1, "base": null, "delta": null}')
    assert ids(store, "telephony") == ["ccpi-2020-01-01/1"]
    put(store, "2020-02-01", [("Library", "opening hours")])
    assert ids(store, "telephony") == ["ccpi-2020-01-01/1"]


def test_an_import_whose_index_never_commits_leaves_search_as_it_was(store):
    put(store, "2020-01-01", [("Budget", "the gravel quarry")])
    with pytest.raises(Crash):
        put(store, "2020-01-01", [("Budget", "the sandstone quarry"), ("Parking", "new meters")], crash=True)
    # The search files of the failed import are on disk, pending.
    assert postings.read_manifest(store.root / "search")["pending"] is not None
    fresh = Store.open(store.root)
    assert ids(fresh, "gravel") == ["ccpi-2020-01-01/1"]
    assert ids(fresh, "sandstone") == [] and ids(fresh, "meters") == []
    assert [hit.id for hit in SearchIndex.open(store.root).search("meters")] == []
    # Another write that commits the index but not the failed import's
    # token: the stamp changed, so the store is asked.
    with fresh.transaction() as writer:
        writer.set_meta("unrelated", 1)
    assert [hit.id for hit in SearchIndex.open(store.root).search("meters")] == []
    assert [hit.id for hit in SearchIndex.open(store.root).search("gravel")] == ["ccpi-2020-01-01/1"]
    # The next import starts from the committed state.
    put(fresh, "2020-03-01", [("Library", "opening hours")])
    assert ids(fresh, "meters") == [] and ids(fresh, "gravel") == ["ccpi-2020-01-01/1"]
    assert ids(fresh, "opening") == ["ccpi-2020-03-01/1"]


def test_a_committed_import_is_found_without_reading_rows_or_bodies(store, monkeypatch):
    put(store, "2020-01-01", [("Budget", "the gravel quarry")])
    put(store, "2020-02-01", [("Parking", "new meters")])
    tables = []
    table_rows = Store.table_rows

    def refuse(*args, **kwargs):
        raise AssertionError("an item body was read")

    def only_meta(self, table):
        tables.append(table)
        return table_rows(self, table)

    monkeypatch.setattr(Store, "item", refuse)
    monkeypatch.setattr(Store, "table_rows", only_meta)
    index = SearchIndex.open(store.root)
    assert [hit.id for hit in index.search("meters")] == ["ccpi-2020-02-01/1"]
    hit = index.search("gravel")[0]
    assert (hit.meeting_id, hit.date, hit.committee_id, hit.number, hit.title) == (
        "ccpi-2020-01-01", "2020-01-01", "ccpi", "1", "Budget"
    )
    assert hit.snippet == "the gravel quarry" and hit.spans == [(4, 10)]
    assert set(tables) <= {"meta"}


def test_a_short_prefix_stands_for_its_most_frequent_completions(store, monkeypatch):
    monkeypatch.setattr("store.search.PREFIX_LIMIT", 2)
    put(store, "2020-01-01", [
        ("One", "common rare1"), ("Two", "common rare2"), ("Three", "common cobalt"), ("Four", "cobalt"),
    ])
    found = {hit.id for hit in SearchIndex.build(store).search("co")}
    assert found == {f"ccpi-2020-01-01/{n}" for n in (1, 2, 3, 4)}
    monkeypatch.setattr("store.search.PREFIX_LIMIT", 1)
    assert set(ids(store, "co")) == {f"ccpi-2020-01-01/{n}" for n in (1, 2, 3)}


def test_title_search_ignores_words_only_in_the_text(store):
    put(store, "2020-01-01", [("Budget", "parking"), ("Parking Review", "meters")])
    assert ids(store, "in:title parking") == ["ccpi-2020-01-01/2"]
    assert set(ids(store, "parking")) == {"ccpi-2020-01-01/1", "ccpi-2020-01-01/2"}
    assert ids(store, "parking")[0] == "ccpi-2020-01-01/2"


def test_filters_and_browsing_use_the_index_alone(store):
    put(store, "2016-05-01", [("Budget", "parking")])
    put(store, "2017-05-01", [("Budget", "parking")], committee="cab")
    put(store, "2018-05-01", [("Budget", "parking")])
    assert ids(store, "year:2017 parking") == ["cab-2017-05-01/1"]
    assert ids(store, "committee:cab budget") == ["cab-2017-05-01/1"]
    assert set(ids(store, "after:2017 parking")) == {"ccpi-2018-05-01/1", "cab-2017-05-01/1"}
    assert ids(store, "before:2016-12 parking") == ["ccpi-2016-05-01/1"]
    assert ids(store, "after:2016-06") == ["ccpi-2018-05-01/1", "cab-2017-05-01/1"]


def test_many_matching_words_still_rank_full_matches_first(store, monkeypatch):
    monkeypatch.setattr("store.search.POOL", 5)
    monkeypatch.setattr("store.search.RERANK", 3)
    put(store, "2020-01-01", [(f"Item {n}", "alpha " * (n % 2) + "bravo") for n in range(1, 21)])
    put(store, "2020-02-01", [("Both", "alpha bravo charlie")])
    assert ids(store, "alpha charlie bravo")[0] == "ccpi-2020-02-01/1"


def test_the_snippet_of_a_huge_item_is_a_window_near_the_match(store):
    put(store, "2020-01-01", [("Huge", "filler " * 200_000 + "needle"), ("Small", "needle early " + "x " * 50)])
    hits = SearchIndex.build(store).search("needle filler")
    assert {hit.id for hit in hits} == {"ccpi-2020-01-01/1", "ccpi-2020-01-01/2"}
    for hit in hits:
        assert len(hit.snippet) <= 112
        for start, end in hit.spans:
            assert hit.snippet[start:end].casefold() in {"needle", "filler"}


def test_a_word_matching_most_items_is_read_where_the_others_match(store, monkeypatch):
    texts = [(f"Item {n}", "common " + ("rare " if n % 7 == 0 else "") + ("other" if n % 3 == 0 else "")) for n in range(1, 60)]
    put(store, "2020-01-01", texts)
    # How many results match every word (and so must come first, alike).
    queries = {"rare common": 8, "rare other common": 2, "rare co": 8, "in:title item": 5}
    monkeypatch.setattr("store.search.BIG", 10**9)
    expected = {query: ids(store, query)[:count] for query, count in queries.items()}
    monkeypatch.setattr("store.search.BIG", 30)  # "common" and "co..." are big, "rare" is not
    monkeypatch.setattr("store.search.POOL", 5)
    for query, count in queries.items():
        assert ids(store, query)[:count] == expected[query], query
    assert set(expected["rare common"]) == {f"ccpi-2020-01-01/{n}" for n in range(7, 60, 7)}


def test_a_snippet_is_one_safe_line_whatever_the_text_holds(store):
    put(store, "2020-01-01", [("Budget", "first line\nthe \x1b[2J needle\there \u202e and \x9b more\r\n" * 3)])
    hit = SearchIndex.build(store).search("needle")[0]
    assert not any(char in hit.snippet for char in "\n\r\t\x1b\u202e\x9b")
    assert [hit.snippet[start:end] for start, end in hit.spans] == ["needle"] * len(hit.spans) != []


@pytest.mark.parametrize("looked_for", [postings.LOOKED_FOR, 0])
def test_a_changed_item_is_found_in_its_segment_whether_its_id_is_looked_for_or_not(
    store, monkeypatch, looked_for
):
    """A writer finds an item's old document among ids one of which is a
    prefix of another, by a look at the stored bytes or by decoding them."""
    monkeypatch.setattr(postings, "LOOKED_FOR", looked_for)
    put(store, "2020-01-01", [(f"Report {n}", f"plain {n}") for n in range(1, 12)])
    [segment] = SearchIndex.build(store).state.segments
    assert segment.numbers_of({"ccpi-2020-01-01/1"}) == [0]
    assert segment.numbers_of({"ccpi-2020-01-01/11", "ccpi-2020-01-01/2"}) == [1, 10]
    assert segment.numbers_of({"ccpi-2020-01-01/12", "ccpi-2020-01-0"}) == []
    put(store, "2020-01-01", [("Report 1", "changed"), ("Report 2", "changed")])
    assert set(ids(store, "changed")) == {"ccpi-2020-01-01/1", "ccpi-2020-01-01/2"}
    assert len(ids(store, "plain")) == 9
    assert not {"ccpi-2020-01-01/1", "ccpi-2020-01-01/2"} & set(ids(store, "plain"))
