"""Typo-tolerant search over item titles and text.

How a query is answered, fast at archive scale:

1. filters (``committee:``, ``after:``, ``before:``, ``year:``, ``in:title``)
   are taken out of the query;
2. each remaining word is matched against the *vocabulary* (every distinct
   word in the archive): exactly, as a prefix (the word being typed), or
   with rapidfuzz's ``ratio`` for typos (``ofstd`` -> ``ofsted``); the word
   being typed stands for its most frequent completions only;
3. an inverted index (``store.postings``) maps those vocabulary words to
   the items containing them, in titles and in text, as sets of document
   numbers, so candidates come from set operations and the bodies are
   never scanned per query;
4. candidates are ranked by how many query words they match and how rare
   the words are; the best few thousand are re-ranked with rapidfuzz's
   title similarity; only the results' rows and a window of their text
   are read, for the snippets.
"""

from __future__ import annotations

import bisect
import contextlib
import heapq
import math
import re
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from store.database import INDEX_NAME, Store, Writer, shard_of
from store.models import Item
from store.postings import (
    SEARCH_DIR,
    TEXT,
    TITLE,
    TOKEN_KEY,
    Document,
    NeedsRebuild,
    SegmentBuilder,
    State,
    choose_state,
    day_number,
    open_state,
    read_manifest,
    update,
)
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
#: Vocabulary words one typed word may expand to as typos.
FUZZY_LIMIT = 12
#: Typed words shorter than this are not matched as typos.
FUZZY_MIN = 4
#: The word being typed stands for its most frequent completions, at most
#: this many (and one more than its letters), once it has this many letters.
PREFIX_LIMIT = 8
PREFIX_MIN = 2
#: Completions looked at (in a huge vocabulary, a short prefix names more).
PREFIX_SCAN = 5_000
SNIPPET_WIDTH = 110
#: Bytes of an item's text searched for the snippet (items can be 1 MB).
SNIPPET_SCAN = 16_384
#: Characters searched for the place where the most matched words meet.
SNIPPET_NEAR = 4_096
#: Candidates re-ranked with rapidfuzz after the cheap first ranking.
RERANK = 500
#: Documents valued one by one at most (the best classes of each word first).
POOL = 2_000
#: A query word matching more documents than this is read only where the
#: other words match, and for its own best documents.
BIG = 30_000
#: Document numbers kept in memory for the next keystrokes' searches.
CACHED = 500_000
#: Ranks one more word matched above any value.
_MATCHED = 1e9


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


#: Filters (after, before, committee) and the live documents passing them.
_Filter = tuple[tuple[str | None, ...], set[int]]


class _Term:
    """What one query word matches: disjoint classes of documents, each
    with the value a document gets from its best matching vocabulary word."""

    __slots__ = ("classes", "docs", "in_title")

    def __init__(self) -> None:
        self.classes: list[tuple[float, set[int]]] = []
        self.docs: set[int] = set()
        self.in_title: set[int] = set()

    def add(self, value: float, docs: set[int], title: bool) -> None:
        """Add the documents of the next best word (``docs`` is not changed)."""
        if title:
            self.in_title |= docs
        new = docs - self.docs
        if new:
            self.classes.append((value, new))
            self.docs |= new


