"""The search index in SQLite: updates, ranking, snippets, stale and missing indexes."""

import sqlite3
import sys
import zlib

import pytest

from store import index
from store.database import Store
from store.models import Block, Item, Meeting
from store.search import SearchIndex, tables
from tests.store.recurring import put, recurring_reports


@pytest.fixture
def store(tmp_path):
    return Store.open(tmp_path / "db")


def ids(store, query, **kwargs):
    return [hit.id for hit in SearchIndex.build(store).search(query, **kwargs)]


def indexed_generation(store):
    with sqlite3.connect(store.root / index.INDEX_FILE) as db:
        return index.generation(db)


def test_a_changed_item_is_found_by_its_new_words_only(store):
    put(store, "2020-01-01", [("Budget", "the gravel quarry")])
    assert ids(store, "gravel") == ["ccpi-2020-01-01/1"]
    put(store, "2020-01-01", [("Budget", "the sandstone quarry")])
    assert ids(store, "gravel") == []
    assert ids(store, "sandstone") == ["ccpi-2020-01-01/1"]


def test_each_commit_brings_the_index_to_the_records_generation(store):
    put(store, "2020-01-01", [("Budget", "gravel")])
    put(store, "2020-02-01", [("Parking", "meters")])
    assert store.generation == 2
    assert indexed_generation(store) == 2


def test_a_store_without_an_index_is_indexed_on_first_search(store):
    put(store, "2020-01-01", [("Customer Access", "telephony")])
    for path in store.root.glob(index.INDEX_FILE + "*"):
        path.unlink()
    assert ids(Store.open(store.root), "custmer") == ["ccpi-2020-01-01/1"]


def test_an_index_of_another_version_is_rebuilt(store):
    put(store, "2020-01-01", [("Customer Access", "telephony")])
    with sqlite3.connect(store.root / index.INDEX_FILE) as db:
        db.execute("UPDATE index_meta SET value = -1 WHERE name = 'version'")
        db.execute("DELETE FROM search_items")
    assert ids(Store.open(store.root), "telephony") == ["ccpi-2020-01-01/1"]


def searched_generation(store):
    with sqlite3.connect(store.root / index.INDEX_FILE) as db:
        return index._search_generation(index._meta(db))


@pytest.mark.parametrize("part", ["_update_search", "_update_rest"])
def test_an_index_left_behind_by_a_failed_catch_up_catches_up_on_the_next_search(store, monkeypatch, part):
    put(store, "2020-01-01", [("Budget", "gravel")])

    def fail(*args, **kwargs):
        raise OSError("disk full")

    with monkeypatch.context() as patch:
        patch.setattr(index, part, fail)
        with pytest.raises(OSError):
            put(store, "2020-02-01", [("Parking", "new meters")])
    assert store.generation == 2 and indexed_generation(store) == 1
    # The search tables commit on their own, first: a failure after them keeps them.
    assert searched_generation(store) == (1 if part == "_update_search" else 2)
    assert ids(Store.open(store.root), "meters") == ["ccpi-2020-02-01/1"]
    assert indexed_generation(store) == searched_generation(store) == 2


def test_a_small_catch_up_reads_each_meeting_once_for_both_its_transactions(store, monkeypatch):
    put(store, "2020-01-01", [("Budget", "gravel")])
    read = []
    real_items = Store.items

    def items(self, meeting_id):
        if sys._getframe(1).f_globals["__name__"] == "store.index":  # not the topics' own read
            read.append(meeting_id)
        return real_items(self, meeting_id)

    monkeypatch.setattr(Store, "items", items)
    put(store, "2020-02-01", [("Parking", "new meters")])
    assert read == ["ccpi-2020-02-01"]
    assert ids(store, "meters") == ["ccpi-2020-02-01/1"]


def test_a_change_log_too_short_rebuilds_the_index(store, monkeypatch):
    put(store, "2020-01-01", [("Budget", "gravel")])
    with monkeypatch.context() as patch:
        patch.setattr(index, "catch_up", lambda *args, **kwargs: None)
        put(store, "2020-02-01", [("Parking", "new meters")])
    monkeypatch.setattr(Store, "changes_since", lambda self, generation: None)
    assert set(ids(Store.open(store.root), "gravel meters")) == {"ccpi-2020-01-01/1", "ccpi-2020-02-01/1"}


