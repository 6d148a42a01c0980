"""Line and paragraph helpers shared by every document shape.

Documents are split on ``\\n`` only (``clean_document`` has already turned
every other line-break convention into it); never ``str.splitlines()``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

def squash(text: str) -> str:
    """Collapse every run of whitespace (newlines too) to one space; trim the ends."""
    return " ".join(text.split())


def is_blank(line: str) -> bool:
    """True for a line holding nothing but whitespace."""
    return not line.strip()


@dataclass(slots=True)
class Paragraph:
    """Consecutive non-blank lines.

    Attributes:
        line: 1-based line number of the first line in the document.
        lines: The raw lines, indentation and tabs kept.
    """

    line: int
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The lines squashed and joined by newlines."""
        return "\n".join(squash(line) for line in self.lines)


def paragraphs(lines: Sequence[str], first_line: int = 1) -> list[Paragraph]:
    """Split lines into paragraphs at blank lines.

    Args:
        lines: Raw lines.
        first_line: Document line number of ``lines[0]``, for messages.

    Returns:
        The paragraphs, in order.
    """
    found: list[Paragraph] = []
    current: Paragraph | None = None
    for offset, line in enumerate(lines):
        if is_blank(line):
            current = None
            continue
        if current is None:
            current = Paragraph(first_line + offset)
            found.append(current)
        current.lines.append(line)
    return found


def nonblank(lines: Sequence[str], limit: int) -> list[str]:
    """The first ``limit`` non-blank lines, squashed."""
    found: list[str] = []
    for line in lines:
        if len(found) >= limit:
            break
        if not is_blank(line):
            found.append(squash(line))
    return found
