"""The decisions register: every resolution and decision across meetings.

A row is made for each item that carries a resolution block (minutes,
reports) or ModernGov decision fields (decision pages). Standing items
("minutes of the last meeting be confirmed") are kept out unless asked for:
they are decisions in form only.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field

from store import Archive
from store.models import Item, Meeting


@dataclass(slots=True)
class Decision:
    """One row of the register.

    Attributes:
        item_id: The item the decision was made on.
        meeting_id: Its meeting.
        committee_id: Its committee's slug.
        committee: The committee's name.
        date: The decision date (the decision page's, else the meeting's).
        number: The item's display number.
        title: The item's title.
        maker: Who decided (the decision maker, else the committee).
        status: The decision page's status, else "resolved".
        key_decision: True/False when the page says, else None.
        call_in: True/False when the page says, else None.
        text: The resolution's opening words ("That:", "That the report be noted.").
        clauses: The resolution's clauses (i), (ii) ... without labels.
        standing: The standing kind for a procedural item, else None.
        shape: The source's shape: ``decision`` rows carry the page's fields.
    """

    item_id: str
    meeting_id: str
    committee_id: str
    committee: str
    date: str
    number: str
    title: str
    maker: str
    status: str
    key_decision: bool | None
    call_in: bool | None
    text: str
    clauses: list[str] = field(default_factory=list)
    standing: str | None = None
    shape: str = "minutes"

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict of every field."""
        return asdict(self)

    def words(self) -> str:
        """Everything a text filter looks in, lower case."""
        return " ".join((self.title, self.text, *self.clauses, self.maker, self.status)).lower()


def decisions_of(meeting: Meeting, items: list[Item]) -> list[Decision]:
    """The register rows of one meeting, in agenda order."""
    found: list[Decision] = []
    for item in items:
        resolutions = [block for block in item.blocks if block.kind == "resolution"]
        info = item.decision
        if not resolutions and info is None:
            continue
        text = " ".join(block.text for block in resolutions).strip()
        clauses = [clause for block in resolutions for clause in block.items]
        found.append(
            Decision(
                item_id=item.id,
                meeting_id=meeting.id,
                committee_id=meeting.committee_id,
                committee=meeting.committee,
                date=(info.decision_date if info and info.decision_date else meeting.date),
                number=item.number,
                title=item.title,
                maker=(info.maker if info and info.maker else meeting.committee),
                status=(info.status if info and info.status else "resolved"),
                key_decision=info.key_decision if info else None,
                call_in=info.call_in if info else None,
                text=text or (info.purpose if info else ""),
                clauses=clauses,
                standing=item.standing,
                shape=item.shape,
            )
        )
    return found


def register(store: Archive) -> list[Decision]:
    """Every decision in the store, newest first (read from the index)."""
    return decisions(store, DecisionFilter(standing=True))


@dataclass(slots=True)
class DecisionFilter:
    """What the register is narrowed to; empty fields match everything.

    Attributes:
        committee: A committee slug or words of its name.
        after: ISO date, inclusive.
        before: ISO date, inclusive.
        key_only: Only key decisions.
        status: Words of the status ("approved").
        text: Words that must all appear in the title, resolution or clauses.
        standing: Include standing items' resolutions.
    """

    committee: str = ""
    after: str | None = None
    before: str | None = None
    key_only: bool = False
    status: str = ""
    text: str = ""
    standing: bool = False

    def matches(self, row: Decision) -> bool:
        """True when ``row`` passes every filter that is set."""
        committee = self.committee.lower()
        if committee and committee != row.committee_id and committee not in row.committee.lower():
            return False
        if (self.after and row.date < self.after) or (self.before and row.date > self.before):
            return False
        if self.key_only and not row.key_decision:
            return False
        if self.status and self.status.lower() not in row.status.lower():
            return False
        if not self.standing and row.standing is not None:
            return False
        words = row.words()
        return all(word in words for word in self.text.lower().split())


_COLUMNS = ("item_id, meeting, committee_id, committee, date, number, title, maker, status, key_decision,"
            " call_in, text, clauses, standing, shape")