def test_a_committed_import_is_found_without_reading_items_or_bodies(store, monkeypatch):
    put(store, "2020-01-01", [("Budget", "the gravel quarry")])
    put(store, "2020-02-01", [("Parking", "new meters")])

    def refuse(*args, **kwargs):
        raise AssertionError("the records' items were read")

    for name in ("item", "items", "summaries", "all_summaries", "table_rows"):
        monkeypatch.setattr(Store, name, refuse)
    search = SearchIndex.open(store.root)
    assert [hit.id for hit in search.search("meters")] == ["ccpi-2020-02-01/1"]
    hit = search.search("gravel")[0]
    assert (hit.meeting_id, hit.date, hit.committee_id, hit.number, hit.title) == (
        "ccpi-2020-01-01", "2020-01-01", "ccpi", "1", "Budget"
    )
    assert hit.snippet == "the gravel quarry" and hit.spans == [(4, 10)]


def test_a_short_prefix_stands_for_its_most_frequent_completions(store, monkeypatch):
    monkeypatch.setattr("store.search.retrieve.PREFIX_LIMIT", 2)
    put(store, "2020-01-01", [
        ("One", "common rare1"), ("Two", "common rare2"), ("Three", "common cobalt"), ("Four", "cobalt"),
    ])
    found = {hit.id for hit in SearchIndex.build(store).search("co")}
    assert found == {f"ccpi-2020-01-01/{n}" for n in (1, 2, 3, 4)}
    monkeypatch.setattr("store.search.retrieve.PREFIX_LIMIT", 1)
    assert set(ids(store, "co")) == {f"ccpi-2020-01-01/{n}" for n in (1, 2, 3)}


def test_a_typo_finds_the_word_meant(store):
    put(store, "2020-01-01", [("Ofsted Inspection", "the report"), ("Budget", "spending")])
    assert ids(store, "ofstd") == ["ccpi-2020-01-01/1"]
    assert ids(store, "inspectoin report") == ["ccpi-2020-01-01/1"]


def test_title_search_ignores_words_only_in_the_text(store):
    put(store, "2020-01-01", [("Budget", "parking"), ("Parking Review", "meters")])
    assert ids(store, "in:title parking") == ["ccpi-2020-01-01/2"]
    assert set(ids(store, "parking")) == {"ccpi-2020-01-01/1", "ccpi-2020-01-01/2"}
    assert ids(store, "parking")[0] == "ccpi-2020-01-01/2"


def test_filters_and_browsing(store):
    put(store, "2016-05-01", [("Budget", "parking")])
    put(store, "2017-05-01", [("Budget", "parking")], committee="cab")
    put(store, "2018-05-01", [("Budget", "parking")])
    assert ids(store, "year:2017 parking") == ["cab-2017-05-01/1"]
    assert ids(store, "committee:cab budget") == ["cab-2017-05-01/1"]
    assert ids(store, "after:2017 parking") == ["ccpi-2018-05-01/1"]
    assert ids(store, "before:2017 parking") == ["ccpi-2016-05-01/1"]
    assert ids(store, "before:2016-12 parking") == ["ccpi-2016-05-01/1"]
    assert ids(store, "after:2016-06") == ["ccpi-2018-05-01/1", "cab-2017-05-01/1"]


def test_the_committee_filter_matches_the_name_each_meeting_was_held_under(store):
    for day, name in (("2016-05-01", "Cabinet"), ("2017-05-01", "Executive Board"), ("2018-05-01", "Cabinet")):
        with store.transaction() as writer:
            writer.put_meeting(Meeting(id=f"cab-{day}", committee_id="cab", committee=name, date=day))
            writer.put_items([Item(id=f"cab-{day}/1", meeting_id=f"cab-{day}", number="1", order=1,
                                   title="Budget", blocks=[Block("paragraph", "parking")])])
    assert ids(store, "committee:executive budget") == ["cab-2017-05-01/1"]
    assert ids(store, "committee:cabinet") == ["cab-2018-05-01/1", "cab-2016-05-01/1"]
    assert ids(store, "committee:cab parking") == ["cab-2018-05-01/1", "cab-2017-05-01/1", "cab-2016-05-01/1"]
    db = index.connection(store)
    assert db.execute("SELECT count(*) FROM search_labels").fetchone() == (2,)


