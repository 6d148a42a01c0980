"""ModernGov "Agenda and minutes" pages saved as text.

The page heading names the committee and when it met ("Example Committee -
Tuesday, 3rd May, 2021 2.00 pm"); "Venue:" says where. Items follow as
numbered headings. Each item's agenda text and its "Minutes:" text become
separate parts (the minutes under a level-2 "Minutes" heading); webcasting
and public-access notices are dropped, and PDF link residue is turned into
``document`` references.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from store.ingest.assemble import RawItem, fill_meeting, make_item
from store.ingest.blocks import parse_blocks
from store.ingest.committees import committee_name, meeting_note
from store.ingest.dates import first_date, strip_weekday
from store.ingest.errors import Rejected
from store.ingest.lines import is_blank, squash
from store.ingest.links import document_reference, has_link, strip_link
from store.ingest.meeting import When, read_when
from store.ingest.numbered import cut_at_numbers
from store.ingest.standing import standing_kind
from store.ingest.titled import cut_at_titles
from store.models import Block, Item, Meeting, ParsedDocument, Reference

#: Page titles only an agenda page has.
AGENDA_PAGE_TITLES = frozenset(
    {"agenda and minutes", "agenda, decisions and minutes", "agenda and decisions",
     "agenda and draft minutes"}
)
#: Lines that name the page (with the heading line, they mark an agenda page).
PAGE_TITLES = AGENDA_PAGE_TITLES | {"agenda", "minutes", "draft minutes", "decisions"}
_TABLE_HEADINGS = frozenset({"items", "no. item", "no item", "item"})
_VENUE = re.compile(r"^venue\s*+:\s*+", re.IGNORECASE)
_VIEW_DIRECTIONS = re.compile(r"[.\s]*+view\s++directions\s*+$", re.IGNORECASE)
_MINUTES = re.compile(r"^\s*+minutes\s*+:\s*+", re.IGNORECASE)
_ADDITIONAL = re.compile(r"^\s*+additional\s++documents\s*+:?+\s*+$", re.IGNORECASE)
_BOILERPLATE = re.compile(
    r"webcast|live\s*+stream|(?:be|being|is)\s++(?:filmed|recorded|broadcast)|"
    r"public\s++(?:access|gallery)|members\s++of\s++the\s++public\s++(?:are|may)",
    re.IGNORECASE,
)
#: The browser title of a ModernGov meeting page: "Agenda for <committee> on <date>".
_PAGE_TITLE = re.compile(
    r"^(?:agenda|minutes|decisions)\s++for\s++(?P<committee>.+?)\s++on$", re.IGNORECASE
)
#: Longest line read as the page heading.
_HEADING_CHARS = 300
#: How many non-blank lines from the top the page heading may stand.
HEADING_LINES = 15
#: A link line is short: longer lines with residue are text that mentions a paper.
_LINK_WORDS = 20


@dataclass(slots=True)
class Heading:
    """The page heading: committee and when it met."""

    committee: str
    when: When


def read_heading(line: str) -> Heading | None:
    """Read "Committee - Weekday, 3rd May, 2021 2.00 pm", or None if it is not one.

    Meeting words around the committee ("Virtual meeting, ...",
    "(rescheduled)") are not part of its name. The browser's page title
    "Agenda for Committee on Thursday, 10th September, 2020, 2.00 pm" is a
    heading too.
    """
    text = squash(line)
    if len(text) > _HEADING_CHARS:
        return None
    when = read_when(text)
    if when is None:
        return None
    before = strip_weekday(text[: when.start]).rstrip(" ,")
    page_title = _PAGE_TITLE.match(before)
    if page_title:
        before = page_title["committee"] + " -"
    if not before.endswith(("-", "–", "—")):
        return None
    committee = committee_name(before.rstrip(" -–—"))
    if when.venue:
        when.venue = meeting_note(when.venue) or None
    return Heading(committee, when) if committee else None


def parse_agenda(lines: Sequence[str]) -> ParsedDocument:
    """Parse an "Agenda and minutes" page.

    A page saved or copied from below its heading names no committee or
    date: the document then has ``committee`` and ``meeting.date`` "" and
    the importer finds them (``store.dating``). Year-less dates on such a
    page are read as after the previous meeting its minutes item names.

    Raises:
        Rejected: No items.
    """
    found = find_heading(lines)
    index, heading = found if found is not None else (-1, None)
    start = _items_start(lines, index + 1)
    raw_items, first = cut_at_numbers(lines, start)
    if not raw_items:
        raw_items, first = cut_at_titles(lines, start)
    if not raw_items:
        raise Rejected("No agenda items were found on the agenda page.")
    header = lines[index + 1 : first]
    if heading is None:
        committee, date, time, venue = "", None, None, _venue(header)
        anchor = _previous_meeting(raw_items)
    else:
        committee, when = heading.committee, heading.when
        date, time, venue = when.date, when.time, _venue(header) or when.venue
        anchor = date
    meeting = Meeting(
        "", "", committee, date.isoformat() if date else "", time=time, venue=venue,
        holds=["agenda"],
    )
    items = [_item(raw, order, anchor) for order, raw in enumerate(raw_items, start=1)]
    fill_meeting(meeting, items)
    return ParsedDocument("agenda", committee, meeting, items)


def _previous_meeting(raw_items: Sequence[RawItem]) -> dt.date | None:
    """The date of the meeting whose minutes a headless page confirms."""
    for raw in raw_items:
        if standing_kind(raw.title) == "previous-minutes":
            found = first_date(raw.title) or first_date(" ".join(raw.lines[:5]))
            return found[0] if found else None
    return None


def find_heading(lines: Sequence[str]) -> tuple[int, Heading] | None:
    """The page heading among the first ``HEADING_LINES`` non-blank lines."""
    seen = 0
    for index, line in enumerate(lines):
        if is_blank(line):
            continue
        heading = read_heading(line)
        if heading is not None:
            return index, heading
        seen += 1
        if seen >= HEADING_LINES:
            break
    return None


def _items_start(lines: Sequence[str], start: int) -> int:
    """The line after the item table's "No. Item" heading, if there is one."""
    for index in range(start, len(lines)):
        text = squash(lines[index]).lower()
        if text in _TABLE_HEADINGS:
            return index + 1
    return start


