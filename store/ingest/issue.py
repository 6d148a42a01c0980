"""A ModernGov issue history page (``mgIssueHistoryHome.aspx?IId=``) to meetings.

The page follows one issue across the meetings that considered it: the
heading "Issue - meetings" (or "Issue - items at meetings"), the issue's
title, then for each meeting a line "Meeting: 02/03/2021 - Cabinet (Item
5.)" (a link to the meeting or the item) with what the meeting said about
it, often under "Minutes:" or "Decision:" labels::

    Issue - meetings
    Quarterly Corporate Performance Report
    Meeting: 02/03/2021 - Cabinet Committee on Performance Improvement (Item 5.)
    Minutes:
    Resolved: That the report be noted.
    Meeting: 04/10/2020 - Cabinet Committee on Performance Improvement (Item 4.)
    ...

Each entry becomes a one-item agenda document of its meeting, as an item page
(``mgAi``) would: the item is numbered as the entry says (unnumbered, it
matches the meeting's item of the same title), titled with the issue's title,
and merges into the meeting when the archive holds it. Every entry's item
refers to the other meetings that considered the issue (``issue``
references), so the issue's history can be followed from any of them. The
page's ``IId`` link and the links naming each entry's meeting are kept as
provenance.
"""

from __future__ import annotations

import datetime as dt
import re

from store.ingest.assemble import fill_meeting, make_item
from store.ingest.blocks import parse_blocks
from store.ingest.errors import Rejected
from store.ingest.html import MEETING_LINE, Page
from store.models import Block, Meeting, ParsedDocument, Reference

#: First lines of the page.
ISSUE_HEADINGS = frozenset({"issue - meetings", "issue - items at meetings", "issue history"})
_LABEL = re.compile(r"^\s*+(minutes|decisions?)\s*+:\s*+(.*)$", re.IGNORECASE)
#: The page title: "Issue - items at meetings - <title> | Council".
_PAGE_TITLE = re.compile(
    r"^issue\s*+-\s*+(?:items\s++at\s++)?meetings\s*+-\s*+(.+?)(?:\s*+\|.*)?$", re.IGNORECASE
)
#: Most meetings read from one page.
MAX_ENTRIES = 500


def is_issue_page(first_line: str) -> bool:
    """True for the first line of an issue history page."""
    return first_line.strip().casefold() in ISSUE_HEADINGS


def issue_documents(page: Page) -> list[ParsedDocument]:
    """One document per meeting the issue history page names.

    Raises:
        Rejected: The page names no meeting it can read.
    """
    lines = page.text.split("\n")
    starts = [i for i, line in enumerate(lines) if MEETING_LINE.match(line.strip())][:MAX_ENTRIES]
    title = _issue_title(lines[: starts[0]] if starts else lines, page.title)
    entries = []
    for n, start in enumerate(starts):
        match = MEETING_LINE.match(lines[start].strip())
        assert match is not None
        day_text, month_text, year_text = match["date"].split("/")
        try:
            day = dt.date(int(year_text), int(month_text), int(day_text))
        except ValueError:
            continue
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        number = (match["number"] or "").rstrip(".")
        entries.append((day, match["committee"].strip(), number, lines[start + 1 : end], match.group(0)))
    if not entries:
        raise Rejected(
            f"The file is a ModernGov issue history page{f' for {title!r}' if title else ''}"
            " that names no meeting with a date it can read, so there is nothing to import."
        )
    issue_links = [link for link in page.links if "iid=" in link.casefold()]
    documents = []
    for day, committee, number, body, line in entries:
        others = [
            Reference("issue", f"{title or 'This issue'}, {when:%d/%m/%Y} - {where}", when.isoformat())
            for when, where, *_ in entries
            if (when, where) != (day, committee)
        ]
        item = make_item(number, title or "Issue", 1, "agenda", _blocks(body), day, others)
        meeting = Meeting("", "", committee, day.isoformat(), holds=["agenda"])
        fill_meeting(meeting, [item])
        document = ParsedDocument("agenda", committee, meeting, [item], title=title)
        stamp = f"{day.day:02d}/{day.month:02d}/{day.year}"
        named = [href for href, text in page.anchors if stamp in text or text.strip() == line]
        document.links = list(dict.fromkeys([*issue_links, *named]))
        documents.append(document)
    documents[0].warnings.append(
        f"An issue history page naming {len(entries)} meeting{'s' if len(entries) != 1 else ''}:"
        " each meeting's entry goes into that meeting."
    )
    return documents


def _issue_title(head: list[str], page_title: str) -> str:
    """The issue's title: the first line under the page heading, else the
    browser title's."""
    for line in head:
        text = line.strip()
        if text and not is_issue_page(text) and not _LABEL.match(text):
            return text
    match = _PAGE_TITLE.match(page_title)
    return match.group(1).strip() if match else ""


def _blocks(body: list[str]) -> list[Block]:
    """An entry's text: agenda text, then the minutes or decision under a heading."""
    agenda: list[str] = []
    labelled: list[tuple[str, list[str]]] = []
    for line in body:
        label = _LABEL.match(line)
        if label:
            name = "Minutes" if label.group(1).casefold() == "minutes" else "Decision"
            labelled.append((name, [label.group(2)] if label.group(2).strip() else []))
        elif labelled:
            labelled[-1][1].append(line)
        else:
            agenda.append(line)
    blocks = parse_blocks(agenda) if any(line.strip() for line in agenda) else []
    for name, lines in labelled:
        if any(line.strip() for line in lines):
            blocks += [Block("heading", name, level=2), *parse_blocks(lines)]
    return blocks
