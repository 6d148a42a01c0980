"""How common each word is in the archive, as the threading weighs words.

``TopicState`` keeps these counts in ``topic_stats`` (``df``); this is what
they mean: the share of documents a word of the text is in (``idf``) and
of titles a title word is in (``title_weights``).
"""

from __future__ import annotations

import math
import zlib
from collections import Counter
from collections.abc import Callable
from typing import Any

from store.topics.normalise import TitleKey, word_weight

#: Every document's words are counted up to this many documents ...
EXACT = 2000
#: ... then one in this many.
SAMPLE = 4

#: Titles a word may be in and still count fully (see ``title_weights``).
COMMON_TITLES = 50
COMMON_SHARE = 0.002


class Filled(dict[str, float]):
    """Word -> a value worked out by ``make`` the first time it is asked for."""

    __slots__ = ("make",)

    def __init__(self, make: Callable[[str], float]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, word: str) -> float:
        value = self[word] = self.make(word)
        return value


class WordCounts:
    """The documents and titles counted, and how many have each word."""

    def __init__(self, stats: dict[str, Any]) -> None:
        """Start from ``stats`` as ``stats()`` gave them (empty: none counted)."""
        self.documents: int = stats.get("n", 0)
        self.df: Counter[str] = Counter(stats.get("df", {}))
        self.titles: int = stats.get("titles", 0)
        self.tdf: Counter[str] = Counter(stats.get("tdf", {}))
        #: Word counts as they stood at ``_idf_at`` documents, for ``idf``.
        self._df_at: dict[str, int] | None = None
        self._idf_at = self.documents
        self._idf: dict[str, float] = {}
        #: Weight factors of common title words at ``_weights_at`` titles.
        self._factors: dict[str, float] | None = None
        self._weights_at = self.titles
        self._weights = Filled(word_weight)

    def stats(self) -> dict[str, Any]:
        """The counts, to store."""
        return {"n": self.documents, "df": self.df, "titles": self.titles, "tdf": self.tdf}

    def counts(self, item_id: str) -> bool:
        """Whether an item's words are counted: all of them while the
        archive is small, then a fixed one in ``SAMPLE`` (chosen by a hash
        of its id), which estimates how common words are as well and saves
        most of the cost of counting a whole archive."""
        return self.documents < EXACT or zlib.crc32(item_id.encode()) % SAMPLE == 0

    def count_words(self, words: Counter[str]) -> None:
        """Count one more document having these words."""
        self.documents += 1
        self.df.update(words.keys())

    def count_title(self, key: TitleKey) -> None:
        """Count one more title having these key words."""
        self.titles += 1
        self.tdf.update(key.words)

    def title_weights(self) -> dict[str, float]:
        """Each key word's weight for comparing titles (a mapping that
        fills itself as asked): ``word_weight``, less for a word in very
        many titles of the archive (the "Definitive Map Modification Order
        Investigation" of hundreds of rights-of-way cases, which differ only
        in their roads and places). A word counts fully in up to
        ``COMMON_TITLES`` titles, or a ``COMMON_SHARE`` of them: a topic's
        own series never makes its words common. Taken from the counts as
        they stood when the archive last grew by a twentieth, so that a
        word weighs the same whatever was compared before it."""
        if self._factors is None or self.titles > self._weights_at * 1.05 + 10:
            self._weights_at = self.titles
            common = max(COMMON_TITLES, COMMON_SHARE * self.titles)
            factors = {w: max(0.05, common / n) for w, n in self.tdf.items() if n > common}
            self._factors = factors
            self._weights = Filled(lambda word: word_weight(word) * factors.get(word, 1.0))
        return self._weights

    @property
    def weights_at(self) -> int:
        """The titles counted when ``title_weights`` last changed."""
        return self._weights_at

    def idf(self) -> dict[str, float]:
        """How distinctive each word is in this archive (0 for a word in
        every document; a mapping that fills itself as asked), from the
        counts as they stood when the archive last grew by a twentieth."""
        if self._df_at is None or self.documents > self._idf_at * 1.05 + 10:
            self._idf_at = self.documents
            df_at = self._df_at = dict(self.df)
            documents = self._idf_at + 1
            self._idf = Filled(lambda word: max(0.0, math.log(documents / (df_at.get(word, 0) + 0.5))))
        return self._idf
