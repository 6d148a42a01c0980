"""Bytes to text: the encodings a clerk's files really come in, nothing else.

UTF-8 (a BOM is dropped), then Windows-1252, and UTF-16 only when a BOM says
so. Latin-1 is never guessed: it would turn smart quotes into C1 controls.
Binaries (PDFs renamed ``.txt``, Office files, images) and oversized files
are refused before any parsing starts.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from store.ingest.errors import Rejected

#: Largest file accepted; minutes, reports and decision pages are far smaller.
MAX_BYTES = 10 * 1024 * 1024

#: Leading bytes of files that are not text, and what they are.
_SIGNATURES = (
    (b"%PDF", "a PDF file"),
    (b"PK\x03\x04", "a ZIP archive (such as a Word .docx file)"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
)

#: Control characters that plain text does not use: all but tab, LF, VT, FF
#: and CR, nor ESC (coloured text is cleaned on import, not refused).
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_CONTROL_BYTES = re.compile(b"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_NOT_CONTROL_BYTES = bytes(
    code for code in range(256) if not _CONTROL_BYTES.match(bytes([code]))
)

#: Share of other control characters above which a file counts as binary.
_CONTROL_SHARE = 0.01
#: ... as long as there are at least this many of them.
_CONTROL_MINIMUM = 8


@dataclass(frozen=True, slots=True)
class Decoded:
    """A decoded document and the encoding it was read with."""

    text: str
    encoding: str


def decode_bytes(data: bytes) -> Decoded:
    """Decode a document file, refusing anything that is not text.

    Args:
        data: The whole file.

    Returns:
        The text (BOM removed, line breaks untouched) and its encoding:
        ``utf-8``, ``cp1252`` or ``utf-16``.

    Raises:
        Rejected: Empty, too large, binary or undecodable input.
    """
    if len(data) > MAX_BYTES:
        raise Rejected(
            f"The file is {len(data):,} bytes, over the limit of {MAX_BYTES:,} bytes"
            " for one document."
        )
    if not data:
        raise Rejected("The file is empty.")
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise Rejected("The file is UTF-32 text (BOM at byte offset 0), which is not supported.")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_utf16(data)
    if data.startswith(codecs.BOM_UTF8):
        return Decoded(_strict(data, "utf-8", 3), "utf-8")
    _refuse_binary(data)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as utf8_error:
        try:
            return Decoded(data.decode("cp1252"), "cp1252")
        except UnicodeDecodeError as cp1252_error:
            raise Rejected(
                "The file is neither UTF-8 text (bad byte"
                f" 0x{data[utf8_error.start]:02X} at byte offset {utf8_error.start})"
                f" nor Windows-1252 text (byte 0x{data[cp1252_error.start]:02X} at byte"
                f" offset {cp1252_error.start} is undefined there)."
            ) from None


def _strict(data: bytes, encoding: str, skip: int) -> str:
    """Decode ``data[skip:]`` strictly, naming the offset of a bad byte."""
    try:
        return data[skip:].decode(encoding)
    except UnicodeDecodeError as error:
        offset = error.start + skip
        raise Rejected(
            f"The file starts with a {encoding.upper()} byte-order mark but byte offset"
            f" {offset} is not valid {encoding.upper()}."
        ) from None


def _decode_utf16(data: bytes) -> Decoded:
    """Decode UTF-16 with a BOM and refuse NULs and binary content."""
    encoding = "utf-16-le" if data.startswith(codecs.BOM_UTF16_LE) else "utf-16-be"
    text = _strict(data, encoding, 2)
    first = _CONTROL_CHARS.search(text)
    if first is not None and (
        "\x00" in text or _too_many(len(_CONTROL_CHARS.findall(text)), len(text))
    ):
        at = text.index("\x00") if "\x00" in text else first.start()
        offset = 2 + len(text[:at].encode(encoding))
        raise Rejected(
            f"The file holds control characters (the first at byte offset {offset}):"
            " it looks like a binary file, not text."
        )
    return Decoded(text, "utf-16")


def _refuse_binary(data: bytes) -> None:
    """Raise Rejected for known binary formats, NUL bytes or control noise."""
    head = data[:1024].lstrip()
    for signature, what in _SIGNATURES:
        if head.startswith(signature):
            raise Rejected(
                f"The file is {what} (signature at byte offset {data.index(signature)}),"
                " not a text export; save the document as plain text first."
            )
    nul = data.find(b"\x00")
    if nul != -1:
        raise Rejected(
            f"The file holds a NUL byte at byte offset {nul}:"
            " it looks like a binary file, not text."
        )
    controls = len(data.translate(None, _NOT_CONTROL_BYTES))
    if _too_many(controls, len(data)):
        first = _CONTROL_BYTES.search(data)
        assert first is not None
        raise Rejected(
            f"The file holds {controls} control bytes (the first at byte offset"
            f" {first.start()}): it looks like a binary file, not text."
        )


def _too_many(controls: int, size: int) -> bool:
    return controls >= _CONTROL_MINIMUM and controls > size * _CONTROL_SHARE
