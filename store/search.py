"""Typo-tolerant search over item titles and text.

How a query is answered, fast at archive scale:

1. filters (``committee:``, ``after:``, ``before:``, ``year:``, ``in:title``)
   are taken out of the query;
2. each remaining word is matched against the *vocabulary* (every distinct
   word in the archive): exactly, as a prefix (the word being typed), or
   with rapidfuzz's ``ratio`` for typos (``ofstd`` -> ``ofsted``);
3. an inverted index maps those vocabulary words to the items containing
   them, in titles and in text, so candidates come from the index and the
   bodies are never scanned per query;
4. candidates are ranked by how many query words they match, how rare the
   words are, and rapidfuzz's title similarity.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from rapidfuzz import fuzz, process

from store.database import Store
from store.text import safe_line

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_FILTER = re.compile(r"\b(committee|after|before|year|in):(\S*)", re.IGNORECASE)
_STOP = frozenset(
    "a an and are as at be by for from had has have in is it of on or that the this to was "
    "were will with".split()
)
#: Typos tolerated: rapidfuzz ratio (0-100) a vocabulary word must reach.
FUZZY_CUTOFF = 80
#: Vocabulary words one typed word may expand to.
FUZZY_LIMIT = 12
SNIPPET_WIDTH = 110


def words(text: str) -> list[str]:
    """Lower-case words of ``text`` (letters and digits)."""
    return _WORD.findall(text.casefold())


@dataclass(slots=True)
class Query:
    """A parsed search query."""

    terms: list[str]
    committee: str | None = None
    after: str | None = None
    before: str | None = None
    title_only: bool = False
    problems: list[str] = field(default_factory=list)


def _date_bound(value: str, *, end: bool) -> str | None:
    """``2016`` / ``2016-03`` / ``2016-03-01`` as an ISO bound."""
    match = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", value)
    if not match:
        return None
    year, month, day = match.groups()
    if month is None:
        return f"{year}-12-31" if end else f"{year}-01-01"
    if day is None:
        last = 31 if end else 1
        return f"{year}-{int(month):02d}-{last:02d}"
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def parse_query(raw: str) -> Query:
    """Split a raw query into words and filters.

    ``after:2016`` keeps meetings on or after 1 January 2016 and
    ``before:2017`` those on or before 31 December 2017 (bounds include the
    period named); ``year:2015`` is both.
    """
    query = Query(terms=[])
    for name, value in _FILTER.findall(raw):
        name = name.casefold()
        if name == "committee":
            query.committee = value.casefold() or None
        elif name == "in":
            query.title_only = value.casefold() == "title"
        else:
            low = _date_bound(value, end=False)
            high = _date_bound(value, end=True)
            if low is None or high is None:
                query.problems.append(f"{name}:{value} is not a date like 2016 or 2016-03-01")
            elif name == "after":
                query.after = low
            elif name == "before":
                query.before = high
            else:
                query.after, query.before = low, high
    rest = _FILTER.sub(" ", raw)
    query.terms = [word for word in words(rest) if word not in _STOP] or words(rest)
    return query


@dataclass(slots=True)
class Hit:
    """One search result.

    Attributes:
        id: Item id.
        meeting_id: Its meeting.
        date: Meeting date (ISO).
        committee_id: Committee slug.
        number: Display number.
        title: Item title.
        score: Relevance, higher is better (0-100).
        snippet: A line of text around the best match (safe to display).
        spans: ``(start, end)`` ranges in ``snippet`` of the matched words.
    """

    id: str
    meeting_id: str
    date: str
    committee_id: str
    number: str
    title: str
    score: float
    snippet: str
    spans: list[tuple[int, int]]


class SearchIndex:
    """An in-memory inverted index of one store's items."""

    def __init__(self) -> None:
        """Make an empty index (use ``build``)."""
        self.ids: list[str] = []
        self.rows: list[dict[str, object]] = []
        self.texts: list[str] = []
        #: word -> item numbers whose title holds it
        self.title_postings: dict[str, set[int]] = defaultdict(set)
        #: word -> item numbers whose text holds it
        self.text_postings: dict[str, set[int]] = defaultdict(set)
        self.vocabulary: list[str] = []
        self.meeting_dates: dict[str, str] = {}
        self.committees: dict[str, str] = {}

    @classmethod
    def build(cls, store: Store) -> SearchIndex:
        """Index every item of ``store`` (reads every body: run in a worker)."""
        index = cls()
        for meeting_id, row in store.table_rows("meetings").items():
            index.meeting_dates[meeting_id] = row["date"]
            index.committees[meeting_id] = f"{row['committee_id']} {row['committee']}".casefold()
        for meeting_id in sorted(index.meeting_dates):
            for item in store.items(meeting_id):
                index.add(item.id, item.to_dict(), item.plain_text())
        index.vocabulary = sorted(set(index.title_postings) | set(index.text_postings))
        return index

    def add(self, item_id: str, row: dict[str, object], text: str) -> None:
        """Add one item (its row needs ``meeting_id``, ``number``, ``title``)."""
        number = len(self.ids)
        self.ids.append(item_id)
        self.rows.append(
            {key: row[key] for key in ("meeting_id", "number", "title")}
        )
        self.texts.append(text)
        for word in set(words(str(row["title"]))):
            self.title_postings[word].add(number)
        for word in set(words(text)):
            self.text_postings[word].add(number)

    def _expand(self, term: str, *, last: bool) -> dict[str, float]:
        """Vocabulary words a typed word may mean, with a weight 0-1."""
        found: dict[str, float] = {}
        if term in self.title_postings or term in self.text_postings:
            found[term] = 1.0
        if last and len(term) >= 2:
            start = bisect.bisect_left(self.vocabulary, term)
            for word in self.vocabulary[start : start + 50]:
                if not word.startswith(term):
                    break
                found.setdefault(word, 0.9)
        if len(term) >= 4:
            for word, score, _ in process.extract(
                term,
                self.vocabulary,
                scorer=fuzz.ratio,
                score_cutoff=FUZZY_CUTOFF,
                limit=FUZZY_LIMIT,
            ):
                found.setdefault(word, score / 100 * 0.85)
        return found

    def _idf(self, word: str) -> float:
        count = len(self.title_postings.get(word, ())) + len(self.text_postings.get(word, ()))
        return math.log(1 + len(self.ids) / (1 + count))

    def _allowed(self, number: int, query: Query) -> bool:
        meeting_id = str(self.rows[number]["meeting_id"])
        day = self.meeting_dates.get(meeting_id, "")
        if query.after and day < query.after:
            return False
        if query.before and day > query.before:
            return False
        if query.committee and query.committee not in self.committees.get(meeting_id, ""):
            return False
        return True

    def search(self, raw_query: str, limit: int = 50) -> list[Hit]:
        """Ranked results for a raw query (filters included)."""
        query = parse_query(raw_query)
        if not query.terms:
            return self._browse(query, limit)
        scores: dict[int, float] = defaultdict(float)
        matched: dict[int, int] = defaultdict(int)
        in_title: dict[int, int] = defaultdict(int)
        expansions: list[dict[str, float]] = []
        for position, term in enumerate(query.terms):
            expansion = self._expand(term, last=position == len(query.terms) - 1)
            expansions.append(expansion)
            best: dict[int, float] = {}
            best_title: set[int] = set()
            for word, weight in expansion.items():
                idf = self._idf(word)
                for number in self.title_postings.get(word, ()):
                    best[number] = max(best.get(number, 0.0), weight * idf * 2)
                    best_title.add(number)
                if not query.title_only:
                    for number in self.text_postings.get(word, ()):
                        best[number] = max(best.get(number, 0.0), weight * idf)
            for number, value in best.items():
                scores[number] += value
                matched[number] += 1
                in_title[number] += number in best_title
        if not scores:
            return []
        needed = len(query.terms)
        ranked = []
        top = max(scores.values()) or 1.0
        text = " ".join(query.terms)
        for number, value in scores.items():
            if not self._allowed(number, query):
                continue
            title = str(self.rows[number]["title"])
            similarity = fuzz.token_set_ratio(text, title.casefold()) / 100
            coverage = matched[number] / needed
            score = 100 * (0.5 * coverage**2 + 0.3 * value / top + 0.2 * similarity)
            ranked.append((score, in_title[number], number))
        ranked.sort(key=lambda entry: (-entry[0], -entry[1], self.ids[entry[2]]))
        words_found = set().union(*(set(expansion) for expansion in expansions))
        return [self._hit(number, score, words_found) for score, _, number in ranked[:limit]]

    def _browse(self, query: Query, limit: int) -> list[Hit]:
        """Filters alone: the newest matching items."""
        numbers = [n for n in range(len(self.ids)) if self._allowed(n, query)]
        numbers.sort(
            key=lambda n: (self.meeting_dates.get(str(self.rows[n]["meeting_id"]), ""), self.ids[n]),
            reverse=True,
        )
        return [self._hit(n, 0.0, set()) for n in numbers[:limit]]

    def _hit(self, number: int, score: float, found: set[str]) -> Hit:
        row = self.rows[number]
        meeting_id = str(row["meeting_id"])
        snippet, spans = make_snippet(self.texts[number], found)
        return Hit(
            id=self.ids[number],
            meeting_id=meeting_id,
            date=self.meeting_dates.get(meeting_id, ""),
            committee_id=meeting_id.rsplit("-", 3)[0],
            number=str(row["number"]),
            title=safe_line(str(row["title"])),
            score=round(score, 1),
            snippet=snippet,
            spans=spans,
        )


def _word_spans(text: str) -> Iterator[tuple[int, int, str]]:
    for match in _WORD.finditer(text):
        yield match.start(), match.end(), match.group().casefold()


def make_snippet(
    text: str, found: Iterable[str], width: int = SNIPPET_WIDTH
) -> tuple[str, list[tuple[int, int]]]:
    """A one-line window of ``text`` where the most matched words meet.

    Returns:
        The snippet (safe to display) and the spans of matched words in it.
    """
    found = set(found)
    flat = safe_line(text)
    hits = [(start, word) for start, _, word in _word_spans(flat) if word in found][:200]
    first = 0
    if hits:
        reach = width * 2 // 3
        first = max(
            (start for start, _ in hits),
            key=lambda start: len({word for at, word in hits if start <= at < start + reach}),
        )
    start = max(0, first - width // 3)
    if start:
        space = flat.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    window = flat[start : start + width]
    prefix = "…" if start else ""
    snippet = prefix + window + ("…" if start + width < len(flat) else "")
    spans = [
        (begin + len(prefix), end + len(prefix))
        for begin, end, word in _word_spans(window)
        if word in found
    ]
    return snippet, spans
