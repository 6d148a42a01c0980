"""Ranking: the one formula that orders search results.

A result's score (0-100) weighs, in this order: how many of the query's
words it matches (``coverage``), SQLite's bm25 relevance of its title and
text (a title match counts ``TITLE_WEIGHT`` times a text match), relative to
the best result, and how alike its title is to the query (rapidfuzz).
Scores within ``TIE`` points count as equal, and then the newest meeting
comes first (``order``).
"""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz import fuzz

from store.text import natural_key

#: bm25 weight of the title column against the text's 1.
TITLE_WEIGHT = 4.0
#: The bm25 expression, lower is better as SQLite ranks.
BM25 = f"bm25(search_fts, {TITLE_WEIGHT}, 1.0)"
#: Scores (0-100) this close to the best of their tier count as equal
#: (``order``). Measured on the bench archive: items titled with every word
#: of the query spread over about 12 points by their lengths alone, while a
#: title holding only some of the words, or the words only in the text, lose
#: 10 points or more.
TIE = 5.0


def similarity(query: str, title: str) -> float:
    """How alike a title is to the query (0-100): 100 when the title holds
    every word of the query (rapidfuzz ``token_set_ratio``).

    Args:
        query: The words meant (a typo as the word it found), joined.
        title: The result's title.
    """
    return fuzz.token_set_ratio(query, title.casefold())


def score(coverage: float, relevance: float, best: float, alike: float) -> float:
    """A result's score.

    Args:
        coverage: Share of the query's words the result matches (0-1).
        relevance: Its bm25 relevance, higher is better (minus SQLite's rank).
        best: The best relevance among the candidates.
        alike: Its title's ``similarity`` to the query.
    """
    return 100 * (0.5 * coverage**2 + 0.3 * (relevance / best if best > 0 else 0.0) + 0.002 * alike)


def order(
    scores: dict[int, float], alike: dict[int, float], places: dict[int, tuple[str, str, str]]
) -> list[int]:
    """Results best first; among near-equal scores the title most like the
    query, then the newest meeting, then agenda order with numbers compared
    as numbers (4 before 11).

    bm25 weighs a longer text or title a little lower, so items equally about
    the query (the same report every quarter) score a few points apart and
    would come out in no useful order. Scores are therefore taken in tiers: a
    tier starts at the best score not yet placed and holds every score within
    ``TIE`` points of it; a clearly better match is in an earlier tier. In a
    tier, a title more like the query still comes first (a whole title typed,
    its year or place names and all, finds that one), and titles alike (each
    holding every word typed) are newest first.

    Args:
        scores: Each candidate's score (``score``).
        alike: Each candidate's title ``similarity`` to the query.
        places: Each candidate's meeting date (ISO), meeting id and agenda
            number.
    """
    tier: dict[int, float] = {}  # each candidate's tier, by its leading score
    top = 0.0
    for n in sorted(scores, key=scores.__getitem__, reverse=True):
        if not tier or scores[n] < top - TIE:
            top = scores[n]
        tier[n] = top
    number_key = lru_cache(maxsize=None)(natural_key)  # agenda numbers repeat: "8", "10"
    ranked = sorted(scores, key=lambda n: (places[n][1], number_key(places[n][2]), n))
    ranked.sort(key=lambda n: places[n][0], reverse=True)  # stable: a meeting's items stay in order
    ranked.sort(key=lambda n: (-tier[n], -round(alike[n])))
    return ranked