def _venue(header: Sequence[str]) -> str | None:
    for line in header:
        text = squash(line)
        match = _VENUE.match(text)
        if match:
            return _VIEW_DIRECTIONS.sub("", text[match.end() :]).strip().rstrip(".") or None
    return None


def _item(raw: RawItem, order: int, meeting: dt.date | None) -> Item:
    """One agenda item: agenda text, then its minutes under a "Minutes" heading."""
    references: list[Reference] = []
    agenda, minutes, has_minutes = _split_minutes(raw.lines, references)
    blocks = [
        block for block in parse_blocks(agenda)
        if not (block.kind == "paragraph" and _BOILERPLATE.search(block.text))
    ]
    if has_minutes:
        blocks.append(Block("heading", "Minutes", level=2))
        blocks.extend(parse_blocks(minutes))
    return make_item(raw.number, raw.title, order, "agenda", blocks, meeting, references)


def _split_minutes(
    lines: Sequence[str], references: list[Reference]
) -> tuple[list[str], list[str], bool]:
    """Agenda lines, minutes lines and whether a "Minutes:" label was seen.

    Link lines (and the lines under "Additional documents:") are taken out
    of the text and added to ``references``.
    """
    agenda: list[str] = []
    minutes: list[str] = []
    target = agenda
    has_minutes = False
    for line in lines:
        label = _MINUTES.match(line)
        if label and not has_minutes:
            has_minutes = True
            target = minutes
            line = line[label.end() :]
        if _ADDITIONAL.match(line):
            continue
        if has_link(line):
            references.append(document_reference(line))
            if len(strip_link(line).split()) <= _LINK_WORDS:
                continue
            line = strip_link(line)
        target.append(line)
    return agenda, minutes, has_minutes