def test_before_and_after_leave_out_the_period_named(store):
    for day in ("2016-12-31", "2017-01-01", "2017-05-31", "2017-06-01", "2017-06-30",
                "2017-07-01", "2017-12-31", "2018-01-01"):
        put(store, day, [("Budget", "parking")])
    assert ids(store, "before:2017 parking") == ["ccpi-2016-12-31/1"]
    assert ids(store, "after:2017 parking") == ["ccpi-2018-01-01/1"]
    assert ids(store, "before:2017-06 parking")[0] == "ccpi-2017-05-31/1"
    assert "ccpi-2017-06-01/1" not in ids(store, "before:2017-06 parking")
    assert ids(store, "after:2017-06 parking")[-1] == "ccpi-2017-07-01/1"
    assert "ccpi-2017-06-30/1" not in ids(store, "after:2017-06 parking")
    assert ids(store, "before:0001 parking") == ids(store, "after:9999 parking") == []
    assert ids(store, "after:2017-05 before:2017-07 parking") == [
        "ccpi-2017-06-30/1", "ccpi-2017-06-01/1"]


def test_equal_scores_list_the_newest_meeting_first_then_agenda_order(store):
    for day in ("2015-03-01", "2019-03-01", "2017-03-01"):
        put(store, day, [("Budget", "gravel")])
    put(store, "2018-03-01", [("Budget", "gravel" if n in (4, 11) else "other") for n in range(1, 12)])
    assert ids(store, "gravel") == [
        "ccpi-2019-03-01/1", "ccpi-2018-03-01/4", "ccpi-2018-03-01/11",
        "ccpi-2017-03-01/1", "ccpi-2015-03-01/1"]


def test_near_equal_scores_list_the_newest_meeting_first_and_a_clearly_better_match_stays_above(store):
    expected = recurring_reports(store)
    assert ids(store, "risk register") == expected


def test_among_near_equal_scores_the_title_most_like_the_query_comes_first_then_the_newest():
    from store.search import rank

    places = {1: ("2010-01-01", "a-2010-01-01", "4"), 2: ("2016-01-01", "a-2016-01-01", "4"),
              3: ("2015-01-01", "a-2015-01-01", "4"), 4: ("2024-01-01", "a-2024-01-01", "4")}
    scores = {1: 97.0, 2: 96.0, 3: 98.0, 4: 97.5 - rank.TIE - 1}
    alike = {1: 100.0, 2: 88.0, 3: 88.0, 4: 100.0}
    assert rank.order(scores, alike, places) == [1, 2, 3, 4]
    assert rank.order(scores, dict.fromkeys(alike, 100.0), places) == [2, 3, 1, 4]


def test_natural_key_compares_numbers_as_numbers():
    from store.text import natural_key
    assert sorted(["11", "4", "4b", "4a", "10.2", "10.10", "2"], key=natural_key) == [
        "2", "4", "4a", "4b", "10.2", "10.10", "11"]


def test_items_matching_every_word_rank_first(store, monkeypatch):
    monkeypatch.setattr("store.search.retrieve.POOL", 5)
    put(store, "2020-01-01", [(f"Item {n}", "alpha " * (n % 2) + "bravo") for n in range(1, 21)])
    put(store, "2020-02-01", [("Both", "alpha bravo charlie")])
    assert ids(store, "alpha charlie bravo")[0] == "ccpi-2020-02-01/1"
    assert len(ids(store, "alpha charlie bravo", limit=5)) == 5, "full matches topped up with partial ones"
    assert len(ids(store, "alpha charlie bravo", limit=50)) == 21, "a longer page looks past the pool"


def test_the_snippet_of_a_huge_item_is_a_window_near_the_match(store):
    put(store, "2020-01-01", [("Huge", "filler " * 200_000 + "needle"), ("Small", "needle early " + "x " * 50)])
    hits = SearchIndex.build(store).search("needle filler")
    assert {hit.id for hit in hits} == {"ccpi-2020-01-01/1", "ccpi-2020-01-01/2"}
    for hit in hits:
        assert len(hit.snippet) <= 112
        assert hit.spans
        for start, end in hit.spans:
            assert hit.snippet[start:end].casefold() in {"needle", "filler"}


