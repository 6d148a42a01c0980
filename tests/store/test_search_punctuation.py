"""Words typed with punctuation inside them (``2007/08``, ``A&G``, ``S.151``):
found as the run of letters and digits the index holds, exact runs first."""

import pytest

from store.database import Store
from store.search import SearchIndex, parse_query
from store.search.snippets import typed_pattern
from tests.store.recurring import put

#: Each typed form, and the words of the run the index holds for it.
FORMS = [
    ("2007/08", ["2007", "08"]),
    ("A&G", ["a", "g"]),
    ("S.151", ["s", "151"]),
    ("O'Neill", ["o", "neill"]),
    ("e-mail", ["e", "mail"]),
    ("£1.2m", ["1", "2m"]),
    ("10.2%", ["10", "2"]),
]


@pytest.fixture
def store(tmp_path):
    return Store.open(tmp_path / "db")


def decoy(run: list[str]) -> str:
    """A text holding the run's words often but never side by side."""
    return " ".join(f"{run[0]} was noted and then {run[-1]} was noted." for _ in range(3))


@pytest.mark.parametrize(("typed", "run"), FORMS)
def test_a_word_with_punctuation_is_a_run_of_its_words(typed, run):
    query = parse_query(f"budget {typed}")
    assert query.phrases == [run]
    assert all(word in query.terms for word in run if word != "a")  # "a" is a stop word alone


@pytest.mark.parametrize(("typed", "run"), FORMS)
def test_the_item_holding_the_typed_word_comes_first_in_title_or_text(store, typed, run):
    put(store, "2020-01-01", [("Minutes", decoy(run)), ("Budget", decoy(run))])
    put(store, "2019-01-01", [(f"Budget {typed} monitoring", "The report was noted.")])
    put(store, "2018-01-01", [("Performance", f"The figure for {typed} was reported.")])
    hits = SearchIndex.build(store).search(typed)
    assert {hit.id for hit in hits[:2]} == {"ccpi-2019-01-01/1", "ccpi-2018-01-01/1"}
    assert hits[0].phrases == (tuple(run),)
    text = next(hit for hit in hits if hit.id == "ccpi-2018-01-01/1")
    assert [text.snippet[start:end] for start, end in text.spans] == [typed.strip("£%")]


def test_a_year_range_is_found_with_a_slash_a_dash_or_a_space(store):
    put(store, "2020-01-01", [("Budget 2007/08 monitoring", "x"), ("Budget 2007 review", "Due 08 May.")])
    put(store, "2019-01-01", [("Budget 2007-08 outturn", "x")])
    for typed in ("2007/08", "2007-08", "budget 2007/08"):
        hits = SearchIndex.build(store).search(typed)
        assert {hit.id for hit in hits[:2]} == {"ccpi-2020-01-01/1", "ccpi-2019-01-01/1"}, typed
        assert hits[2:] == [] or hits[2].phrases == ()


def test_the_run_inside_a_longer_query_and_in_title_search(store):
    put(store, "2020-01-01", [("Quarterly report", "Q3 of 2016 and 17 schools."), ("Quarterly report Q3 2016/17", "x")])
    hits = SearchIndex.build(store).search("quarterly Q3 2016/17")
    assert hits[0].id == "ccpi-2020-01-01/2"
    assert SearchIndex.build(store).search("in:title 2016/17")[0].id == "ccpi-2020-01-01/2"


def test_finding_within_an_item_takes_a_word_with_punctuation_as_a_run():
    pattern = typed_pattern("2007/08")
    assert pattern is not None
    assert [m.group() for m in pattern.finditer("in 2007 and 08, then 2007/08 and 2007-08")] == ["2007/08", "2007-08"]


def test_a_word_typed_hyphenated_or_apart_finds_it_written_as_one(store):
    put(store, "2020-01-01", [("Staff handbook", "Each email is kept for a year."), ("Minutes", decoy(["e", "mail"]))])
    put(store, "2019-01-01", [("Retention", "The e-mail was kept.")])
    put(store, "2018-01-01", [("Post room", "The mail was sorted.")])
    index = SearchIndex.build(store)
    for typed in ("e-mail", "E-Mail", '"e mail"', "e mail"):
        hits = index.search(typed)
        if typed != "e mail":  # typed apart, the words apart match as well as together
            assert {hit.id for hit in hits[:2]} == {"ccpi-2020-01-01/1", "ccpi-2019-01-01/1"}, typed
        joined = next(hit for hit in hits if hit.id == "ccpi-2020-01-01/1")
        assert [joined.snippet[start:end] for start, end in joined.spans] == ["email"], typed
    # With another word, both still count: the item holding both comes first.
    put(store, "2017-01-01", [("Email policy", "Adopted.")])
    hits = SearchIndex.build(store).search("e-mail policy")
    assert hits[0].id == "ccpi-2017-01-01/1"
    # The other way, the word typed as one finds it written apart as it
    # finds "mail" (a typo of it), not first.
    hits = SearchIndex.build(store).search("email")
    assert {"ccpi-2020-01-01/1", "ccpi-2019-01-01/1"} <= {hit.id for hit in hits}


def test_two_words_are_joined_only_when_the_index_holds_the_joined_word(store):
    put(store, "2020-01-01", [("Risk register", "The risk register was noted.")])
    index = SearchIndex.build(store)
    assert index._joins(["risk", "register"]) == {}
    assert index._joins(["the", "risk", "register"]) == {}
    put(store, "2019-01-01", [("Riskregister", "x")])
    index = SearchIndex.build(store)
    assert index._joins(["risk", "register", "risk"]) == {0: "riskregister"}  # no word in two
