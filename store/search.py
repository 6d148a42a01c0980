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
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from rapidfuzz import fuzz, process

from store.database import Store, Writer
from store.models import Item
from store.postings import MANIFEST, SEARCH_DIR, Segments, update
from store.storage import StoreError
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
#: Candidates re-ranked with rapidfuzz after the cheap first ranking.
RERANK = 2_000


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
    """Search over one store, backed by its persisted word index.

    Opening reads the vocabulary and document table of the word index
    (``store.postings``) and the store's lean rows; postings are read per
    matched word, and item text only for the snippets of the results.
    """

    def __init__(self, store: Store, segments: Segments) -> None:
        """Wrap an open store and its segments (use ``build``)."""
        self.store = store
        self.segments = segments
        self.rows = store.table_rows("items")
        self.vocabulary = sorted(segments.vocabulary())
        self.meeting_dates: dict[str, str] = {}
        self.committees: dict[str, str] = {}
        for meeting_id, row in store.table_rows("meetings").items():
            self.meeting_dates[meeting_id] = row["date"]
            self.committees[meeting_id] = f"{row['committee_id']} {row['committee']}".casefold()
        #: Documents that are live: indexed from the body the store names.
        self._live = [
            item_id if self.rows.get(item_id, {}).get("body") == key and n not in segments.dead else None
            for n, (item_id, key) in enumerate(segments.docs)
        ]

    @classmethod
    def build(cls, store: Store) -> SearchIndex:
        """Open the search index of ``store``, indexing it first if needed."""
        folder = store.root / SEARCH_DIR
        if not (folder / MANIFEST).exists() and not store.is_empty():
            reindex(store)
        for attempt in range(3):
            try:
                return cls(store, Segments(folder))
            except FileNotFoundError:
                # A writer folded the segments between manifest and files.
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _expand(self, term: str, *, last: bool) -> dict[str, float]:
        """Vocabulary words a typed word may mean, with a weight 0-1."""
        found: dict[str, float] = {}
        position = bisect.bisect_left(self.vocabulary, term)
        if position < len(self.vocabulary) and self.vocabulary[position] == term:
            found[term] = 1.0
        if last and len(term) >= 2:
            for word in self.vocabulary[position : position + 50]:
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
        return math.log(1 + len(self.rows) / (1 + self.segments.count(word)))

    def _allowed(self, item_id: str, query: Query) -> bool:
        meeting_id = self.rows[item_id]["meeting_id"]
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
        scores: dict[str, float] = defaultdict(float)
        matched: dict[str, int] = defaultdict(int)
        in_title: dict[str, int] = defaultdict(int)
        words_found: set[str] = set()
        live = self._live
        for position, term in enumerate(query.terms):
            expansion = self._expand(term, last=position == len(query.terms) - 1)
            words_found |= set(expansion)
            best: dict[str, float] = {}
            best_title: set[str] = set()
            for word, weight in expansion.items():
                idf = self._idf(word)
                for number in self.segments.title(word):
                    item_id = live[number]
                    if item_id is not None:
                        best[item_id] = max(best.get(item_id, 0.0), weight * idf * 2)
                        best_title.add(item_id)
                if not query.title_only:
                    for number in self.segments.text(word):
                        item_id = live[number]
                        if item_id is not None and best.get(item_id, 0.0) < weight * idf:
                            best[item_id] = weight * idf
            for item_id, value in best.items():
                scores[item_id] += value
                matched[item_id] += 1
                in_title[item_id] += item_id in best_title
        if not scores:
            return []
        needed = len(query.terms)
        top = max(scores.values()) or 1.0
        # Rank cheaply first; rapidfuzz re-ranks only the best candidates.
        candidates = sorted(
            (item_id for item_id in scores if self._allowed(item_id, query)),
            key=lambda item_id: (-matched[item_id], -scores[item_id], item_id),
        )[:RERANK]
        text = " ".join(query.terms)
        ranked = []
        for item_id in candidates:
            title = self.rows[item_id]["title"]
            similarity = fuzz.token_set_ratio(text, title.casefold()) / 100
            coverage = matched[item_id] / needed
            score = 100 * (0.5 * coverage**2 + 0.3 * scores[item_id] / top + 0.2 * similarity)
            ranked.append((score, in_title[item_id], item_id))
        ranked.sort(key=lambda entry: (-entry[0], -entry[1], entry[2]))
        return [self._hit(item_id, score, words_found) for score, _, item_id in ranked[:limit]]

    def _browse(self, query: Query, limit: int) -> list[Hit]:
        """Filters alone: the newest matching items."""
        item_ids = [item_id for item_id in self.rows if self._allowed(item_id, query)]
        item_ids.sort(
            key=lambda item_id: (self.meeting_dates.get(self.rows[item_id]["meeting_id"], ""), item_id),
            reverse=True,
        )
        return [self._hit(item_id, 0.0, set()) for item_id in item_ids[:limit]]

    def _hit(self, item_id: str, score: float, found: set[str]) -> Hit:
        row = self.rows[item_id]
        meeting_id = row["meeting_id"]
        item = self.store.item(item_id)
        snippet, spans = make_snippet(item.plain_text() if item else "", found)
        return Hit(
            id=item_id,
            meeting_id=meeting_id,
            date=self.meeting_dates.get(meeting_id, ""),
            committee_id=meeting_id.rsplit("-", 3)[0],
            number=str(row["number"]),
            title=safe_line(str(row["title"])),
            score=round(score, 1),
            snippet=snippet,
            spans=spans,
        )


def document_words(item: Item) -> tuple[list[str], list[str]]:
    """The words of an item's title and of its text, as indexed."""
    return words(item.title), words(item.plain_text())


def record_changes(store: Store, writer: Writer) -> None:
    """Bring the word index up to date with a transaction's item changes.

    Called inside the transaction, before the index commits: documents the
    commit does not name are ignored by readers, so a crash in between
    leaves nothing wrong behind.
    """
    if not writer.changed_items and not writer.removed_items:
        return
    added = [
        (item.id, key, *document_words(item)) for item, key in writer.changed_items.values()
    ]
    folder = store.root / SEARCH_DIR
    try:
        update(folder, added, set(writer.removed_items))
    except OSError as error:
        raise StoreError(
            f"Cannot write the search index at {folder} ({error.strerror}); nothing was changed."
        ) from error


def reindex(store: Store) -> None:
    """Index every item of ``store`` from scratch (a store made before search)."""
    with store.transaction():
        rows = store.table_rows("items")
        added = []
        for item_id, row in rows.items():
            item = store.item(item_id)
            if item is not None:
                added.append((item_id, row["body"], *document_words(item)))
        folder = store.root / SEARCH_DIR
        if folder.exists():
            for path in folder.iterdir():
                path.unlink()
        update(folder, added, set())


def make_snippet(
    text: str, found: Iterable[str], width: int = SNIPPET_WIDTH
) -> tuple[str, list[tuple[int, int]]]:
    """A one-line window of ``text`` where the most matched words meet.

    Returns:
        The snippet (safe to display) and the spans of matched words in it.
    """
    flat = safe_line(text)
    found = sorted(set(found), key=len, reverse=True)
    pattern = (
        re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, found)) + r")(?!\w)", re.IGNORECASE)
        if found
        else None
    )
    hits = [(m.start(), m.group().casefold()) for m in pattern.finditer(flat)][:200] if pattern else []
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
    spans = (
        [(m.start() + len(prefix), m.end() + len(prefix)) for m in pattern.finditer(window)]
        if pattern
        else []
    )
    return snippet, spans
