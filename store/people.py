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
two people. Each join keeps a sentence of evidence (worded with the final
names); the clerk's corrections (``assign_form``) override the grouping and
are kept.

Mentions are taken oldest first within each pass, so the result depends on
their order. One more meeting is still grouped without the archive
(``Extension``): each person keeps a ``Seed`` saying when each sex,
committee and first letter first came (by pass and time), so the new
mentions are grouped as they would be at their place in the order, and the
extension is refused (the surname regrouped) when they could change how a
mention grouped after them went: a group, sex, committee or first letter
those later mentions had not seen yet and would look at, a person's name
changing, or two people of one id changing order.
"""

from __future__ import annotations

import re
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import orjson

from store import Archive, across_records, across_tables
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
    #: The form without titles or honours, lower case: what corrections name.
    key: str = field(init=False, repr=False, compare=False)
    #: The first given name or initial, or "".
    first: str = field(init=False, repr=False, compare=False)
    #: True when the first given name is spelled out, not an initial.
    has_first_name: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Worked out once: grouping an archive asks for them half a million times.
        first = self.given[0] if self.given else ""
        object.__setattr__(self, "key", " ".join((*self.given, self.surname)).lower())
        object.__setattr__(self, "first", first)
        object.__setattr__(self, "has_first_name", len(first) > 1 and not first.isupper())


@lru_cache(maxsize=1 << 16)
def parse_name(text: str) -> NameForm | None:
    """Take a printed name apart; None when no name is left after titles.

    Kept for the forms seen last (a ``NameForm`` is frozen): an archive
    prints the same names meeting after meeting.

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


#: The three passes over a surname's mentions (the module docstring's 1-3).
SPELLED, INITIALS, SURNAME = 0, 1, 2


def _pass(form: NameForm) -> int:
    return SPELLED if form.has_first_name else INITIALS if form.first else SURNAME


def _fullness(form: NameForm) -> tuple[int, int, int]:
    """How full a form is: spelled-out given names, then given names, then length."""
    return (sum(len(g) > 1 for g in form.given), len(form.given), len(form.text))


def _spelled(form: NameForm) -> str:
    return " ".join((*form.given, form.surname))


@dataclass(slots=True)
class _Group:
    """What is known of one person so far, for constant-time checks."""

    sexes: set[str] = field(default_factory=set)
    firsts: set[str] = field(default_factory=set)
    #: Meeting id -> roles held there.
    roles: dict[str, set[str]] = field(default_factory=dict)
    committees: set[str] = field(default_factory=set)

    def add(self, mention: Mention) -> None:
        form = mention.form
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


@dataclass(frozen=True, slots=True)
class _Why:
    """Why a mention went where it went, worded once the people's names are final.

    Attributes:
        head: "initial G", "surname only", or the whole reason when ``keys`` is empty.
        surname: The surname as printed.
        scope: Where the fitting people were looked for ("this meeting").
        keys: The groups that fitted: one joined, or several that kept it apart.
    """

    head: str
    surname: str = ""
    scope: str = ""
    keys: tuple[str, ...] = ()

    def words(self, name_of: dict[str, str]) -> str:
        if not self.keys:
            return self.head
        if len(self.keys) == 1:
            return f"{self.head}: {name_of[self.keys[0]]} is the only {self.surname} who fits in {self.scope}"
        names = ", ".join(sorted(name_of[key] for key in self.keys))
        return f"left apart: {len(self.keys)} people fit in {self.scope} ({names})"


#: When a mention comes in the grouping order: (date, meeting id).
When = tuple[str, str]
#: A pass and a time: (pass, date, meeting id).
_At = tuple[int, str, str]
_NEVER: _At = (9, "", "")


def _earliest(found: dict[str, Any], name: str, when: Any) -> None:
    """Keep the earliest ``when`` of ``name``, moved last when it changes (the order of a tie)."""
    if name not in found or when < tuple(found[name]):
        found.pop(name, None)
        found[name] = when


