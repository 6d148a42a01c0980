"""Word .docx files (reports, minutes) to the text the shape parsers read.

The ZIP is measured before python-docx opens it: too many members, a member
or a total that inflates past the limits, or a member that inflates far more
than text does, and the file is refused as a ZIP bomb without unpacking.
Then the body is read in order: paragraphs (a blank line after each, list
numbering written back as "1." since Word keeps it out of the text),
headings, and tables as tab-separated rows.
"""

from __future__ import annotations

import io
import zipfile

from store.ingest.errors import Rejected

#: Most members a Word document's ZIP may hold.
MAX_MEMBERS = 2_000
#: Most bytes all members may inflate to.
MAX_INFLATED = 200 * 1024 * 1024
#: Most a member may inflate per compressed byte (text and XML stay far below).
MAX_RATIO = 200
#: Members smaller than this are not held to ``MAX_RATIO`` (tiny files compress oddly).
_RATIO_FLOOR = 1024 * 1024
_BODY = "word/document.xml"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_text(data: bytes) -> str:
    """The text of a Word document, paragraphs and table rows in order.

    Raises:
        Rejected: Not a ZIP, not a Word document, a ZIP bomb, python-docx
            missing, or no text.
    """
    _check_zip(data)
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError:
        raise Rejected(
            "The file is a Word document, and reading those needs the python-docx library,"
            " which is not installed (reinstall ccpi-tui with pip)."
        ) from None
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # noqa: BLE001 - python-docx raises many kinds for broken parts
        raise Rejected(f"The file is a Word document that cannot be read ({error}).") from None
    lines: list[str] = []
    numbers = _Numbering(document)
    for element in document.element.body.iterchildren():
        if element.tag == f"{_W}p":
            _paragraph(Paragraph(element, document), lines, numbers)
        elif element.tag == f"{_W}tbl":
            _table(Table(element, document), lines)
    text = "\n".join(lines)
    if not text.strip():
        raise Rejected("The file is a Word document with no text in it.")
    return text


def _check_zip(data: bytes) -> None:
    """Refuse what is not a Word document, or would inflate too far."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise Rejected(f"The file is a ZIP archive that cannot be read ({error}).") from None
    if len(members) > MAX_MEMBERS:
        raise Rejected(
            f"The file is a ZIP archive of {len(members):,} members, over the limit of"
            f" {MAX_MEMBERS:,}; it is not a Word document ccpi-tui will open."
        )
    if _BODY not in {member.filename for member in members}:
        raise Rejected(
            "The file is a ZIP archive but not a Word .docx document (it has no"
            f" {_BODY}); save the document as .docx or plain text first."
        )
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if total > MAX_INFLATED or (member.file_size > _RATIO_FLOOR and ratio > MAX_RATIO):
            raise Rejected(
                f"The file is a ZIP bomb: {member.filename!r} inflates to"
                f" {member.file_size:,} bytes from {member.compress_size:,}"
                f" ({total:,} bytes in all so far), so it was not opened."
            )


def _paragraph(paragraph, lines: list[str], numbers: _Numbering) -> None:  # type: ignore[no-untyped-def]
    text = " ".join(paragraph.text.split())
    if not text:
        return
    label = numbers.label(paragraph)
    lines.extend([f"{label} {text}" if label else text, ""])


class _Numbering:
    """Word keeps list numbers out of the text; this writes them back.

    A paragraph is numbered by its own ``numPr`` or by a "List Number" /
    "List Bullet" style. Decimal lists count per list and level; a deeper
    level counts (a), (b) ...; bullets become "·".
    """

    def __init__(self, document) -> None:  # type: ignore[no-untyped-def]
        self.formats: dict[tuple[str, str], str] = {}
        self.counters: dict[tuple[str, str], int] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {
            node.get(f"{_W}abstractNumId"): node for node in root.iterchildren(f"{_W}abstractNum")
        }
        for num in root.iterchildren(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            lvls = abstract.get(ref.get(f"{_W}val") if ref is not None else None)
            for lvl in lvls.iterchildren(f"{_W}lvl") if lvls is not None else ():
                fmt = lvl.find(f"{_W}numFmt")
                self.formats[(num.get(f"{_W}numId"), lvl.get(f"{_W}ilvl"))] = (
                    fmt.get(f"{_W}val") if fmt is not None else "decimal"
                )

    def label(self, paragraph) -> str:  # type: ignore[no-untyped-def]
        """"3.", "(b)", "·" or "" for a paragraph."""
        properties = paragraph._p.pPr
        numbering = properties.numPr if properties is not None else None
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        if numbering is not None and numbering.numId is not None:
            level = str(numbering.ilvl.val if numbering.ilvl is not None else 0)
            key = (str(numbering.numId.val), level)
            fmt = self.formats.get(key, "decimal")
        elif style.startswith(("List Number", "List Bullet")):
            level = "0" if style[-1:] not in "23456789" else str(int(style[-1]) - 1)
            key = (style.rstrip(" 23456789"), level)
            fmt = "bullet" if "Bullet" in style else "decimal"
        else:
            return ""
        if fmt == "bullet":
            return "·"
        if level == "0":
            # A new top-level number restarts the deeper levels of this list.
            for other in [k for k in self.counters if k[0] == key[0] and k[1] != "0"]:
                del self.counters[other]
        self.counters[key] = self.counters.get(key, 0) + 1
        count = self.counters[key]
        if level != "0":
            return f"({chr(ord('a') + min(count, 26) - 1)})"
        return f"{count}."


def _table(table, lines: list[str]) -> None:  # type: ignore[no-untyped-def]
    if lines and lines[-1]:
        lines.append("")
    for row in table.rows:
        cells = [" ".join(cell.text.split()) for cell in row.cells]
        # Merged cells repeat across the span: keep one.
        unique = [cell for index, cell in enumerate(cells) if index == 0 or cell != cells[index - 1]]
        if any(unique):
            lines.append("\t".join(unique))
    lines.append("")
