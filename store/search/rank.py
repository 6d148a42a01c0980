"""Ranking: the one formula that orders search results.

A result's score (0-100) weighs, in this order: how many of the query's
words it matches (``coverage``), SQLite's bm25 relevance of its title and
text (a title match counts ``TITLE_WEIGHT`` times a text match), relative to
the best result, and how alike its title is to the query (rapidfuzz).
Scores within ``TIE`` points count as equal, and then the newest meeting
comes first (``order``).
"""

from __future__ import annotations

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


def score(coverage: float, relevance: float, best: float, query: str, title: str) -> float:
    """A result's score.

    Args:
        coverage: Share of the query's words the result matches (0-1).
        relevance: Its bm25 relevance, higher is better (minus SQLite's rank).
        best: The best relevance among the candidates.
        query: The query's words, joined.
        title: The result's title.
    """
    similarity = fuzz.token_set_ratio(query, title.casefold()) / 100
    return 100 * (
        0.5 * coverage**2 + 0.3 * (relevance / best if best > 0 else 0.0) + 0.2 * similarity
    )


def order(scores: dict[int, float], places: dict[int, tuple[str, str, str]]) -> list[int]:
    """Results best first; near-equal scores newest meeting first, then
    agenda order with numbers compared as numbers (4 before 11).

    bm25 weighs a longer text or title a little lower, so items equally about
    the query (the same report every quarter) score a few points apart and
    would come out in no useful order. Scores are therefore taken in tiers: a
    tier starts at the best score not yet placed and holds every score within
    ``TIE`` points of it; a clearly better match is in an earlier tier.

    Args:
        scores: Each candidate's score (``score``).
        places: Each candidate's meeting date (ISO), meeting id and agenda
            number.
    """
    tier: dict[int, float] = {}  # each candidate's tier, by its leading score
    top = 0.0
    for n in sorted(scores, key=scores.__getitem__, reverse=True):
        if not tier or scores[n] < top - TIE:
            top = scores[n]
        tier[n] = top
    ranked = sorted(scores, key=lambda n: (places[n][1], natural_key(places[n][2]), n))
    ranked.sort(key=lambda n: places[n][0], reverse=True)  # stable: a meeting's items stay in order
    ranked.sort(key=lambda n: -tier[n])
    return ranked