@dataclass(slots=True)
class Seed:
    """What grouping one more meeting needs of one person already grouped.

    Kept beside the person (``across_people.grouping``) so a new meeting's
    mentions are grouped without reading the archive's. Each thing a
    mention brings (a sex, a committee, a first name) is kept with the pass
    (``SPELLED``, ``INITIALS``, ``SURNAME``) and time it first came: a
    mention of pass ``p`` at time ``t`` sees what came in an earlier pass, or
    in its own before ``t`` (``seen``). Forms, evidence and roles keep their
    first time too, so a meeting between others lands in its place.

    Attributes:
        key: The group's key in ``_Grouper`` ("geoff driver|", "g. driver|m").
        surname: The surname, lower case (the grouping runs per surname).
        name: The person's name.
        best: The ``_fullness`` of the fullest form.
        made: When the group was made.
        last: Per pass, the newest mention's time.
        sexes: Per pass, sex -> when it first came.
        committees: Per pass, committee -> when it first came.
        firsts: First given name or initial -> ``_At`` it first came.
        forms: Printed form -> (date, meeting, evidence) of its first mention.
        roles: Role words -> when they first came.
        letters: An initial's letter and sex ("j|m") -> its newest mention's time.
        sittings: Per pass, committee -> its newest mention's time there.
    """

    key: str
    surname: str
    name: str = ""
    best: tuple[int, int, int] = (-1, 0, 0)
    made: _At = _NEVER
    last: list[When | None] = field(default_factory=lambda: [None, None, None])
    sexes: tuple[dict[str, When], ...] = field(default_factory=lambda: ({}, {}, {}))
    committees: tuple[dict[str, When], ...] = field(default_factory=lambda: ({}, {}, {}))
    firsts: dict[str, _At] = field(default_factory=dict)
    forms: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    roles: dict[str, When] = field(default_factory=dict)
    letters: dict[str, When] = field(default_factory=dict)
    sittings: tuple[dict[str, When], ...] = field(default_factory=lambda: ({}, {}, {}))

    def add(self, mention: Mention, evidence: str) -> None:
        """Take in one mention (``evidence``: the sentence its form would get if first)."""
        form, at, when = mention.form, _pass(mention.form), (mention.date, mention.meeting_id)
        if form.sex:
            _earliest(self.sexes[at], form.sex, when)
        _earliest(self.committees[at], mention.committee_id, when)
        if form.first:
            _earliest(self.firsts, form.first, (at, *when))
        self.made = min(self.made, (at, *when))
        newest = self.last[at]
        self.last[at] = when if newest is None or when > tuple(newest) else newest
        _earliest(self.forms, form.text, (*when, evidence))
        if form.role:
            _earliest(self.roles, form.role, when)
        if at == INITIALS:
            own = f"{form.first[0].lower()}|{form.sex}"
            self.letters[own] = max(when, self.letters.get(own, when))
        self.sittings[at][mention.committee_id] = max(when, self.sittings[at].get(mention.committee_id, when))
        self.best = max(self.best, _fullness(form))

    def seen(self, at: _At) -> _Group:
        """The group as a mention of pass and time ``at`` finds it (no roles: its meeting is new)."""
        def before(found: dict[str, When], passed: int) -> set[str]:
            return {name for name, when in found.items() if (passed, *when) < at}

        return _Group(
            set().union(*(before(found, n) for n, found in enumerate(self.sexes))),
            {first for first, when in self.firsts.items() if tuple(when) < at}, {},
            set().union(*(before(found, n) for n, found in enumerate(self.committees))),
        )

    def fill(self, person: Person) -> None:
        """Set the person's forms, evidence and roles from the seed, oldest first."""
        forms = sorted(self.forms.items(), key=lambda pair: tuple(pair[1][:2]))
        person.forms = [text for text, _ in forms]
        person.evidence = [evidence for _, (_, _, evidence) in forms if evidence]
        person.roles = [role for role, _ in sorted(self.roles.items(), key=lambda pair: tuple(pair[1]))]

    def to_json(self) -> list[Any]:
        """The seed as JSON, the same however its mentions came (oldest first; ties keep their order)."""
        def oldest(found: dict[str, Any], width: int = 2) -> dict[str, Any]:
            return dict(sorted(found.items(), key=lambda pair: tuple(pair[1][:width])))

        return [self.key, self.surname, self.best, self.made, self.last, [oldest(f) for f in self.sexes],
                [oldest(f) for f in self.committees], oldest(self.firsts, 3), oldest(self.forms),
                oldest(self.roles), dict(sorted(self.letters.items())),
                [dict(sorted(found.items())) for found in self.sittings]]

    @classmethod
    def from_json(cls, name: str, row: list[Any]) -> Seed:
        key, surname, best, made, last, sexes, committees, firsts, forms, roles, letters, sittings = row
        return cls(key, surname, name, tuple(best), tuple(made), last,
                   tuple({k: tuple(v) for k, v in found.items()} for found in sexes),
                   tuple({k: tuple(v) for k, v in found.items()} for found in committees),
                   {k: tuple(v) for k, v in firsts.items()}, {k: tuple(v) for k, v in forms.items()},
                   {k: tuple(v) for k, v in roles.items()}, {k: tuple(v) for k, v in letters.items()},
                   tuple({k: tuple(v) for k, v in found.items()} for found in sittings))


