"""Plain records for committees, meetings, agenda items and their parts.

Everything here is a dataclass that turns into JSON-ready dicts with
``to_dict`` and back with ``from_dict``. No I/O happens in this module.

Identifiers are meant to be read and typed by people:

* a committee id is a short slug made from its name's initials (``ccpi``);
* a meeting id is ``<committee id>-<ISO date>`` (``ccpi-2015-12-10``);
* an item id is ``<meeting id>/<key>``, where the key is the item's display
  number (``ccpi-2015-12-10/4``; ``77/21`` becomes ``77-21``), or ``r1``,
  ``d1`` ... for a report or decision that has no number of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, ClassVar, Self

import orjson

#: The kinds of source document the importer understands.
SHAPES = ("minutes", "report", "decision", "agenda")

#: Standing (procedural) items, recognised from their titles.
STANDING_KINDS = (
    "apologies",
    "declarations",
    "previous-minutes",
    "urgent-business",
    "next-meeting",
    "exclusion",
)


class Record:
    """Mixin: dict conversion for the dataclasses below."""

    #: Fields holding nested records, mapped to their class (lists allowed).
    NESTED: ClassVar[dict[str, type]] = {}

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict of this record.

        orjson serialises dataclasses natively; a round trip through it is
        some thirty times faster than ``dataclasses.asdict`` and gives the
        same dict for these records (strings, numbers, lists, records).
        """
        return orjson.loads(orjson.dumps(self))  # type: ignore[no-any-return]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Build a record from ``to_dict`` output, ignoring unknown keys."""
        if not cls.NESTED:
            try:
                return cls(**data)
            except TypeError:
                pass  # a key this version does not know: the slow way below
        names = _FIELD_NAMES.get(cls)
        if names is None:
            names = _FIELD_NAMES[cls] = frozenset(f.name for f in fields(cls))  # type: ignore[arg-type]
        values = {key: value for key, value in data.items() if key in names}
        for key, nested in cls.NESTED.items():
            value = values.get(key)
            if value is not None:
                if isinstance(value, list):
                    values[key] = [nested.from_dict(v) for v in value]  # type: ignore[attr-defined]
                else:
                    values[key] = nested.from_dict(value)  # type: ignore[attr-defined]
        return cls(**values)


#: Field names of each record class, looked up once.
_FIELD_NAMES: dict[type, frozenset[str]] = {}


@dataclass(slots=True)
class Block(Record):
    """One structural part of an item's text.

    Attributes:
        kind: ``paragraph``, ``bullets``, ``table``, ``heading`` or
            ``resolution``.
        text: The paragraph or heading text; for a resolution, its opening
            words ("That the report be noted.", or "That:" before clauses).
        items: Bullet points, or a resolution's clauses ``(i)``, ``(ii)`` ...
            without their labels.
        rows: Table cells, the first row being the header.
        level: Heading depth: 1 for a report section or appendix, 2 for a
            sub-heading inside minute text.
        source: Id of the source document this block came from.
    """

    kind: str
    text: str = ""
    items: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    level: int = 0
    source: str = ""


@dataclass(slots=True)
class Reference(Record):
    """Words in one document that point at another meeting or paper.

    Attributes:
        kind: ``previous-minutes``, ``next-meeting``, ``background-paper``,
            ``decided-at``, ``issue`` (another meeting that considered the
            same issue, from an issue history page) or ``document``.
        text: The words as they stand in the document.
        date: ISO date the words name, if any.
        target: Id of the meeting or item in the store, or None when the
            target is not in this archive (filled in by ``store.topics``).
    """

    kind: str
    text: str
    date: str | None = None
    target: str | None = None


@dataclass(slots=True)
class Substitution(Record):
    """"X replaced Y at this meeting"."""

    member: str
    replaced: str


@dataclass(slots=True)
class BackgroundPaper(Record):
    """A row of a report's "List of Background Papers" table."""

    paper: str
    date: str | None = None
    contact: str = ""
    date_text: str = ""


