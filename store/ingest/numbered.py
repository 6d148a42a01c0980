"""Item headings by number: "4." over a title, "84. Apologies", "77/21 Title".

Printed minutes inside ``<AIn>`` markers start with such a heading; minutes
pulled from a PDF and agenda pages have no markers, so their items are found
by these headings alone. To avoid taking a numbered paragraph for an item,
numbers must rise and every heading must be written in the same style as
the first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from store.ingest.assemble import RawItem
from store.ingest.lines import is_blank, squash
from store.ingest.links import strip_link

_NUMBER = re.compile(
    r"^\s*+(?:(?P<slash>\d{1,4}/\d{2,4})\b\.?+|(?P<plain>\d{1,4}[a-z]?+)[.)](?=\s|$)"
    r"|(?P<bare>\d{1,4}[a-z]?+)(?=\s*+$))\s*+(?P<title>.*)$",
    re.IGNORECASE,
)
#: Longest line considered as a numbered heading.
_HEADING_CHARS = 300
#: How many lines below a lone number its title may start.
_TITLE_GAP = 4


def item_heading(lines: Sequence[str]) -> tuple[str, str, int] | None:
    """Number, title and first body line of a marked item's lines.

    The number may stand on its own line with the title on the next one
    (indented continuation lines join the title), or share a line with it.
    Without a number the first line is the title.

    Returns:
        ``(number, title, body start index)``, or None if all lines are blank.
    """
    first = _next_nonblank(lines, 0, len(lines))
    if first is None:
        return None
    match = _NUMBER.match(lines[first])
    if match is None:
        return "", squash(lines[first]), first + 1
    number = _number(match)
    title = squash(match["title"])
    if title:
        return number, title, first + 1
    below = _next_nonblank(lines, first + 1, len(lines))
    if below is None:
        return number, "", len(lines)
    parts = [squash(lines[below])]
    end = below + 1
    while end < len(lines) and not is_blank(lines[end]) and lines[end][:1] in " \t":
        parts.append(squash(lines[end]))
        end += 1
    return number, " ".join(parts), end


def cut_at_numbers(lines: Sequence[str], start: int = 0) -> tuple[list[RawItem], int]:
    """Find items by their numbered headings.

    Args:
        lines: The document's lines.
        start: Index of the first line that may start an item.

    Returns:
        The items (text up to the next heading) and the index of the first
        item's heading (``len(lines)`` when there is none).
    """
    found: list[tuple[int, str, str, int]] = []
    style: tuple[str, bool] | None = None
    previous: tuple[int, str] | None = None
    index = start
    while index < len(lines):
        heading = _heading_at(lines, index)
        if heading is not None:
            number, title, body, heading_style = heading
            key = _key(number)
            if (style is None or heading_style == style) and (previous is None or key > previous):
                found.append((index, number, title, body))
                style, previous = heading_style, key
                index = body
                continue
        index += 1
    if not found:
        return [], len(lines)
    ends = [entry[0] for entry in found[1:]] + [len(lines)]
    items = [
        RawItem(number, title, list(lines[body:end]), line=index + 1)
        for (index, number, title, body), end in zip(found, ends, strict=True)
    ]
    return items, found[0][0]


def _heading_at(lines: Sequence[str], index: int) -> tuple[str, str, int, tuple[str, bool]] | None:
    line = lines[index]
    if len(line) > _HEADING_CHARS:
        return None
    match = _NUMBER.match(line)
    if match is None:
        return None
    group = next(name for name in ("slash", "plain", "bare") if match[name])
    title = squash(match["title"])
    if title:
        return (_number(match), title, index + 1, (group, True)) if title_like(title) else None
    below = _next_nonblank(lines, index + 1, min(len(lines), index + 1 + _TITLE_GAP))
    if below is None or len(lines[below]) > _HEADING_CHARS:
        return None
    title = squash(lines[below])
    if not title_like(title) or _NUMBER.match(title):
        return None
    return _number(match), title, below + 1, (group, False)


def title_like(title: str) -> bool:
    """A heading, not a sentence: short, capitalised, not "That ...".

    Link residue ("pdf icon PDF 232 KB") is not part of the title, so it
    does not count towards its length.
    """
    title = strip_link(title)
    if not title or len(title.split()) > 30 or title[-1] in ",;:":
        return False
    first = title[:1]
    if not (first.isupper() or first.isdigit() or first in "'\"‘“("):
        return False
    return not title.lower().startswith(("that ", "resolved"))


def _number(match: re.Match[str]) -> str:
    return match["slash"] or match["plain"] or match["bare"]


def _key(number: str) -> tuple[int, str]:
    digits = re.match(r"\d++", number)
    assert digits is not None
    return int(digits[0]), number[digits.end() :].lower()


def _next_nonblank(lines: Sequence[str], start: int, stop: int) -> int | None:
    for index in range(start, stop):
        if not is_blank(lines[index]):
            return index
    return None
