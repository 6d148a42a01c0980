"""Decision details pages: labelled fields around the decision text.

The page is a list of "Label: value" fields, a value running on over the
following lines until the next known label. Dates are UK day/month/year. The
decision becomes one item (number "", order 1) filed under the meeting it
was decided at.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from store.ingest.blocks import parse_blocks
from store.ingest.dates import first_date, parse_date
from store.ingest.errors import Rejected
from store.ingest.lines import is_blank, squash
from store.ingest.links import document_reference
from store.ingest.people import presenters_in
from store.models import Block, DecisionInfo, Item, Meeting, ParsedDocument, Reference

#: Field labels (lower case, without the colon) and the key each fills.
FIELDS = {
    "decision maker": "maker",
    "decision status": "status",
    "is key decision?": "key",
    "is this a key decision?": "key",
    "key decision": "key",
    "is subject to call in?": "call_in",
    "is subject to call-in?": "call_in",
    "subject to call in": "call_in",
    "subject to call-in": "call_in",
    "purpose": "purpose",
    "decisions": "decisions",
    "decision": "decisions",
    "reasons for the decision": "reasons",
    "reason for the decision": "reasons",
    "reasons for decision": "reasons",
    "reason for decision": "reasons",
    "reasons for the decisions": "reasons",
    "alternative options considered": "alternatives",
    "alternative options rejected": "alternatives",
    "alternative options considered and rejected": "alternatives",
    "alternatives considered": "alternatives",
    "contact": "contact",
    "report author": "author",
    "date of decision": "decision_date",
    "publication date": "publication_date",
    "date of publication": "publication_date",
    "effective from": "effective_from",
    "decided at meeting": "decided_at",
    "accompanying documents": "documents",
    "wards affected": "other",
    "lead member": "other",
    "lead officer": "other",
    "lead director": "other",
    "reason key": "other",
    "call-in deadline date": "other",
    "notice of proposed decision first published": "other",
    "interests and nature of interests declared": "other",
    "record of dispensations granted": "other",
    "consultees": "other",
    "other reasons / organisations consulted": "other",
    "reason for urgency": "other",
    "urgent item?": "other",
    "source": "other",
}
_LABEL = re.compile(
    r"^\s*+(" + "|".join(re.escape(label) for label in sorted(FIELDS, key=len, reverse=True))
    + r")\s*+:\s*+",
    re.IGNORECASE,
)
#: Fields shown as parts of the item text after the decision itself.
_EXTRA_PARTS = (
    ("Reasons for the decision", "reasons"),
    ("Alternative options considered", "alternatives"),
)
_DETAILS = "decision details"
#: How far down the page "Decision details" may stand.
_DETAILS_LINES = 10


def field_label(line: str) -> str | None:
    """The decision-page field a line starts, or None."""
    match = _LABEL.match(line)
    return FIELDS[squash(match[1]).lower()] if match else None


def parse_decision(lines: Sequence[str]) -> ParsedDocument:
    """Parse a decision details page.

    Raises:
        Rejected: No title, no date, or no committee or decision maker.
    """
    title_index = _title_index(lines)
    if title_index is None:
        raise Rejected("The decision page has no title line after 'Decision details'.")
    title = squash(lines[title_index])
    fields = _fields(lines, title_index + 1)
    info = DecisionInfo(
        maker=_one_line(fields, "maker"),
        status=_one_line(fields, "status"),
        key_decision=_yes_no(_one_line(fields, "key")),
        call_in=_yes_no(_one_line(fields, "call_in")),
        purpose=_one_line(fields, "purpose"),
        reasons=_one_line(fields, "reasons"),
        alternatives=_one_line(fields, "alternatives"),
        contact=_one_line(fields, "contact"),
        author=_one_line(fields, "author"),
        decision_date=parse_date(_one_line(fields, "decision_date")),
        publication_date=parse_date(_one_line(fields, "publication_date")),
        effective_from=parse_date(_one_line(fields, "effective_from")),
        decided_at_text=_one_line(fields, "decided_at"),
    )
    info.decided_at = parse_date(info.decided_at_text)
    warnings: list[str] = []
    meeting_date, committee = _meeting(info, warnings)
    blocks = parse_blocks(fields.get("decisions", []))
    for label, key in _EXTRA_PARTS:
        if fields.get(key):
            blocks.append(Block("heading", label, level=2))
            blocks.extend(parse_blocks(fields[key]))
    references = []
    if info.decided_at:
        references.append(Reference("decided-at", info.decided_at_text, info.decided_at))
    references.extend(
        document_reference(line) for line in fields.get("documents", []) if not is_blank(line)
    )
    item = Item("", "", "", 1, title, shape="decision", blocks=blocks,
                presenters=presenters_in(blocks), references=references, decision=info)
    meeting = Meeting("", "", committee, meeting_date, holds=["decision"])
    return ParsedDocument("decision", committee, meeting, [item], warnings, title=title)


def _title_index(lines: Sequence[str]) -> int | None:
    """The line after "Decision details", else the first line that is no field."""
    seen = 0
    start = 0
    for index, line in enumerate(lines):
        if is_blank(line):
            continue
        seen += 1
        if squash(line).lower() == _DETAILS:
            start = index + 1
            break
        if seen >= _DETAILS_LINES:
            break
    for index in range(start, len(lines)):
        if not is_blank(lines[index]):
            return None if field_label(lines[index]) else index
    return None


def _fields(lines: Sequence[str], start: int) -> dict[str, list[str]]:
    """Each field's value lines; the first occurrence of a field wins."""
    fields: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in lines[start:]:
        key = field_label(line)
        if key is None:
            if current is not None:
                current.append(line)
            continue
        value = _LABEL.sub("", line, count=1)
        current = [value] if value.strip() else []
        if key != "other" and key not in fields:
            fields[key] = current
    return fields


def _one_line(fields: dict[str, list[str]], key: str) -> str:
    return squash(" ".join(fields.get(key, [])))


def _yes_no(text: str) -> bool | None:
    lower = text.lower()
    if lower.startswith("yes"):
        return True
    if lower.startswith("no"):
        return False
    return None


def _meeting(info: DecisionInfo, warnings: list[str]) -> tuple[str, str]:
    """Date and committee of the meeting the decision belongs to."""
    committee = ""
    if info.decided_at:
        found = first_date(info.decided_at_text)
        assert found is not None
        committee = info.decided_at_text[found[1].end :].strip(" -–—,")
    date = info.decided_at or info.decision_date
    if date is None:
        raise Rejected(
            "The decision page names no date ('Decided at meeting' or 'Date of decision')."
        )
    if not info.decided_at:
        warnings.append(
            "The decision page has no 'Decided at meeting' field; it is filed under its"
            " date of decision."
        )
    committee = committee or info.maker
    if not committee:
        raise Rejected("The decision page names no meeting or decision maker.")
    return date, squash(committee)
