"""From an item's number, title and text to an Item; from items to meeting facts.

Shared by minutes and agenda pages: standing-item classification, the
references standing items make, presenters, and the meeting-level facts
(apologies, substitutions, officers, next meeting) read out of the items.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from store.ingest.blocks import parse_blocks
from store.ingest.links import title_references
from store.ingest.people import (
    apologies_in,
    chair_in,
    officers_in,
    presenters_in,
    substitutions_in,
)
from store.ingest.standing import (
    next_meeting_reference,
    previous_minutes_reference,
    standing_kind,
)
from store.models import Block, Item, Meeting, Reference
from store.text import blocks_to_text

#: "(Item 1)" or "(Agenda Item 4a)" ending a minute's title.
_AGENDA_NUMBER = re.compile(
    r"\s*+\(\s*+(?:agenda\s++)?+item\s++(\d{1,3}[a-z]?+)\s*+\)\s*+$", re.IGNORECASE
)


@dataclass(slots=True)
class RawItem:
    """An item as cut out of a document, before its text is structured.

    Attributes:
        number: Display number as printed ("4", "77/21"), or "".
        title: Title, cleaned.
        lines: Raw lines of its text.
        line: Document line number where the item starts.
    """

    number: str
    title: str
    lines: list[str]
    line: int = 0


def build_item(raw: RawItem, order: int, shape: str, meeting: dt.date | None) -> Item:
    """Structure a raw item's text and classify it."""
    return make_item(raw.number, raw.title, order, shape, parse_blocks(raw.lines), meeting)


def make_item(
    number: str,
    title: str,
    order: int,
    shape: str,
    blocks: list[Block],
    meeting: dt.date | None,
    references: Sequence[Reference] = (),
) -> Item:
    """An Item with its standing kind, references and presenters filled in.

    Args:
        number: Display number, or "".
        title: Item title; link residue in it becomes ``document`` references.
        order: Agenda position from 1.
        shape: Shape of the source document.
        blocks: The item's text.
        meeting: Date of the meeting (or one before it), to resolve year-less
            next-meeting dates; None leaves them unresolved.
        references: References already found (document links).
    """
    title, links = title_references(title)
    title, agenda_number = split_agenda_number(title)
    standing = standing_kind(title)
    found = [*links, *references]
    if standing == "previous-minutes":
        found.append(previous_minutes_reference(title, blocks_to_text(blocks)))
    elif standing == "next-meeting":
        reference = next_meeting_reference(title, blocks_to_text(blocks), meeting)
        if reference is not None:
            found.append(reference)
    return Item(
        id="",
        meeting_id="",
        number=number,
        order=order,
        title=title,
        standing=standing,
        shape=shape,
        blocks=blocks,
        presenters=[] if standing else presenters_in(blocks),
        references=found,
        agenda_number=agenda_number,
    )


def split_agenda_number(title: str) -> tuple[str, str]:
    """ "Apologies (Item 1)" -> ("Apologies", "1"); other titles unchanged with ""."""
    match = _AGENDA_NUMBER.search(title)
    if match is None or match.start() == 0:
        return title, ""
    return title[: match.start()], match[1]


def fill_meeting(meeting: Meeting, items: Sequence[Item], header: str = "") -> None:
    """Add what the items say about the meeting itself.

    Apologies, substitutions and who took the chair come from the
    apologies item (and the header), officers from officer lists in any item, the next meeting from
    the next-meeting item. Lists keep their order and lose repeats.

    Args:
        meeting: The meeting to complete, changed in place.
        items: Its items.
        header: Header text before the first item, also read for
            substitutions.
    """
    meeting.substitutions.extend(substitutions_in(header))
    meeting.chair = meeting.chair or chair_in(header)
    for item in items:
        if item.standing == "apologies":
            text = blocks_to_text(item.blocks)
            meeting.apologies.extend(apologies_in(text))
            meeting.substitutions.extend(substitutions_in(text))
            meeting.chair = meeting.chair or chair_in(text)
        meeting.officers.extend(officers_in(item.blocks))
        for reference in item.references:
            if reference.kind == "next-meeting" and meeting.next_meeting is None:
                meeting.next_meeting = reference.date
    meeting.apologies = list(dict.fromkeys(meeting.apologies))
    meeting.officers = list(dict.fromkeys(meeting.officers))
    unique = {(sub.member, sub.replaced): sub for sub in meeting.substitutions}
    meeting.substitutions = list(unique.values())