class _Grouper:
    """Groups mentions into people (see the module docstring).

    With ``seeds`` it groups one new meeting's mentions onto the people
    already grouped, as a grouping of everything would, and sets ``blocked``
    when they could change how an older mention went (then only a regroup
    of the surname is exact).
    """

    def __init__(
        self, mentions: list[Mention], assigned: dict[str, str], seeds: Iterable[Seed] | None = None
    ) -> None:
        self.mentions = mentions
        self.assigned = assigned
        #: Mention index -> person key, and the evidence for it.
        self.owner: dict[int, str] = {}
        self.why: dict[int, _Why] = {}
        self.seeds: dict[str, dict[str, Seed]] | None = None
        if seeds is not None:
            self.seeds = defaultdict(dict)
            for seed in seeds:
                self.seeds[seed.surname][seed.key] = seed
        self.blocked = ""

    def run(self) -> dict[int, str]:
        by_surname: dict[str, list[int]] = defaultdict(list)
        for index, mention in enumerate(self.mentions):
            if mention.form.key in self.assigned:
                self.owner[index] = "=" + self.assigned[mention.form.key]
                self.why[index] = _Why("assigned by the clerk")
            else:
                by_surname[mention.form.surname.lower()].append(index)
        for surname, indexes in by_surname.items():
            self._group(indexes, self.seeds[surname] if self.seeds is not None else {})
        return self.owner

    def _group(self, indexes: list[int], seeds: dict[str, Seed]) -> None:
        groups: dict[str, _Group] = defaultdict(_Group)
        #: Keys of the groups by the first letter of their first names.
        by_letter: dict[str, set[str]] = defaultdict(set)
        when = (self.mentions[indexes[0]].date, self.mentions[indexes[0]].meeting_id)
        # 1. spelled-out first names: one person each (Mr and Mrs kept apart).
        for index in indexes:
            mention = self.mentions[index]
            form = mention.form
            if form.has_first_name:
                key = f"{form.first.lower()} {form.surname.lower()}|{form.sex}"
                self._join(key, mention, groups, seeds)
                by_letter[form.first[0].lower()].add(key)
                self.owner[index] = key
        # 2. initials, then 3. surname alone.
        for at in (INITIALS, SURNAME):
            _seed(groups, by_letter, seeds, (at, *when))
            for index in indexes:
                mention = self.mentions[index]
                if index in self.owner or _pass(mention.form) != at:
                    continue
                pool = by_letter[mention.form.first[0].lower()] if mention.form.first else set(groups)
                key, why = self._resolve(mention, groups, pool)
                self.owner[index] = key
                if why is not None:
                    self.why[index] = why
                self._join(key, mention, groups, seeds)
                if mention.form.first:
                    by_letter[mention.form.first[0].lower()].add(key)

    def _join(self, key: str, mention: Mention, groups: dict[str, _Group], seeds: dict[str, Seed]) -> None:
        """Add the mention to its group; with seeds, note when that changes older mentions' grouping."""
        if self.seeds is not None and not self.blocked:
            self.blocked = _changes_older(key, mention, groups, seeds)
        groups[key].add(mention)

    def _resolve(self, mention: Mention, groups: dict[str, _Group], pool: set[str]) -> tuple[str, _Why | None]:
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
                return fitting[0], _Why(what, form.surname, scope, (fitting[0],))
            if len(fitting) > 1:
                return own, _Why("", form.surname, scope, tuple(fitting))
        return own, None


def _seed(groups: dict[str, _Group], by_letter: dict[str, set[str]], seeds: dict[str, Seed], at: _At) -> None:
    """Put in the seeded groups as mentions of pass and time ``at`` find them."""
    for key, seed in seeds.items():
        if seed.made < at:
            seen = seed.seen(at)
            found = groups[key]
            found.sexes |= seen.sexes
            found.firsts |= seen.firsts
            found.committees |= seen.committees
            for first in seen.firsts:
                by_letter[first[0].lower()].add(key)


def _changes_older(key: str, mention: Mention, groups: dict[str, _Group], seeds: dict[str, Seed]) -> str:
    """Why adding a new meeting's mention to group ``key`` could change how older ones went, or "".

    The mentions grouped after it (its pass at later times, every later
    pass) see the group with it: they must have seen the group, its sex,
    committee and first letter already, and its name must not change. A
    group they did not see yet is safe only when none of them looks at it.
    """
    at = _pass(mention.form)
    when = (mention.date, mention.meeting_id)
    #: What every mention grouped after this one would see: for a spelled-out
    #: name, all of its pass; else its pass before it.
    cut = (INITIALS, "", "") if at == SPELLED else (at, *when)
    seed = seeds.get(key)
    if seed is not None and (at, *when) < seed.made and any(
        other is not seed and _slug(other.name) == _slug(seed.name) for other in seeds.values()
    ):
        return "two people of one name change order"  # their ids follow their first mentions
    if seed is None or seed.made > cut:
        return "" if seed is None and key in groups else _looked_at(mention, seeds)
    seen = seed.seen(cut)
    if mention.form.sex and mention.form.sex not in seen.sexes:
        return "a sex new to the person"
    if mention.committee_id not in seen.committees and _sat_later(mention, seeds):
        return "the person's first time in this committee"  # the later ones there see it sooner
    # Those later mentions with a first name are initials: only the letter tells.
    if mention.form.first and mention.form.first[0].lower() not in {first[0].lower() for first in seen.firsts}:
        return "a first letter new to the person"
    if _fullness(mention.form) >= seed.best and _spelled(mention.form) != seed.name:
        return "a person's name changes"
    return ""


