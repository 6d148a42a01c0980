"""Printed minutes: header, attendance and items, with or without ``<AIn>`` markers."""

from __future__ import annotations

import re
from collections.abc import Sequence

from store.ingest.assemble import RawItem, build_item, fill_meeting
from store.ingest.committees import committee_name
from store.ingest.errors import Rejected
from store.ingest.lines import is_blank, squash
from store.ingest.markers import Segment, cut_at_markers, has_markers
from store.ingest.meeting import When, read_when
from store.ingest.numbered import cut_at_numbers, item_heading
from store.ingest.people import read_attendance
from store.models import Meeting, ParsedDocument

#: The minutes heading, with the committee named inside it or not.
_HEADING = re.compile(r"^minutes\s++of\s++(?:the\s++|an?\s++)?(?:[\w-]+\s++)?meeting\b", re.I)
_COMMITTEE_INSIDE = re.compile(r"^\s*+of\s++(?:the\s++)?(.+)$", re.I)
_PRESENT = re.compile(r"^\s*+(?:members\s++)?present\b", re.I)
_LONE_NUMBER = re.compile(r"^\s*+\d{1,4}[a-z]?+(?:/\d{2,4})?+[.)]?+\s*+$", re.I)
#: Lines that divide the minutes into public and private parts ("UNRESTRICTED ITEMS").
_SECTION_LINE = re.compile(
    r"^\s*+(?:(?:un)?+restricted|exempt|confidential|public|private)\s++(?:items|business)\s*+:?+\s*+$"
    r"|^\s*+part\s++(?:i{1,2}|1|2|a|b)\s*+(?:[–—-]\s*+(?:un)?+restricted\s++items)?+\s*+$",
    re.IGNORECASE,
)
#: Longest line read as the minutes heading.
_HEADING_CHARS = 1000
#: How many non-blank lines from the top the minutes heading may stand.
HEADING_LINES = 40


def _is_minutes_heading(line: str) -> bool:
    """True for "Minutes of the Meeting held on <date> ..." (committee inside or not)."""
    text = squash(line)
    return len(text) <= _HEADING_CHARS and bool(_HEADING.match(text)) and " held" in text.lower()


def parse_minutes(lines: Sequence[str]) -> ParsedDocument:
    """Parse printed minutes.

    Raises:
        Rejected: No meeting heading, no committee, or no items.
    """
    warnings: list[str] = []
    heading_index, committee, when = _heading(lines)
    if has_markers(lines):
        cut = cut_at_markers(lines)
        warnings.extend(cut.warnings)
        header = cut.header
        raw_items = _marked_items(cut.segments, warnings)
    else:
        raw_items, first = cut_at_numbers(lines, heading_index + 1)
        header = list(lines[:first])
    if not raw_items:
        raise Rejected(
            "No agenda items were found: the minutes have neither <AIn> markers nor"
            " numbered item headings."
        )
    _check_numbers(raw_items, warnings)
    for raw in raw_items:
        raw.lines = [line for line in raw.lines if not _SECTION_LINE.match(line)]
    header = [line for line in header if not _SECTION_LINE.match(line)]
    attendance = read_attendance(_attendance_lines(header, heading_index))
    meeting = Meeting(
        id="",
        committee_id="",
        committee=committee,
        date=when.date.isoformat(),
        time=when.time,
        venue=when.venue,
        chair=attendance.chair,
        present=attendance.present,
        apologies=attendance.apologies,
        officers=attendance.officers,
        substitutions=attendance.substitutions,
        holds=["minutes"],
    )
    items = [build_item(raw, order, "minutes", when.date) for order, raw in enumerate(raw_items, 1)]
    fill_meeting(meeting, items, "\n".join(header[heading_index + 1 :]))
    return ParsedDocument("minutes", committee, meeting, items, warnings)


def find_minutes_heading(lines: Sequence[str]) -> int | None:
    """Index of the minutes heading near the top, before any item.

    Only the first ``HEADING_LINES`` non-blank lines are read, never past
    an ``<AIn>`` marker, and a line under a lone item number is an item
    title ("2." over "Minutes of the Meeting held on ..."), not the heading.
    """
    seen = 0
    previous = ""
    for index, line in enumerate(lines):
        if is_blank(line):
            continue
        if "<" in line and has_markers([line]):
            return None
        if _is_minutes_heading(line) and not _LONE_NUMBER.match(previous):
            return index
        previous = line
        seen += 1
        if seen >= HEADING_LINES:
            return None
    return None


def _heading(lines: Sequence[str]) -> tuple[int, str, When]:
    """Index of the minutes heading, the committee and when it met."""
    index = find_minutes_heading(lines)
    if index is None:
        raise Rejected(
            "No 'Minutes of the Meeting held on <date>' heading was found near the top."
        )
    text = squash(lines[index])
    held = text.lower().find(" held")
    after = text[held + len(" held") :]
    when = read_when(after)
    if when is None:
        below = _nonblank_from(lines, index + 1)
        if below is not None:
            when = read_when(after + " " + squash(lines[below]))
    if when is None:
        raise Rejected(f"The minutes heading at line {index + 1} names no meeting date.")
    committee = _committee(text[:held], lines, index)
    if not committee:
        raise Rejected(f"The minutes heading at line {index + 1} names no committee.")
    return index, committee, when


def _committee(before_held: str, lines: Sequence[str], index: int) -> str:
    """The committee named in the heading, else on the nearest line above it."""
    heading = _HEADING.match(before_held)
    inside = _COMMITTEE_INSIDE.match(before_held[heading.end() :]) if heading else None
    if inside:
        return committee_name(inside[1])
    for above in range(index - 1, -1, -1):
        if not is_blank(lines[above]):
            return committee_name(lines[above])
    return ""


def _nonblank_from(lines: Sequence[str], start: int) -> int | None:
    for index in range(start, min(len(lines), start + 3)):
        if not is_blank(lines[index]):
            return index
    return None


def _attendance_lines(header: Sequence[str], heading_index: int) -> list[str]:
    """Header lines from the "Present:" label (or the heading) to the end."""
    rest = list(header[heading_index + 1 :])
    for offset, line in enumerate(rest):
        if _PRESENT.match(line):
            return rest[offset:]
    return rest


def _marked_items(segments: Sequence[Segment], warnings: list[str]) -> list[RawItem]:
    """Number, title and text of each marked item; empty markers are skipped."""
    items: list[RawItem] = []
    for segment in segments:
        heading = item_heading(segment.lines)
        if heading is None:
            warnings.append(
                f"Item marker <AI{segment.marker}> at line {segment.line} holds no text and"
                " was skipped."
            )
            continue
        number, title, body = heading
        if not number:
            warnings.append(f"The item at line {segment.line} has no number.")
        if not title:
            title = f"Item {number}".strip()
            warnings.append(f"The item at line {segment.line} has no title.")
        items.append(RawItem(number, title, segment.lines[body:], segment.line))
    return items


def _check_numbers(items: Sequence[RawItem], warnings: list[str]) -> None:
    """Warn about item numbers printed more than once."""
    lines: dict[str, list[str]] = {}
    for item in items:
        if item.number:
            lines.setdefault(item.number, []).append(str(item.line))
    for number, where in lines.items():
        if len(where) > 1:
            listed = ", ".join(where[:-1]) + " and " + where[-1]
            warnings.append(f"Item number {number} appears {len(where)} times (lines {listed}).")