def test_a_snippet_is_one_safe_line_whatever_the_text_holds(store):
    put(store, "2020-01-01", [("Budget", "first line\nthe \x1b[2J needle\there \u202e and \x9b more\r\n" * 3)])
    hit = SearchIndex.build(store).search("needle")[0]
    assert not any(char in hit.snippet for char in "\n\r\t\x1b\u202e\x9b")
    assert [hit.snippet[start:end] for start, end in hit.spans] == ["needle"] * len(hit.spans) != []


def test_a_document_cannot_forge_the_snippet_marks(store):
    put(store, "2020-01-01", [("Budget", "\ue000fake\ue001 then needle")])
    hit = SearchIndex.build(store).search("needle")[0]
    assert [hit.snippet[start:end] for start, end in hit.spans] == ["needle"]


def test_a_long_item_gets_its_snippet_from_where_the_words_matched(store):
    text = "Opening words of the report. " * 2_000 + "The treasury surplus was twenty million."
    put(store, "2020-01-01", [("Long report", text)])
    hit = SearchIndex.build(store).search("treasury")[0]
    assert "treasury surplus" in hit.snippet and hit.snippet.startswith("…")
    assert [hit.snippet[start:end] for start, end in hit.spans] == ["treasury"]


def test_the_snippet_is_the_passage_holding_most_of_the_words(store):
    text = "budget alone here. " * 30 + "budget and parking together at last. " + "parking alone. " * 30
    put(store, "2020-01-01", [("Mixed", text)])
    hit = SearchIndex.build(store).search("budget parking")[0]
    marked = [hit.snippet[start:end] for start, end in hit.spans]
    assert "budget and parking together" in hit.snippet and {"budget", "parking"} <= set(marked)


def test_a_phrase_ranks_the_exact_run_first_and_shows_only_the_run(store):
    apart = "Management of the treasury. The management report on treasury matters."
    put(store, "2020-01-01", [("Finance", apart), ("Staffing", "Risk management and the treasury " * 20)])
    put(store, "2019-01-01", [("Old", "Early words. " * 100 + "The Treasury-Management strategy was agreed.")])
    hits = SearchIndex.build(store).search('"treasury management"')
    assert hits[0].id == "ccpi-2019-01-01/1", "the only item holding the run comes first, newer ones after"
    first = hits[0]
    assert [first.snippet[start:end] for start, end in first.spans] == ["Treasury-Management"]
    assert {hit.id for hit in hits[1:]} == {"ccpi-2020-01-01/1", "ccpi-2020-01-01/2"}
    assert first.phrases == (("treasury", "management"),) and first.terms == ()
    assert all(hit.phrases == () and {"treasury", "management"} <= set(hit.terms) for hit in hits[1:])


def test_a_phrase_snippet_is_never_the_words_apart(store):
    text = "treasury and then management " * 40 + "Treasury management activities gave a surplus."
    put(store, "2020-01-01", [("Finance", text)])
    hit = SearchIndex.build(store).search('"treasury management" surplus')[0]
    assert [hit.snippet[start:end] for start, end in hit.spans][:2] == ["Treasury management", "surplus"]


def test_removed_items_leave_the_index(store):
    put(store, "2020-01-01", [("Budget", "gravel"), ("Parking", "meters")])
    with store.transaction() as writer:
        writer.remove_items(["ccpi-2020-01-01/2"])
    assert ids(store, "meters") == [] and ids(store, "gravel") == ["ccpi-2020-01-01/1"]


def test_the_results_know_how_many_matched_beyond_the_limit_and_the_pool(store, monkeypatch):
    monkeypatch.setattr("store.search.retrieve.POOL", 5)
    put(store, "2020-01-01", [(f"Item {n}", "gravel" + " quarry" * (n % 2)) for n in range(1, 13)])
    index = SearchIndex.build(store)
    assert len(index.search("gravel", limit=3)) == 3
    assert index.search("gravel", limit=3).total == 12
    assert index.search("gravel quarry", limit=3).total == 6  # all match both: those only
    assert index.search("quarry", limit=50).total == 6
    assert index.search("year:2020", limit=4).total == 12


def test_a_page_past_the_pool_reaches_beyond_500_results(store):
    put(store, "2020-01-01", [(f"Item {n}", f"gravel pit {n}") for n in range(1, 651)])
    index = SearchIndex.build(store)
    first = index.search("gravel", limit=500)
    more = index.search("gravel", limit=600)
    assert first.total == more.total == 650
    assert len(more) == 600 and [hit.id for hit in more[:500]] == [hit.id for hit in first]
    both = index.search("gravel pit", limit=640)
    assert len(both) == 640 and both.total == 650