def _sat_later(mention: Mention, seeds: dict[str, Seed]) -> bool:
    """True when a mention of the surname in the new mention's committee is grouped after it."""
    at, when = _pass(mention.form), (mention.date, mention.meeting_id)
    for seed in seeds.values():
        for later in range(at, SURNAME + 1):
            newest = seed.sittings[later].get(mention.committee_id)
            if newest is not None and (later > at or (at != SPELLED and tuple(newest) > when)):
                return True
    return False


def _looked_at(mention: Mention, seeds: dict[str, Seed]) -> str:
    """Why a group the new mention makes (or makes sooner) would be looked at by an older one, or "".

    Initials look at the groups of their letter but not their own key
    (their letter and sex); a surname alone looks at every group.
    """
    at, form = _pass(mention.form), mention.form
    when = (mention.date, mention.meeting_id)
    letter = form.first[:1].lower()
    for seed in seeds.values():
        for own, newest in seed.letters.items():
            if own[0] == letter and (
                at == SPELLED or (at == INITIALS and own != f"{letter}|{form.sex}" and tuple(newest) > when)
            ):
                return "a person new before older initials"
        alone = seed.last[SURNAME]
        if alone is not None and (at != SURNAME or tuple(alone) > when):
            return "a person new before older surnames alone"
    return ""


def display_name(forms: Iterable[NameForm]) -> str:
    """The fullest name among ``forms`` (the first of the fullest): spelled-out given names win."""
    return _spelled(max(forms, key=_fullness))


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "person"


def group_people(mentions: list[Mention], assigned: dict[str, str] | None = None) -> list[Person]:
    """Group mentions into people, with evidence and what each did where.

    Args:
        mentions: From ``mentions_of`` for every meeting, oldest first.
        assigned: The clerk's corrections: form key -> person id.

    Returns:
        People sorted by surname, then name.
    """
    return group_with_owners(mentions, assigned).people


@dataclass(slots=True)
class Grouping:
    """People grouped from mentions.

    Attributes:
        people: Sorted by surname, then name.
        owners: The id of the person each mention went to, in order.
        seeds: Person id -> what grouping a later meeting needs of them
            (``Extension``); none for the people the clerk's corrections made.
    """

    people: list[Person]
    owners: list[str]
    seeds: dict[str, Seed]


def group_with_owners(
    mentions: list[Mention], assigned: dict[str, str] | None = None,
    shown: dict[tuple[str, str], str] | None = None,
) -> Grouping:
    """``group_people``, with the person of each mention and the people's seeds.

    ``shown``: (meeting id, printed form) -> the name of its person, for the
    other sides of substitutions that are not among ``mentions``.
    """
    grouper = _Grouper(mentions, assigned or {})
    owner = grouper.run()
    members: dict[str, list[int]] = defaultdict(list)
    for index, key in owner.items():
        members[key].append(index)
    names: dict[str, str] = {}
    key_to_id: dict[str, str] = {}
    for key, indexes in members.items():
        # Oldest first: the name is the first of the fullest forms.
        name = display_name(mentions[i].form for i in sorted(indexes))
        pid = key[1:] if key.startswith("=") else _slug(name)
        while pid in names and not key.startswith("="):
            pid += "-2"
        names.setdefault(pid, name)
        key_to_id[key] = pid
    by_form = dict(shown or {})
    by_form.update(((m.meeting_id, m.form.text), names[key_to_id[owner[i]]]) for i, m in enumerate(mentions))
    seeds: dict[str, Seed] = {}
    people = _assemble(mentions, grouper, key_to_id, names, by_form, {}, seeds)
    for key, pid in key_to_id.items():
        if key.startswith("="):
            seeds.pop(pid, None)  # a person the clerk joined is regrouped whole
    owners = [key_to_id[owner[index]] for index in range(len(mentions))]
    return Grouping(sorted(people.values(), key=_order), owners, seeds)