class SearchIndex:
    """Search over one store, backed by its persisted word index alone.

    Opening reads the manifest and the segment headers (vocabularies) of
    the word index (``store.postings``) and maps their data; postings are
    read per matched word, rows and a window of text only for the results.
    Of the store, only the ``meta`` row naming the index state it matches
    is read (see ``store.postings``): no item rows, no body shards.
    """

    def __init__(self, state: State | None) -> None:
        """Wrap an open state of the word index (use ``build`` or ``open``)."""
        self.state = state
        self.segments = state.segments if state else []
        self.dead = state.dead if state else set()
        self._documents = state.live_count() if state else 0
        self._filter: _Filter | None = None
        self._cache: OrderedDict[tuple[str, int, Any], set[int]] = OrderedDict()
        self._cached = 0
        self._lock = threading.Lock()

    @classmethod
    def build(cls, store: Store) -> SearchIndex:
        """Open the search index of ``store``, indexing it first if needed."""
        return cls._open(store.root, lambda: store)

    @classmethod
    def open(cls, root: Path) -> SearchIndex:
        """Open the search index of the store at ``root``.

        The store itself is opened (and its index parsed) only when the
        word index cannot say alone which state the store matches, or
        must be made first.
        """
        opened: list[Store] = []

        def store() -> Store:
            if not opened:
                opened.append(Store.open(root))
            return opened[0]

        return cls._open(root, store)

    @classmethod
    def _open(cls, root: Path, store: Callable[[], Store]) -> SearchIndex:
        folder = root / SEARCH_DIR
        for attempt in range(4):
            try:
                return cls(open_state(folder, root / INDEX_NAME, lambda: committed_token(store())))
            except NeedsRebuild:
                if store().is_empty():
                    return cls(None)
                if attempt < 3:
                    reindex(store())
            except FileNotFoundError:
                # A writer merged the segments between manifest and files.
                if attempt == 3:
                    raise
        raise StoreError(f"Cannot open the search index at {folder}; try again.")

    def close(self) -> None:
        """Release the mapped files."""
        if self.state is not None:
            self.state.close()

    # -- words ------------------------------------------------------------

    def _expand(self, term: str, *, last: bool, field: int | None) -> dict[str, float]:
        """Vocabulary words a typed word may mean, with a weight 0-1."""
        found: dict[str, float] = {}
        prefixed: dict[str, int] = {}
        fuzzy: dict[str, float] = {}
        for segment in self.segments:
            vocabulary, numbers = segment.vocabulary(field)
            position = bisect.bisect_left(vocabulary, term)
            if position < len(vocabulary) and vocabulary[position] == term:
                found[term] = 1.0
            if last and len(term) >= PREFIX_MIN:
                end = bisect.bisect_left(vocabulary, term + "\U0010ffff", position)
                for at in range(position, min(end, position + PREFIX_SCAN)):
                    word = vocabulary[at]
                    prefixed[word] = prefixed.get(word, 0) + segment.count_of(numbers[at], field)
            if len(term) >= FUZZY_MIN:
                for word, score, _ in process.extract(
                    term, vocabulary, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=FUZZY_LIMIT
                ):
                    fuzzy[word] = max(fuzzy.get(word, 0.0), score)
        prefixed.pop(term, None)
        # The most frequent words first: a short prefix names thousands.
        room = min(PREFIX_LIMIT, len(term) + 1)  # fewer for shorter prefixes
        for word in heapq.nlargest(room, prefixed, key=lambda word: (prefixed[word], word)):
            found.setdefault(word, 0.9)
        for word in heapq.nlargest(FUZZY_LIMIT, fuzzy, key=lambda word: (fuzzy[word], word)):
            found.setdefault(word, fuzzy[word] / 100 * 0.85)
        return found

    def _count(self, word: str) -> int:
        total = 0
        for segment in self.segments:
            index = segment.find(word)
            if index >= 0:
                total += segment.count_of(index)
        return total

    def _idf(self, word: str) -> float:
        return math.log(1 + self._documents / (1 + self._count(word)))

    def _docs(self, word: str, field: int, allowed: _Filter | None) -> set[int]:
        """Live documents holding ``word`` in ``field`` (and passing the filters).

        Kept for the next keystrokes, which mostly ask for the same words:
        the most recent sets, up to ``CACHED`` numbers in all. Callers must
        not change the set.
        """
        key = (word, field, allowed[0] if allowed is not None else None)
        with self._lock:
            found = self._cache.get(key)
            if found is not None:
                self._cache.move_to_end(key)
                return found
        found = self._read_docs(word, field, allowed)
        with self._lock:
            self._cache[key] = found
            self._cached += len(found)
            while self._cached > CACHED and len(self._cache) > 1:
                self._cached -= len(self._cache.popitem(last=False)[1])
        return found

    def _read_docs(self, word: str, field: int, allowed: _Filter | None) -> set[int]:
        found: set[int] = set()
        for segment in self.segments:
            index = segment.find(word)
            if index >= 0 and segment.count_of(index, field):
                found.update(segment.postings(index, field))
        if self.dead and found:
            found.difference_update(self.dead)
        if allowed is not None:
            found.intersection_update(allowed[1])
        return found

    def _term(self, pairs: list[tuple[float, str, int]], allowed: _Filter | None) -> _Term:
        """The documents a query word matches, valued as its best word."""
        term = _Term()
        for value, word, field in pairs:
            term.add(value, self._docs(word, field, allowed), field == TITLE)
        return term

    # -- filters ----------------------------------------------------------

    def _allowed(self, query: Query) -> _Filter | None:
        """Live documents that pass the query's filters (None: no filters)."""
        key = (query.after, query.before, query.committee)
        if key == (None, None, None):
            return None
        if self._filter is not None and self._filter[0] == key:
            return self._filter
        low = day_number(query.after) if query.after else 0
        high = day_number(query.before) if query.before else 99_999_999
        allowed: set[int] = set()
        for segment in self.segments:
            labels = [query.committee in label if query.committee else True for label in segment.committees]
            committee_of = segment.committee_of()
            for local, day in enumerate(segment.dates()):
                if low <= day <= high and labels[committee_of[local]]:
                    allowed.add(segment.start + local)
        allowed -= self.dead
        self._filter = (key, allowed)
        return self._filter

    # -- ranking ----------------------------------------------------------

    def search(self, raw_query: str, limit: int = 50) -> list[Hit]:
        """Ranked results for a raw query (filters included)."""
        query = parse_query(raw_query)
        allowed = self._allowed(query)
        if not query.terms:
            return self._browse(allowed[1] if allowed else None, limit)
        field = TITLE if query.title_only else None
        expansions = [
            self._expand(word, last=position == len(query.terms) - 1, field=field)
            for position, word in enumerate(query.terms)
        ]
        words_found = set().union(*expansions)
        in_title: Counter[int] = Counter()
        if len(expansions) == 1:
            matched, scores, titled = self._one_word(expansions[0], query.title_only, allowed)
            in_title.update(titled)
        else:
            terms = self._terms(expansions, query.title_only, allowed)
            matched, scores = self._candidates(terms)
            for term in terms:
                in_title.update(term.in_title.intersection(matched))
        if not scores:
            return []
        needed = len(query.terms)
        top = max(scores.values()) or 1.0
        text = " ".join(query.terms)
        ranked = []
        for number in matched:
            row = self._row(number)
            similarity = fuzz.token_set_ratio(text, row[6].casefold()) / 100
            coverage = matched[number] / needed
            score = 100 * (0.5 * coverage**2 + 0.3 * scores[number] / top + 0.2 * similarity)
            ranked.append((score, in_title[number], row[0], number, row))
        ranked.sort(key=lambda entry: (-entry[0], -entry[1], entry[2]))
        found = frozenset(words_found)
        return [self._hit(number, row, score, found) for score, _, _, number, row in ranked[:limit]]

    def _pairs(self, expansion: dict[str, float], title_only: bool) -> list[tuple[float, str, int]]:
        """``(value, word, field)`` for each word of an expansion and field,
        best first: a title match counts double."""
        pairs = []
        for word, weight in expansion.items():
            value = weight * self._idf(word)
            pairs.append((value * 2, word, TITLE))
            if not title_only:
                pairs.append((value, word, TEXT))
        pairs.sort(key=lambda pair: -pair[0])
        return pairs

    def _one_word(
        self, expansion: dict[str, float], title_only: bool, allowed: _Filter | None
    ) -> tuple[dict[int, int], dict[int, float], set[int]]:
        """The best ``RERANK`` documents for a one-word query.

        Returns:
            Words matched, value, and which came from a title.
        """
        pairs = self._pairs(expansion, title_only)
        best = self._walk(pairs, allowed, RERANK)
        scores = {number: pairs[at][0] for number, at in best.items()}
        titled = {number for number, at in best.items() if pairs[at][2] == TITLE}
        return dict.fromkeys(scores, 1), scores, titled

    def _walk(self, pairs: list[tuple[float, str, int]], allowed: _Filter | None, limit: int) -> dict[int, int]:
        """The first ``limit`` documents in value order, each with the index
        of its best pair, read straight from the postings: no set of every
        match (a typed letter or two can match most of the archive)."""
        best: dict[int, int] = {}
        dead = self.dead
        passes = allowed[1] if allowed is not None else None
        for at, (_, word, field) in enumerate(pairs):
            for segment in self.segments:
                index = segment.find(word)
                if index < 0 or not segment.count_of(index, field):
                    continue
                for number in segment.postings(index, field):
                    if number in best or number in dead or (passes is not None and number not in passes):
                        continue
                    best[number] = at
                    if len(best) >= limit:
                        return best
        return best

    def _size(self, pairs: list[tuple[float, str, int]]) -> int:
        total = 0
        for _, word, field in pairs:
            for segment in self.segments:
                index = segment.find(word)
                if index >= 0:
                    total += segment.count_of(index, field)
        return total

    def _terms(
        self, expansions: list[dict[str, float]], title_only: bool, allowed: _Filter | None
    ) -> list[_Term]:
        """The matches of each query word.

        When one word alone matches a large part of the archive (the
        prefix being typed, mostly), it is read only where the other words
        match, plus its own best ``POOL`` documents: every candidate that
        can rank is still there.
        """
        pairs = [self._pairs(expansion, title_only) for expansion in expansions]
        big = [at for at, word_pairs in enumerate(pairs) if self._size(word_pairs) > BIG]
        if len(big) != 1:
            return [self._term(word_pairs, allowed) for word_pairs in pairs]
        terms = [self._term(word_pairs, allowed) if at != big[0] else _Term() for at, word_pairs in enumerate(pairs)]
        focus = set().union(*(term.docs for term in terms))
        walked = self._walk(pairs[big[0]], allowed, POOL)
        term = terms[big[0]]
        for at, (value, word, field) in enumerate(pairs[big[0]]):
            docs = {number for number, best in walked.items() if best == at}
            for segment in self.segments:
                index = segment.find(word)
                if index >= 0 and segment.count_of(index, field):
                    docs |= focus.intersection(segment.postings(index, field))
            term.add(value, docs, field == TITLE)
        return terms

    def _candidates(self, terms: list[_Term]) -> tuple[dict[int, int], dict[int, float]]:
        """The best ``RERANK`` documents by words matched, then value.

        Returns:
            Words matched and value per candidate (in rank order).
        """
        unions = sorted((term.docs for term in terms), key=len)
        every = set.intersection(*unions)
        base = every if len(every) >= RERANK else set().union(*unions)
        pool = base
        if len(base) > POOL + len(every) - len(every & base):
            # Too many to value one by one: those matching every word, then
            # the best classes of each word, lowest numbers first.
            pool = set(every) if base is not every else set()
            limit = len(pool) + POOL
            for _, docs in sorted((c for term in terms for c in term.classes), key=lambda c: -c[0]):
                fresh = (docs & base if base is every else docs) - pool
                room = limit - len(pool)
                pool.update(fresh if len(fresh) <= room else sorted(fresh)[:room])
                if len(pool) >= limit:
                    break
        values = []
        for term in terms:
            value_of: dict[int, float] = {}
            for value, docs in term.classes:
                value_of.update(dict.fromkeys(docs & pool, value))
            values.append(value_of)
        matched, scores = {}, {}
        for number in pool:
            count, total = 0, 0.0
            for value_of in values:
                value = value_of.get(number)
                if value is not None:
                    count += 1
                    total += value
            matched[number] = count
            scores[number] = total
        best = sorted(pool)  # ties go to the lower document number
        best.sort(key=lambda n: -(matched[n] * _MATCHED + scores[n]))
        del best[RERANK:]
        return {n: matched[n] for n in best}, {n: scores[n] for n in best}

    def _browse(self, allowed: set[int] | None, limit: int) -> list[Hit]:
        """Filters alone: the newest matching items."""
        if allowed is None:
            allowed = {
                n
                for segment in self.segments
                for n in range(segment.start, segment.start + segment.count)
                if n not in self.dead
            }
        newest = heapq.nlargest(limit, allowed, key=lambda n: (self._date(n), n))
        return [self._hit(n, self._row(n), 0.0, frozenset()) for n in newest]

    def _date(self, number: int) -> int:
        segment = self.state.segment_of(number)  # type: ignore[union-attr]
        return segment.dates()[number - segment.start]

    def _row(self, number: int) -> list[str]:
        return self.state.segment_of(number).row(number)  # type: ignore[union-attr]

    def _hit(self, number: int, row: list[str], score: float, found: frozenset[str]) -> Hit:
        item_id, _, meeting_id, day, committee_id, item_number, title = row
        text = self.state.segment_of(number).text(number, SNIPPET_SCAN)  # type: ignore[union-attr]
        snippet, spans = _window(text, found)
        return Hit(
            id=item_id,
            meeting_id=meeting_id,
            date=day,
            committee_id=committee_id,
            number=item_number,
            title=safe_line(title),
            score=round(score, 1),
            snippet=snippet,
            spans=spans,
        )