def test_a_snippet_marks_words_whatever_their_accents_and_case(store):
    put(store, "2020-01-01", [("Menu", "Opening words. " * 20 + "The CAFÉ Crème was sold. café apart, crème apart.")])
    hit = SearchIndex.build(store).search('"cafe creme"')[0]
    assert [hit.snippet[start:end] for start, end in hit.spans] == ["CAFÉ Crème"]


def test_a_meetings_texts_are_packed_in_chunks_and_each_read_back_whole(store, monkeypatch):
    monkeypatch.setattr(tables, "CHUNK_BYTES", 30)
    texts = [
        ("Apologies", ""), ("Budget", "the gravel quarry, café"),
        ("Parking", "new meters \U0001f17f odd"), ("Trees", "oak " * 500),
    ]
    put(store, "2020-01-01", texts)
    put(store, "2020-02-01", [("Budget", "the sandstone quarry")])
    db = index.connection(store)
    assert db.execute("SELECT count(*) FROM search_texts").fetchone() == (2,)  # a row a meeting
    starts = db.execute("SELECT at, start FROM search_rows WHERE meeting_id = 'ccpi-2020-01-01' ORDER BY n")
    # The first three texts pass 30 bytes together; the fourth starts a chunk.
    empty, one, two = (body.encode() for _, body in texts[:3])
    chunk = len(tables.pack_texts([empty, one, two]))
    assert starts.fetchall() == [(0, 0), (0, 0), (0, len(one)), (chunk, 0)]
    rows = db.execute("SELECT id, text FROM search_docs WHERE meeting_id = 'ccpi-2020-01-01' ORDER BY n").fetchall()
    assert rows == [(f"ccpi-2020-01-01/{n}", body) for n, (_, body) in enumerate(texts, start=1)]
    put(store, "2020-01-01", [*texts[:2], ("Parking", "old kerbs")])  # packed again
    assert ids(store, "meters") == [] and ids(store, "kerbs") == ["ccpi-2020-01-01/3"]
    assert ids(store, "oak") == ["ccpi-2020-01-01/4"]


def test_an_items_text_is_unpacked_no_further_than_its_end(monkeypatch):
    texts = [f"item {n} ".encode() * 200 for n in range(20)]
    packed = tables.pack_texts(texts)
    unpacked = []
    real = zlib.decompressobj

    class Counting:
        def __init__(self, *args, **kwargs):
            self.inner = real(*args, **kwargs)

        def decompress(self, data, limit=0):
            out = self.inner.decompress(data, limit)
            unpacked.append(len(out))
            return out

    monkeypatch.setattr(tables.zlib, "decompressobj", Counting)
    start = sum(map(len, texts[:3]))
    assert tables.item_text(b"chunk before" + packed, 12, start, len(texts[3])) == texts[3].decode()
    assert sum(unpacked) == start + len(texts[3]) < sum(map(len, texts)) / 4


def test_the_texts_of_a_chunk_read_in_order_unpack_it_once(monkeypatch):
    texts = [f"item {n} ".encode() * 200 for n in range(20)]
    packed = tables.pack_texts(texts)
    unpacked = []
    real = zlib.decompressobj

    class Counting:
        def __init__(self, *args, **kwargs):
            self.inner = real(*args, **kwargs)

        @property
        def unconsumed_tail(self):
            return self.inner.unconsumed_tail

        def decompress(self, data, limit=0):
            out = self.inner.decompress(data, limit)
            unpacked.append(len(out))
            return out

    monkeypatch.setattr(tables.zlib, "decompressobj", Counting)
    starts = [sum(map(len, texts[:n])) for n in range(len(texts))]
    read = [tables.item_text(packed, 0, start, len(text)) for start, text in zip(starts, texts, strict=True)]
    assert read == [text.decode() for text in texts]
    assert sum(unpacked) == sum(map(len, texts))  # not once per text
    assert tables.item_text(packed, 0, starts[5], len(texts[5])) == texts[5].decode()  # kept: no more unpacked
    assert sum(unpacked) == sum(map(len, texts))
    other = tables.pack_texts(texts[::-1])  # another chunk at the same place is unpacked afresh
    assert tables.item_text(other, 0, 0, len(texts[-1])) == texts[-1].decode()


