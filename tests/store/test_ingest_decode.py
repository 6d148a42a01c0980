"""Decoding: the encodings accepted, and files refused with a clear reason."""

import codecs

import pytest

from store.ingest import MAX_BYTES, Rejected, document_text, parse_document
from store.ingest.decode import decode_bytes

MINUTES = (
    "Example Committee\n"
    "Minutes of the Meeting held on Monday, 3rd May, 2021 at 2.00 pm in Room ‘A’\n"
    "Present:\n\nCounty Councillor A Example (Chair)\n\n"
    "<AI1>\n\t1.  \n\tBudget – 2021/22\n\n"
    "The “revised” budget of £5m was noted…\n</AI1>\n"
)


def test_utf8_with_and_without_bom_gives_the_same_text():
    plain = decode_bytes(MINUTES.encode("utf-8"))
    with_bom = decode_bytes(codecs.BOM_UTF8 + MINUTES.encode("utf-8"))
    assert plain.text == with_bom.text == MINUTES
    assert plain.encoding == with_bom.encoding == "utf-8"


def test_windows_1252_smart_quotes_dash_and_pound():
    decoded = decode_bytes(MINUTES.encode("cp1252"))
    assert decoded.encoding == "cp1252"
    assert decoded.text == MINUTES
    document = parse_document(MINUTES.encode("cp1252"))
    assert document.items[0].title == "Budget – 2021/22"
    assert document.items[0].plain_text() == "The “revised” budget of £5m was noted…"
    assert document.meeting.venue == "Room ‘A’"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(codec):
    bom = codecs.BOM_UTF16_LE if codec == "utf-16-le" else codecs.BOM_UTF16_BE
    text, encoding = document_text(bom + MINUTES.encode(codec))
    assert (text, encoding) == (MINUTES, "utf-16")


def test_utf16_without_bom_is_refused_as_binary():
    with pytest.raises(Rejected, match="NUL byte at byte offset 1"):
        decode_bytes(MINUTES.encode("utf-16-le"))


def test_same_document_in_every_encoding_and_line_ending_has_the_same_text():
    variants = [
        MINUTES.encode("utf-8"),
        MINUTES.encode("cp1252"),
        codecs.BOM_UTF16_LE + MINUTES.encode("utf-16-le"),
        MINUTES.replace("\n", "\r\n").encode("utf-8"),
        MINUTES.replace("\n", "\r").encode("cp1252"),
    ]
    assert len({document_text(data)[0] for data in variants}) == 1


def test_undecodable_bytes_are_refused_with_their_offset():
    # 0xA3 ends UTF-8 at offset 5; 0x81 is one of Windows-1252's undefined bytes.
    with pytest.raises(Rejected) as caught:
        decode_bytes(b"Paid \xa3 5 and \x81 more")
    message = str(caught.value)
    assert "0xA3 at byte offset 5" in message
    assert "0x81 at byte offset 13" in message
    assert "Windows-1252" in message


def test_bad_bytes_after_a_utf8_bom_are_refused_with_their_offset():
    with pytest.raises(Rejected, match="byte offset 5"):
        decode_bytes(codecs.BOM_UTF8 + b"ab\xff\xfe")


def test_odd_utf16_is_refused():
    with pytest.raises(Rejected, match="byte offset"):
        decode_bytes(codecs.BOM_UTF16_LE + "ab".encode("utf-16-le") + b"x")


def test_latin1_is_never_guessed():
    # 0x85 is "…" in Windows-1252 and a C1 control in Latin-1.
    assert decode_bytes(b"Item\x85").text == "Item…"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b" \n\t\r\n  \x0c", "only whitespace"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
        (b"Minutes\x00of the meeting", "NUL byte at byte offset 7"),
        (b"\x01\x02\x03\x04\x05\x06\x07\x08" * 4, "control bytes"),
        (codecs.BOM_UTF32_LE + "hi".encode("utf-32-le"), "UTF-32"),
        (b"Nothing recognisable here.\n\nJust a note.", "not a document the importer knows"),
    ],
)
def test_unusable_files_are_rejected_with_a_reason(data, reason):
    with pytest.raises(Rejected, match=reason):
        parse_document(data, "anything.txt")


def test_too_large_files_are_rejected_with_the_limit():
    with pytest.raises(Rejected) as caught:
        parse_document(b"a" * (MAX_BYTES + 1))
    assert f"{MAX_BYTES:,}" in str(caught.value)


def test_escape_sequences_are_cleaned_not_refused():
    data = MINUTES.replace("was noted", "was \x1b[2Jnoted\x1b]0;owned\x07").encode("utf-8")
    text = parse_document(data).items[0].plain_text()
    assert "\x1b" not in text and "\x07" not in text
    assert "noted" in text


def test_rejection_messages_are_one_sentence_without_the_file_name():
    with pytest.raises(Rejected) as caught:
        parse_document(b"%PDF-1.4", "secret-name.txt")
    message = str(caught.value)
    assert "secret-name" not in message
    assert message.endswith(".") and "\n" not in message


def test_the_file_name_never_decides_the_shape():
    data = MINUTES.encode("utf-8")
    assert parse_document(data, "decision.pdf").shape == "minutes"
    assert parse_document(data, "report_agenda.txt").shape == "minutes"
