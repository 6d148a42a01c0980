"""The threading's shortcuts skip only what could not have matched.

``KeyIndex.alike`` leaves out thread keys that surely name something
else, and ``_most_shared`` finds the candidate threads with set operations;
both must give exactly what scoring every key, and counting every thread,
would.
"""

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from store.topics.normalise import (
    DIFFERENT,
    GENERIC,
    KeyIndex,
    MatchCache,
    best_match,
    key_from_text,
    title_score,
    word_weight,
)
from store.topics.threads import SUPPORT_MIN, _most_shared
from store.topics.wordcounts import Filled as _Filled

#: Short words, long words with near spellings (same first letter and
#: length), generic words and a typo of one: the cases the rule reasons about.
VOCABULARY = [
    "act", "map", "mill", "moor", "lane", "road", "bury",
    "preston", "prestin", "garstang", "garstung", "clitheroe", "chorley",
    "footpath", "bridleway", "investigation", "rcc20150012", "rcc20150019",
    "management", "managment", "performance", "review", "council", "ofsted",
]

keys = st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=7, unique=True).map(" ".join)


def test_surely_different_scores_at_most_the_threshold():
    assert SUPPORT_MIN > DIFFERENT  # what makes leaving those keys out exact
    assert "management" in GENERIC and "managment" not in GENERIC


@settings(max_examples=400, deadline=None)
@given(title=keys, stored=st.lists(keys, min_size=1, max_size=12, unique=True))
def test_alike_keeps_every_key_that_can_score_above_different(title, stored):
    a = key_from_text(title)
    alike = KeyIndex(stored).alike(a)
    assert alike == [k for k in stored if k in alike]  # in their order
    for text in stored:
        if text not in alike:
            assert title_score(a, key_from_text(text))[0] <= DIFFERENT, text
    weights = _Filled(word_weight)
    every = best_match(a, stored, lambda: weights, SUPPORT_MIN, MatchCache())
    assert best_match(a, alike, lambda: weights, SUPPORT_MIN, MatchCache()) == every


def test_alike_leaves_out_cases_of_other_roads():
    stored = [
        "wildlife countryside act definitive map footpath mill lane garstang",
        "wildlife countryside act definitive map footpath moor lane chorley",
        "wildlife countryside act definitive map footpath mill lane",
    ]
    index = KeyIndex(stored)
    alike = index.alike(key_from_text("wildlife countryside act definitive map footpath mill lane preston"))
    assert alike == [stored[2]]
    stored.append("wildlife countryside act definitive map footpath mill lane preston")
    index.extend()
    assert index.alike(key_from_text("wildlife countryside act definitive map footpath mill lane preston")) == [
        stored[2],
        stored[3],
    ]


ids = st.sets(st.sampled_from([f"t-{n}" for n in range(40)]), max_size=30)


@settings(max_examples=300, deadline=None)
@given(having=st.lists(ids, min_size=1, max_size=3), needed=st.integers(1, 2), limit=st.integers(1, 25))
def test_most_shared_is_the_top_of_the_counts(having, needed, limit):
    counts = Counter(t for threads in having for t in threads)
    ranked = sorted((-n, t) for t, n in counts.items() if n >= needed)
    assert _most_shared(having, needed, limit) == [t for _, t in ranked[:limit]]
