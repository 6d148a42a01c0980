"""Cut printed minutes into items at their ``<AIn>`` ... ``</AIn>`` markers.

One pass over the lines, no recursion: an item left open is closed by the
next opening marker, a stray or mismatched closing marker is ignored, and
each such repair is reported. A file with more broken markers than
``MAX_PROBLEMS`` is rejected rather than guessed at.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from store.ingest.errors import Rejected
from store.ingest.lines import is_blank

_MARKER = re.compile(r"<(/?+)AI(\d{1,9})>", re.IGNORECASE)
#: More marker problems than this and the structure is not worth guessing.
MAX_PROBLEMS = 50


@dataclass(slots=True)
class Segment:
    """The lines between one ``<AIn>`` and its closing marker.

    Attributes:
        marker: The n of ``<AIn>``.
        line: Line number of the opening marker.
        lines: The text, markers removed.
    """

    marker: int
    line: int
    lines: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Cut:
    """Minutes cut at their markers: header lines, item segments, repairs."""

    header: list[str]
    segments: list[Segment]
    warnings: list[str]


def has_markers(lines: Sequence[str]) -> bool:
    """True if any line holds an ``<AIn>`` marker."""
    return any("<" in line and _MARKER.search(line) for line in lines)


def cut_at_markers(lines: Sequence[str]) -> Cut:
    """Split minutes into the header and one segment per marked item.

    Raises:
        Rejected: The markers are broken in more than ``MAX_PROBLEMS`` places.
    """
    return _Cutter().run(lines)


class _Cutter:
    def __init__(self) -> None:
        self.header: list[str] = []
        self.segments: list[Segment] = []
        self.problems: list[str] = []
        self.count = 0
        self.open: Segment | None = None
        self.highest = 0

    def run(self, lines: Sequence[str]) -> Cut:
        for number, line in enumerate(lines, start=1):
            if "<" not in line:  # most lines: no marker can start here
                self._text(line, number, whole=True)
                continue
            position = 0
            for match in _MARKER.finditer(line):
                self._text(line[position : match.start()], number)
                position = match.end()
                if match[1]:
                    self._close(int(match[2]), number)
                else:
                    self._open(int(match[2]), number)
            self._text(line[position:] if position else line, number, whole=not position)
        if self.open is not None:
            self._problem(
                f"item marker <AI{self.open.marker}> opened at line {self.open.line} is never"
                " closed, so the item runs to the end of the file"
            )
        if self.count > MAX_PROBLEMS:
            raise Rejected(
                f"The item markers are broken in {self.count} places (the first: "
                f"{self.problems[0]}), too many to recover from."
            )
        warnings = [problem[0].upper() + problem[1:] + "." for problem in self.problems]
        return Cut(self.header, self.segments, warnings)

    def _problem(self, text: str) -> None:
        self.count += 1
        if self.count <= MAX_PROBLEMS:
            self.problems.append(text)

    def _text(self, text: str, number: int, whole: bool = False) -> None:
        if not whole and is_blank(text):
            return
        if self.open is not None:
            self.open.lines.append(text)
        elif not self.segments:
            self.header.append(text)
        elif not is_blank(text):
            self._problem(
                f"text at line {number} lies outside any item marker and was kept with the"
                " item before it"
            )
            self.segments[-1].lines.append(text)

    def _open(self, marker: int, number: int) -> None:
        if self.open is not None:
            self._problem(
                f"item marker <AI{self.open.marker}> opened at line {self.open.line} is not"
                f" closed before <AI{marker}> at line {number}"
            )
        elif marker <= self.highest:
            self._problem(
                f"item marker <AI{marker}> at line {number} comes after <AI{self.highest}>"
            )
        self.highest = max(self.highest, marker)
        self.open = Segment(marker, number)
        self.segments.append(self.open)

    def _close(self, marker: int, number: int) -> None:
        if self.open is None:
            self._problem(f"closing marker </AI{marker}> at line {number} closes no item")
            return
        if self.open.marker != marker:
            self._problem(
                f"closing marker </AI{marker}> at line {number} does not match <AI"
                f"{self.open.marker}> opened at line {self.open.line}"
            )
        self.open = None
