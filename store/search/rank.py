"""Ranking: the one formula that orders search results.

A result's score (0-100) weighs, in this order: how many of the query's
words it matches (``coverage``), SQLite's bm25 relevance of its title and
text (a title match counts ``TITLE_WEIGHT`` times a text match), relative to
the best result, and how alike its title is to the query (rapidfuzz).
"""

from __future__ import annotations

from rapidfuzz import fuzz

from store.text import natural_key

#: bm25 weight of the title column against the text's 1.
TITLE_WEIGHT = 4.0
#: The bm25 expression, lower is better as SQLite ranks.
BM25 = f"bm25(search_fts, {TITLE_WEIGHT}, 1.0)"


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


def order(scores: dict[int, float], dates: dict[int, str], numbers: dict[int, str]) -> list[int]:
    """Results best first; equal scores (as shown, to one decimal) newest
    meeting first, then agenda order with numbers compared as numbers."""
    agenda = sorted(scores, key=lambda n: (natural_key(numbers[n]), n))
    newest = sorted(agenda, key=lambda n: dates[n], reverse=True)  # stable: keeps agenda order
    return sorted(newest, key=lambda n: -round(scores[n], 1))
