"""Property tests: any PDF, Word, HTML or XML-looking input ends in a
ParsedDocument or one Rejected sentence, never another exception."""

from __future__ import annotations

import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store.ingest import Rejected, parse_document
from tests.store.documents import docx_bytes, minutes_lines, pdf_bytes
from tests.store.test_ingest_html import AGENDA_PAGE
from tests.store.test_ingest_xml import GET_MEETING

PDF = pdf_bytes([minutes_lines()])
DOCX = docx_bytes(lambda document: document.add_paragraph("Minutes"))
MARKUP = st.sampled_from(
    ["<", ">", "</", "<p>", "</div>", "<table>", "<td class='mgItemNumberCell'>", "&amp;",
     "&#0;", "<![CDATA[", "<!--", "-->", "<script>", "\x00", "\x1b[2J", "<!ENTITY x 'y'>",
     "<a href='javascript:x'>", "\ufffe", "é"]
)


def _settles(data: bytes) -> None:
    try:
        parse_document(data)
    except Rejected as error:
        message = str(error)
        assert message and "\n" not in message


def _mutated(base: bytes, data: st.DataObject) -> bytes:
    """``base`` with a slice replaced by random bytes (the signature kept)."""
    start = data.draw(st.integers(8, len(base) - 1))
    end = data.draw(st.integers(start, min(len(base), start + 400)))
    return base[:start] + data.draw(st.binary(max_size=200)) + base[end:]


common = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@common
@given(st.data())
def test_a_damaged_pdf_is_read_or_rejected(data):
    _settles(_mutated(PDF, data))


@common
@given(st.data())
def test_a_damaged_word_file_is_read_or_rejected(data):
    _settles(_mutated(DOCX, data))


@common
@given(st.lists(st.one_of(MARKUP, st.text(max_size=20)), max_size=60), st.integers(0, 4000))
def test_mangled_web_pages_are_read_or_rejected(pieces, at):
    _settles((AGENDA_PAGE[:at] + "".join(pieces) + AGENDA_PAGE[at:]).encode("utf-8"))


@common
@given(st.lists(st.one_of(MARKUP, st.text(max_size=20)), max_size=60), st.integers(40, 3000))
def test_mangled_service_responses_are_read_or_rejected(pieces, at):
    _settles((GET_MEETING[:at] + "".join(pieces) + GET_MEETING[at:]).encode("utf-8"))


@pytest.mark.parametrize(
    ("library", "data"),
    [
        ("pypdfium2", PDF),
        ("docx", DOCX),
        ("selectolax.lexbor", AGENDA_PAGE.encode("utf-8")),
        ("defusedxml.ElementTree", GET_MEETING.encode("utf-8")),
    ],
    # Named ids: the generated PDF's bytes carry a timestamp, and xdist
    # workers must collect the same test names.
    ids=["pdf", "docx", "html", "xml"],
)
def test_a_missing_reader_library_is_one_sentence(library, data, monkeypatch):
    monkeypatch.setitem(sys.modules, library, None)  # makes "import library" fail
    with pytest.raises(Rejected, match="not installed") as caught:
        parse_document(data)
    assert "\n" not in str(caught.value) and library.split(".")[0] in str(caught.value).replace("python-docx", "docx")