@dataclass(slots=True)
class DecisionInfo(Record):
    """Fields of a ModernGov decision details page."""

    maker: str = ""
    status: str = ""
    key_decision: bool | None = None
    call_in: bool | None = None
    purpose: str = ""
    reasons: str = ""
    alternatives: str = ""
    contact: str = ""
    author: str = ""
    decision_date: str | None = None
    publication_date: str | None = None
    effective_from: str | None = None
    decided_at: str | None = None
    decided_at_text: str = ""


@dataclass(slots=True)
class ReportInfo(Record):
    """Front matter and outline of a committee report."""

    meeting_date: str | None = None
    author: str = ""
    part: str = ""
    divisions: str = ""
    contact: str = ""
    sections: list[str] = field(default_factory=list)
    appendices: list[str] = field(default_factory=list)
    background_papers: list[BackgroundPaper] = field(default_factory=list)

    NESTED: ClassVar[dict[str, type]] = {"background_papers": BackgroundPaper}


@dataclass(slots=True)
class Item(Record):
    """An agenda item with its whole text.

    Attributes:
        id: Stable id, ``<meeting id>/<key>``.
        meeting_id: The meeting this item belongs to.
        number: Display number as printed ("4", "77/21"), or "".
        order: Position on the agenda, from 1.
        title: The title as in the document, cleaned.
        standing: One of ``STANDING_KINDS`` for a procedural item, else None.
        shape: The shape of the source document (one of ``SHAPES``).
        source: Id of the source document.
        blocks: The text as structured parts.
        presenters: People who presented or reported on the item.
        references: Links to other meetings or papers named in the text.
        decision: Decision page fields, for items from a decision page.
        report: Report front matter, for items from a committee report.
        agenda_number: The agenda number printed minutes give beside a minute
            number that runs across the year ("84. Apologies (Item 1)"), else
            "". Items merge with the agenda page by it.
    """

    id: str
    meeting_id: str
    number: str
    order: int
    title: str
    standing: str | None = None
    shape: str = "minutes"
    source: str = ""
    blocks: list[Block] = field(default_factory=list)
    presenters: list[str] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    decision: DecisionInfo | None = None
    report: ReportInfo | None = None
    agenda_number: str = ""

    NESTED: ClassVar[dict[str, type]] = {
        "blocks": Block,
        "references": Reference,
        "decision": DecisionInfo,
        "report": ReportInfo,
    }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Build an item from ``to_dict`` output or the store's lean form
        (``stored``): a block without a source has the item's."""
        source = data.get("source", "")
        blocks = data.get("blocks")
        if source and blocks and any("source" not in block for block in blocks):
            data = dict(data)
            data["blocks"] = [
                block if "source" in block else {**block, "source": source} for block in blocks
            ]
        return Record.from_dict.__func__(cls, data)  # type: ignore[attr-defined,no-any-return]

    def stored(self) -> bytes:
        """The item as JSON, without the fields at their defaults and the
        blocks' sources that are the item's (``from_dict`` reads it back)."""
        data = orjson.loads(orjson.dumps(self))
        for name, default in _ITEM_DEFAULTS.items():
            if data.get(name) == default:
                del data[name]
        for block in data.get("blocks", ()):
            for name, default in _BLOCK_DEFAULTS.items():
                if block[name] == default:
                    del block[name]
            if block["source"] == self.source:
                del block["source"]
        return orjson.dumps(data)

    @property
    def procedural(self) -> bool:
        """True for standing items (apologies, minutes, next meeting ...)."""
        return self.standing is not None

    def plain_text(self) -> str:
        """The whole item as plain text, blocks separated by blank lines."""
        from store.text import blocks_to_text

        return blocks_to_text(self.blocks)


