"""People across meetings: one person per councillor or officer, whatever the form.

Minutes print the same person many ways ("G Driver", "County Councillor
Geoff Driver CBE", "County Councillor Mein"). Each mention is parsed into a
``NameForm`` (titles, honours and a trailing role set aside), then the
mentions of one surname are grouped:

1. forms with a first name make one person per first name;
2. forms with initials join the one person whose first name fits the
   initial (looking first in the same meeting, then the committee, then the
   archive), or make a person of their own when none or several fit;
3. a surname alone joins the one person of that surname found in the same
   meeting, else the committee, else the archive; with two or more it is
   left as a person of its own, and the evidence says why.

"Mr" never joins "Mrs", "Ms" or "Miss", a person is never both present
and absent at one meeting, and two names in one list of one meeting are
two people. Each join keeps a sentence of evidence; the
clerk's corrections (``assign_form``) override the grouping and are kept.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import orjson

from store import across_records
from store.database import Store
from store.models import Meeting

#: Titles before a name, longest first so "County Councillor" wins over "Councillor".
_TITLES = (
    "county councillor", "city councillor", "borough councillor", "district councillor",
    "councillor", "cllr", "cc", "mr", "mrs", "ms", "miss", "mx", "dr", "doctor",
    "professor", "prof", "sir", "dame", "lord", "lady", "rev", "reverend", "the",
)
_MALE, _FEMALE = frozenset({"mr", "sir", "lord"}), frozenset({"mrs", "ms", "miss", "dame", "lady"})
#: Honours and letters after a name.
_HONOURS = frozenset(
    ["cbe", "obe", "mbe", "kbe", "dbe", "bem", "jp", "dl", "qc", "kc", "mp", "mep", "phd", "frs", "fca", "cpfa", "msc", "ba", "bsc", "ma", "llb"]
)
_PARTICLES = frozenset({"de", "van", "von", "der", "den", "la", "le", "du", "da", "di", "bin", "st"})
#: Where a role begins after a name: a comma, a spaced dash, or a bracket.
_ROLE = re.compile(r",|\s[–—-]\s|\(")
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")

#: Roles a person can hold at a meeting.
PRESENT, APOLOGIES, CHAIR, SUBSTITUTE, REPLACED, OFFICER = (
    "present", "apologies", "chair", "substitute", "replaced", "officer",
)
_THERE, _AWAY = frozenset({PRESENT, CHAIR, SUBSTITUTE}), frozenset({APOLOGIES, REPLACED})


@dataclass(frozen=True, slots=True)
class NameForm:
    """A name as printed, taken apart.

    Attributes:
        text: The name as printed, titles included (role words dropped).
        given: Given names or initials, in order ("Geoff"; "G"; "J", "D").
        surname: The family name ("Driver", "de Souza").
        sex: ``m`` or ``f`` when a title says so, else "".
        role: Words after the name ("Head of Service - Customer Access").
    """

    text: str
    given: tuple[str, ...]
    surname: str
    sex: str = ""
    role: str = ""

    @property
    def key(self) -> str:
        """The form without titles or honours, lower case: what corrections name."""
        return " ".join((*self.given, self.surname)).lower()

    @property
    def first(self) -> str:
        """The first given name or initial, or ""."""
        return self.given[0] if self.given else ""

    @property
    def has_first_name(self) -> bool:
        """True when the first given name is spelled out, not an initial."""
        return len(self.first) > 1 and not self.first.isupper()


def parse_name(text: str) -> NameForm | None:
    """Take a printed name apart; None when no name is left after titles.

    >>> parse_name("County Councillor Geoff Driver CBE").given
    ('Geoff',)
    """
    role_at = _ROLE.search(text)
    name, role = (text[: role_at.start()], text[role_at.end() :]) if role_at else (text, "")
    words = _WORD.findall(name)
    sex = ""
    while words:
        lowered = [word.lower().strip(".") for word in words]
        title = next((t for t in _TITLES if lowered[: len(t.split())] == t.split()), None)
        if title is None:
            break
        sex = sex or ("m" if title in _MALE else "f" if title in _FEMALE else "")
        words = words[len(title.split()) :]
    while words and words[-1].lower().strip(".") in _HONOURS:
        words.pop()
    if not words:
        return None
    split = len(words) - 1
    while split > 0 and words[split - 1].lower() in _PARTICLES:
        split -= 1
    given: list[str] = []
    for word in words[:split]:
        bare = word.replace(".", "")
        if bare.isupper() and 1 <= len(bare) <= 3:
            given.extend(bare)  # "JD" or "J.D." are two initials
        elif bare:
            given.append(bare)
    surname = " ".join(words[split:]).strip(".")
    shown = " ".join(name.split()).strip(" ,;.")
    return NameForm(shown, tuple(given), surname, sex, role.strip(" ,.–—-()"))


def _fits(form: NameForm, first: str) -> bool:
    """True when ``form``'s first given name or initial fits ``first``."""
    if not form.first:
        return True
    if form.has_first_name:
        return form.first.lower() == first.lower()
    return first[:1].lower() == form.first[:1].lower()


