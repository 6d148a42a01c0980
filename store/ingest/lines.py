"""Line helpers shared by every document shape.

Documents are split on ``\\n`` only (``clean_document`` has already turned
every other line-break convention into it); never ``str.splitlines()``.
"""

from __future__ import annotations

from collections.abc import Sequence


def squash(text: str) -> str:
    """Collapse every run of whitespace (newlines too) to one space; trim the ends."""
    return " ".join(text.split())


def is_blank(line: str) -> bool:
    """True for a line holding nothing but whitespace."""
    return not line.strip()


def nonblank(lines: Sequence[str], limit: int) -> list[str]:
    """The first ``limit`` non-blank lines, squashed."""
    found: list[str] = []
    for line in lines:
        if len(found) >= limit:
            break
        if not is_blank(line):
            found.append(squash(line))
    return found
