"""Query parsing: a raw query into words and filters, once per keystroke."""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date, timedelta

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_FILTER = re.compile(r"\b(committee|after|before|year|in):(\S*)", re.IGNORECASE)
_PHRASE = re.compile(r'"([^"]*)"')
#: A word as typed: a run of characters between spaces (``2007/08``, ``A&G``).
_TYPED = re.compile(r"\S+")
_STOP = frozenset(
    "a an and are as at be by for from had has have in is it of on or that the this to was "
    "were will with".split()
)


def words(text: str) -> list[str]:
    """Lower-case words of ``text`` (letters and digits)."""
    return _WORD.findall(text.casefold())


def runs(text: str) -> list[list[str]]:
    """The quoted phrases of ``text`` and its words joined by punctuation
    (``2007/08``, ``A&G``, ``S.151``, ``O'Neill``, ``e-mail``, ``£1.2m``):
    each a run of two words or more, as the index splits them (FTS5 keeps
    letters and digits only, so ``2007/08`` is ``2007 08``, and so are
    ``2007-08`` and ``2007.08``), in order, each once."""
    found: list[list[str]] = []
    for run in [*map(words, _PHRASE.findall(text)), *map(words, _TYPED.findall(_PHRASE.sub(" ", text)))]:
        if len(run) > 1 and run not in found:
            found.append(run)
    return found


@dataclass(slots=True)
class Query:
    """A parsed search query."""

    terms: list[str]
    committee: str | None = None
    after: str | None = None
    before: str | None = None
    title_only: bool = False
    #: Quoted runs of words (``"treasury management"``) and words joined by
    #: punctuation (``2007/08``), each its words; their words are in
    #: ``terms`` too.
    phrases: list[list[str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _period(value: str) -> tuple[date, date] | None:
    """``2016`` / ``2016-03`` / ``2016-03-01``: its first and last days."""
    match = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", value)
    if not match:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    assert year is not None
    try:
        if month is None:
            return date(year, 1, 1), date(year, 12, 31)
        if day is None:
            return date(year, month, 1), date(year, month, monthrange(year, month)[1])
        return date(year, month, day), date(year, month, day)
    except ValueError:
        return None


def parse_query(raw: str) -> Query:
    """Split a raw query into words and filters.

    ``before:2017`` keeps meetings before 1 January 2017 and ``after:2017``
    those after 31 December 2017 (the period named is left out at both
    ends; ``before:2017-06`` is before 1 June, ``after:2017-06`` after 30
    June); ``year:2015`` keeps 2015. ``Query.after`` and ``Query.before``
    hold the first and last days kept (inclusive). Words in double quotes
    are a phrase, and so is a word typed with punctuation inside it
    (``2007/08``, ``A&G``: ``runs``): ``Query.phrases`` holds each run of
    two words or more (its words are also in ``terms``, stop words aside).
    """
    query = Query(terms=[])
    for name, value in _FILTER.findall(raw):
        name = name.casefold()
        if name == "committee":
            query.committee = value.casefold() or None
        elif name == "in":
            query.title_only = value.casefold() == "title"
        else:
            period = _period(value)
            if period is None:
                query.problems.append(f"{name}:{value} is not a date like 2016 or 2016-03-01")
                continue
            first, last = period
            if name == "after":
                query.after = (last + timedelta(days=1)).isoformat() if last < date.max else "9999-99"
            elif name == "before":
                query.before = (first - timedelta(days=1)).isoformat() if first > date.min else "0000"
            else:
                query.after, query.before = first.isoformat(), last.isoformat()
    rest = _FILTER.sub(" ", raw)
    query.phrases = runs(rest)
    query.terms = [word for word in words(rest) if word not in _STOP] or words(rest)
    return query
