"""The threading's shortcuts give what the long way gives, with less work.

``best_match`` remembers scores and bounds, ``terms`` folds words in one
pass, ``sections`` skips paragraphs that cannot name an appendix: each is
checked against the plain computation it replaces, and the remembering
against a count of the work done the second time.
"""

import re
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from store.models import Block, Item
from store.topics import evidence, normalise
from store.topics.normalise import MatchCache, best_match, key_from_text, title_key, title_score
from store.topics.reader import _APPENDIX, sections

_WORDS = st.sampled_from(
    "ofsted inspection children need performance quarterly corporate monitoring budget"
    " highways maintenance highway maintainance footpath clitheroe hyndburn moor lane"
    " care home homes review annual".split()
)
_KEYS = st.lists(_WORDS, min_size=1, max_size=5, unique=True).map(" ".join)


class _Weights(dict[str, float]):
    def __missing__(self, word: str) -> float:
        return normalise.word_weight(word) * (0.5 if word == "budget" else 1.0)


def _every_key_scored(a: normalise.TitleKey, keys: list[str], at_least: float) -> tuple[float, str]:
    weights = _Weights()
    best, best_key = 0.0, ""
    for text in keys:
        score = title_score(a, key_from_text(text), weights.__getitem__)[0]
        if score > best:
            best, best_key = score, text
    return (best, best_key) if best >= at_least else (0.0, "")


@settings(max_examples=300, deadline=None)
@given(_KEYS, st.lists(_KEYS, max_size=8), st.sampled_from([0.0, 55.0, 80.0]))
def test_best_match_is_the_best_of_every_key_scored(mine, keys, at_least):
    a = key_from_text(mine)
    weights = _Weights()
    expected = _every_key_scored(a, keys, at_least)
    assert best_match(a, keys, lambda: weights, at_least, MatchCache()) == expected


def test_a_second_match_against_the_same_keys_works_nothing_out_again(monkeypatch):
    a = title_key("Highways Maintenance Budget Monitoring")
    keys = [
        title_key(title).text
        for title in (
            "Highway Maintainance Budget",
            "Footpath from Moor Lane, Clitheroe",
            "Annual Budget Review",
            "Highways Maintenance",
        )
    ]
    weights = _Weights()
    cache = MatchCache()
    first = best_match(a, keys, lambda: weights, 55.0, cache)
    calls = Counter()
    for name in ("_reach", "title_score", "_surely_different"):
        original = getattr(normalise, name)

        def counted(*args, _name=name, _original=original, **kwargs):
            calls[_name] += 1
            return _original(*args, **kwargs)

        monkeypatch.setattr(normalise, name, counted)
    assert best_match(a, keys, lambda: weights, 55.0, cache) == first
    assert first[0] >= 55.0
    assert sum(calls.values()) == 0


def _terms_the_long_way(text: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for word in re.findall(r"[^\W\d_]{4,}", text[: evidence.MAX_TEXT].casefold()):
        folded = evidence._fold(word)
        if folded:
            counts[folded] += 1
    return counts


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            "Reports reports REPORT Ofsted ofsteds Straße STRASSE İstanbul ﬁnance councils"
            " council highways Highway 2015/16 _under_ dig1t café Cafés classes".split()
        ),
        max_size=60,
    ).map(" ".join)
)
def test_terms_count_each_folded_word_in_the_order_first_seen(text):
    found = evidence.terms(text)
    expected = _terms_the_long_way(text)
    assert list(found.items()) == list(expected.items())


def test_terms_of_a_text_longer_than_the_limit_stop_at_it():
    text = "ofsted " * (evidence.MAX_TEXT // 7) + "rosebud " * 50
    assert "rosebud" not in evidence.terms(text)
    assert evidence.terms(text) == _terms_the_long_way(text)


def _item(paragraphs: list[str]) -> Item:
    blocks = [Block("heading", "Ofsted Post Inspection Update", level=2)]
    blocks += [Block("paragraph", text) for text in paragraphs]
    return Item(
        id="m-2020-01-01/1", meeting_id="m-2020-01-01", number="1", title="Report", order=1,
        blocks=blocks,
    )


@given(
    st.lists(
        st.sampled_from(
            [
                "See Appendix A – Ofsted Post Inspection Update for the detail.",
                "APPENDIX 'B' - Highways Maintenance Budget (attached)",
                "appendıx c – Dotless Letters In The Word",
                "ApPeNdIx D — Mixed Case Heading Here",
                "The appended note says nothing about any appendix.",
                "Nothing to see in this paragraph at all.",
                "Appendices are listed at the end.",
            ]
        ),
        max_size=8,
    )
)
def test_sections_find_every_appendix_the_pattern_finds(paragraphs):
    item = _item(paragraphs)
    expected = [(0, "Ofsted Post Inspection Update")] + [
        (index, match.group(1).strip())
        for index, text in enumerate(paragraphs, start=1)
        for match in _APPENDIX.finditer(text[:2000])
    ]
    assert list(sections(item)) == expected
