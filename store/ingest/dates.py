"""Dates and times as councils print them, read into ISO strings.

Handles ordinals and weekdays ("Thursday, 10th December, 2015"), optional
commas, "27 June 2017", UK numeric dates ("04/10/2018"), and times such as
"10.00 am", "2pm" or "2.00pm". Every pattern uses possessive quantifiers so
matching stays linear on hostile input.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_MONTH = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b\.?+"
_ORDINAL = r"(?:st|nd|rd|th)?+"
_DAY_FIRST = re.compile(
    rf"\b(\d{{1,2}}){_ORDINAL}\s*+(?:of\s++)?({_MONTH})(?:,?+\s*+(\d{{4}})\b)?+",
    re.IGNORECASE,
)
_MONTH_FIRST = re.compile(
    rf"\b({_MONTH})\s*+(\d{{1,2}}){_ORDINAL}\b,?+\s*+(\d{{4}})\b", re.IGNORECASE
)
_NUMERIC = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})\b|\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")
_TIME = re.compile(
    r"\b(\d{1,2})(?:[.:](\d{2}))?+\s*+([ap])\.?+\s*+m\b\.?+", re.IGNORECASE
)
_NOON = re.compile(r"\b(?:12(?:[.:]00)?+\s*+)?(?:noon|midday)\b", re.IGNORECASE)
_CLOCK = re.compile(r"\b([01]?\d|2[0-3]):([0-5]\d)\b")


@dataclass(frozen=True, slots=True)
class DateMatch:
    """A date found in text.

    Attributes:
        start: Offset of the first character of the date words.
        end: Offset just past them.
        day: Day of month.
        month: Month number.
        year: Year, or None when the text names none ("27 June").
    """

    start: int
    end: int
    day: int
    month: int
    year: int | None

    def resolve(self, after: dt.date | None = None) -> dt.date | None:
        """The calendar date, a missing year taken from ``after``.

        Args:
            after: For a date printed without a year, the date it follows
                (the meeting whose minutes name it): the first such day
                after it is chosen.

        Returns:
            The date, or None if it is not a real date or has no year and
            no ``after`` to resolve it from.
        """
        if self.year is not None:
            return _date(self.year, self.month, self.day)
        if after is None:
            return None
        for year in range(after.year, after.year + 9):
            candidate = _date(year, self.month, self.day)
            if candidate is not None and candidate > after:
                return candidate
        return None


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if len(text) == 2 else year


def find_dates(text: str) -> Iterator[DateMatch]:
    """Every date written in ``text``, in order, overlaps dropped."""
    found: list[DateMatch] = []
    for match in _DAY_FIRST.finditer(text):
        year = int(match[3]) if match[3] else None
        found.append(DateMatch(match.start(), match.end(), int(match[1]), _month(match[2]), year))
    for match in _MONTH_FIRST.finditer(text):
        found.append(
            DateMatch(match.start(), match.end(), int(match[2]), _month(match[1]), int(match[3]))
        )
    for match in _NUMERIC.finditer(text):
        day, month, numeric_year = match.group(1, 2, 3) if match[1] else match.group(4, 5, 6)
        found.append(
            DateMatch(match.start(), match.end(), int(day), int(month), _year(numeric_year))
        )
    found.sort(key=lambda found_date: found_date.start)
    end = -1
    for date_match in found:
        if date_match.start >= end and 1 <= date_match.month <= 12:
            end = date_match.end
            yield date_match


def _month(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def first_date(text: str, after: dt.date | None = None) -> tuple[dt.date, DateMatch] | None:
    """The first real date in ``text`` with its match.

    Args:
        text: Where to look.
        after: Resolves dates printed without a year (see
            ``DateMatch.resolve``); without it such dates are skipped.
    """
    for date_match in find_dates(text):
        resolved = date_match.resolve(after)
        if resolved is not None:
            return resolved, date_match
    return None


def parse_date(text: str, after: dt.date | None = None) -> str | None:
    """The first real date in ``text`` as an ISO string, or None."""
    found = first_date(text, after)
    return found[0].isoformat() if found else None


def parse_time(text: str) -> tuple[str, int, int] | None:
    """The first clock time in ``text``.

    Returns:
        ``("HH:MM", start, end)`` in 24-hour form, or None. Accepts
        "10.00 am", "2.00pm", "2pm", "9 a.m.", "noon" and "14:00".
    """
    for match in _TIME.finditer(text):
        hour, minute = int(match[1]), int(match[2] or 0)
        if 1 <= hour <= 12 and minute < 60:
            hour = hour % 12 + (12 if match[3].lower() == "p" else 0)
            return f"{hour:02d}:{minute:02d}", match.start(), match.end()
    noon = _NOON.search(text)
    if noon:
        return "12:00", noon.start(), noon.end()
    clock = _CLOCK.search(text)
    if clock:
        return f"{int(clock[1]):02d}:{clock[2]}", clock.start(), clock.end()
    return None


def strip_weekday(text: str) -> str:
    """Remove a trailing weekday name (and comma) from ``text``."""
    trimmed = text.rstrip(" ,")
    lower = trimmed.lower()
    for day in WEEKDAYS:
        if lower.endswith(day):
            return trimmed[: -len(day)].rstrip(" ,")
    return text