@dataclass(slots=True)
class Mention:
    """One appearance of a name in one meeting's record."""

    form: NameForm
    meeting_id: str
    date: str
    committee_id: str
    role: str
    #: For a substitution, the other side's printed name; for a presenter, the item.
    other: str = ""


@dataclass(slots=True)
class MeetingRole:
    """What one person did at one meeting."""

    meeting_id: str
    date: str
    committee_id: str
    roles: list[str] = field(default_factory=list)
    substituted_for: list[str] = field(default_factory=list)
    substituted_by: list[str] = field(default_factory=list)
    presented: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Person:
    """One councillor or officer across the archive.

    Attributes:
        id: A readable slug ("geoff-driver").
        name: The fullest name found, without titles ("Geoff Driver").
        kind: ``councillor`` when ever listed as a member, else ``officer``.
        forms: Every printed form, as printed.
        evidence: One sentence per form that was joined to the person.
        meetings: What they did at each meeting, oldest first.
        roles: Officers' role words as printed ("Head of Service ...").
    """

    id: str
    name: str
    kind: str = "officer"
    forms: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    meetings: list[MeetingRole] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)

    def dates(self, role: str) -> list[str]:
        """Dates of the meetings where they held ``role``."""
        return [m.date for m in self.meetings if role in m.roles]

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready summary: dates per role, then each meeting."""
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "forms": self.forms,
            "present": self.dates(PRESENT),
            "apologies": self.dates(APOLOGIES),
            "chaired": self.dates(CHAIR),
            "substituted_for": [
                {"date": m.date, "meeting_id": m.meeting_id, "person": other}
                for m in self.meetings for other in m.substituted_for
            ],
            "substituted_by": [
                {"date": m.date, "meeting_id": m.meeting_id, "person": other}
                for m in self.meetings for other in m.substituted_by
            ],
            "items_presented": [item for m in self.meetings for item in m.presented],
            "meetings": [
                {"meeting_id": m.meeting_id, "date": m.date, "committee_id": m.committee_id, "roles": m.roles}
                for m in self.meetings
            ],
            "roles": self.roles,
            "evidence": self.evidence,
        }


def mentions_of(meeting: Meeting, presenters: Iterable[tuple[str, str]] = ()) -> list[Mention]:
    """Every name in a meeting's record, with the role it was printed in.

    Args:
        meeting: The meeting (its attendance lists and substitutions).
        presenters: ``(item id, printed name)`` for each presenter of an item.
    """
    found: list[Mention] = []

    def add(text: str, role: str, other: str = "") -> None:
        form = parse_name(text)
        if form is not None:
            found.append(Mention(form, meeting.id, meeting.date, meeting.committee_id, role, other))

    for name in meeting.present:
        add(name, CHAIR if meeting.chair and name == meeting.chair else PRESENT)
    if meeting.chair and meeting.chair not in meeting.present:
        add(meeting.chair, CHAIR)
    for name in meeting.apologies:
        add(name, APOLOGIES)
    for sub in meeting.substitutions:
        add(sub.member, SUBSTITUTE, sub.replaced)
        add(sub.replaced, REPLACED, sub.member)
    for name in meeting.officers:
        add(name, OFFICER)
    for item_id, name in presenters:
        add(name, "presenter", item_id)
    return found


@dataclass(slots=True)
class _Group:
    """What is known of one person so far, for constant-time checks."""

    forms: list[NameForm] = field(default_factory=list)
    sexes: set[str] = field(default_factory=set)
    firsts: set[str] = field(default_factory=set)
    #: Meeting id -> roles held there.
    roles: dict[str, set[str]] = field(default_factory=dict)
    committees: set[str] = field(default_factory=set)
    shown: str = ""

    def add(self, mention: Mention) -> None:
        form = mention.form
        if form not in self.forms:
            self.forms.append(form)
            self.shown = ""
        if form.sex:
            self.sexes.add(form.sex)
        if form.first:
            self.firsts.add(form.first)
        self.roles.setdefault(mention.meeting_id, set()).add(mention.role)
        self.committees.add(mention.committee_id)

    def accepts(self, mention: Mention) -> bool:
        """True unless the mention contradicts this person (see the module docstring)."""
        form = mention.form
        if form.sex and any(sex != form.sex for sex in self.sexes):
            return False
        if not all(_fits(form, first) for first in self.firsts):
            return False
        held = self.roles.get(mention.meeting_id)
        if held and (
            mention.role in held
            or (mention.role in _THERE and held & _AWAY)
            or (mention.role in _AWAY and held & _THERE)
        ):
            return False
        return True

    def name(self) -> str:
        if not self.shown:
            self.shown = display_name(self.forms)
        return self.shown


class _Grouper:
    """Groups mentions into people (see the module docstring)."""

    def __init__(self, mentions: list[Mention], assigned: dict[str, str]) -> None:
        self.mentions = mentions
        self.assigned = assigned
        #: Mention index -> person key, and the evidence for it.
        self.owner: dict[int, str] = {}
        self.why: dict[int, str] = {}

    def run(self) -> dict[int, str]:
        by_surname: dict[str, list[int]] = defaultdict(list)
        for index, mention in enumerate(self.mentions):
            if mention.form.key in self.assigned:
                self.owner[index] = "=" + self.assigned[mention.form.key]
                self.why[index] = "assigned by the clerk"
            else:
                by_surname[mention.form.surname.lower()].append(index)
        for indexes in by_surname.values():
            self._group(indexes)
        return self.owner

    def _group(self, indexes: list[int]) -> None:
        groups: dict[str, _Group] = defaultdict(_Group)
        #: Keys of the groups by the first letter of their first names.
        by_letter: dict[str, set[str]] = defaultdict(set)
        # 1. spelled-out first names: one person each (Mr and Mrs kept apart).
        for index in indexes:
            mention = self.mentions[index]
            form = mention.form
            if form.has_first_name:
                key = f"{form.first.lower()} {form.surname.lower()}|{form.sex}"
                groups[key].add(mention)
                by_letter[form.first[0].lower()].add(key)
                self.owner[index] = key
        # 2. initials, then 3. surname alone.
        for wanted in (True, False):
            for index in indexes:
                mention = self.mentions[index]
                if index in self.owner or bool(mention.form.first) != wanted:
                    continue
                pool = by_letter[mention.form.first[0].lower()] if mention.form.first else set(groups)
                key, why = self._resolve(mention, groups, pool)
                self.owner[index] = key
                self.why[index] = why
                groups[key].add(mention)
                if mention.form.first:
                    by_letter[mention.form.first[0].lower()].add(key)

    def _resolve(self, mention: Mention, groups: dict[str, _Group], pool: set[str]) -> tuple[str, str]:
        form = mention.form
        own = f"{form.first.lower()}. {form.surname.lower()}|{form.sex}" if form.first else (
            f"{form.surname.lower()}|{form.sex}|?"
        )
        candidates = [key for key in sorted(pool) if key != own and groups[key].accepts(mention)]
        for scope, test in (
            ("this meeting", lambda g: mention.meeting_id in g.roles),
            ("this committee's records", lambda g: mention.committee_id in g.committees),
            ("the archive", lambda g: True),
        ):
            fitting = [key for key in candidates if test(groups[key])]
            if len(fitting) == 1:
                what = f"initial {form.first}" if form.first else "surname only"
                return fitting[0], f"{what}: {groups[fitting[0]].name()} is the only {form.surname} who fits in {scope}"
            if len(fitting) > 1:
                names = ", ".join(sorted(groups[key].name() for key in fitting))
                return own, f"left apart: {len(fitting)} people fit in {scope} ({names})"
        return own, ""


def display_name(forms: Iterable[NameForm]) -> str:
    """The fullest name among ``forms``: spelled-out given names win."""
    def fullness(form: NameForm) -> tuple[int, int, int]:
        spelled = sum(len(g) > 1 for g in form.given)
        return (spelled, len(form.given), len(form.text))

    best = max(forms, key=fullness)
    return " ".join((*best.given, best.surname))


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "person"


def group_people(mentions: list[Mention], assigned: dict[str, str] | None = None) -> list[Person]:
    """Group mentions into people, with evidence and what each did where.

    Args:
        mentions: From ``mentions_of`` for every meeting.
        assigned: The clerk's corrections: form key -> person id.

    Returns:
        People sorted by surname, then name.
    """
    return group_with_owners(mentions, assigned)[0]


def group_with_owners(
    mentions: list[Mention], assigned: dict[str, str] | None = None
) -> tuple[list[Person], list[str]]:
    """``group_people``, and the id of the person each mention went to (in order)."""
    assigned = assigned or {}
    grouper = _Grouper(mentions, assigned)
    owner = grouper.run()
    members: dict[str, list[int]] = defaultdict(list)
    for index, key in owner.items():
        members[key].append(index)
    people: dict[str, Person] = {}
    key_to_id: dict[str, str] = {}
    for key, indexes in members.items():
        forms = [mentions[i].form for i in indexes]
        name = display_name(forms)
        pid = key[1:] if key.startswith("=") else _slug(name)
        while pid in people and not key.startswith("="):
            pid += "-2"
        person = people.setdefault(pid, Person(pid, name))
        key_to_id[key] = pid
        for i in indexes:
            mention = mentions[i]
            if mention.form.text not in person.forms:
                person.forms.append(mention.form.text)
                reason = grouper.why.get(i)
                if reason:
                    person.evidence.append(f"“{mention.form.text}” ({mention.date}): {reason}")
            if mention.form.role and mention.form.role not in person.roles:
                person.roles.append(mention.form.role)
            if mention.role not in (OFFICER, "presenter"):
                person.kind = "councillor"
    name_of = {}
    for index, key in owner.items():
        name_of[index] = people[key_to_id[key]].name
    by_form = {(m.meeting_id, m.form.text): name_of[i] for i, m in enumerate(mentions)}
    at: dict[tuple[str, str], MeetingRole] = {}
    for index, key in sorted(owner.items(), key=lambda pair: mentions[pair[0]].date):
        person = people[key_to_id[key]]
        mention = mentions[index]
        role = at.get((person.id, mention.meeting_id))
        if role is None:
            role = at[person.id, mention.meeting_id] = MeetingRole(mention.meeting_id, mention.date, mention.committee_id)
            person.meetings.append(role)
        if mention.role == "presenter":
            if mention.other not in role.presented:
                role.presented.append(mention.other)
            continue
        if mention.role not in role.roles:
            role.roles.append(mention.role)
        if mention.role == CHAIR and PRESENT not in role.roles:
            role.roles.insert(0, PRESENT)
        if mention.role == SUBSTITUTE:
            role.substituted_for.append(by_form.get((mention.meeting_id, _text(mention.other)), mention.other))
            if PRESENT not in role.roles:
                role.roles.insert(0, PRESENT)
        if mention.role == REPLACED:
            role.substituted_by.append(by_form.get((mention.meeting_id, _text(mention.other)), mention.other))
    for person in people.values():
        person.meetings.sort(key=lambda m: (m.date, m.meeting_id))
    owners = [key_to_id[owner[index]] for index in range(len(mentions))]
    return sorted(people.values(), key=_order), owners


def _order(person: Person) -> tuple[str, str, str]:
    return (person.name.split()[-1].lower(), person.name.lower(), person.id)


def sort_key(person: Person) -> str:
    """A text that sorts people as ``group_people`` does: surname, name, id."""
    return "\x00".join(_order(person))


def person_row(person: Person) -> list[Any]:
    """The stored form of a person (``person_from_row`` reads it back)."""
    return [
        person.id, person.name, person.kind, person.forms, person.evidence, person.roles,
        [[m.meeting_id, m.date, m.committee_id, m.roles, m.substituted_for, m.substituted_by, m.presented]
         for m in person.meetings],
    ]


def person_from_row(row: list[Any]) -> Person:
    """A person back from ``person_row``."""
    pid, name, kind, forms, evidence, roles, meetings = row
    return Person(pid, name, kind, forms, evidence, [MeetingRole(*m) for m in meetings], roles)


def _text(printed: str) -> str:
    form = parse_name(printed)
    return form.text if form else printed


# -- the store ----------------------------------------------------------


def people(store: Store) -> list[Person]:
    """Everyone in the store, by surname: read from the index (grouped at import)."""
    from store import index

    rows = index.connection(store).execute("SELECT data FROM across_people ORDER BY sort").fetchall()
    return [person_from_row(orjson.loads(row[0])) for row in rows]


@dataclass(frozen=True, slots=True)
class PersonSummary:
    """What a list of people shows of one (``person_by_id`` reads the rest).

    Attributes:
        id: The person's id.
        name: Their fullest name.
        kind: ``councillor`` or ``officer``.
        forms: Every printed form.
        meetings: How many meetings they are recorded at.
        last_meeting: The latest of them, if any.
        last_committee: Its committee.
    """

    id: str
    name: str
    kind: str
    forms: tuple[str, ...]
    meetings: int
    last_meeting: str | None
    last_committee: str | None


def people_summaries(store: Store) -> list[PersonSummary]:
    """Everyone in the store, by surname, as a list shows them."""
    from store import index

    rows = index.connection(store).execute(
        "SELECT id, name, kind, forms, meetings, last_meeting, last_committee FROM across_people ORDER BY sort"
    )
    return [PersonSummary(pid, name, kind, tuple(orjson.loads(forms)), count, last, committee)
            for pid, name, kind, forms, count, last, committee in rows]


def find_people(store: Store, query: str) -> list[Person]:
    """People whose name or any printed form contains ``query`` (case-insensitive), or whose id it is."""
    from store import index

    wanted = " ".join(query.lower().split())
    rows = index.connection(store).execute(
        "SELECT data FROM across_people WHERE instr(search, ?) > 0 OR id = ? ORDER BY sort",
        (wanted, wanted),
    ).fetchall()
    return [person_from_row(orjson.loads(row[0])) for row in rows]


def person_by_id(store: Store, person_id: str) -> Person | None:
    """One person by id, or None."""
    from store import index

    row = index.connection(store).execute("SELECT data FROM across_people WHERE id = ?", (person_id,)).fetchone()
    return person_from_row(orjson.loads(row[0])) if row else None


def assignments(store: Store) -> dict[str, str]:
    """The clerk's corrections: form key -> person id."""
    return {key: row["person"] for key, row in across_records.rows(store, across_records.PEOPLE_CORRECTIONS).items()}