def committed_token(store: Store) -> str | None:
    """The search state token that the store's index holds."""
    row = store.table_rows("meta").get(TOKEN_KEY)
    return row.get("value") if row else None


def document_of(item: Item, key: str, meetings: dict[str, dict[str, Any]]) -> Document:
    """An item as the word index holds it."""
    meeting = meetings.get(item.meeting_id, {})
    text = item.plain_text()
    return Document(
        item_id=item.id,
        key=key,
        meeting_id=item.meeting_id,
        date=meeting.get("date") or item.meeting_id[-10:],
        committee_id=meeting.get("committee_id") or item.meeting_id.rsplit("-", 3)[0],
        committee=meeting.get("committee", ""),
        number=str(item.number),
        title=safe_line(item.title),
        text=text,  # made safe a window at a time, when shown
        title_words=words(item.title),
        text_words=words(text),
    )


def document_words(item: Item) -> tuple[list[str], list[str]]:
    """The words of an item's title and of its text, as indexed."""
    return words(item.title), words(item.plain_text())


def record_changes(store: Store, writer: Writer) -> None:
    """Bring the word index up to date with a transaction's item changes.

    Called inside the transaction, before the index commits: the new
    state stays pending until the committed index holds its token (see
    ``store.postings``), so a crash in between leaves nothing wrong behind.
    """
    if not writer.changed_items and not writer.removed_items:
        return
    folder = store.root / SEARCH_DIR
    try:
        token = None
        if read_manifest(folder) is not None or all(
            item_id in writer.changed_items for item_id in store.table_rows("items")
        ):
            added = SegmentBuilder()
            meetings = store.table_rows("meetings")
            for item, key in writer.changed_items.values():
                added.add(document_of(item, key, meetings))
            with contextlib.suppress(NeedsRebuild):
                token = _update(store, added, set(writer.removed_items), rebuild=False)
        if token is None:
            token = _update(store, _every_document(store), set(), rebuild=True)
    except OSError as error:
        raise _write_error(folder, error) from error
    writer.set_meta(TOKEN_KEY, token)


