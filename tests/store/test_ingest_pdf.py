"""PDFs the tests write themselves with reportlab, read as printed minutes."""

from __future__ import annotations

import pytest

from bench.measure_pdf import minutes_pdf
from store.database import Store
from store.importer import import_paths
from store.ingest import Rejected, detect_format, parse_document
from store.ingest import pdf as pdf_module
from store.ingest.pdf import pdf_text
from tests.store.documents import minutes_lines, pdf_bomb, pdf_bytes, picture_pdf, with_peak


@pytest.fixture
def store(tmp_path):
    return Store.open(tmp_path / "store")


HEADER = "Cabinet Committee on Performance Improvement - 2 March 2021"


def test_a_pdf_is_recognised_from_its_bytes_whatever_its_name():
    data = pdf_bytes([minutes_lines()])
    assert detect_format(data) == "pdf"
    document = parse_document(data, "minutes.txt")
    assert document.format == "pdf"
    assert document.shape == "minutes"
    assert document.meeting.date == "2021-03-02"
    assert [(item.number, item.title) for item in document.items] == [
        ("1", "Apologies for Absence"),
        ("2", "Performance Report Number 2"),
    ]


def test_reading_order_is_top_to_bottom_and_paragraphs_survive():
    text, _ = pdf_text(pdf_bytes([minutes_lines()]))
    lines = text.split("\n")
    assert lines.index("1. Apologies for Absence") < lines.index("2. Performance Report Number 2")
    assert "" in lines[lines.index("Present:") : lines.index("1. Apologies for Absence")]


def test_running_headers_and_page_numbers_are_dropped():
    lines = minutes_lines(items=12)
    pages = [lines[:40], lines[40:80], lines[80:]]
    text, _ = pdf_text(pdf_bytes(pages, header=HEADER, footer=True))
    assert HEADER not in text
    assert "Page 1 of 3" not in text and "Page 3 of 3" not in text
    assert "Resolved: That the report be noted." in text
    document = parse_document(pdf_bytes(pages, header=HEADER, footer=True))
    assert len(document.items) == 12
    assert all(HEADER not in item.plain_text() for item in document.items)


def test_a_line_on_one_page_only_is_kept_even_at_the_top():
    lines = minutes_lines(items=6)
    text, _ = pdf_text(pdf_bytes([lines[:30], lines[30:]]))
    assert text.startswith("Lancashire County Council")


def test_words_hyphenated_across_lines_are_joined():
    lines = minutes_lines()
    at = lines.index("Apologies were received from County Councillor D Other.")
    lines[at : at + 1] = ["The committee noted the improve-", "ments in performance this quarter."]
    text, _ = pdf_text(pdf_bytes([lines]))
    assert "improvements in performance" in " ".join(text.split("\n"))
    assert "improve-" not in text


def test_a_word_hyphenated_across_a_page_break_is_joined():
    lines = minutes_lines()
    at = lines.index("Apologies were received from County Councillor D Other.")
    first = [*lines[:at], "Apologies were received from County Coun-"]
    second = ["cillor D Other and County Councillor E Member.", *lines[at + 1 :]]
    document = parse_document(pdf_bytes([first, second], footer=True))
    text = " ".join(document.items[0].plain_text().split())
    assert "from County Councillor D Other and County Councillor E Member." in text
    assert "Page 1 of 2" not in text


def test_a_table_keeps_its_rows_and_columns():
    lines = minutes_lines()
    at = lines.index("Resolved: That the report be noted.")
    lines[at:at] = ["Service", (250, "Target"), (350, "Actual"), "Adults", (250, "95%"), (350, "93%"), ""]
    text, _ = pdf_text(pdf_bytes([lines]))
    assert "Service\tTarget\tActual" in text.split("\n")
    assert "Adults\t95%\t93%" in text.split("\n")
    item = parse_document(pdf_bytes([lines])).items[1]
    table = next(block for block in item.blocks if block.kind == "table")
    assert table.rows == [["Service", "Target", "Actual"], ["Adults", "95%", "93%"]]


def test_a_multi_column_header_block_keeps_each_member():
    lines = minutes_lines()
    at = lines.index("County Councillor A Example (Chair)")
    lines[at : at + 1] = [
        "County Councillor A Example (Chair)",
        "",
        "County Councillors",
        "",
        "B Sample",
        (300, "C Person MBE"),
        "D Other",
        (300, "E Member"),
    ]
    document = parse_document(pdf_bytes([lines]))
    present = " | ".join(document.meeting.present)
    for name in ("A Example", "B Sample", "C Person", "D Other", "E Member"):
        assert name in present
    assert document.meeting.chair and "A Example" in document.meeting.chair


def test_a_scan_without_a_text_layer_is_rejected_in_one_sentence():
    with pytest.raises(Rejected) as caught:
        parse_document(picture_pdf())
    message = str(caught.value)
    assert "scanned PDF with no text layer" in message and "no OCR" in message
    assert message.count(".") == 1 and "\n" not in message


def test_a_broken_pdf_is_rejected_in_one_sentence():
    with pytest.raises(Rejected, match="PDF that cannot be read"):
        parse_document(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj")


def test_javascript_in_a_pdf_is_never_run_and_is_reported():
    data = pdf_bytes([minutes_lines()], javascript="app.alert('owned')")
    assert b"/JavaScript" in data
    document = parse_document(data)
    assert any("JavaScript" in warning for warning in document.warnings)
    assert all("owned" not in item.plain_text() for item in document.items)


def test_a_stream_that_inflates_past_the_limit_is_refused_unpacked(store, tmp_path, monkeypatch):
    # The limit is lowered so the test stays fast; the check is the same.
    monkeypatch.setattr(pdf_module, "MAX_INFLATED", 16 * 1024 * 1024)
    path = tmp_path / "bomb.pdf"
    path.write_bytes(pdf_bomb(20))
    [result], peak = with_peak(lambda: import_paths(store, [path]))
    assert result.status == "rejected" and "decompression bomb" in result.message
    assert result.format == "pdf" and "16 MB" in result.message
    # Refused without inflating it: far less memory than the 20 MB it holds
    # (how long it takes is measured by ``python -m bench.hostile``).
    assert peak < 12 * 1024 * 1024
    assert store.counts() == (0, 0)


def test_the_bomb_limit_leaves_room_for_real_documents():
    assert pdf_module.MAX_INFLATED >= 100 * 1024 * 1024
    lines = minutes_lines(items=15)
    document = parse_document(pdf_bytes([lines[i : i + 50] for i in range(0, len(lines), 50)]))
    assert len(document.items) == 15


def test_a_twenty_page_pdf_imports(store, tmp_path):
    path = tmp_path / "minutes.pdf"
    path.write_bytes(minutes_pdf(20))
    [result] = import_paths(store, [path])
    assert result.status == "imported" and result.format == "pdf"
    [source] = store.sources()
    assert source.format == "pdf"
    [meeting] = store.meetings()
    numbers = [int(item.number) for item in store.items(meeting.id)]
    # Four items and more a page, none lost at the page breaks.
    assert sorted(numbers) == list(range(1, len(numbers) + 1)) and len(numbers) > 80


def test_the_same_pdf_again_changes_nothing(store, tmp_path):
    path = tmp_path / "minutes.pdf"
    path.write_bytes(pdf_bytes([minutes_lines()]))
    import_paths(store, [path])
    [again] = import_paths(store, [path])
    assert again.status == "unchanged"
