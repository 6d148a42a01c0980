"""Word documents the tests write with python-docx, and ZIP bombs."""

from __future__ import annotations

import io
import zipfile

import pytest

from store.database import Store
from store.importer import import_paths
from store.ingest import Rejected, detect_format, parse_document
from tests.store.documents import HEADER, docx_bytes, with_peak, zip_bomb


@pytest.fixture
def store(tmp_path):
    return Store.open(tmp_path / "store")


def _minutes(document) -> None:  # type: ignore[no-untyped-def]
    for line in HEADER:
        if line:
            document.add_paragraph(line)
    document.add_heading("Apologies for Absence", level=1)
    document.add_paragraph("Apologies were received from County Councillor D Other.")
    document.add_heading("Quarterly Performance Report", level=1)
    document.add_paragraph("The committee considered the report.")
    table = document.add_table(rows=2, cols=3)
    for row, cells in zip(table.rows, [("Service", "Target", "Actual"), ("Adults", "95%", "93%")], strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    document.add_paragraph("Resolved: That the report be noted.")


def _numbered(document) -> None:  # type: ignore[no-untyped-def]
    for line in HEADER:
        if line:
            document.add_paragraph(line)
    document.add_paragraph("Apologies for Absence", style="List Number")
    document.add_paragraph("Apologies were received from County Councillor D Other.")
    document.add_paragraph("Quarterly Performance Report", style="List Number")
    document.add_paragraph("The committee considered the report.")
    document.add_paragraph("Resolved: That the report be noted.")


def test_a_word_document_is_recognised_from_its_bytes():
    data = docx_bytes(_numbered)
    assert detect_format(data) == "docx"
    document = parse_document(data, "minutes.pdf")
    assert (document.format, document.shape) == ("docx", "minutes")
    assert document.meeting.date == "2021-03-02"


def test_numbered_paragraphs_get_their_numbers_back():
    document = parse_document(docx_bytes(_numbered))
    assert [(item.number, item.title) for item in document.items] == [
        ("1", "Apologies for Absence"),
        ("2", "Quarterly Performance Report"),
    ]
    assert document.items[1].blocks[-1].kind == "resolution"


def test_tables_stay_tables():
    from store.ingest.docx import docx_text

    lines = docx_text(docx_bytes(_minutes)).split("\n")
    assert "Service\tTarget\tActual" in lines and "Adults\t95%\t93%" in lines
    heading = lines.index("Quarterly Performance Report")
    assert heading < lines.index("Service\tTarget\tActual") < lines.index("Resolved: That the report be noted.")


def test_a_zip_bomb_is_refused_from_its_directory_without_inflating(store, tmp_path):
    path = tmp_path / "bomb.docx"
    path.write_bytes(zip_bomb(64))
    [result], peak = with_peak(lambda: import_paths(store, [path]))
    assert result.status == "rejected" and "ZIP bomb" in result.message
    assert result.format == "docx"
    # Refused from the ZIP's directory: far less memory than the 64 MB it
    # inflates to (the time is measured by ``python -m bench.hostile``).
    assert peak < 32 * 1024 * 1024
    assert store.counts() == (0, 0)


def test_a_zip_that_is_not_a_word_document_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "hello")
    with pytest.raises(Rejected, match="ZIP archive but not a Word .docx document"):
        parse_document(out.getvalue())


def test_a_truncated_zip_is_refused_in_one_sentence():
    with pytest.raises(Rejected, match="ZIP archive that cannot be read") as caught:
        parse_document(b"PK\x03\x04\x14\x00\x06\x00")
    assert "\n" not in str(caught.value)
