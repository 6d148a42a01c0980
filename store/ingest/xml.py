"""ModernGov web-service XML (``mgWebService.asmx/GetMeeting``, ``GetMeetings``) to meetings.

The response says more than any page: the committee, date, time and venue as
fields, every agenda item with its shown number (``fulldisplaynumberformat``)
and its internal number (the agenda order), agenda and minutes text as HTML,
the attendees with their attendance, and the linked documents. It is read
straight into a ``ParsedDocument`` of the ``agenda`` shape, so it merges
item by item with the same meeting's "Agenda and minutes" page. A
``GetMeetings`` answer lists a committee's meetings without their items:
each meeting in it becomes one meeting (date, time, venue and its
``CId``/``MId``), so a clerk can import the list and then the meetings' pages.

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


def xml_meetings(data: bytes) -> list[tuple[ParsedDocument, list[str]]]:
    """Read a GetMeeting response, or a GetMeetings list of meetings.

    A GetMeetings list (``<getmeetings>`` or ``<getmeetingsbydate>`` with
    ``<meetingscount>`` and ``<meetings><meeting>`` stubs: ``meetingid``,
    ``meetingdate``, ``meetingstatus``, ``committeeid`` and, in some
    installs, ``committeetitle`` and ``meetingtime``) gives one meeting per
    stub, without items. Cancelled meetings are left out (they did not
    happen); so are stubs naming no committee when others do.

    Returns:
        One ``(meeting, provenance links)`` pair per meeting, in the file's order.

    Raises:
        Rejected: DTDs or entities, broken XML, no meeting, or no meeting
            with a committee and a date.
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
    if root.find("meetingdate") is not None:
        return [_meeting(root)]
    stubs = [node for node in root.iter("meeting") if node.find("meetingdate") is not None]
    if not stubs:
        raise Rejected("The file is XML but not a ModernGov GetMeeting response (no meetingdate).")
    if len(stubs) == 1:
        return [_meeting(stubs[0], _field(root, _COMMITTEE))]
    return _listed(root, stubs)


def _listed(root: Element, stubs: list[Element]) -> list[tuple[ParsedDocument, list[str]]]:
    """The meetings of a GetMeetings list, cancelled ones and ones naming no
    committee left out (the first meeting's warnings say how many)."""
    found: list[tuple[ParsedDocument, list[str]]] = []
    cancelled = unreadable = 0
    for stub in stubs:
        if "cancel" in _field(stub, ("meetingstatus",)).casefold():
            cancelled += 1
            continue
        try:
            found.append(_meeting(stub, _field(root, _COMMITTEE), listed=True))
        except Rejected:
            unreadable += 1
    left_out = [
        f"{count} {what.replace('meeting', 'meetings') if count > 1 else what}"
        for count, what in (
            (cancelled, "cancelled meeting"),
            (unreadable, "meeting with no date it can read"),
        )
        if count
    ]
    if not found:
        raise Rejected(
            f"The file is a GetMeetings list of {len(stubs)} meetings, none of which can be"
            f" imported ({', '.join(left_out)})."
        )
    for document, _ in found:
        document.warnings.clear()
    found[0][0].warnings.append(
        f"A GetMeetings list of {len(found)} meetings gives each one's date, time and venue,"
        " not its items (import a meeting's GetMeeting response for those)."
    )
    if left_out:
        found[0][0].warnings.append(f"Left out of the list: {', '.join(left_out)}.")
    return found


def _meeting(
    node: Element, listed_for: str = "", *, listed: bool = False
) -> tuple[ParsedDocument, list[str]]:
    """One meeting; ``listed_for`` is the committee a GetMeetings list names
    for all its meetings, if any. A listed meeting may name no committee
    (many installs list only ``committeeid``): ``--committee`` names it."""
    from store.ingest.html import html_text

    committee = _decoded(_field(node, _COMMITTEE) or listed_for)
    if not committee and not listed:
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
