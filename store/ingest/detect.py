"""Which shape a document is, recognised from its content (never its name)."""

from __future__ import annotations

import codecs
import re
from collections.abc import Sequence

from store.ingest.agenda import AGENDA_PAGE_TITLES, PAGE_TITLES, find_heading
from store.ingest.decision import field_label
from store.ingest.lines import nonblank
from store.ingest.markers import has_markers
from store.ingest.minutes import find_minutes_heading
from store.ingest.report import AUTHOR_LINE, MEETING_LINE, section_name

#: How many non-blank lines from the top are read to recognise a shape.
_HEAD = 40
#: The heading of an agenda page's item table: a page copied from there down is one.
_ITEM_TABLE = frozenset({"no. item", "no item"})
#: Fields that only a decision page has.
_DECISION_KEYS = frozenset({"maker", "status", "decision_date", "decided_at", "key", "call_in"})


def detect_shape(lines: Sequence[str]) -> str | None:
    """``decision``, ``agenda``, ``minutes`` or ``report``, or None if unknown.

    Args:
        lines: The cleaned document split on ``\\n``.
    """
    head = nonblank(lines, _HEAD)
    lowered = [line.lower() for line in head]
    if "decision details" in lowered[:10] or _decision_fields(lines) >= 3:
        return "decision"
    if any(line in AGENDA_PAGE_TITLES for line in lowered[:3]) or _ITEM_TABLE & set(lowered[:10]) or (
        find_heading(lines) is not None
        and (
            any(line in PAGE_TITLES for line in lowered)
            or any(line.startswith(("venue:", "no. item")) for line in lowered)
        )
    ):
        return "agenda"
    if find_minutes_heading(lines) is not None:
        return "minutes"
    if any(MEETING_LINE.match(line) for line in head[:15]) or (
        any(AUTHOR_LINE.match(line) for line in head[:15])
        and any(section_name(line) for line in head)
    ):
        return "report"
    return "minutes" if has_markers(lines) else None


def _decision_fields(lines: Sequence[str]) -> int:
    """How many distinct decision-page fields start a line."""
    found = set()
    for line in lines:
        if ":" in line[:60]:
            key = field_label(line[:80])
            if key in _DECISION_KEYS:
                found.add(key)
    return len(found)


#: Formats a document file can be in, recognised by ``detect_format``.
FORMATS = ("text", "pdf", "html", "docx", "xml")
#: How far into a file its format is looked for.
_SNIFF = 4096
_HTML = re.compile(rb"<!doctype\s++html|<html[\s>]", re.IGNORECASE)
_XML_DECLARATION = re.compile(rb"<\?xml[\s?]")


def detect_format(data: bytes) -> str:
    """``pdf``, ``docx``, ``html``, ``xml`` or ``text``, from the bytes alone.

    A ZIP is taken for a Word document (its reader checks); markup is a web page
    when it has an HTML doctype or ``<html>`` element near the start, XML
    when it starts with an XML declaration. Anything else goes to the text
    decoder, which refuses other binaries.
    """
    head = data[:_SNIFF]
    stripped = head.lstrip(b" \t\r\n\x0c\xef\xbb\xbf")
    if stripped.startswith(b"%PDF"):
        return "pdf"
    if stripped.startswith(b"PK\x03\x04"):
        return "docx"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
        stripped = head.lstrip()
    if stripped.startswith(b"<"):
        if _HTML.search(head):
            return "html"
        if _XML_DECLARATION.match(stripped):
            return "xml"
    return "text"