@dataclass(slots=True)
class Meeting(Record):
    """One meeting of a committee, merged from every document about it.

    Attributes:
        id: ``<committee id>-<ISO date>``.
        committee_id: Slug of the committee.
        committee: The committee's full name.
        date: ISO date.
        time: Start time as ``HH:MM`` (24-hour), or None.
        venue: Where it was held ("Virtual Meeting" counts).
        chair: The member marked ``(Chair)``.
        present: Members present, chair included, as printed.
        apologies: Members who sent apologies.
        substitutions: Who replaced whom.
        officers: Officers and speakers attending.
        holds: What the record holds: ``minutes``, ``report``, ``decision``,
            ``agenda`` (sorted, no repeats).
        sources: Ids of the source documents merged into this meeting.
        next_meeting: ISO date of the next meeting, when the minutes name it.
        date_source: How the date is known: ``heading`` (a document prints
            it), ``given`` (``import --date``) or ``inferred`` (from what the
            archive says, see ``store.dating``); the surest source wins.
    """

    id: str
    committee_id: str
    committee: str
    date: str
    time: str | None = None
    venue: str | None = None
    chair: str | None = None
    present: list[str] = field(default_factory=list)
    apologies: list[str] = field(default_factory=list)
    substitutions: list[Substitution] = field(default_factory=list)
    officers: list[str] = field(default_factory=list)
    holds: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    next_meeting: str | None = None
    date_source: str = "heading"

    NESTED: ClassVar[dict[str, type]] = {"substitutions": Substitution}


@dataclass(slots=True)
class SourceDocument(Record):
    """A document file as imported.

    Attributes:
        id: First 16 hex digits of the SHA-256 of the decoded, normalised
            text, so the same document under another name, encoding or
            line-ending convention has the same id.
        name: File name it was imported from (the last one seen).
        shape: One of ``SHAPES``.
        meeting_id: The meeting it describes.
        encoding: How it was decoded (``utf-8``, ``cp1252``, ``utf-16``).
        size: Size in bytes of the file.
        title: Title of the report or decision, "" for minutes.
        date_source: How this document's meeting date was found
            (``heading``, ``given`` or ``inferred``).
        minutes: Whether it holds minute text (an agenda page saved after
            the meeting does, one saved before does not); None when not
            recorded (stores written before this was).
        format: The file format (``text``, ``pdf``, ``html``, ``docx``, ``xml``).
        links: ModernGov addresses the file came from or names (provenance).
    """

    id: str
    name: str
    shape: str
    meeting_id: str
    encoding: str = "utf-8"
    size: int = 0
    title: str = ""
    date_source: str = "heading"
    minutes: bool | None = None
    format: str = "text"
    links: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ItemSummary(Record):
    """The lean per-item row the interface needs at start-up.

    Attributes:
        id: Item id.
        meeting_id: Meeting id.
        number: Display number.
        order: Agenda position.
        title: Title.
        standing: Standing kind or None.
        shape: Source shape.
        outline: Headings, resolutions and tables as ``[kind, label, block
            index]`` triples, for the agenda tree without reading the body.
    """

    id: str
    meeting_id: str
    number: str
    order: int
    title: str
    standing: str | None = None
    shape: str = "minutes"
    outline: list[list[Any]] = field(default_factory=list)


@dataclass(slots=True)
class ParsedDocument:
    """What an importer makes of one document, before it is stored.

    Attributes:
        shape: One of ``SHAPES``.
        committee: Committee name as printed, "" when the document names none.
        meeting: The meeting as this document describes it; ``id`` and
            ``committee_id`` are filled in by the importer that stores it.
            Its ``date`` is "" when the document prints none (a page saved
            without its heading): the importer infers it or is given it.
        items: Items in agenda order; ids are filled in when stored.
        warnings: Things the parser recovered from, one sentence each.
        title: For a report or decision, its title.
        encoding: How the file was decoded (``utf-8``, ``cp1252``, ``utf-16``).
        format: The file format: ``text``, ``pdf``, ``html``, ``docx`` or ``xml``.
        links: Addresses the file came from or names (ModernGov CId, MId,
            AIId and IId links), kept as provenance.
    """

    shape: str
    committee: str
    meeting: Meeting
    items: list[Item]
    warnings: list[str] = field(default_factory=list)
    title: str = ""
    encoding: str = "utf-8"
    format: str = "text"
    links: list[str] = field(default_factory=list)


#: Fields left out of a stored item when they hold these values.
_ITEM_DEFAULTS: dict[str, Any] = {
    "standing": None,
    "presenters": [],
    "references": [],
    "decision": None,
    "report": None,
    "agenda_number": "",
}
_BLOCK_DEFAULTS: dict[str, Any] = {"text": "", "items": [], "rows": [], "level": 0}
