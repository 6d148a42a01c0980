"""The importers' parsing layer: document bytes in, a ``ParsedDocument`` out.

``parse_document`` recognises the file format from the bytes
(``detect.detect_format``): PDF (``pdf``), Word (``docx``) and web pages
(``html``) are turned into text first; web-service XML (``xml``) is read
straight into a meeting. Text then is decoded (``decode``), cleaned (``store.text``), recognises
the shape from the content (``detect``) and hands the lines to one parser
per shape: ``minutes``, ``report``, ``decision`` and ``agenda``. Shared
steps live in ``blocks`` (minute text to Blocks), ``people`` (attendance and
presenters), ``dates``, ``standing`` and ``assemble``. Nothing is stored
here; ids, sources and targets are filled in by the importer that stores
the result.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from store.ingest.agenda import parse_agenda
from store.ingest.decision import parse_decision
from store.ingest.decode import MAX_BYTES, decode_bytes
from store.ingest.detect import detect_format, detect_shape
from store.ingest.errors import Rejected
from store.ingest.html import Page
from store.ingest.minutes import parse_minutes
from store.ingest.report import parse_report
from store.models import ParsedDocument
from store.text import clean_document

__all__ = [
    "MAX_BYTES", "Rejected", "detect_format", "document_text", "parse_document", "parse_documents",
    "parse_text",
]

_PARSERS: dict[str, Callable[[Sequence[str]], ParsedDocument]] = {
    "minutes": parse_minutes,
    "report": parse_report,
    "decision": parse_decision,
    "agenda": parse_agenda,
}


def document_text(data: bytes) -> tuple[str, str]:
    """Decode and clean a document file.

    The importer hashes this text for the source id, so the same document
    in another encoding or with other line endings gets the same id.

    Args:
        data: The whole file.

    Returns:
        ``(text, encoding)``: the cleaned text and ``utf-8``, ``cp1252`` or
        ``utf-16``.

    Raises:
        Rejected: Empty, whitespace-only, oversized, binary or undecodable.
    """
    decoded = decode_bytes(data)
    text = clean_document(decoded.text)
    if not text.strip():
        raise Rejected("The file holds only whitespace.")
    return text, decoded.encoding


def parse_text(text: str) -> ParsedDocument:
    """Parse an already decoded and cleaned document (see ``document_text``).

    Raises:
        Rejected: The shape is unknown or the document is unusable.
    """
    lines = text.split("\n")
    shape = detect_shape(lines)
    if shape is None:
        raise Rejected(
            "This is not a document the importer knows: no minutes heading, report front"
            " matter, decision details or agenda page heading was found near the top."
        )
    return _PARSERS[shape](lines)


def parse_document(data: bytes, name: str = "") -> ParsedDocument:
    """Parse one document file into a meeting and its items.

    A file describing several meetings (a GetMeetings list) gives the first;
    ``parse_documents`` gives them all.

    Args:
        data: The file's bytes.
        name: The file name. It is never used to recognise the format or
            the shape and never appears in messages; the caller adds it.

    Returns:
        The parsed document, ids and sources left empty for the importer;
        ``format`` says which format the file was in.

    Raises:
        Rejected: The document cannot be imported; ``str(exc)`` says why.
    """
    return parse_documents(data, name)[0]


def parse_documents(data: bytes, name: str = "") -> list[ParsedDocument]:
    """Parse one document file into the meetings it describes: one, except
    for a web-service list of meetings (``store.ingest.xml``).

    Raises:
        Rejected: The document cannot be imported; ``str(exc)`` says why.
    """
    del name
    if len(data) > MAX_BYTES:
        decode_bytes(data)  # raises the size sentence every format shares
    fmt = detect_format(data)
    if fmt == "text":
        text, encoding = document_text(data)
        document = parse_text(text)
        document.encoding = encoding
        return [document]
    if fmt == "xml":
        from store.ingest.xml import xml_meetings

        documents = []
        for document, found in xml_meetings(data):
            document.format, document.links = fmt, found
            documents.append(document)
        return documents
    page = _as_text(fmt, data)
    if page.issue:
        from store.ingest.issue import issue_documents

        page.text = clean_document(page.text)
        issues = issue_documents(page)
        for document in issues:
            document.format = fmt
        issues[0].warnings[:0] = page.warnings
        return issues
    text = clean_document(page.text)
    if not text.strip():
        raise Rejected(f"The {fmt.upper()} file holds no text.")
    document = parse_text(text)
    document.format, document.links = fmt, page.links
    document.title = page.item or document.title
    document.warnings[:0] = page.warnings
    return [document]


def _as_text(fmt: str, data: bytes) -> Page:
    """A PDF, Word file or web page as text, with what its reader noticed."""
    if fmt == "pdf":
        from store.ingest.pdf import pdf_text

        text, warnings = pdf_text(data)
        return Page(text, warnings=warnings)
    if fmt == "docx":
        from store.ingest.docx import docx_text

        return Page(docx_text(data))
    from store.ingest.html import html_text

    return html_text(decode_bytes(data).text)
