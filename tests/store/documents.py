"""Documents the format tests build themselves: PDFs, Word files, ZIP bombs.

Each builder returns bytes, so a test writes exactly the document it needs
and nothing depends on files someone else made.
"""

from __future__ import annotations

import io
import tracemalloc
import zipfile
import zlib
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")

#: A printed-minutes page as the tests lay it out: lines of text.
HEADER = (
    "Lancashire County Council",
    "",
    "Cabinet Committee on Performance Improvement",
    "Minutes of the Meeting held on Tuesday, 2nd March, 2021 at 2.00 pm in Virtual Meeting",
    "",
    "Present:",
    "",
    "County Councillor A Example (Chair)",
    "",
)


def minutes_lines(items: int = 2, paragraphs: int = 1) -> list[str]:
    """Printed minutes without markers: a header and numbered items."""
    lines = list(HEADER)
    lines += ["1. Apologies for Absence", "", "Apologies were received from County Councillor D Other.", ""]
    for number in range(2, items + 1):
        lines += [f"{number}. Performance Report Number {number}", ""]
        for paragraph in range(paragraphs):
            lines += [
                f"The committee considered paragraph {paragraph + 1} of report {number} on the",
                "performance of the service over the quarter, and the officers answered",
                "questions from members about the figures.",
                "",
            ]
        lines += ["Resolved: That the report be noted.", ""]
    return lines


def pdf_bytes(
    pages: Sequence[Sequence[str | tuple[float, str]]],
    *,
    header: str = "",
    footer: bool = False,
    javascript: str = "",
) -> bytes:
    """A PDF with one text line per entry, 14 points apart, in Helvetica.

    Args:
        pages: For each page its lines; a ``(x, text)`` pair puts text at
            column ``x`` points on the same line as the entry before it.
        header: A running header printed at the top of every page.
        footer: Print "Page N of M" at the foot of every page.
        javascript: JavaScript run when the document opens.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, pageCompression=1)
    if javascript:
        from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFString

        pdf._doc.Catalog.OpenAction = PDFDictionary(
            {"S": PDFName("JavaScript"), "JS": PDFString(javascript)}
        )
    width, height = A4
    for number, lines in enumerate(pages, start=1):
        pdf.setFont("Helvetica", 10)
        if header:
            pdf.drawString(72, height - 40, header)
        y = height - 72
        for entry in lines:
            if isinstance(entry, tuple):
                x, text = entry
                pdf.drawString(x, y + 14, text)
                continue
            if entry:
                pdf.drawString(72, y, entry)
            y -= 14
        if footer:
            pdf.drawString(width / 2 - 30, 30, f"Page {number} of {len(pages)}")
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def picture_pdf(pages: int = 2) -> bytes:
    """A PDF of drawings only, as a scanner makes: no text layer."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    for _ in range(pages):
        for row in range(40):
            pdf.rect(72, 700 - row * 14, 300 + row, 8, fill=1)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def docx_bytes(build) -> bytes:
    """A Word document made by ``build(document)`` with python-docx."""
    import docx

    document = docx.Document()
    build(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def zip_bomb(megabytes: int = 64) -> bytes:
    """A .docx-shaped ZIP whose document.xml inflates to ``megabytes`` MB of spaces."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b" " * (megabytes * 1024 * 1024))
    return out.getvalue()


def pdf_bomb(megabytes: int = 20) -> bytes:
    """A PDF whose one FlateDecode stream inflates to ``megabytes`` MB of zeros."""
    stream = zlib.compress(b"\0" * (megabytes * 1024 * 1024), 9)
    return (
        b"%PDF-1.7\n1 0 obj\n<< /Length " + str(len(stream)).encode() + b" /Type /ObjStm /Filter /FlateDecode >>\n"
        b"stream\n" + stream + b"\nendstream\nendobj\ntrailer\n<< >>\n%%EOF\n"
    )


def with_peak(call: Callable[[], T]) -> tuple[T, int]:
    """``call()``'s result and the most memory (bytes) Python held during it."""
    tracemalloc.start()
    try:
        result = call()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