def test_texts_are_packed_with_the_dictionary_of_this_layout():
    # Chunks packed with another dictionary unpack to garbage: a new
    # ZDICT needs a new index VERSION (and this checksum with it).
    assert (zlib.adler32(tables.ZDICT), index.VERSION) == (0x6A485144, 10)
    text = "Resolved: That the report now presented be noted. " * 3
    packed = tables.pack_texts([text.encode()])
    assert len(packed) < len(zlib.compress(text.encode(), 6)) * 0.7
    with pytest.raises(zlib.error):
        zlib.decompressobj(-15).decompress(packed)
    assert tables.item_text(packed, 0, 0, len(text)) == text


def test_a_rebuilt_index_is_written_again_without_free_pages(store):
    # Long texts, then short ones in their place: their pages are freed.
    for year in range(2000, 2020):
        put(store, f"{year}-01-01", [("Budget", f"money {year} " * 2000)])
    for year in range(2000, 2020):
        put(store, f"{year}-01-01", [("Budget", "money")])
    def free_pages():
        with sqlite3.connect(store.root / index.INDEX_FILE) as db:
            return db.execute("PRAGMA freelist_count").fetchone()[0]
    assert free_pages() > 0
    index.rebuild(store)
    assert free_pages() == 0
    assert len(ids(store, "money")) == 20


def test_searches_from_two_threads_run_one_at_a_time(store, monkeypatch):
    import threading

    put(store, "2020-01-01", [("Budget", "gravel")])
    search = SearchIndex.build(store)
    inside, release, entered = [], threading.Event(), threading.Event()
    real = SearchIndex._search

    def held(self, raw, limit):
        inside.append(raw)
        entered.set()
        if raw == "gravel":
            assert release.wait(30)
        return real(self, raw, limit)

    monkeypatch.setattr(SearchIndex, "_search", held)
    first = threading.Thread(target=search.search, args=("gravel",))
    second = threading.Thread(target=search.search, args=("budget",))
    first.start()
    assert entered.wait(30)
    second.start()
    second.join(0.3)
    assert inside == ["gravel"] and second.is_alive()  # waiting, not inside with the first
    release.set()
    first.join(30)
    second.join(30)
    assert inside == ["gravel", "budget"]


def test_every_statement_on_the_search_connection_holds_the_search_lock(store):
    # A search reading search_docs calls item_text (it needs the GIL) while
    # SQLite holds the connection; another thread's statement on it holds
    # the GIL while it waits for the connection: both would wait for ever.
    # So what the app calls from its opening thread takes the same lock.
    put(store, "2020-01-01", [("Budget", "gravel quarry")])
    search = SearchIndex.build(store)
    real = search.db
    unheld = []

    class Checked:
        def execute(self, *args):
            if not search._searching.locked():
                unheld.append(args[0])
            return real.execute(*args)

        def __getattr__(self, name):
            return getattr(real, name)

    search.db = Checked()
    search.read_words()
    assert search.generation() == store.generation
    assert [hit.id for hit in search.search("gravl quar")] == ["ccpi-2020-01-01/1"]
    assert unheld == []


def test_items_matching_some_of_the_words_are_ranked_by_how_many(store):
    put(store, "2020-01-01", [
        ("Budget", "gravel quarry sandstone"), ("Parking", "gravel quarry"), ("Trees", "gravel"),
        ("Roads", "quarry"), ("Bins", "sandstone kerbs"),
    ])
    search = SearchIndex.build(store)
    hits = search.search("gravel quarry sandstone kerbs")
    scores = {hit.id.rsplit("/", 1)[1]: hit.score for hit in hits}
    # 3 of 4 words, then 2 of 4 (two items), then 1 of 4 (two items).
    assert scores["1"] > scores["2"] > scores["3"] and scores["2"] > scores["4"]
    assert scores["5"] > scores["3"] and hits.total == 5
    # Two words: an item not matching both matches one; a phrase's words are counted apart.
    pair = {hit.id.rsplit("/", 1)[1]: hit.score for hit in search.search("gravel kerbs")}
    assert set(pair) == {"1", "2", "3", "5"}
    phrased = {hit.id.rsplit("/", 1)[1]: hit.score for hit in search.search('"gravel quarry" kerbs')}
    assert phrased["1"] > phrased["3"] and phrased["2"] > phrased["4"] and len(phrased) == 5