def _where(wanted: DecisionFilter) -> tuple[str, list[str]]:
    """``wanted`` as an SQL ``WHERE`` over ``across_decisions`` (or "") and its values.

    Every field runs in SQL, so a page and a count need no row read in
    Python; the committee's and status's words are matched case-blind
    (ASCII, as SQLite's ``lower``), as ``DecisionFilter.matches`` does.
    """
    where, values = [], []
    if wanted.after:
        where.append("date >= ?")
        values.append(wanted.after)
    if wanted.before:
        where.append("date <= ?")
        values.append(wanted.before)
    if wanted.key_only:
        where.append("key_decision = 1")
    if not wanted.standing:
        where.append("standing IS NULL")
    if wanted.committee:
        where.append("(committee_id = ? OR instr(lower(committee), ?) > 0)")
        values += [wanted.committee.lower(), wanted.committee.lower()]
    if wanted.status:
        where.append("instr(lower(status), ?) > 0")
        values.append(wanted.status.lower())
    for word in wanted.text.lower().split():
        where.append("item_id IN (SELECT item_id FROM across_decision_words WHERE instr(words, ?) > 0)")
        values.append(word)
    return (" WHERE " + " AND ".join(where) if where else ""), values


def iter_decisions(
    store: Archive, wanted: DecisionFilter | None = None, offset: int = 0, limit: int | None = None
) -> Iterator[Decision]:
    """The register narrowed by ``wanted``, newest first, as the rows are read.

    The filter runs in SQL over the index's ``across_decisions`` rows;
    ``offset`` and ``limit`` take one page of it (the Decisions screen's).
    """
    from store import across_tables, index

    where, values = _where(wanted or DecisionFilter())
    sql = f"SELECT {_COLUMNS} FROM across_decisions{where} ORDER BY date DESC, meeting DESC, n"  # noqa: S608
    if limit is not None or offset:
        sql += " LIMIT ? OFFSET ?"
    page: list[object] = [*values, -1 if limit is None else limit, offset] if limit is not None or offset else [*values]
    for row in index.connection(store).execute(sql, page):
        yield across_tables.decision_of(row)


def decisions(
    store: Archive, wanted: DecisionFilter | None = None, offset: int = 0, limit: int | None = None
) -> list[Decision]:
    """The register narrowed by ``wanted``, newest first (``iter_decisions`` as a list)."""
    return list(iter_decisions(store, wanted, offset, limit))


def count_decisions(store: Archive, wanted: DecisionFilter | None = None) -> int:
    """How many rows of the register ``wanted`` keeps."""
    from store import index

    where, values = _where(wanted or DecisionFilter())
    row = index.connection(store).execute(f"SELECT COUNT(*) FROM across_decisions{where}", values).fetchone()  # noqa: S608
    return int(row[0])


def parse_filter(text: str) -> tuple[DecisionFilter, list[str]]:
    """A filter from the Decisions screen's box, and the problems in it.

    ``key:`` (key decisions only), ``status:WORDS``, ``committee:ID``,
    ``after:DATE``, ``before:DATE`` (ISO dates) and ``standing:``; any other
    word must appear in the decision. A malformed date is a problem, named,
    and left out of the filter.
    """
    import datetime as dt

    wanted = DecisionFilter()
    words: list[str] = []
    problems: list[str] = []
    for word in text.split():
        name, colon, value = word.partition(":")
        name = name.lower()
        if not colon or name not in ("key", "status", "committee", "after", "before", "standing"):
            words.append(word)
        elif name == "key":
            wanted.key_only = True
        elif name == "standing":
            wanted.standing = True
        elif name in ("status", "committee"):
            setattr(wanted, name, value)
        elif value:
            try:
                setattr(wanted, name, dt.date.fromisoformat(value).isoformat())
            except ValueError:
                problems.append(f"{name}:{value} is not a date; write it as {name}:YYYY-MM-DD")
    wanted.text = " ".join(words)
    return wanted, problems
