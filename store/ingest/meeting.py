"""The line that says when and where a meeting was held.

"Minutes of the Meeting held on Thursday, 10th December, 2015 at 10.00 am in
Cabinet Room 'B', County Hall, Preston" and the agenda page's "Example
Committee - Tuesday, 3rd May, 2021 2.00 pm" both come down to a date, maybe a
time, and what follows (the venue).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from store.ingest.dates import first_date, parse_time

#: What may stand between a date and its time or venue.
_JOINERS = re.compile(r"^(?:[\s,.;:–—-]++|at\s++|in\s++|commencing\s++|starting\s++)*+", re.I)
#: The longest gap between a date and the time that belongs to it.
_TIME_GAP = 8


@dataclass(slots=True)
class When:
    """Date, time and venue read from a heading line.

    Attributes:
        date: The meeting date.
        start: Offset of the date in the text it was read from.
        time: ``HH:MM`` or None.
        venue: What follows the date and time, or None.
    """

    date: dt.date
    start: int
    time: str | None
    venue: str | None


def read_when(text: str) -> When | None:
    """Date, then time and venue, from the words after "held on" (or similar).

    Args:
        text: Text holding a full date (with year), optionally followed by
            "at 10.00 am" and "in <venue>".

    Returns:
        What was found, or None if there is no full date.
    """
    found = first_date(text)
    if found is None:
        return None
    date, match = found
    rest = text[match.end :]
    time = None
    clock = parse_time(rest)
    if clock is not None and clock[1] <= _TIME_GAP and _JOINERS.fullmatch(rest[: clock[1]]):
        time = clock[0]
        rest = rest[clock[2] :]
    venue = _JOINERS.sub("", rest).strip().rstrip(".").strip() or None
    return When(date, match.start, time, venue)
