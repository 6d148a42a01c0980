"""Reasons for links, in words a clerk understands.

Members of a thread store a short code and the words behind it (see
``store.topics.threads``); the sentence is made only when shown, so the
stored index stays small and the wording can improve without re-threading.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from store.topics.members import Member

#: Codes of members found by the same title, once periods or filler are
#: removed: the reason for each.
SAME_TITLE = {
    "same": "same title",
    "quarter": "same title once the quarter is removed",
    "date": "same title once the dates are removed",
    "year": "same title once the year is removed",
    "filler": "same title once filler words are removed",
}


def long_date(day: str) -> str:
    """``2017-06-27`` -> ``27 June 2017`` (unchanged if not a date)."""
    try:
        parsed = date.fromisoformat(day)
    except ValueError:
        return day
    return f"{parsed.day} {parsed:%B %Y}"


def describe_item(row: dict[str, Any] | None, meeting_date: str) -> str:
    """How a reason names another item: "item 6 of 7 March 2017", "the
    report for 27 June 2017", "the decision of 4 October 2018"."""
    when = long_date(meeting_date)
    if row is None:
        return "an item no longer in this archive"
    if row.get("shape") == "report":
        return f"the report for {when}"
    if row.get("shape") == "decision":
        return f"the decision of {when}"
    number = row.get("number") or ""
    return f"item {number} of {when}" if number else f"the item of {when}"


def _listed(words: list[str]) -> str:
    return ", ".join(words)


def member_reason(
    member: Member, describe: Callable[[str], str], title_words: list[str], *, alone: bool
) -> str:
    """Why ``member`` is in its thread.

    Args:
        member: The stored member row.
        describe: Names another item for the sentence (see
            ``describe_item``).
        title_words: The words its title shares with its ``via``'s.
        alone: True if it is the only item of its thread.
    """
    code, extra = member.code, member.extra
    if code in SAME_TITLE:
        return SAME_TITLE[code]
    if code in ("similar", "supported"):
        parts = [f"similar title ({_listed(title_words)})" if title_words else "similar title"]
        if extra.get("terms"):
            parts.append(f"shared terms ({_listed(extra['terms'])})")
        if extra.get("people"):
            parts.append(f"presented by the same officer ({_listed(extra['people'])})")
        return ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]
    if code == "cites" and member.via:
        return f"its background papers name {describe(member.via)}"
    if code == "cited" and member.via:
        return f"named in the background papers of {describe(member.via)}"
    if code == "moved":
        return "moved into this thread by the clerk"
    if code == "confirmed":
        return "kept in this thread by the clerk"
    return "the only item of this thread" if alone else "the first item of this thread"


def part_reason(heading: str, terms: list[str], *, here: bool) -> str:
    """Why a section links an item to another thread.

    Args:
        heading: The section's heading.
        terms: Distinctive words the section shares with the thread.
        here: True when the section is in the item being viewed.
    """
    shared = f", sharing {_listed(terms)}" if terms else ""
    if here:
        return f"the section \u201c{heading}\u201d here is on the same topic{shared}"
    return f"its section \u201c{heading}\u201d is on this topic{shared}"