def _assemble(
    mentions: list[Mention], grouper: _Grouper, key_to_id: dict[str, str], names: dict[str, str],
    by_form: dict[tuple[str, str], str], people: dict[str, Person], seeds: dict[str, Seed],
) -> dict[str, Person]:
    """Add the grouped mentions to ``people`` and ``seeds`` (by person id), making the missing ones.

    Forms, evidence and roles are kept by their first mention's time in the
    seeds, so a meeting imported between others lands in its place.
    """
    name_of = {key: names[pid] for key, pid in key_to_id.items()}
    touched: dict[str, Person] = {}
    for index in sorted(grouper.owner):
        mention = mentions[index]
        key = grouper.owner[index]
        pid = key_to_id[key]
        person = touched[pid] = people.get(pid) or people.setdefault(pid, Person(pid, names[pid]))
        seed = seeds.get(pid) or seeds.setdefault(pid, Seed(key, mention.form.surname.lower(), names[pid]))
        why = grouper.why.get(index)
        reason = why.words(name_of) if why is not None else ""
        seed.add(mention, f"“{mention.form.text}” ({mention.date}): {reason}" if reason else "")
        if mention.role not in (OFFICER, "presenter"):
            person.kind = "councillor"
    at: dict[tuple[str, str], MeetingRole] = {}
    for index, key in sorted(grouper.owner.items(), key=lambda pair: mentions[pair[0]].date):
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
    for pid, person in touched.items():
        person.meetings.sort(key=lambda m: (m.date, m.meeting_id))
        seeds[pid].fill(person)
    return people


class Extension:
    """One new meeting's mentions of some surnames, grouped onto the people already grouped.

    Exact (the people a grouping of everything would give, ids kept) unless
    ``blocked`` says why the new mentions could change how older ones went;
    then regroup those surnames.

    Args:
        mentions: The new meeting's mentions of those surnames, in order.
        seeds: Person id -> seed, of every person of those surnames.
        taken: Whether a person id is in use (a new person must not take one).
    """

    def __init__(self, mentions: list[Mention], seeds: dict[str, Seed], taken: Callable[[str], bool]) -> None:
        self.mentions = mentions
        self.seeds = seeds
        self.grouper = _Grouper(mentions, {}, seeds.values())
        owner = self.grouper.run()
        self.blocked = self.grouper.blocked
        self.key_to_id = {seed.key: pid for pid, seed in seeds.items()}
        self.names = {pid: seed.name for pid, seed in seeds.items()}
        #: The ids of the people the new mentions make.
        self.new: set[str] = set()
        made: dict[str, list[int]] = defaultdict(list)
        for index, key in owner.items():
            if key not in self.key_to_id:
                made[key].append(index)
        for key, indexes in made.items():
            name = display_name(mentions[i].form for i in sorted(indexes))
            pid = _slug(name)
            if (pid in self.names or taken(pid)) and not self.blocked:
                self.blocked = "a new person's id is taken"
            self.key_to_id[key], self.names[pid] = pid, name
            self.new.add(pid)
        self.owners = [self.key_to_id[owner[index]] for index in range(len(mentions))]

    def people(self, known: dict[str, Person], by_form: dict[tuple[str, str], str]) -> list[Person]:
        """The touched people: ``known`` (their stored rows) with the new mentions added; ``seeds`` follow."""
        touched = set(self.owners)
        found = _assemble(self.mentions, self.grouper, self.key_to_id, self.names, by_form, dict(known), self.seeds)
        return [person for pid, person in found.items() if pid in touched]


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


# -- grouping the index's mention rows (``store.across_tables``) --------------


def group_all(db: sqlite3.Connection, store: Archive, batch: across_tables.Batch) -> None:
    """Group every mention ``batch`` held (``Batch(group=True)``, after its
    last ``write``) into people, and write the mentions with their person
    and the people: what ``regroup(db, store, None)`` gives, without reading
    the mentions back or updating each one (a rebuild)."""
    held = batch.held or []
    assigned = assignments(store)
    special = {bucket for mention, _, bucket, _ in held if mention.form.key in assigned}
    # In the order ``_regroup`` reads the rows: date, meeting, then order in the meeting.
    ordered = sorted(range(len(held)), key=lambda n: (held[n][0].date, held[n][0].meeting_id, held[n][1]))
    grouping = group_with_owners([held[n][0] for n in ordered], assigned)
    person = [""] * len(held)
    unit_of: dict[str, str] = {}
    for n, person_id in zip(ordered, grouping.owners, strict=True):
        person[n] = person_id
        bucket = held[n][2]
        unit_of.setdefault(person_id, across_tables.SPECIAL if bucket in special else bucket)
    db.executemany(
        "INSERT INTO across_mentions (meeting, ord, date, committee, text, given, surname, sex, form_role,"
        " role, other, key, bucket, other_bucket, person) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(mention.meeting_id, order, mention.date, mention.committee_id, mention.form.text,
          " ".join(mention.form.given), mention.form.surname, mention.form.sex, mention.form.role, mention.role,
          mention.other, mention.form.key, bucket, other, person[n])
         for n, (mention, order, bucket, other) in enumerate(held)],
    )
    held.clear()
    _put_people(db, grouping.people, unit_of, grouping.seeds)
    across_tables.set_meta(db, "assigned", assigned)
    across_tables.set_meta(db, "special", sorted(special))


