"""PDF to the text the shape parsers read (printed minutes, reports).

pypdfium2 (PDFium, the engine in Chrome) gives each run of text with its box.
Runs are put back into lines by their height on the page and read top to
bottom, left to right; a wide gap inside a line becomes a tab, so tables stay
rows like the text exports. Lines that repeat at the top or foot of most
pages (running headers and footers) and page numbers are dropped, words
hyphenated across lines are joined, and a taller gap between lines becomes a
blank line, which is how the parsers see paragraphs.

Nothing in the file is ever run: PDFium's form and JavaScript support is
never started. Compressed streams are measured before PDFium sees them, so
a small file that inflates to gigabytes is refused, not unpacked.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

from store.ingest.errors import Rejected

#: Most pages read from one PDF; minutes and reports are far shorter.
MAX_PAGES = 2_000
#: Most bytes the PDF's compressed streams may inflate to, all together.
MAX_INFLATED = 256 * 1024 * 1024
#: A gap wider than this many text heights between runs on a line is a column.
_COLUMN_GAP = 2.5
#: A gap between lines this many times the usual one is a paragraph break.
_PARAGRAPH_GAP = 2.0
#: A run of text: top, bottom, left, right (points) and its words.
_Run = tuple[float, float, float, float, str]
#: How many lines at the top and at the foot of a page can be running heads.
_EDGE_LINES = 3
_PAGE_NUMBER = re.compile(
    r"[-–\s]*+(?:page\s*+)?\d{1,4}(?:\s*+(?:of|/)\s*+\d{1,4})?[-–\s]*+", re.IGNORECASE
)
#: A page number at the end of a running head ("CCPI 2 March 2021 Page 3").
_TRAILING_NUMBER = re.compile(r"(?:page\s*+)?\d{1,4}(?:\s*+(?:of|/)\s*+\d{1,4})?$", re.IGNORECASE)
_HYPHENATED = re.compile(r"[^\W\d_]-$")
_STREAM = re.compile(rb"stream\r?\n")
_SCRIPT = re.compile(rb"/(?:JavaScript|JS)\b")


@dataclass(slots=True)
class _Line:
    """One line of a page: its text and where it sits."""

    text: str
    top: float
    bottom: float


def pdf_text(data: bytes) -> tuple[str, list[str]]:
    """The text of a PDF in reading order, and warnings.

    Args:
        data: The whole file.

    Returns:
        ``(text, warnings)``: lines joined with ``\\n``, and one sentence per
        thing worth knowing (JavaScript found and not run).

    Raises:
        Rejected: Not readable, password-protected, a decompression bomb,
            too many pages, or a scan with no text layer.
    """
    try:
        import pypdfium2 as pdfium  # type: ignore[import-untyped]
    except ImportError:
        raise Rejected(
            "The file is a PDF, and reading PDFs needs the pypdfium2 library, which is"
            " not installed (reinstall ccpi-tui with pip)."
        ) from None
    _refuse_bombs(data)
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise Rejected("The file is a password-protected PDF, which ccpi-tui cannot open.") from None
        raise Rejected(f"The file is a PDF that cannot be read ({error}).") from None
    try:
        if len(document) > MAX_PAGES:
            raise Rejected(
                f"The file is a PDF of {len(document):,} pages, over the limit of"
                f" {MAX_PAGES:,} pages for one document."
            )
        pages = []
        for number in range(len(document)):
            try:
                pages.append(_page_lines(document[number]))
            except pdfium.PdfiumError as error:
                raise Rejected(f"The file is a PDF whose page {number + 1} cannot be read ({error}).") from None
    finally:
        document.close()
    if not any(pages):
        raise Rejected(
            "The file is a scanned PDF with no text layer; ccpi-tui cannot read it (no OCR)."
        )
    warnings = []
    if _SCRIPT.search(data):
        warnings.append("The PDF holds JavaScript, which was ignored and never run.")
    return "\n".join(_join_hyphens(_drop_running_lines(pages))), warnings


def _refuse_bombs(data: bytes) -> None:
    """Refuse a PDF whose compressed streams inflate past ``MAX_INFLATED``.

    Every ``stream`` is inflated in bounded chunks and only counted, so the
    check itself holds little memory whatever the file claims.
    """
    total = 0
    for match in _STREAM.finditer(data):
        inflater = zlib.decompressobj()
        chunk = data[match.end() : match.end() + 1024 * 1024]
        offset = match.end() + len(chunk)
        try:
            while chunk and not inflater.eof:
                total += len(inflater.decompress(chunk, 1024 * 1024))
                chunk = inflater.unconsumed_tail
                if not chunk and not inflater.eof:
                    chunk = data[offset : offset + 1024 * 1024]
                    offset += len(chunk)
                if total > MAX_INFLATED:
                    raise Rejected(
                        f"The file is a PDF whose compressed streams inflate to over"
                        f" {MAX_INFLATED // 1024 // 1024} MB (at byte offset {match.start()}):"
                        " it looks like a decompression bomb."
                    )
        except zlib.error:
            continue  # not a Flate stream (an image, or plain): PDFium reads it


def _page_lines(page) -> list[_Line]:  # type: ignore[no-untyped-def]
    """The lines of one page, top to bottom, runs in a line left to right."""
    textpage = page.get_textpage()
    try:
        runs: list[_Run] = []
        for index in range(textpage.count_rects()):
            left, bottom, right, top = textpage.get_rect(index)
            text = textpage.get_text_bounded(left, bottom, right, top)
            # PDFium marks a hyphen that ends a line as \x02 (and U+FFFE).
            text = " ".join(text.replace("\x02", "-").replace("\ufffe", "-").split())
            if text and text != "■":
                runs.append((top, bottom, left, right, text))
    finally:
        textpage.close()
        page.close()
    runs.sort(key=lambda run: (-run[0], run[2]))
    rows: list[list[_Run]] = []
    for run in runs:
        if rows and _same_line(rows[-1][0], run):
            rows[-1].append(run)
        else:
            rows.append([run])
    lines = []
    for row in rows:
        row.sort(key=lambda run: run[2])
        height = max(run[0] - run[1] for run in row) or 1.0
        parts = [row[0][4]]
        for before, run in pairwise(row):
            parts.append("\t" if run[2] - before[3] > _COLUMN_GAP * height else " ")
            parts.append(run[4])
        lines.append(_Line("".join(parts), max(r[0] for r in row), min(r[1] for r in row)))
    return lines


def _same_line(first: _Run, run: _Run) -> bool:
    """Whether ``run`` sits on the line started by ``first`` (middles overlap)."""
    middle = (run[0] + run[1]) / 2
    return first[1] <= middle <= first[0]


def _drop_running_lines(pages: list[list[_Line]]) -> list[str]:
    """All pages' text, without running heads, feet and page numbers.

    A line is a running head when, its page number aside, it stands at the same
    height at the top or foot of more than half of the pages (two at least).
    """
    edges: Counter[tuple[str, int]] = Counter()
    for lines in pages:
        edges.update({_key(line) for line in lines[:_EDGE_LINES] + lines[-_EDGE_LINES:]})
    running = {key for key, count in edges.items() if count >= 2 and count * 2 > len(pages)}
    out: list[str] = []
    for lines in pages:
        gaps = [a.bottom - b.top for a, b in pairwise(lines) if a.bottom > b.top]
        # The usual gap between lines of one paragraph: the lower quartile,
        # since paragraph breaks can outnumber the lines inside paragraphs.
        usual = sorted(gaps)[len(gaps) // 4] if gaps else 0.0
        last = len(lines) - 1
        kept: list[_Line] = []
        for index, line in enumerate(lines):
            at_edge = index < _EDGE_LINES or index > last - _EDGE_LINES
            if at_edge and (_key(line) in running or _PAGE_NUMBER.fullmatch(line.text)):
                continue
            if kept and usual and kept[-1].bottom - line.top > _PARAGRAPH_GAP * usual:
                out.append("")
            kept.append(line)
            out.append(line.text)
        out.append("")
    return out


def _key(line: _Line) -> tuple[str, int]:
    """A line's text without a trailing page number, and its height on the page.

    Running heads stand at the same height on every page; body lines that
    happen to read alike ("Resolved: That the report be noted.") rarely do.
    """
    return _TRAILING_NUMBER.sub("#", line.text.casefold()), round(line.top)


def _join_hyphens(lines: list[str]) -> list[str]:
    """Join "perfor-" / "mance" into "performance" (the next line starts lower case).

    The break may also fall between pages, where a blank line stands between.
    """
    out: list[str] = []
    for index, line in enumerate(lines):
        if not line and out and _HYPHENATED.search(out[-1]) and lines[index + 1 : index + 2] != [""]:
            following = lines[index + 1 : index + 2]
            if following and following[0][:1].islower():
                continue  # the page break inside a hyphenated word
        if out and _HYPHENATED.search(out[-1]) and line[:1].islower():
            head, _, rest = line.partition(" ")
            out[-1] = out[-1][:-1] + head
            if rest:
                out.append(rest)
            continue
        out.append(line)
    return out