def _write_error(folder: Path, error: OSError) -> StoreError:
    return StoreError(
        f"Cannot write the search index at {folder} ({error.strerror}); nothing was changed."
    )


def _update(store: Store, added: SegmentBuilder, removed: set[str], *, rebuild: bool) -> str:
    return update(
        store.root / SEARCH_DIR,
        added,
        removed,
        store_token=committed_token(store),
        index_path=store.root / INDEX_NAME,
        rebuild=rebuild,
    )


def _every_document(store: Store) -> SegmentBuilder:
    """Every item of ``store``, for a new index."""
    meetings = store.table_rows("meetings")
    rows = sorted(store.table_rows("items").items(), key=lambda pair: shard_of(pair[1]["meeting_id"]))
    added = SegmentBuilder()
    for item_id, row in rows:  # shard by shard: each body shard is parsed once
        item = store.item(item_id)
        if item is not None:
            added.add(document_of(item, row["body"], meetings))
    return added


def reindex(store: Store) -> None:
    """Index every item of ``store`` from scratch (a store made before search).

    Items are read before the lock is taken, so writers are not kept
    waiting; under the lock they are read again only if some changed.
    """
    folder = store.root / SEARCH_DIR
    added = _every_document(store)
    with store.transaction() as writer:
        meta = read_manifest(folder)
        if meta is not None:
            try:
                choose_state(meta, store.root / INDEX_NAME, lambda: committed_token(store))
                return  # another process indexed the store meanwhile
            except NeedsRebuild:
                pass
        rows = store.table_rows("items")
        if len(rows) != len(added) or any(
            rows.get(item_id, {}).get("body") != key for item_id, key in zip(added.ids, added.keys)
        ):
            added = _every_document(store)
        try:
            token = _update(store, added, set(), rebuild=True)
        except OSError as error:
            raise _write_error(folder, error) from error
        writer.set_meta(TOKEN_KEY, token)