def regroup(
    db: sqlite3.Connection, store: Archive, buckets: set[str] | None,
    appended: set[str] = frozenset(), meetings: Sequence[str] = (),  # type: ignore[assignment]
) -> None:
    """Group the mentions of ``buckets`` (None: every bucket) into people again.

    Also regrouped: the buckets whose substitutions name one of them (they
    show its people's names), and every bucket when the clerk's
    corrections changed since the last time. A bucket of ``appended``, whose
    only change is the new rows of ``meetings``, has them grouped onto its
    people instead (``Extension``) when that gives what a regroup
    would: one more meeting then costs what it names, not the archive.
    """
    assigned = assignments(store)
    if across_tables.meta(db, "assigned") != assigned:
        buckets = None
    marks, keys = across_tables.in_list(assigned)
    special = {row[0] for row in db.execute(
        f"SELECT DISTINCT bucket FROM across_mentions WHERE key IN {marks}", keys)}  # noqa: S608
    if buckets is not None and special != set(across_tables.meta(db, "special") or []):
        buckets = None
    extended: dict[str, tuple[Extension, list[Any]]] = {}
    if buckets is not None:
        extended = _extensions(db, appended & buckets - special, meetings)
        buckets -= set(extended)
    # The names the extended buckets' new mentions will show, for the regrouped ones' substitutions.
    pending = {(mention.meeting_id, mention.form.text): extension.names[pid] for extension, _ in extended.values()
               for mention, pid in zip(extension.mentions, extension.owners, strict=True)}
    regrouped = _regroup(db, assigned, special, buckets, pending)
    if regrouped is not None:
        _extend(db, {bucket: found for bucket, found in extended.items() if bucket not in regrouped}, meetings)
    across_tables.set_meta(db, "assigned", assigned)
    across_tables.set_meta(db, "special", sorted(special))


def _regroup(
    db: sqlite3.Connection, assigned: dict[str, str], special: set[str], buckets: set[str] | None,
    pending: dict[tuple[str, str], str] | None = None,
) -> set[str] | None:
    """Regroup ``buckets`` (None: all) from their mention rows; return the buckets regrouped.

    The other buckets' people keep their rows: the names their mentions
    show are read from them (or from ``pending``, (meeting, printed form)
    -> name, for the mentions not grouped yet). Only when a regrouped
    mention's person changes name are the buckets whose substitutions print
    it regrouped too.
    """
    if buckets is None:
        db.execute("DELETE FROM across_people")
        rows = db.execute(f"SELECT {across_tables.MENTION_COLUMNS}, bucket FROM across_mentions ORDER BY date, meeting, ord").fetchall()
        grouping = group_with_owners([_mention(row) for row in rows], assigned)
        _put_grouping(db, rows, grouping, special, None)
        return None
    if not buckets:
        return buckets
    if buckets & special:
        buckets |= special
    marks, listed = across_tables.in_list(buckets)
    before = dict(db.execute(
        "SELECT m.n, p.name FROM across_mentions m JOIN across_people p ON p.id = m.person"
        f" WHERE m.bucket IN {marks}", listed))  # noqa: S608
    units = buckets - special
    if buckets & special:
        units.add(across_tables.SPECIAL)
    unit_marks, unit_list = across_tables.in_list(units)
    db.execute(f"DELETE FROM across_people WHERE unit IN {unit_marks}", unit_list)  # noqa: S608
    rows = db.execute(
        f"SELECT {across_tables.MENTION_COLUMNS}, bucket FROM across_mentions WHERE bucket IN {marks} ORDER BY date, meeting, ord",  # noqa: S608
        listed).fetchall()
    # The names the substitutions print from other buckets, as those buckets' people show them.
    shown = {(meeting, text): name for meeting, text, name in db.execute(
        "SELECT o.meeting, o.text, p.name FROM across_mentions m JOIN across_mentions o"
        " ON o.meeting = m.meeting AND +o.bucket = m.other_bucket JOIN across_people p ON p.id = o.person"  # by meeting
        f" WHERE m.bucket IN {marks} AND m.other_bucket != '' AND m.other_bucket NOT IN {marks}"  # noqa: S608
        " ORDER BY o.date, o.meeting, o.ord", [*listed, *listed])}
    grouping = group_with_owners([_mention(row) for row in rows], assigned, {**(pending or {}), **shown})
    _put_grouping(db, rows, grouping, special, buckets)
    names = {person.id: person.name for person in grouping.people}
    renamed = {row[11] for row, pid in zip(rows, grouping.owners, strict=True)
               if row[0] in before and before[row[0]] != names[pid]}
    if not renamed:
        return buckets
    marks, listed = across_tables.in_list(renamed)
    namers = {row[0] for row in db.execute(
        f"SELECT DISTINCT bucket FROM across_mentions WHERE other_bucket IN {marks}", listed)} - buckets  # noqa: S608
    return buckets | (_regroup(db, assigned, special, namers, pending) or set())