class PeopleError(ValueError):
    """A correction that names no person or form in the store."""


def merge_people(store: Store, source_id: str, target_id: str) -> None:
    """Make person ``source_id`` part of ``target_id`` (kept across re-imports)."""
    everyone = {pid: person for pid in (source_id, target_id) if (person := person_by_id(store, pid))}
    for pid in (source_id, target_id):
        if pid not in everyone:
            raise PeopleError(f"There is no person with the id {pid!r} (list them with: ccpi-tui people).")
    if source_id == target_id:
        raise PeopleError("A person cannot be merged into themselves.")
    target = everyone[target_id]
    assign_forms(store, [*everyone[source_id].forms, *target.forms], target_id)


def split_form(store: Store, person_id: str, printed: str) -> str:
    """Make the printed form ``printed`` of ``person_id`` a person of its own; return its id."""
    person = person_by_id(store, person_id)
    if person is None:
        raise PeopleError(f"There is no person with the id {person_id!r} (list them with: ccpi-tui people).")
    if printed not in person.forms:
        raise PeopleError(f"{person.name} has no form {printed!r}; their forms are: {', '.join(person.forms)}.")
    form = parse_name(printed)
    assert form is not None  # every stored form parsed once
    new_id = _slug(form.key) + "-split"
    assign_forms(store, [printed], new_id)
    return new_id


