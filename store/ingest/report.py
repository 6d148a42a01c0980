"""Committee reports: front matter, sections, appendices and background papers.

A report becomes one item (number "", order 1). Its front matter (meeting
date, author, part, divisions, title, contact) fills ``ReportInfo``; each
standard section heading and each appendix becomes a level-1 heading block,
and the text between them is parsed like minute text (sub-headings level 2,
tab-separated tables kept as tables).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from store.ingest.blocks import looks_like_heading, parse_blocks
from store.ingest.dates import parse_date
from store.ingest.errors import Rejected
from store.ingest.lines import is_blank, squash
from store.ingest.meeting import read_when
from store.models import (
    BackgroundPaper,
    Block,
    Item,
    Meeting,
    ParsedDocument,
    Reference,
    ReportInfo,
)

#: Standard report sections, lower case, without numbering or a colon.
SECTIONS = frozenset(
    {
        "executive summary", "summary", "recommendation", "recommendations",
        "background", "background and advice", "advice", "introduction", "purpose",
        "purpose of the report", "purpose of report", "consultations", "consultation",
        "implications", "risk management", "financial", "financial implications", "legal",
        "legal implications", "equality implications", "equality and diversity",
        "human resources implications", "property implications", "crime and disorder",
        "local government (access to information) act 1985", "list of background papers",
        "background papers", "reason for inclusion in part ii, if appropriate",
        "conclusion", "conclusions", "options", "next steps", "reasons for recommendation",
        "reasons for recommendations", "alternative options considered", "corporate priorities",
    }
)
MEETING_LINE = re.compile(
    r"^(?:meeting\s++)?(?:to\s++be\s++)?held\s++on\b|^meeting\s++date\b|^date\s++of\s++meeting\b",
    re.I,
)
AUTHOR_LINE = re.compile(r"^(?:joint\s++)?report\s++(?:of|by|from)\s++(?:the\s++)?", re.I)
_REPORT_TO = re.compile(r"^report\s++to\s*+:?+\s*+(?:the\s++)?", re.I)
_PART = re.compile(r"^part\s++(?:i{1,3}|[12ab])\b", re.I)
_DIVISIONS = re.compile(r"^(?:electoral\s++divisions?|wards?)\s++affected\s*+:?+\s*+", re.I)
_CONTACT = re.compile(r"^contacts?\s++(?:for\s++further\s++information)?\s*+:\s*+", re.I)
_APPENDIX = re.compile(
    r"^appendix\s++['‘’\"]?+([a-z]|\d{1,2})['‘’\"]?+(?![\w'])\s*+[:.–—-]?+\s*+(.*)$",
    re.I,
)
_REFERS = re.compile(r"\s*+\(\s*+(appendix|appendices)\b([^()]*+)\)\s*+$", re.I)
_LETTER = re.compile(r"['‘’\"]([A-Z0-9]{1,2})['‘’\"]|\b([A-Z])\b")
_MENTION = re.compile(r"\bappendix\s++['‘’\"]?+([A-Z])['‘’\"]?+(?!\w)", re.I)
_NUMBERING = re.compile(r"^\d++(?:\.\d++)*+\.?+\s++")
_STOP_WORDS = frozenset("the and for of to in on at by with from post".split())
#: Mentions of an appendix kept, and how many characters before each.
_MENTIONS_KEPT = 5
_MENTION_REACH = 300
#: Front matter longer than this many paragraphs is not front matter.
_FRONT_PARAGRAPHS = 12


@dataclass(slots=True)
class _Front:
    """Front matter fields and where the body starts."""

    committee: str = ""
    title: str = ""
    info: ReportInfo = field(default_factory=ReportInfo)
    time: str | None = None
    venue: str | None = None
    extra: list[str] = field(default_factory=list)
    body: int = 0


def section_name(line: str) -> str | None:
    """The standard section a heading line names, or None."""
    text = squash(_NUMBERING.sub("", squash(line))).rstrip(":").strip()
    return text if text.lower() in SECTIONS else None


def parse_report(lines: Sequence[str]) -> ParsedDocument:
    """Parse a committee report.

    Raises:
        Rejected: No meeting date or no title in the front matter.
    """
    front = _front_matter(lines)
    if front.info.meeting_date is None:
        raise Rejected("The report names no meeting date ('Meeting to be held on <date>').")
    if not front.committee:
        raise Rejected("The report's front matter names no committee.")
    if not front.title:
        raise Rejected("The report's front matter has no title line.")
    title, refers = _split_title(front.title)
    blocks = [Block("paragraph", text) for text in ([refers] if refers else []) + front.extra]
    body = _Body(lines, front.body, _expected_appendices(refers, lines, front.body))
    blocks.extend(body.blocks())
    info = front.info
    info.sections = body.sections
    info.appendices = body.appendices
    info.background_papers = _background_papers(blocks)
    references = [
        Reference("background-paper", paper.paper, paper.date) for paper in info.background_papers
    ]
    assert info.meeting_date is not None  # checked above: a report without one is rejected
    item = Item("", "", "", 1, title, shape="report", blocks=blocks, references=references,
                report=info)
    meeting = Meeting(
        "", "", front.committee, info.meeting_date, time=front.time, venue=front.venue,
        holds=["report"],
    )
    return ParsedDocument("report", front.committee, meeting, [item], title=title)


def _front_matter(lines: Sequence[str]) -> _Front:
    """Read the labelled lines before the first section heading."""
    front = _Front()
    count = 0
    index = 0
    contact_seen = False
    while index < len(lines) and count < _FRONT_PARAGRAPHS:
        line = lines[index]
        if is_blank(line):
            index += 1
            continue
        if section_name(line) or (contact_seen and looks_like_heading(line)):
            break
        count += 1
        text = squash(line)
        index += 1
        contact_seen = _front_line(front, text) or contact_seen
    front.body = index
    return front


def _front_line(front: _Front, text: str) -> bool:
    """File one front-matter line; True if it was the contact line."""
    info = front.info
    if MEETING_LINE.match(text) and info.meeting_date is None:
        when = read_when(text)
        if when is not None:
            info.meeting_date = when.date.isoformat()
            front.time, front.venue = when.time, when.venue
    elif (author := AUTHOR_LINE.match(text)) and not info.author:
        info.author = text[author.end() :].strip()
    elif (report_to := _REPORT_TO.match(text)) and not front.committee:
        front.committee = text[report_to.end() :].strip()
    elif _PART.match(text) and not info.part:
        info.part = text
    elif (divisions := _DIVISIONS.match(text)) and not info.divisions:
        info.divisions = text[divisions.end() :].strip()
    elif (contact := _CONTACT.match(text)) and not info.contact:
        info.contact = text[contact.end() :].strip()
        return True
    elif not front.committee:
        front.committee = text
    elif not front.title:
        front.title = text
    else:
        front.extra.append(text)
    return False


def _split_title(title: str) -> tuple[str, str]:
    """Split "Title (Appendices 'A' and 'B' refer)" into the title and the note."""
    match = _REFERS.search(title)
    if match is None or "refer" not in match[2].lower():
        return title, ""
    return title[: match.start()].strip(), match.group(0).strip()


def _expected_appendices(refers: str, lines: Sequence[str], start: int) -> dict[str, str]:
    """Appendix letters the report announces, each with the words that mention it.

    Letters come from the title's "(Appendices 'A' and 'B' refer)" note and
    from "Appendix 'B'" in the text; the words around the first few
    mentions help recognise an appendix with no "APPENDIX B" heading.
    """
    found = [a or b for a, b in _LETTER.findall(refers.split(" ", 1)[-1])] if refers else []
    if " to " in refers.lower() and len(found) == 2 and found[0] < found[1]:
        found = [chr(code) for code in range(ord(found[0]), ord(found[1]) + 1)]
    mentions: dict[str, list[str]] = {letter.upper(): [] for letter in found}
    for line in lines[start:]:
        if _APPENDIX.match(squash(line)) and _is_standalone_text(line):
            break
        for match in _MENTION.finditer(line):
            words = mentions.setdefault(match[1].upper(), [])
            if len(words) < _MENTIONS_KEPT:
                words.append(line[max(0, match.start() - _MENTION_REACH) : match.start()])
    return {letter: " ".join(words) for letter, words in sorted(mentions.items())}


def _is_standalone_text(line: str) -> bool:
    return len(line.split()) <= 12 and not squash(line).endswith(".")


class _Body:
    """Walks the report body, cutting it at section and appendix headings."""

    def __init__(self, lines: Sequence[str], start: int, expected: dict[str, str]) -> None:
        self.lines = lines
        self.start = start
        self.expected = expected
        self.sections: list[str] = []
        self.appendices: list[str] = []
        self.in_appendix = False
        self.appendix_has_content = False
        self.out: list[Block] = []

    def blocks(self) -> list[Block]:
        lines = self.lines
        chunk_start = self.start
        index = self.start
        while index < len(lines):
            if self._standalone(index):
                heading = self._heading(index)
                if heading is not None:
                    self._flush(chunk_start, index)
                    self.out.append(heading)
                    chunk_start = index + 1
            if not is_blank(lines[index]) and index >= chunk_start:
                self.appendix_has_content = self.in_appendix
            index += 1
        self._flush(chunk_start, len(lines))
        return self.out

    def _flush(self, start: int, stop: int) -> None:
        self.out.extend(parse_blocks(self.lines[start:stop], capitalised=0.4))

    def _standalone(self, index: int) -> bool:
        lines = self.lines
        return (
            not is_blank(lines[index])
            and (index == 0 or is_blank(lines[index - 1]))
            and (index + 1 == len(lines) or is_blank(lines[index + 1]))
        )

    def _heading(self, index: int) -> Block | None:
        line = squash(self.lines[index])
        appendix = _APPENDIX.match(line)
        if appendix and _is_standalone_text(line):
            letter = appendix[1].upper()
            self.expected.pop(letter, None)
            subtitle = appendix[2] or self._subtitle(index)
            self._enter_appendix(letter, subtitle)
            return Block("heading", line, level=1)
        if self.in_appendix and self.appendix_has_content and self._inferred_appendix(index):
            letter = next(iter(self.expected))
            self.expected.pop(letter)
            self._enter_appendix(letter, line)
            return Block("heading", line, level=1)
        name = section_name(line)
        if name is None:
            return None
        if self.in_appendix:
            return Block("heading", name, level=2)
        self.sections.append(name)
        return Block("heading", name, level=1)

    def _enter_appendix(self, letter: str, subtitle: str) -> None:
        self.in_appendix = True
        self.appendix_has_content = False
        label = f"Appendix {letter}"
        self.appendices.append(f"{label} – {subtitle}" if subtitle else label)

    def _subtitle(self, index: int) -> str:
        """A short heading line right under "APPENDIX A" names the appendix."""
        following = self._next_standalone(index)
        if following is not None and looks_like_heading(self.lines[following], 0.4):
            return squash(self.lines[following])
        return ""

    def _next_standalone(self, index: int) -> int | None:
        for below in range(index + 1, min(len(self.lines), index + 4)):
            if not is_blank(self.lines[below]):
                return below if self._standalone(below) else None
        return None

    def _inferred_appendix(self, index: int) -> bool:
        """A heading after appendix content that starts the next announced appendix.

        It must look like a heading and either share most of its words with
        the sentence announcing that appendix, or be followed at once by a
        standard section heading (a new document starting).
        """
        if not self.expected or not looks_like_heading(self.lines[index], 0.4):
            return False
        mention = next(iter(self.expected.values())).lower()
        words = {
            word for word in re.findall(r"[a-z]{3,}+", self.lines[index].lower())
            if word not in _STOP_WORDS
        }
        if mention and len(words) >= 2:
            shared = sum(1 for word in words if word in mention)
            if shared * 3 >= len(words) * 2:
                return True
        following = self._next_standalone(index)
        return following is not None and section_name(self.lines[following]) is not None


def _background_papers(blocks: Sequence[Block]) -> list[BackgroundPaper]:
    """Rows of the table under "List of Background Papers"."""
    in_section = False
    for block in blocks:
        if block.kind == "heading" and block.level == 1:
            in_section = "background papers" in block.text.lower()
        elif in_section and block.kind == "table":
            return [_paper(row) for row in block.rows if not _is_header(row)]
    return []


def _is_header(row: Sequence[str]) -> bool:
    return bool(row) and row[0].lower().startswith("paper")


def _paper(row: Sequence[str]) -> BackgroundPaper:
    cells = list(row) + ["", "", ""]
    return BackgroundPaper(cells[0], parse_date(cells[1]), cells[2], cells[1])