def _put_grouping(
    db: sqlite3.Connection, rows: list[Any], grouping: Grouping, special: set[str], buckets: set[str] | None
) -> None:
    """Write a grouping of ``rows``: each row's person, and the people (of ``buckets``; None: all)."""
    unit_of: dict[str, str] = {}
    for row, person_id in zip(rows, grouping.owners, strict=True):
        unit_of.setdefault(person_id, across_tables.SPECIAL if row[11] in special else row[11])
    db.executemany(
        "UPDATE across_mentions SET person = ? WHERE n = ?",
        [(person_id, row[0]) for row, person_id in zip(rows, grouping.owners, strict=True)],
    )
    _put_people(db, grouping.people, unit_of, grouping.seeds)


def _put_people(
    db: sqlite3.Connection, people: Iterable[Person], unit_of: dict[str, str],
    seeds: dict[str, Seed],
) -> None:
    db.executemany(
        "INSERT OR REPLACE INTO across_people VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (person.id, unit_of[person.id], sort_key(person),
             "\n".join((person.name, person.id, *person.forms)).lower(), person.name, person.kind,
             orjson.dumps(person.forms), len(person.meetings),
             person.meetings[-1].meeting_id if person.meetings else None,
             person.meetings[-1].committee_id if person.meetings else None,
             orjson.dumps(person_row(person)),
             orjson.dumps(seeds[person.id].to_json()) if person.id in seeds else None)
            for person in people
        ],
    )


def _extensions(
    db: sqlite3.Connection, buckets: set[str], meetings: Sequence[str]
) -> dict[str, tuple[Extension, list[Any]]]:
    """The buckets whose new rows can be grouped onto their people, each with its extension and rows.

    A bucket qualifies when its new rows are of one meeting, every person of
    it has a seed, and the extension is not ``blocked``.
    """
    marks, listed = across_tables.in_list(meetings)
    new_rows: dict[str, list[Any]] = defaultdict(list)
    for row in db.execute(
        f"SELECT {across_tables.MENTION_COLUMNS}, bucket FROM across_mentions WHERE meeting IN {marks}"  # noqa: S608
        " ORDER BY date, meeting, ord", listed):
        new_rows[row[11]].append(row)
    found: dict[str, tuple[Extension, list[Any]]] = {}
    for bucket in sorted(buckets):
        rows = new_rows[bucket]
        if not rows or len({row[1] for row in rows}) > 1:
            continue
        seeds = {}
        for pid, name, seed in db.execute("SELECT id, name, grouping FROM across_people WHERE unit = ?", (bucket,)):
            if seed is None:
                break
            seeds[pid] = Seed.from_json(name, orjson.loads(seed))
        else:
            extension = Extension([_mention(row) for row in rows], seeds, lambda pid: db.execute(
                "SELECT 1 FROM across_people WHERE id = ?", (pid,)).fetchone() is not None)
            if not extension.blocked:
                found[bucket] = (extension, rows)
    # Two buckets' new people of one id are left to one regroup, which tells them apart.
    new_ids = [pid for extension, _ in found.values() for pid in extension.new]
    return {bucket: (extension, rows) for bucket, (extension, rows) in found.items()
            if not any(new_ids.count(pid) > 1 for pid in extension.new)}


