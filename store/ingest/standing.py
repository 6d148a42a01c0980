"""Standing (procedural) items, recognised from their titles.

Apologies, declarations of interest, the previous meeting's minutes, urgent
business, the date of the next meeting and exclusion of the press and
public recur at every meeting; the interface sets them apart, and two of
them name other meetings, which become references.
"""

from __future__ import annotations

import datetime as dt
import re

from store.ingest.dates import first_date
from store.models import Reference

_KINDS = (
    ("apologies", re.compile(r"^apolog|\bapologies\s++for\s++absence\b")),
    ("declarations", re.compile(r"\b(?:disclosures?|declarations?)\b.*\binterests?\b")),
    (
        "previous-minutes",
        re.compile(
            r"^(?:confirmation\s++of\s++(?:the\s++)?)?minutes\b(?!\s++of\s++(?:the\s++)?"
            r"(?:\w+\s++)?(?:sub-?committee|board|panel|forum|partnership)\b)"
        ),
    ),
    ("urgent-business", re.compile(r"\burgent\s++(?:business|items?|matters?)\b")),
    ("next-meeting", re.compile(r"\b(?:date|time)s?\s++of\s++(?:the\s++)?next\s++meeting\b")),
    ("exclusion", re.compile(r"\bexclusion\s++of\s++(?:the\s++)?(?:press|public)\b")),
)


def standing_kind(title: str) -> str | None:
    """The standing kind of an item title (see ``STANDING_KINDS``), or None."""
    lower = title.lower().strip()
    for kind, pattern in _KINDS:
        if pattern.search(lower):
            return kind
    return None


def previous_minutes_reference(title: str, text: str) -> Reference:
    """The meeting a "Minutes of the Meeting held on <date>" item confirms.

    The date comes from the title, else from the first date in the text.
    """
    for words in (title, text):
        found = first_date(words)
        if found is not None:
            return Reference("previous-minutes", title, found[0].isoformat())
    return Reference("previous-minutes", title)


def next_meeting_reference(title: str, text: str, meeting: dt.date | None) -> Reference | None:
    """The next meeting named by a "Date of Next Meeting" item.

    A date printed without a year ("27 June at 2pm") is the first such day
    after ``meeting``. The reference text is the sentence naming the date.
    """
    for words in (title, text):
        found = first_date(words, after=meeting)
        if found is not None:
            date, match = found
            sentence = _sentence_around(words, match.start, match.end)
            return Reference("next-meeting", sentence, date.isoformat())
    return None


def _sentence_around(text: str, start: int, end: int) -> str:
    """The sentence (or line) holding ``text[start:end]``."""
    stop = text.rfind(". ", 0, start)
    begin = max(stop + 2 if stop != -1 else 0, text.rfind("\n", 0, start) + 1)
    stop = text.find(". ", end)
    line = text.find("\n", end)
    ends = [position for position in (stop + 1 if stop != -1 else -1, line) if position != -1]
    return text[begin : min(ends, default=len(text))].strip()
