"""Query parsing: a raw query into words and filters, once per keystroke."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_FILTER = re.compile(r"\b(committee|after|before|year|in):(\S*)", re.IGNORECASE)
_STOP = frozenset(
    "a an and are as at be by for from had has have in is it of on or that the this to was "
    "were will with".split()
)


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