def assign_forms(store: Store, printed: Iterable[str], person_id: str) -> None:
    """Record that each printed form belongs to ``person_id``."""
    with store.transaction() as writer:
        rows = {}
        for text in printed:
            form = parse_name(text)
            if form is not None:
                rows[form.key] = {"form": form.key, "person": person_id}
        writer.replace_rows(across_records.PEOPLE_CORRECTIONS, rows)


# -- attendance matrix --------------------------------------------------


@dataclass(slots=True)
class Attendance:
    """Members × meetings of one committee.

    Attributes:
        committee_id: The committee.
        meetings: ``(meeting id, date)`` oldest first.
        members: People who were ever members, by surname.
        cells: ``cells[person id][meeting id]`` = a mark: ``C`` chair,
            ``P`` present, ``S`` substitute, ``A`` apologies, ``R`` replaced.
    """

    committee_id: str
    meetings: list[tuple[str, str]]
    members: list[Person]
    cells: dict[str, dict[str, str]]


MARKS = {CHAIR: "C", SUBSTITUTE: "S", PRESENT: "P", APOLOGIES: "A", REPLACED: "R"}
_ROLE_OF = {mark: role for role, mark in MARKS.items()}


def attendance(store: Store, committee_id: str, after: str | None = None, before: str | None = None) -> Attendance:
    """The attendance matrix of one committee between two ISO dates (inclusive)."""
    from store import across_tables, index

    db = index.connection(store)
    chosen = across_tables.meetings_of(db, committee_id, after, before)
    rank = {role: n for n, role in enumerate(MARKS)}
    marks, roles = across_tables.in_list(MARKS)
    cells: dict[str, dict[str, str]] = defaultdict(dict)
    for person_id, meeting_id, role in db.execute(
        "SELECT person, meeting, role FROM across_mentions WHERE committee = ? AND date >= ? AND date <= ?"
        f" AND role IN {marks}",  # noqa: S608 - placeholders only
        (committee_id, after or "", before or "\uffff", *roles),
    ):
        row = cells[person_id]
        held = row.get(meeting_id)
        if held is None or rank[role] < rank[_ROLE_OF[held]]:
            row[meeting_id] = MARKS[role]
    marks, ids = across_tables.in_list(cells)
    members = [
        person_from_row(orjson.loads(row[0])) for row in db.execute(
            f"SELECT data FROM across_people WHERE id IN {marks} ORDER BY sort", ids)  # noqa: S608
    ]
    return Attendance(committee_id, chosen, members, {person.id: cells[person.id] for person in members})