def make_snippet(
    text: str, found: Iterable[str], width: int = SNIPPET_WIDTH
) -> tuple[str, list[tuple[int, int]]]:
    """A one-line window of ``text`` where the most matched words meet.

    Returns:
        The snippet (safe to display) and the spans of matched words in it.
    """
    return _window(safe_line(text), frozenset(found), width)


def _window(flat: str, found: frozenset[str], width: int = SNIPPET_WIDTH) -> tuple[str, list[tuple[int, int]]]:
    """``make_snippet`` without cleaning the whole text first: only the
    window shown is made safe and put on one line (an item can be 1 MB)."""
    # Where words meet near the start; else the first match further on.
    hits = _matches(flat, found, 0, SNIPPET_NEAR) or _matches(flat, found, SNIPPET_NEAR - 100, len(flat))[:1]
    first = _densest([(start, word) for start, _, word in hits], width * 2 // 3)
    start = max(0, first - width // 3)
    if start:
        space = flat.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    window = safe_line(flat[start : start + width])
    prefix = "…" if start else ""
    snippet = prefix + window + ("…" if start + width < len(flat) else "")
    spans = [(at + len(prefix), end + len(prefix)) for at, end, _ in _matches(window, found, 0, len(window))]
    return snippet, spans


def _matches(text: str, found: frozenset[str], begin: int, end: int) -> list[tuple[int, int, str]]:
    """Whole-word matches of ``found`` in ``text[begin:end]``, ignoring case:
    ``(start, end, word)``, the longest at a place, at most 200."""
    part = text[begin:end]
    low = part.lower()
    if len(low) != len(part):  # lower() changed lengths: let re ignore case
        pattern = _pattern(found)
        if pattern is None:
            return []
        return [(m.start(), m.end(), m.group().casefold()) for m in islice(pattern.finditer(text, begin, end), 200)]
    candidates = []
    for word in found:
        at = low.find(word)
        while at >= 0 and len(candidates) < 5_000:
            after = at + len(word)
            if (at == 0 or not _word_char(low[at - 1])) and (after == len(low) or not _word_char(low[after])):
                candidates.append((at, -len(word), word))
            at = low.find(word, at + 1)
    candidates.sort()
    hits: list[tuple[int, int, str]] = []
    reached = 0
    for at, minus, word in candidates:
        if at >= reached:
            hits.append((begin + at, begin + at - minus, word))
            reached = at - minus
            if len(hits) == 200:
                break
    return hits


def _word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


@lru_cache(maxsize=64)
def _pattern(found: frozenset[str]) -> re.Pattern[str] | None:
    """Matches any of the words ``found`` as a whole word (longest first)."""
    if not found:
        return None
    alternatives = "|".join(map(re.escape, sorted(found, key=len, reverse=True)))
    return re.compile(r"(?<!\w)(?:" + alternatives + r")(?!\w)", re.IGNORECASE)


def _densest(hits: list[tuple[int, str]], reach: int) -> int:
    """Where a window of ``reach`` characters starting at a hit holds the
    most distinct words (the first such place; 0 with no hits)."""
    best, first = 0, 0
    inside: dict[str, int] = {}
    end = 0
    for start, word in hits:
        while end < len(hits) and hits[end][0] < start + reach:
            inside[hits[end][1]] = inside.get(hits[end][1], 0) + 1
            end += 1
        if len(inside) > best:
            best, first = len(inside), start
        inside[word] -= 1
        if not inside[word]:
            del inside[word]
    return first