def _extend(
    db: sqlite3.Connection, extended: dict[str, tuple[Extension, list[Any]]], meetings: Sequence[str]
) -> None:
    """Write what the extensions found: their rows' people, then the people they touched."""
    for extension, rows in extended.values():
        db.executemany("UPDATE across_mentions SET person = ? WHERE n = ?",
                       [(pid, row[0]) for row, pid in zip(rows, extension.owners, strict=True)])
    marks, listed = across_tables.in_list(meetings)
    shown = db.execute(
        f"SELECT meeting, text, person FROM across_mentions WHERE meeting IN {marks} ORDER BY date, meeting, ord",  # noqa: S608
        listed).fetchall()
    marks, listed = across_tables.in_list({row[2] for row in shown if row[2] is not None})
    names = dict(db.execute(f"SELECT id, name FROM across_people WHERE id IN {marks}", listed))  # noqa: S608
    for extension, _ in extended.values():
        names.update(extension.names)
    by_form = {(meeting, text): names[pid] for meeting, text, pid in shown if pid in names}
    for bucket, (extension, _) in extended.items():
        marks, listed = across_tables.in_list(set(extension.owners))
        known = {pid: person_from_row(orjson.loads(data)) for pid, data in db.execute(
            f"SELECT id, data FROM across_people WHERE id IN {marks}", listed)}  # noqa: S608
        touched = extension.people(known, by_form)
        _put_people(db, touched, {person.id: bucket for person in touched}, extension.seeds)


def _mention(row: Sequence[Any]) -> Mention:
    _, meeting, date, committee, text, given, surname, sex, form_role, role, other = row[:11]
    form = NameForm(text, tuple(given.split()) if given else (), surname, sex, form_role)
    return Mention(form, meeting, date, committee, role, other)


# -- the store ----------------------------------------------------------


def people(store: Archive) -> list[Person]:
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


def people_summaries(store: Archive) -> list[PersonSummary]:
    """Everyone in the store, by surname, as a list shows them."""
    from store import index

    return _summaries(index.connection(store), "")


def _summaries(db: Any, where: str, values: Iterable[str] = ()) -> list[PersonSummary]:
    """The people ``where`` picks (SQL after WHERE, or "" for everyone), by surname, without their history."""
    rows = db.execute(
        "SELECT id, name, kind, forms, meetings, last_meeting, last_committee FROM across_people"
        f"{' WHERE ' + where if where else ''} ORDER BY sort", tuple(values),  # noqa: S608 - ours
    )
    return [PersonSummary(pid, name, kind, tuple(orjson.loads(forms)), count, last, committee)
            for pid, name, kind, forms, count, last, committee in rows]


def find_people(store: Archive, query: str) -> list[Person]:
    """People whose name or any printed form contains ``query`` (case-insensitive), or whose id it is."""
    from store import index

    wanted = " ".join(query.lower().split())
    rows = index.connection(store).execute(
        "SELECT data FROM across_people WHERE instr(search, ?) > 0 OR id = ? ORDER BY sort",
        (wanted, wanted),
    ).fetchall()
    return [person_from_row(orjson.loads(row[0])) for row in rows]


def person_by_id(store: Archive, person_id: str) -> Person | None:
    """One person by id, or None."""
    from store import index

    row = index.connection(store).execute("SELECT data FROM across_people WHERE id = ?", (person_id,)).fetchone()
    return person_from_row(orjson.loads(row[0])) if row else None


def assignments(store: Archive) -> dict[str, str]:
    """The clerk's corrections: form key -> person id."""
    return {key: row["person"] for key, row in across_records.rows(store, across_records.PEOPLE_CORRECTIONS).items()}


class PeopleError(ValueError):
    """A correction that names no person or form in the store."""


def merge_people(store: Archive, source_id: str, target_id: str) -> None:
    """Make person ``source_id`` part of ``target_id`` (kept across re-imports)."""
    everyone = {pid: person for pid in (source_id, target_id) if (person := person_by_id(store, pid))}
    for pid in (source_id, target_id):
        if pid not in everyone:
            raise PeopleError(f"There is no person with the id {pid!r} (list them with: ccpi-tui people).")
    if source_id == target_id:
        raise PeopleError("A person cannot be merged into themselves.")
    target = everyone[target_id]
    assign_forms(store, [*everyone[source_id].forms, *target.forms], target_id)


def split_form(store: Archive, person_id: str, printed: str) -> str:
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


def assign_forms(store: Archive, printed: Iterable[str], person_id: str) -> None:
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
        members: People who were ever members, by surname (what a list shows of them).
        cells: ``cells[person id][meeting id]`` = a mark: ``C`` chair,
            ``P`` present, ``S`` substitute, ``A`` apologies, ``R`` replaced.
    """

    committee_id: str
    meetings: list[tuple[str, str]]
    members: list[PersonSummary]
    cells: dict[str, dict[str, str]]


MARKS = {CHAIR: "C", SUBSTITUTE: "S", PRESENT: "P", APOLOGIES: "A", REPLACED: "R"}
_ROLE_OF = {mark: role for role, mark in MARKS.items()}


def attendance(store: Archive, committee_id: str, after: str | None = None, before: str | None = None) -> Attendance:
    """The attendance matrix of one committee between two ISO dates (inclusive)."""
    from store import index

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
    members = _summaries(db, f"id IN {marks}", ids)
    return Attendance(committee_id, chosen, members, {person.id: cells[person.id] for person in members})
