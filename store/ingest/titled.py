"""Items found by their titles alone, on older pages that print no item numbers.

Such a page runs "Apologies for Absence", a blank line, the minute text, a
blank line, the next title ... with no "Minutes:" label. A line is an item
title when it stands alone between blank lines, reads as a heading (short,
capitalised, no closing full stop) and either names a standing item, carries
a document link ("pdf icon PDF 77 KB"), or follows an item that has already
reached its resolution. The last rule keeps a sub-heading inside minute
text ("Highways") from starting an item of its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from store.ingest.assemble import RawItem
from store.ingest.blocks import RESOLVED
from store.ingest.lines import is_blank, squash
from store.ingest.links import has_link
from store.ingest.numbered import title_like
from store.ingest.standing import standing_kind

#: A "Venue: ..." or "Contact: ..." line is a field, not a title.
_LABEL = re.compile(r"^[\w ]{1,25}:(?:\s|$)")
#: Longest line read as a title.
_TITLE_CHARS = 200
#: Most words in a title.
_TITLE_WORDS = 20


def cut_at_titles(lines: Sequence[str], start: int = 0) -> tuple[list[RawItem], int]:
    """Find unnumbered items by their title lines.

    Args:
        lines: The document's lines.
        start: Index of the first line that may start an item.

    Returns:
        The items (text up to the next title) and the index of the first
        title (``len(lines)`` when none is found).
    """
    starts: list[int] = []
    concluded = True
    for index in range(start, len(lines)):
        line = lines[index]
        if is_blank(line):
            continue
        if _stands_alone(lines, index) and _is_title(line) and (
            concluded or standing_kind(squash(line)) or has_link(line)
        ):
            starts.append(index)
            concluded = False
        elif RESOLVED.match(line) or (starts and standing_kind(squash(lines[starts[-1]]))):
            concluded = True
    if not starts:
        return [], len(lines)
    ends = [*starts[1:], len(lines)]
    items = [
        RawItem("", squash(lines[begin]), list(lines[begin + 1 : end]), line=begin + 1)
        for begin, end in zip(starts, ends, strict=True)
    ]
    return items, starts[0]


def _stands_alone(lines: Sequence[str], index: int) -> bool:
    before = index == 0 or is_blank(lines[index - 1])
    after = index + 1 >= len(lines) or is_blank(lines[index + 1])
    return before and after


def _is_title(line: str) -> bool:
    text = squash(line)
    if len(text) > _TITLE_CHARS or len(text.split()) > _TITLE_WORDS:
        return False
    if _LABEL.match(text) or text.endswith(".") or RESOLVED.match(text):
        return False
    return title_like(text)
