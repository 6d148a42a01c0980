"""Retrieval: from a parsed query to ranked results, in SQLite.

1. each query word is expanded against the vocabulary (``search_words``):
   itself, its most frequent completions if it is the word being typed,
   and words within a few typos (rapidfuzz ``ratio``: ``ofstd`` ->
   ``ofsted``);
2. FTS5 finds the items matching every word (each an OR of its
   expansions), best bm25 first, then, if too few, those matching some;
   a quoted phrase is matched as a run (FTS5's phrase query), and the
   items holding every phrase come first;
3. ``rank.score`` orders these candidates; only the results get a
   snippet, cut by ``snippets.passage`` from the item's text.
"""

from __future__ import annotations

import heapq
import json
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from store import index
from store.search import rank
from store.search.query import Query, parse_query
from store.search.snippets import passage

if TYPE_CHECKING:
    from store import Archive

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
#: Candidates ranked by ``rank.score``, from each FTS5 query (more when
#: more results are asked for: a list scrolled past the first pages).
POOL = 500


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
        terms: The words it matched for (typos and completions expanded;
            for an item holding the query's phrases, not their words).
        phrases: The query's phrases it holds, each its words.
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
    terms: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()


class Results(list[Hit]):
    """Search results, best first, and how many matched in all (``total``:
    at least as many as the list holds, which the ``limit`` caps)."""

    def __init__(self, hits: list[Hit], total: int) -> None:
        super().__init__(hits)
        self.total = max(total, len(hits))


_HIT = "d.id, d.meeting_id, d.date, d.committee_id, d.number, d.title"


class SearchIndex:
    """Search over one store's index database (``store.index``).

    Reads only the index: no item rows, no bodies of the records.
    """

    def __init__(self, db: sqlite3.Connection) -> None:
        """Wrap a caught-up index connection (use ``build`` or ``open``)."""
        self.db = db
        self._vocabulary: tuple[tuple[int, int], list[str]] | None = None
        self._lock = threading.Lock()
        #: Held by each search: see ``search``.
        self._searching = threading.Lock()

    @classmethod
    def build(cls, store: Archive, progress: index.Progress | None = None) -> SearchIndex:
        """The search index of ``store``, caught up with its records
        (``progress`` hears how a rebuild goes: ``index.Progress``)."""
        return cls(index.connection(store, progress))

    @classmethod
    def open(cls, root: Path) -> SearchIndex:
        """The search index of the store at ``root``: the records are read
        only if the index may be behind them (``index.current_connection``)."""
        db = index.current_connection(root)
        if db is not None:
            return cls(db)
        from store import open_store

        return cls.build(open_store(root))

    def close(self) -> None:
        """Nothing to release: the connection belongs to the store's index."""

    # -- words ------------------------------------------------------------

    def read_words(self) -> None:
        """Read the vocabulary now, not in the first search that matches a typo
        (holding the connection as a search does: see ``search``)."""
        with self._searching:
            self._words()

    def generation(self) -> int | None:
        """The records' generation the index reflects (``store.index.generation``),
        read on this connection once no search is using it (see ``search``)."""
        with self._searching:
            return index.generation(self.db)

    def _words(self) -> list[str]:
        """Every indexed word, for typo matching (read again once the index
        changed, by this connection or another)."""
        changes = (self.db.execute("PRAGMA data_version").fetchone()[0], self.db.total_changes)
        with self._lock:
            if self._vocabulary is None or self._vocabulary[0] != changes:
                found = [row[0] for row in self.db.execute("SELECT term FROM search_words")]
                self._vocabulary = (changes, found)
            return self._vocabulary[1]

    def _expand(self, term: str, *, last: bool) -> list[str]:
        """Vocabulary words a typed word may mean (itself first if indexed)."""
        found: list[str] = []
        exact = self.db.execute("SELECT 1 FROM search_words WHERE term = ?", (term,)).fetchone()
        if exact:
            found.append(term)
        if last and len(term) >= PREFIX_MIN:
            rows = self.db.execute(
                "SELECT term, doc FROM search_words WHERE term > ? AND term < ? LIMIT ?",
                (term, term + "\U0010ffff", PREFIX_SCAN),
            ).fetchall()
            room = min(PREFIX_LIMIT, len(term) + 1)  # fewer for shorter prefixes
            found += [
                word for word, _ in heapq.nlargest(room, rows, key=lambda row: (row[1], row[0]))
            ]
        if len(term) >= FUZZY_MIN:
            for word, _, _ in process.extract(
                term, self._words(), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=FUZZY_LIMIT
            ):
                if word not in found:
                    found.append(word)
        return found

    # -- results ----------------------------------------------------------

    def search(self, raw_query: str, limit: int = 50) -> Results:
        """Ranked results for a raw query (filters included), at most
        ``limit``, and how many matched in all.

        One search at a time per index, whatever the threads (the command
        palette searches each keystroke in a thread of its own): a statement
        reading ``search_docs`` calls ``item_text``, which needs the GIL
        while SQLite holds the connection, and a second thread binding its
        parameters holds the GIL while it waits for the connection. Two
        searches at once on one connection could so wait for each other
        for ever, and so could a search and any other statement on it: every
        use of ``db`` from outside (``read_words``, ``generation``) holds
        the same lock.
        """
        with self._searching:
            return self._search(raw_query, limit)

    def _search(self, raw_query: str, limit: int) -> Results:
        query = parse_query(raw_query)
        where, values = _filters(query)
        if not query.terms:
            return self._browse(where, values, limit)
        column = "title : " if query.title_only else ""
        pool = max(POOL, limit)
        expansions = [
            self._expand(word, last=at == len(query.terms) - 1 and not _quoted_last(raw_query))
            for at, word in enumerate(query.terms)
        ]
        groups = [_any(words) for words in expansions if words]
        runs = [_run(phrase) for phrase in query.phrases]
        if not groups and not runs:
            return Results([], 0)
        # Words typed apart that the index also holds as one (``e-mail``).
        joins = self._joins(query.terms)
        joined = tuple(joins.values())
        units, outer = _joined_units(query, expansions, joins) if joins else (groups, runs)
        every = column + "(" + " AND ".join(units + outer) + ")"
        candidates = self._match(every, where, values, pool)
        exact = set(candidates)
        coverage = dict.fromkeys(candidates, 1.0)
        some = column + "(" + " OR ".join(groups + runs + [f'"{word}"' for word in joined]) + ")"
        total = len(candidates)
        if total >= pool:  # capped: count them all
            total = self._count(every, where, values)
        elif len(groups) + len(runs) > 1:
            matched = self._match(some, where, values, pool)
            partial = {n: row for n, row in matched.items() if n not in candidates}
            if len(groups) == 2 and not runs and not joined:
                # Each matches one word or the other, not both (those are
                # all in ``candidates``): nothing to look up.
                covered = dict.fromkeys(partial, 1)
            else:
                covered = self._coverage(list(partial), groups, joined, column)
            for n, count in covered.items():
                coverage[n] = min(count, len(query.terms)) / len(query.terms)
            candidates.update(partial)
            total = self._count(some, where, values) if len(matched) >= pool else len(candidates)
        best = max((row[-1] for row in candidates.values()), default=0.0)
        # The title is compared with the words meant: a typo or a prefix as the word it found.
        words_meant = " ".join(
            found[0] if found else term for term, found in zip(query.terms, expansions, strict=True)
        )
        alike = {n: rank.similarity(words_meant, row[5]) for n, row in candidates.items()}
        scores = {n: rank.score(coverage[n], row[-1], best, alike[n]) for n, row in candidates.items()}
        ranked = rank.order(
            scores, alike, {n: (row[2], row[1], row[4] or "") for n, row in candidates.items()}
        )
        if query.phrases:  # the exact runs first, each side in its order
            ranked.sort(key=lambda n: n not in exact)
        ranked = ranked[:limit]
        found = tuple(dict.fromkeys([*(word for words in expansions for word in words), *joined]))
        phrases = tuple(tuple(phrase) for phrase in query.phrases)
        # What a hit matched for: an item holding the runs, the runs and the
        # other words (not a run's words apart); any other, all the words.
        inside = {word for phrase in query.phrases for word in phrase}
        outside = tuple(
            dict.fromkeys(
                word
                for term, words in zip(query.terms, expansions, strict=True)
                if term not in inside
                for word in words
            )
        ) + joined
        meant = (*(tuple(words) for words in expansions if words), *((word,) for word in joined))
        snippets = self._snippets(ranked, meant, phrases)
        return Results(
            [
                _hit(
                    candidates[n],
                    scores[n],
                    *snippets.get(n, ("", [])),
                    *((outside, phrases) if query.phrases and n in exact else (found, ())),
                )
                for n in ranked
            ],
            total,
        )

    def _count(self, match: str, where: str, values: list[str]) -> int:
        """How many items match (no cap)."""
        if not where:  # FTS5 counts its matches without reading the documents
            sql = "SELECT count(*) FROM search_fts WHERE search_fts MATCH ?"
        else:
            sql = (
                "SELECT count(*) FROM search_fts f JOIN search_rows d ON d.n = f.rowid"
                f" WHERE search_fts MATCH ?{where}"
            )
        return int(self.db.execute(sql, (match, *values)).fetchone()[0])

    def _match(self, match: str, where: str, values: list[str], limit: int) -> dict[int, tuple]:
        """The best ``limit`` items by bm25. Without filters FTS5 ranks its
        matches alone (a bounded sort) and only the winners are joined to
        their rows; with filters, the rows filter the matches first."""
        if not where:
            sql = (
                f"SELECT f.n, {_HIT}, f.score FROM (SELECT rowid AS n, -{rank.BM25} AS score"
                " FROM search_fts WHERE search_fts MATCH ? ORDER BY score DESC LIMIT ?) f"
                " JOIN search_rows d ON d.n = f.n ORDER BY f.score DESC"
            )
            rows = self.db.execute(sql, (match, limit)).fetchall()
        else:
            rows = self.db.execute(
                f"SELECT f.rowid, {_HIT}, -{rank.BM25} AS score FROM search_fts f"
                f" JOIN search_rows d ON d.n = f.rowid"
                f" WHERE search_fts MATCH ?{where} ORDER BY score DESC LIMIT ?",
                (match, *values, limit),
            ).fetchall()
        return {row[0]: row[1:] for row in rows}

    def _coverage(
        self, numbers: list[int], groups: list[str], joined: tuple[str, ...], column: str
    ) -> dict[int, int]:
        """How many of the query's words each of items ``numbers`` matches
        (a word of ``joined`` counts for the two typed apart).

        Each word's matches are listed once, without ranking them, and the
        items looked up among them (SQLite keeps the list as a temporary
        index): some milliseconds for a word in half the archive. FTS5
        answering ``MATCH ? AND rowid IN (...)`` instead would look each of
        the items up in each word's postings: about 60 µs a look-up, 0.2 s
        for a four-word query's 500 candidates.
        """
        counts = dict.fromkeys(numbers, 0)
        listed = json.dumps(numbers)
        weighed = [(group, 1) for group in groups] + [(f'"{word}"', 2) for word in joined]
        for group, weight in weighed:
            rows = self.db.execute(
                "SELECT value FROM json_each(?)"
                " WHERE value IN (SELECT rowid FROM search_fts WHERE search_fts MATCH ?)",
                (listed, column + group),
            )
            for (n,) in rows:
                counts[n] += weight
        return counts

    def _joins(self, terms: list[str]) -> dict[int, str]:
        """Two query words side by side that the index holds as one word
        (``e-mail`` or ``e mail``: ``email``), by the first one's place in
        ``terms``; left to right, no word in two."""
        joins: dict[int, str] = {}
        at = 0
        while at + 1 < len(terms):
            word = terms[at] + terms[at + 1]
            if self.db.execute("SELECT 1 FROM search_words WHERE term = ?", (word,)).fetchone():
                joins[at] = word
                at += 2
            else:
                at += 1
        return joins

    def _snippets(
        self,
        numbers: list[int],
        terms: tuple[tuple[str, ...], ...],
        phrases: tuple[tuple[str, ...], ...],
    ) -> dict[int, tuple[str, list[tuple[int, int]]]]:
        """The snippet of each of items ``numbers``: its passage around the
        best match of the query (``snippets.passage``), from its text."""
        return {n: passage(text, terms, phrases) for n, text in self._texts(numbers)}

    def _texts(self, numbers: list[int]) -> list[tuple[int, str]]:
        """The plain text of items ``numbers`` (all a snippet needs)."""
        if not numbers:
            return []
        marks = ",".join("?" * len(numbers))
        return self.db.execute(
            f"SELECT n, text FROM search_docs WHERE n IN ({marks})", numbers
        ).fetchall()

    def _browse(self, where: str, values: list[str], limit: int) -> Results:
        """Filters alone: the newest matching items."""
        rows = self.db.execute(
            f"SELECT d.n, {_HIT}, 0.0, substr(d.text, 1, 200) FROM search_docs d WHERE 1{where}"
            " ORDER BY d.date DESC, d.n DESC LIMIT ?",
            (*values, limit),
        ).fetchall()
        total = len(rows)
        if total >= limit:
            (total,) = self.db.execute(
                f"SELECT count(*) FROM search_rows d WHERE 1{where}", values
            ).fetchone()
        return Results([_hit(row[1:-1], 0.0, *passage(row[-1], ())) for row in rows], total)


def _any(words: list[str]) -> str:
    """An FTS5 expression matching any of ``words`` (letters and digits only)."""
    return "(" + " OR ".join(f'"{word}"' for word in words) + ")"


def _joined_units(
    query: Query, expansions: list[list[str]], joins: dict[int, str]
) -> tuple[list[str], list[str]]:
    """The groups all of which an item must match, and the runs (``_run``)
    outside them, for a query with words the index also holds joined
    (``SearchIndex._joins``): two such words are one group, both words (and
    their run, if typed as one: ``e-mail``) or the joined word, so
    ``e-mail`` and ``e mail`` find "email" as ``2007/08`` finds "2007-08"."""
    groups: list[str] = []
    joined_runs: list[list[str]] = []
    at = 0
    while at < len(query.terms):
        if at in joins:
            pair = query.terms[at : at + 2]
            parts = [_any(words) for words in expansions[at : at + 2] if words]
            if pair in query.phrases:
                parts.append(_run(pair))
                joined_runs.append(pair)
            apart = " AND ".join(parts)
            groups.append(f'(({apart}) OR "{joins[at]}")' if parts else f'"{joins[at]}"')
            at += 2
            continue
        if expansions[at]:
            groups.append(_any(expansions[at]))
        at += 1
    return groups, [_run(phrase) for phrase in query.phrases if phrase not in joined_runs]


def _run(phrase: list[str]) -> str:
    """An FTS5 phrase query: ``phrase``'s words as one run."""
    return '"' + " ".join(phrase) + '"'


def _quoted_last(raw: str) -> bool:
    """True when the query's last word is inside quotes (it is not a prefix)."""
    return raw.count('"') % 2 == 0 and raw.rstrip().endswith('"')


def _filters(query: Query) -> tuple[str, list[str]]:
    """The SQL condition on ``search_rows d`` (or ``search_docs d``) for the
    query's filters."""
    where, values = "", []
    if query.after:
        where += " AND d.date >= ?"
        values.append(query.after)
    if query.before:
        where += " AND d.date <= ?"
        values.append(query.before)
    if query.committee:
        where += " AND d.label IN (SELECT n FROM search_labels WHERE instr(label, ?) > 0)"
        values.append(query.committee)
    return where, values


def _hit(
    row: tuple,
    score: float,
    snippet: str,
    spans: list[tuple[int, int]],
    terms: tuple[str, ...] = (),
    phrases: tuple[tuple[str, ...], ...] = (),
) -> Hit:
    item_id, meeting_id, day, committee_id, number, title = row[:6]
    return Hit(
        id=item_id,
        meeting_id=meeting_id,
        date=day,
        committee_id=committee_id,
        number=number,
        title=title,
        score=round(score, 1),
        snippet=snippet,
        spans=spans,
        terms=terms,
        phrases=phrases,
    )
