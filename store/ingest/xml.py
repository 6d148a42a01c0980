"""ModernGov web-service XML (``mgWebService.asmx/GetMeeting``) to a meeting.

The response says more than any page: the committee, date, time and venue as
fields, every agenda item with its shown number (``fulldisplaynumberformat``)
and its internal number (the agenda order), agenda and minutes text as HTML,
the attendees with their attendance, and the linked documents. It is read
straight into a ``ParsedDocument`` of the ``agenda`` shape, so it merges
item by item with the same meeting's "Agenda and minutes" page.

defusedxml parses it with DTDs, entity declarations and external references
refused: a billion-laughs or external-entity file is one sentence, never a
long parse. The service HTML-encodes titles before XML-encoding them, so they
are decoded once more after parsing (twice when encoded twice over).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from xml.etree.ElementTree import Element, ParseError

from store.ingest.assemble import fill_meeting, make_item
from store.ingest.blocks import parse_blocks
from store.ingest.dates import parse_time
from store.ingest.errors import Rejected
from store.models import Block, Meeting, ParsedDocument, Reference
from store.text import safe_line

_UK_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_NAMESPACE = re.compile(r"^\{[^}]*+\}")
#: Fields that may name each thing, in the order tried.
_COMMITTEE = ("committeetitle", "committeename", "committee")
_ITEM_TEXT = ("agendaitemtext", "agendatext", "agendaitemhtmlbody")
_MINUTES = ("minutesnonemptyhtmlbody", "minuteshtmlbody", "minutestext", "minutes")
_DECISION = ("decisionnonemptyhtmlbody", "decisionhtmlbody", "decisiontext")
_NAME = ("name", "membername", "fullname", "attendeename", "title")
_ATTENDANCE = ("attendance", "attendancestatus", "attendancedescription", "attendancetype")
_ROLE = ("role", "roledescription", "memberrole")


def xml_meeting(data: bytes) -> tuple[ParsedDocument, list[str]]:
    """Read a GetMeeting response (or a GetMeetings one holding one meeting).

    Returns:
        The parsed meeting and the provenance links (meeting and documents).

    Raises:
        Rejected: DTDs or entities, broken XML, no meeting, several meetings,
            or a meeting without committee or date.
    """
    try:
        import defusedxml  # type: ignore[import-untyped]
        import defusedxml.ElementTree as safe_tree  # type: ignore[import-untyped]
    except ImportError:
        raise Rejected(
            "The file is XML, and reading it needs the defusedxml library, which is not"
            " installed (reinstall ccpi-tui with pip)."
        ) from None
    try:
        root = safe_tree.fromstring(data, forbid_dtd=True)
    except defusedxml.DefusedXmlException as error:
        raise Rejected(
            f"The file is XML that declares a DTD or entities ({type(error).__name__}),"
            " which ccpi-tui refuses: entity expansion and external entities are attacks."
        ) from None
    except ParseError as error:
        line, column = error.position
        raise Rejected(f"The file is XML that is not well formed (line {line}, column {column}).") from None
    _strip_namespaces(root)
    meetings = [root] if root.find("meetingdate") is not None else [
        node for node in root.iter("meeting") if node.find("meetingdate") is not None
    ]
    if not meetings:
        raise Rejected("The file is XML but not a ModernGov GetMeeting response (no meetingdate).")
    if len(meetings) > 1:
        raise Rejected(
            f"The file is a GetMeetings list of {len(meetings)} meetings without their items;"
            " import each meeting's GetMeeting response instead."
        )
    return _meeting(meetings[0])


def _meeting(node: Element) -> tuple[ParsedDocument, list[str]]:
    from store.ingest.html import html_text

    committee = _decoded(_field(node, _COMMITTEE))
    if not committee:
        raise Rejected("The GetMeeting response names no committee (no committeetitle).")
    date = _date(_field(node, ("meetingdate",)))
    if date is None:
        raise Rejected("The GetMeeting response has no meeting date it can read (meetingdate).")
    clock = parse_time(_field(node, ("meetingtime",)))
    meeting = Meeting(
        "", "", committee, date.isoformat(),
        time=clock[0] if clock else None,
        venue=_decoded(_field(node, ("meetinglocation", "meetingvenue"))) or None,
        holds=["agenda"],
    )
    _attendance(node, meeting)
    links = [f"CId={_field(node, ('committeeid',))}&MId={_field(node, ('meetingid',))}"]
    raw_items = sorted(
        node.iter("agendaitem"), key=lambda item: _number(_field(item, ("agendaitemnumber",)))
    )
    items = []
    for order, item in enumerate(raw_items, start=1):
        references = []
        for linked in item.iter("linkeddoc"):
            title = _decoded(_field(linked, ("title", "documenttitle")))
            if title:
                references.append(Reference("document", title))
            url = _field(linked, ("url",))
            if url:
                links.append(safe_line(url))
        blocks = _html_blocks(item, _ITEM_TEXT, html_text)
        for label, fields in (("Decision", _DECISION), ("Minutes", _MINUTES)):
            more = _html_blocks(item, fields, html_text)
            if more:
                blocks += [Block("heading", label, level=2), *more]
        number = _field(item, ("fulldisplaynumberformat",)).strip().rstrip(".")
        title = _decoded(_field(item, ("agendaitemtitle", "title")))
        items.append(make_item(number, title, order, "agenda", blocks, date, references))
    fill_meeting(meeting, items)
    document = ParsedDocument("agenda", committee, meeting, items)
    if not items:
        document.warnings.append("The GetMeeting response lists no agenda items.")
    return document, list(dict.fromkeys(links))


def _attendance(node: Element, meeting: Meeting) -> None:
    """Present, apologies and chair from the attendee list."""
    for attendee in node.iter("attendee"):
        name = _decoded(_field(attendee, _NAME))
        if not name:
            continue
        status = _field(attendee, _ATTENDANCE).casefold()
        role = _field(attendee, _ROLE).casefold()
        if status.startswith(("present", "attended", "in attendance")):
            meeting.present.append(name)
            if role == "chair" or role == "chairman":
                meeting.chair = name
        elif status.startswith("apolog"):
            meeting.apologies.append(name)


def _html_blocks(item: Element, fields: tuple[str, ...], html_text) -> list[Block]:  # type: ignore[no-untyped-def]
    markup = _field(item, fields)
    if not markup.strip():
        return []
    from store.text import clean_document

    try:
        text = html_text(markup).text
    except Rejected:
        return []
    return parse_blocks(clean_document(text).split("\n"))


def _field(node: Element, names: tuple[str, ...]) -> str:
    for name in names:
        child = node.find(name)
        if child is not None and (child.text or "").strip():
            return child.text or ""
    return ""


def _decoded(text: str) -> str:
    """Undo the service's HTML encoding (once, or twice when encoded twice)."""
    for _ in range(2):
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    return safe_line(" ".join(text.split()))


def _date(text: str) -> dt.date | None:
    match = _UK_DATE.search(text)
    try:
        if match:
            return dt.date(int(match[3]), int(match[2]), int(match[1]))
        match = _ISO_DATE.search(text)
        return dt.date(int(match[1]), int(match[2]), int(match[3])) if match else None
    except ValueError:
        return None


def _number(text: str) -> int:
    digits = re.match(r"\s*(\d{1,9})", text)
    return int(digits[1]) if digits else 10**9


def _strip_namespaces(root: Element) -> None:
    for node in root.iter():
        if isinstance(node.tag, str):
            node.tag = _NAMESPACE.sub("", node.tag).casefold()
