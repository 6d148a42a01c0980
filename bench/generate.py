"""Write a deterministic synthetic ModernGov archive for the benchmarks.

The archive is sized like a whole council's (``--meetings 10000`` gives about
150,000 agenda items and 300 MB of text) and written in the real document
shapes of ``docs/formats.md``: printed minutes with ``<AIn>`` markers,
committee reports, decision details pages and "Agenda and minutes" pages.
Some meetings arrive as several documents (minutes plus a report about one
item, a decision, or both minutes and a web page), so the importer's merging
is exercised at scale.

Text is built from the curated vocabulary in ``bench.vocabulary``: recurring
reports whose titles drift over the years, standing items at every meeting,
templated minute sentences with slot words. Everything comes from seeded
``random.Random`` instances keyed by strings, never from the clock or from
set ordering, so the same arguments give byte-identical files.

Run ``python -m bench.generate --meetings 50 --out /tmp/archive``, or call
``generate`` from the benchmark runner: its ``Manifest`` lists every file
with the items it holds, and a few probe facts (titles, a word that occurs
in one item only, a query with a typo) for timing searches.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path
from typing import NamedTuple

from bench import vocabulary as v
from store.models import SHAPES
from store.text import roman

MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

#: The archive ends with this year; it starts 20 years earlier, or earlier
#: still if one committee needs more weekdays than that.
LAST_YEAR = 2024
YEARS = 20
#: Meetings held on line, so their venue is "Virtual Meeting".
VIRTUAL_FROM = date(2020, 4, 1)
VIRTUAL_UNTIL = date(2021, 5, 6)
#: Agenda pages before this year have no "Minutes:" label and no agenda text.
LABELLED_FROM = 2010


# --- Dates -------------------------------------------------------------------


def ordinal(day: int) -> str:
    """``1`` -> ``1st``, ``22`` -> ``22nd``, ``13`` -> ``13th``."""
    if 11 <= day % 100 <= 13:
        return f"{day}th"
    return f"{day}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th')}"


def long_date(day: date) -> str:
    """``5 October 2015``."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def ordinal_date(day: date) -> str:
    """``5th October 2015``."""
    return f"{ordinal(day.day)} {MONTHS[day.month - 1]} {day.year}"


def uk_date(day: date) -> str:
    """``05/10/2015``, as decision pages write dates."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def financial_year(start: int) -> str:
    """``2015`` -> ``2015/16``."""
    return f"{start}/{(start + 1) % 100:02d}"


def reported_quarter(day: date) -> tuple[int, int]:
    """The financial quarter a report presented on ``day`` covers.

    Returns:
        ``(quarter, first year of the financial year)``: the quarter before
        the one ``day`` falls in (April to June is quarter 1).
    """
    quarter = (day.month - 4) % 12 // 3 + 1
    start = day.year if day.month >= 4 else day.year - 1
    if quarter == 1:
        return 4, start - 1
    return quarter - 1, start


def quarter_end(quarter: int, start: int) -> str:
    """The last day of a financial quarter: ``30 June 2016``."""
    return ("30 June", "30 September", "31 December", "31 March")[quarter - 1] + (
        f" {start + 1}" if quarter == 4 else f" {start}"
    )


def short_time(printed: str) -> str:
    """``2.00 pm`` -> ``2.00pm``, as the clerks write it in sentences."""
    return printed.replace(" ", "")


# --- Plans -------------------------------------------------------------------


class Block(NamedTuple):
    """One part of an item's text, before it is printed in a shape.

    ``kind`` is ``p`` (paragraph), ``h`` (sub-heading), ``b`` (bullets in
    ``items``) or ``r`` (resolution: opening ``text``, clauses in ``items``).
    """

    kind: str
    text: str = ""
    items: tuple[str, ...] = ()


@dataclass(slots=True)
class ItemPlan:
    """One agenda item as generated.

    Attributes:
        number: Display number (``4.``, or ``77/21`` for committees that
            number minutes through the municipal year).
        title: Title as on the agenda.
        blocks: The minute text.
        standing: True for procedural items (apologies, next meeting ...).
        agenda_text: The line a web page prints under the title.
        domain: Key of ``vocabulary.DOMAINS`` its words come from.
        series: Key of ``vocabulary.SERIES`` if it recurs, else "".
        topic: How sentences name it ("the Carers Strategy").
        presenter: ``(name, role)`` of the officer who presented it.
    """

    number: str
    title: str
    blocks: list[Block]
    standing: bool = False
    agenda_text: str = ""
    domain: str = "performance"
    series: str = ""
    topic: str = ""
    presenter: tuple[str, str] = ("", "")


class Agenda(NamedTuple):
    """A meeting's items and who attended."""

    items: list[ItemPlan]
    members: list[tuple[str, str, str]]
    absent: list[tuple[str, str, str]]


@dataclass(slots=True)
class MeetingPlan:
    """When and where one meeting is held, and which documents describe it."""

    committee: v.Committee
    date: date
    time: str
    venue: str
    previous: date | None
    next: date
    index: int = 0
    minutes: bool = True
    agenda: bool = False
    reports: int = 0
    decision: bool = False

    @property
    def virtual(self) -> bool:
        """True if the meeting was held on line."""
        return VIRTUAL_FROM <= self.date <= VIRTUAL_UNTIL


@dataclass(frozen=True, slots=True)
class DocumentFact:
    """A written file and what a parser should find in it.

    Attributes:
        path: Path relative to the archive folder.
        shape: One of ``SHAPES``.
        committee: Committee name as printed.
        date: ISO date of the meeting it belongs to.
        titles: Item titles in agenda order, as printed but without the
            ``pdf icon`` residue of web pages or a report's "(Appendix 'A'
            refers)": what a parser should make of them.
    """

    path: Path
    shape: str
    committee: str
    date: str
    titles: tuple[str, ...]

    @property
    def items(self) -> int:
        """Number of items the document holds."""
        return len(self.titles)


@dataclass(frozen=True, slots=True)
class Probe:
    """A fact the runner can check by typing a query.

    Attributes:
        kind: ``title`` (a title that exists), ``rare-word`` (a word found in
            one item's body only) or ``typo`` (a misspelt title query).
        query: What to type.
        expect: Text the results must show: the item's title.
        committee: The item's committee.
        date: ISO date of the item's meeting.
        count: How many items carry ``expect`` as their title.
    """

    kind: str
    query: str
    expect: str
    committee: str
    date: str
    count: int = 1


@dataclass(slots=True)
class Manifest:
    """What ``generate`` wrote.

    Attributes:
        out: The archive folder.
        meetings: Meetings generated.
        items: Agenda items, each counted once per meeting (a report or a
            decision about an item, or a web page repeating the minutes,
            adds no agenda item).
        bytes: Total size of the files.
        documents: Every file written, with its expected items.
        probes: Facts for timing searches.
        committees: Names of the committees that have meetings.
    """

    out: Path
    meetings: int = 0
    items: int = 0
    bytes: int = 0
    documents: list[DocumentFact] = field(default_factory=list)
    probes: list[Probe] = field(default_factory=list)
    committees: list[str] = field(default_factory=list)

    @property
    def files(self) -> int:
        """Number of files written."""
        return len(self.documents)

    @property
    def document_items(self) -> int:
        """Items summed over documents: what parsing every file yields."""
        return sum(doc.items for doc in self.documents)

    @property
    def stored_items(self) -> int:
        """Items a store holds after importing the archive.

        Agenda items once each (minutes and a web page of the same meeting
        merge by number), plus one per report and decision: the importer
        keeps those as items of their own.
        """
        shapes = self.by_shape()
        return self.items + shapes["report"] + shapes["decision"]

    def by_shape(self) -> dict[str, int]:
        """Files per document shape, in ``SHAPES`` order."""
        counts = dict.fromkeys(SHAPES, 0)
        for doc in self.documents:
            counts[doc.shape] += 1
        return counts


# --- Schedule --------------------------------------------------------------------


def share_out(total: int, weights: Sequence[int]) -> list[int]:
    """Split ``total`` in proportion to ``weights`` (largest remainders)."""
    whole = sum(weights)
    exact = [total * weight / whole for weight in weights]
    counts = [int(x) for x in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: (counts[i] - exact[i], i))
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def working_days(first: date, last: date) -> list[date]:
    """Weekdays from ``first`` to ``last``, without the Christmas week."""
    days: list[date] = []
    day = first
    one = timedelta(days=1)
    while day <= last:
        if day.weekday() < 5 and not (day.month == 12 and day.day >= 24) and not (
            day.month == 1 and day.day == 1
        ):
            days.append(day)
        day += one
    return days


def schedule(meetings: int, committees: Sequence[v.Committee], seed: int) -> list[MeetingPlan]:
    """Date every meeting and decide which documents describe it.

    Each committee gets meetings in proportion to its weight, on distinct
    weekdays spread evenly over the archive's years with some jitter.

    Returns:
        The meetings in date order (committee order within a day).
    """
    counts = share_out(meetings, [committee.weight for committee in committees])
    years = max(YEARS, -(-max(counts, default=0) // 240))
    days = working_days(date(LAST_YEAR - years + 1, 1, 5), date(LAST_YEAR, 12, 20))
    plans: list[MeetingPlan] = []
    for committee, count in zip(committees, counts, strict=True):
        if count == 0:
            continue
        rng = random.Random(f"{seed}/schedule/{committee.name}")
        usual_time = rng.choice(v.TIMES)
        usual_venue = rng.choice(v.VENUES)
        # Meeting i falls in its own slice of the days, so no two coincide.
        bounds = [len(days) * i // count for i in range(count + 1)]
        dates = [
            days[low + int(rng.random() * (high - low))] for low, high in pairwise(bounds)
        ]
        after = dates[-1] + timedelta(weeks=rng.randint(4, 10))
        after += timedelta(days=(7 - after.weekday()) % 7 if after.weekday() >= 5 else 0)
        for i, day in enumerate(dates):
            plans.append(
                MeetingPlan(
                    committee=committee,
                    date=day,
                    time=usual_time if rng.random() < 0.85 else rng.choice(v.TIMES),
                    venue=usual_venue if rng.random() < 0.8 else rng.choice(v.VENUES),
                    previous=dates[i - 1] if i else None,
                    next=dates[i + 1] if i + 1 < count else after,
                )
            )
    rank = {committee.name: n for n, committee in enumerate(committees)}
    plans.sort(key=lambda plan: (plan.date, rank[plan.committee.name]))
    for index, plan in enumerate(plans):
        # Fixed strides rather than chance, so even a tiny archive has every
        # shape: one meeting in 9 is known only from its web page, one in 31
        # from both minutes and web page; one in 4 brings a report (one in
        # 16 two reports) and one in 6 a decision page.
        plan.index = index
        plan.agenda = index % 9 == 4 or index % 31 == 7
        plan.minutes = index % 9 != 4
        plan.reports = 2 if index % 16 == 1 else 1 if index % 4 == 1 else 0
        plan.decision = index % 6 == 2
        if plan.virtual:
            plan.venue = v.VIRTUAL_VENUE
    return plans


# --- People ----------------------------------------------------------------------


class People:
    """Councillors and officers, stable across meetings and elections.

    Committee memberships change at the county elections every four years;
    officers change every six.
    """

    def __init__(self, seed: int) -> None:
        """Make the people for ``seed`` (created lazily, then cached)."""
        self.seed = seed
        self._members: dict[tuple[str, int], list[tuple[str, str, str]]] = {}
        self._officers: dict[tuple[str, int], str] = {}

    def members(self, committee: str, day: date) -> list[tuple[str, str, str]]:
        """``(first name, surname, honour)`` of a committee's members, chair first."""
        term = (day.year - 2001) // 4
        key = (committee, term)
        if key not in self._members:
            rng = random.Random(f"{self.seed}/members/{committee}/{term}")
            chosen: list[tuple[str, str, str]] = []
            surnames: list[str] = []
            while len(chosen) < rng.randint(7, 12):
                surname = rng.choice(v.SURNAMES)
                if surname in surnames:
                    continue
                surnames.append(surname)
                honour = rng.choice(v.HONOURS) if rng.random() < 0.06 else ""
                chosen.append((rng.choice(v.FIRST_NAMES), surname, honour))
            self._members[key] = chosen
        return self._members[key]

    def officer(self, role: str, day: date) -> str:
        """The officer holding ``role`` in the year of ``day``."""
        key = (role, (day.year - 2000) // 6)
        if key not in self._officers:
            rng = random.Random(f"{self.seed}/officer/{role}/{key[1]}")
            self._officers[key] = f"{rng.choice(v.FIRST_NAMES)} {rng.choice(v.SURNAMES)}"
        return self._officers[key]


def email(name: str) -> str:
    """An officer's e-mail address."""
    return f"{name.replace(' ', '.')}@{v.MAIL_DOMAIN}"


# --- Prose -----------------------------------------------------------------------


def pick(rng: random.Random, options: Sequence[str]) -> str:
    """``rng.choice(options)``, several times faster (this is the hot path)."""
    return options[int(rng.random() * len(options))]


def percent(value: float, rng: random.Random) -> str:
    """``44.9%`` or ``45%``, as the reports mix them."""
    return f"{value:.1f}%" if rng.random() < 0.6 else f"{round(value)}%"


def _words(domain: v.Domain) -> dict[str, Sequence[str]]:
    return {
        "metric": domain.metrics,
        "rate": tuple(metric for metric in domain.metrics if "number of" not in metric),
        "count": tuple(metric for metric in domain.metrics if "number of" in metric),
        "things": domain.things,
        "area": domain.areas,
        "action": domain.actions,
        "action_bare": tuple(action.removeprefix("to ") for action in domain.actions),
        "programme": domain.programmes,
        "team": domain.teams,
        "up": v.TRENDS_UP,
        "down": v.TRENDS_DOWN,
        "partner": v.PARTNERS,
        "place": v.PLACES,
        "place2": v.PLACES,
        "concern": v.CONCERNS,
        "road": v.ROADS,
        "road2": v.ROADS,
        "surname": v.SURNAMES,
    }


#: Per domain, the slots filled by picking a word from a list. Metrics are
#: split into rates (given as percentages) and counts.
WORDS = {name: _words(domain) for name, domain in v.DOMAINS.items()}


def capital(text: str) -> str:
    """``text`` with its first letter in upper case."""
    return text[:1].upper() + text[1:]


class Slots(dict[str, str]):
    """Template fields for one item: fixed context plus words drawn per use.

    A field not in the context is drawn afresh at each use: a word from
    ``WORDS``, a number, a sum of money. ``<field>_cap`` capitalises it.
    """

    def __init__(self, rng: random.Random, domain: str, context: dict[str, str]) -> None:
        """Fill fields from ``context`` first, then draw from ``v.DOMAINS[domain]``."""
        super().__init__(context)
        self.rng = rng
        self.domain = v.DOMAINS[domain]
        self.words = WORDS[domain]

    def __missing__(self, key: str) -> str:
        rng = self.rng
        words = self.words.get(key)
        if words is not None:
            return pick(rng, words)
        if key.endswith("_cap"):
            return capital(self[key[:-4]])
        if key in ("rise", "fall"):
            low = rng.uniform(1, 85)
            high = low + rng.uniform(0.5, 14)
            first, second = (low, high) if key == "rise" else (high, low)
            return f"from {percent(first, rng)} to {percent(second, rng)}"
        if key == "count_rise":
            low = rng.randint(40, 20000)
            return f"from {low:,} to {low + rng.randint(5, low // 3 + 10):,}"
        if key in ("pct", "pct2"):
            return percent(rng.uniform(0.5, 99), rng)
        if key in ("num", "num2"):
            return f"{rng.randint(12, 25000):,}"
        if key == "num_small":
            return str(rng.randint(2, 60))
        if key == "cond":
            return str(rng.randint(2, 24))
        if key in ("money", "money2"):
            if rng.random() < 0.3:
                return f"£{rng.randint(100, 950)}k"
            return f"£{rng.uniform(0.2, 40):.2f}m".replace(".00m", "m")
        raise KeyError(key)


def fill(template: str, slots: Slots) -> str:
    """Fill ``template``'s fields from ``slots``."""
    return template.format_map(slots)


def paragraph(rng: random.Random, slots: Slots, sentences: int) -> str:
    """A minute paragraph of stock openings wrapped round clauses."""
    parts = []
    for _ in range(sentences):
        slots["clause"] = fill(pick(rng, v.CLAUSES), slots)
        parts.append(fill(pick(rng, v.OPENINGS), slots))
    return " ".join(parts)


def report_paragraph(rng: random.Random, slots: Slots, sentences: int) -> str:
    """A report paragraph: plain statements, not the clerk's reported speech."""
    return " ".join(capital(fill(rng.choice(v.CLAUSES), slots)) + "." for _ in range(sentences))


def substantive_blocks(rng: random.Random, slots: Slots) -> list[Block]:
    """The minute text of a report considered by a committee."""
    blocks = [Block("p", fill(rng.choice(v.PRESENTER_SENTENCES), slots))]
    for _ in range(rng.randint(3, 9)):
        blocks.append(Block("p", paragraph(rng, slots, rng.randint(1, 4))))
    if rng.random() < 0.55:
        blocks.append(Block("p", fill(rng.choice(v.BULLET_INTROS), slots)))
        bullets = tuple(fill(pick(rng, v.BULLETS), slots) for _ in range(rng.randint(3, 7)))
        blocks.append(Block("b", items=bullets))
    if rng.random() < 0.35:
        areas = slots.domain.areas
        for heading in rng.sample(areas, min(len(areas), rng.randint(2, 3))):
            if rng.random() < 0.3:
                heading = f"{heading} – {slots['person']} – {slots['role']}"
            blocks.append(Block("h", heading))
            for _ in range(rng.randint(1, 3)):
                blocks.append(Block("p", paragraph(rng, slots, rng.randint(1, 3))))
    if rng.random() < 0.4:
        blocks.append(Block("p", fill(rng.choice(v.QUERY_PARAGRAPHS), slots)))
    if rng.random() < 0.3:
        clauses = rng.sample(v.RESOLUTION_CLAUSES, rng.randint(2, 4))
        blocks.append(Block("r", "That:", tuple(fill(clause, slots) for clause in clauses)))
    else:
        blocks.append(Block("r", fill(rng.choice(v.RESOLUTIONS_SIMPLE), slots)))
    return blocks


def planning_blocks(rng: random.Random, slots: Slots) -> list[Block]:
    """Minute text of a planning application."""
    texts = [v.PLANNING_PARAGRAPHS[0], *rng.sample(v.PLANNING_PARAGRAPHS[1:], rng.randint(2, 5))]
    blocks = [Block("p", fill(text, slots)) for text in texts]
    for _ in range(rng.randint(1, 3)):
        blocks.append(Block("p", paragraph(rng, slots, rng.randint(1, 3))))
    blocks.append(Block("r", rng.choice(v.PLANNING_RESOLUTIONS)))
    return blocks


def rights_of_way_blocks(rng: random.Random, slots: Slots) -> list[Block]:
    """Minute text of a rights of way application."""
    blocks = [Block("p", fill(text, slots)) for text in v.RIGHTS_OF_WAY_PARAGRAPHS]
    if rng.random() < 0.5:
        blocks.append(Block("p", fill(v.PLANNING_PARAGRAPHS[4], slots)))
    if rng.random() < 0.5:
        blocks.append(Block("p", paragraph(rng, slots, rng.randint(1, 2))))
    blocks.append(Block("r", rng.choice(v.RIGHTS_OF_WAY_RESOLUTIONS)))
    return blocks


# --- Agendas -----------------------------------------------------------------------


class Agendas:
    """Builds each meeting's agenda, remembering what recurs.

    One instance runs through the meetings in date order, so recurring
    reports come back at their interval and a report's background papers
    can name the earlier meetings that considered the same series.
    """

    def __init__(self, seed: int, people: People) -> None:
        """Start with no history."""
        self.seed = seed
        self.people = people
        #: (committee, series) -> [(meeting date, title)] in date order.
        self.history: dict[tuple[str, str], list[tuple[date, str]]] = {}
        #: (committee, municipal year) -> last minute number used.
        self.minute_numbers: dict[tuple[str, int], int] = {}
        #: (committee, year) -> last planning application number used.
        self.applications: dict[tuple[str, int], int] = {}

    def agenda(self, plan: MeetingPlan, probe_subject: str = "") -> Agenda:
        """The agenda of ``plan``'s meeting, standing items included.

        Args:
            plan: The meeting.
            probe_subject: If given, the meeting's first one-off item is a
                "Review of the <probe_subject>" (so the runner knows exactly
                where that title is).
        """
        committee = plan.committee
        rng = random.Random(f"{self.seed}/{committee.name}/{plan.date.isoformat()}")
        members = self.people.members(committee.name, plan.date)
        absent = rng.sample(members[1:], rng.choice((0, 0, 1, 1, 2)))
        items = [self._apologies(rng, plan, absent), self._declarations(rng, members)]
        if plan.previous is not None:
            items.append(self._previous_minutes(rng, plan.previous))
        substantive = self._series_items(rng, plan)
        wanted = int(rng.triangular(4, 17, 9))
        while len(substantive) < wanted:
            substantive.append(self._one_off(rng, plan))
        for item in substantive:
            if probe_subject and not item.series:
                item.title = f"Review of the {probe_subject}"
                item.topic = f"the {probe_subject}"
                break
        rng.shuffle(substantive)
        items.extend(substantive)
        if rng.random() < 0.08:
            items.append(
                ItemPlan("", "Exclusion of the Press and Public", [Block("r", v.EXCLUSION_TEXT)],
                         standing=True)
            )
            items.append(self._part_two(rng, plan))
        urgent = Block("p", rng.choice(v.NO_URGENT_BUSINESS))
        items.append(ItemPlan("", "Urgent Business", [urgent], standing=True))
        items.append(self._next_meeting(rng, plan))
        self._number(plan, items)
        for item in items:
            if not item.standing:
                self._fill(rng, plan, members, item)
        return Agenda(items, members, absent)

    def _number(self, plan: MeetingPlan, items: list[ItemPlan]) -> None:
        if plan.committee.numbering == "plain":
            for order, item in enumerate(items, start=1):
                item.number = f"{order}."
            return
        year = plan.date.year if plan.date.month >= 5 else plan.date.year - 1
        key = (plan.committee.name, year)
        start = self.minute_numbers.get(key, 0)
        for order, item in enumerate(items, start=1):
            item.number = f"{start + order}/{year % 100:02d}"
        self.minute_numbers[key] = start + len(items)

    def _apologies(self, rng: random.Random, plan: MeetingPlan,
                   absent: list[tuple[str, str, str]]) -> ItemPlan:
        lines: list[str] = []
        for first, surname, _ in absent:
            if rng.random() < 0.4:
                lines.append(
                    v.SUBSTITUTION_LINE.format(
                        member=f"{rng.choice(v.FIRST_NAMES)} {rng.choice(v.SURNAMES)}",
                        replaced=f"{first} {surname}",
                    )
                )
            else:
                lines.append(rng.choice(v.APOLOGY_LINES).format(name=f"{first} {surname}"))
        if not lines:
            lines.append(rng.choice(v.NO_APOLOGIES))
        blocks = [Block("p", line) for line in lines]
        if rng.random() < 0.15:
            blocks.append(Block("p", "Chair welcomed the following speakers to the meeting:"))
            for domain in rng.sample(plan.committee.domains, min(2, len(plan.committee.domains))):
                role = rng.choice(v.DOMAINS[domain].roles)
                blocks.append(Block("p", f"{self.people.officer(role, plan.date)}, {role}"))
        return ItemPlan("", "Apologies for Absence", blocks, standing=True)

    @staticmethod
    def _declarations(rng: random.Random, members: list[tuple[str, str, str]]) -> ItemPlan:
        if rng.random() < 0.15:
            first, surname, _ = rng.choice(members)
            text = v.INTEREST_LINE.format(
                name=f"{first} {surname}", number=rng.randint(4, 9), place=rng.choice(v.PLACES)
            )
        else:
            text = rng.choice(v.NO_INTERESTS)
        title = "Disclosure of Pecuniary and Non-Pecuniary Interests"
        return ItemPlan("", title, [Block("p", text)], standing=True)

    @staticmethod
    def _previous_minutes(rng: random.Random, previous: date) -> ItemPlan:
        title_date = ordinal_date(previous) if rng.random() < 0.4 else long_date(previous)
        text_date = ordinal_date(previous) if rng.random() < 0.5 else long_date(previous)
        text = rng.choice(v.PREVIOUS_MINUTES_RESOLUTIONS).format(date=text_date)
        return ItemPlan("", f"Minutes of the Meeting held on {title_date}", [Block("p", text)],
                        standing=True)

    def _next_meeting(self, rng: random.Random, plan: MeetingPlan) -> ItemPlan:
        nxt = plan.next
        venue = plan.venue if plan.venue != v.VIRTUAL_VENUE else "County Hall, Preston"
        sentences = v.NEXT_MEETING_SENTENCES
        if (nxt - plan.date).days > 180:
            # Without a year, a date this far ahead would read as a nearer one.
            sentences = tuple(sentence for sentence in sentences if "{year}" in sentence)
        text = rng.choice(sentences).format(
            committee=plan.committee.short,
            committee_name=plan.committee.name,
            weekday=WEEKDAYS[nxt.weekday()],
            day=nxt.day,
            day_ordinal=ordinal(nxt.day),
            month=MONTHS[nxt.month - 1],
            year=nxt.year,
            time_short=short_time(plan.time),
            venue=venue,
            venue_short=venue.split(" - ")[0],
        )
        return ItemPlan("", "Date of Next Meeting", [Block("p", text)], standing=True)

    def _series_items(self, rng: random.Random, plan: MeetingPlan) -> list[ItemPlan]:
        items = []
        for key in plan.committee.series:
            series = v.SERIES[key]
            past = self.history.setdefault((plan.committee.name, key), [])
            gap = (plan.date - past[-1][0]).days if past else 10_000
            if gap < series.interval or (series.interval and rng.random() < 0.1):
                continue
            template = next(t for year, t in reversed(series.eras) if year <= plan.date.year)
            quarter, start = reported_quarter(plan.date)
            quarters = f"Quarter {quarter}"
            if gap > 150 and quarter > 1 and past:
                quarters = f"Quarters {quarter - 1} and {quarter}"
            title = template.format(
                quarter=quarters,
                fy=financial_year(start),
                prev_fy=financial_year(start - 1),
                next_fy=financial_year(start + 1),
                year=plan.date.year,
                quarter_end=quarter_end(quarter, start),
            )
            past.append((plan.date, title))
            topic = title.split(" - ")[0]
            items.append(ItemPlan("", title, [], domain=series.domain, series=key,
                                  topic=topic if topic.startswith("the ") else f"the {topic}"))
        return items

    def _one_off(self, rng: random.Random, plan: MeetingPlan) -> ItemPlan:
        committee = plan.committee
        domain = rng.choice(committee.domains)
        if committee.kind == "planning":
            year = plan.date.year
            number = self.applications.get((committee.name, year), 0) + rng.randint(1, 9)
            self.applications[(committee.name, year)] = number
            place = rng.choice(v.PLACES)
            development = rng.choice(v.DEVELOPMENTS).format(
                tonnes=rng.randint(1, 9),
                cond=rng.randint(2, 30),
                ref=f"RCC/{year - 3}/{number:04d}",
                river=rng.choice(v.RIVERS),
            )
            site = rng.choice(v.SITES).format(place=place, road=rng.choice(v.ROADS))
            title = f"{place}: Application No. RCC/{year}/{number:04d} - {development} at {site}"
        elif committee.kind == "rights-of-way":
            title = (
                "Wildlife and Countryside Act 1981 - Definitive Map Modification Order "
                "Investigation - "
                f"Addition of {rng.choice(v.PATH_KINDS)} from {rng.choice(v.ROADS)} to "
                f"{rng.choice(v.ROADS)}, {rng.choice(v.PLACES)}"
            )
        else:
            quarter, start = reported_quarter(plan.date)
            subject = rng.choice(v.DOMAINS[domain].subjects)
            title = rng.choice(v.ONE_OFF_TITLES).format(
                subject=subject,
                month=MONTHS[(plan.date.month - 2) % 12],
                year=plan.date.year,
                fy=financial_year(start),
                prev_fy=financial_year(start - 1),
            )
            return ItemPlan("", title, [], domain=domain, topic=f"the {subject}")
        return ItemPlan("", title, [], domain=domain, topic="the application")

    def _part_two(self, rng: random.Random, plan: MeetingPlan) -> ItemPlan:
        domain = v.DOMAINS[rng.choice(plan.committee.domains)]
        title = rng.choice(v.PART_TWO_TITLES).format(subject=rng.choice(domain.subjects))
        blocks = [
            Block("p", v.PART_TWO_TEXT),
            Block("r", rng.choice(("That the recommendations set out in the report be approved.",
                                   "That the report be noted."))),
        ]
        return ItemPlan("", title, blocks, topic="the report")

    def _fill(self, rng: random.Random, plan: MeetingPlan, members: list[tuple[str, str, str]],
              item: ItemPlan) -> None:
        """Write a substantive item's text, its presenter and agenda text."""
        domain = v.DOMAINS[item.domain]
        role = rng.choice(domain.roles)
        person = self.people.officer(role, plan.date)
        item.presenter = (person, role)
        if item.blocks:
            return
        quarter, start = reported_quarter(plan.date)
        _, surname, _ = rng.choice(members)
        month = plan.date.replace(day=1) - timedelta(days=rng.choice((1, 32, 63)))
        slots = Slots(rng, item.domain, {
            "person": person,
            "role": role,
            "topic": item.topic,
            "committee": plan.committee.short,
            "committee_lc": plan.committee.short[0].lower() + plan.committee.short[1:],
            "quarter": f"Quarter {quarter}",
            "fy": financial_year(start),
            "prev_fy": financial_year(start - 1),
            "year": str(plan.date.year),
            "month": MONTHS[month.month - 1],
            "month_year": str(month.year),
            "cllr": f"County Councillor {surname}",
        })
        if plan.committee.kind == "planning" and not item.series:
            place, _, rest = item.title.partition(": Application No. ")
            development, _, site = rest.partition(" - ")[2].rpartition(" at ")
            slots["development_lc"] = development[0].lower() + development[1:]
            slots["site"] = f"{site}, {place}"
            item.blocks = planning_blocks(rng, slots)
        elif plan.committee.kind == "rights-of-way" and not item.series:
            route, _, slots["place"] = item.title.partition(" Addition of ")[2].rpartition(", ")
            slots["path"], _, ends = route.partition(" from ")
            slots["road"], _, slots["road2"] = ends.partition(" to ")
            item.blocks = rights_of_way_blocks(rng, slots)
        else:
            item.blocks = substantive_blocks(rng, slots)
        item.agenda_text = fill(rng.choice(v.AGENDA_TEXTS), slots)

    def background(self, plan: MeetingPlan, item: ItemPlan) -> list[tuple[date, str]]:
        """Earlier appearances of ``item``'s series before ``plan``'s meeting."""
        if not item.series:
            return []
        past = self.history[(plan.committee.name, item.series)]
        return [entry for entry in past if entry[0] < plan.date][-3:]


# --- Printing: minutes ---------------------------------------------------------------


def minute_text(blocks: Sequence[Block], rng: random.Random) -> str:
    """Blocks as printed minute text: blank lines between paragraphs."""
    out: list[str] = []
    for block in blocks:
        if block.kind == "b":
            gap = "\n\n" if rng.random() < 0.6 else "\n"
            out.append(gap.join(f"· {entry}" for entry in block.items))
        elif block.kind == "r":
            if block.items:
                numbered = [
                    f"({roman(n)}) {clause}{'.' if n == len(block.items) else ','}"
                    for n, clause in enumerate(block.items, start=1)
                ]
                out.append("Resolved: - That:\n\n" + "\n\n".join(numbered))
            elif block.text.startswith("That ") and rng.random() < 0.6:
                out.append(f"Resolved: - {block.text}")
            else:
                out.append(f"Resolved: {block.text}")
        else:
            trailing = " " if rng.random() < 0.08 else ""
            out.append(block.text + trailing)
    return "\n\n".join(out)


def attendance(rng: random.Random, members: list[tuple[str, str, str]],
               absent: list[tuple[str, str, str]]) -> str:
    """The ``Present:`` block as ModernGov prints it (stray tabs, no-break spaces)."""
    (first, surname, honour), *others = members
    lines = ["Present:", ""]
    if rng.random() < 0.9:
        lines.append(f"County Councillor {first} {surname}{' ' + honour if honour else ''} (Chair)")
    else:
        lines.append("")
        others = members
    lines.append("County Councillors")
    lines.append("")
    for first, surname, honour in others:
        if (first, surname, honour) in absent:
            continue
        name = f"{first[0]}\u00a0{surname}" + (f"\u00a0{honour}" if honour else "")
        lines.append(("\t" if rng.random() < 0.4 else "") + name)
        lines.append("\n" if rng.random() < 0.2 else "")
    return "\n".join(lines) + "\n\n\n"


def print_minutes(plan: MeetingPlan, agenda: Agenda, rng: random.Random) -> str:
    """Printed minutes with ``<AIn>`` markers, laid out like the samples."""
    day = plan.date
    out = [
        "\n",
        f"{v.COUNCIL}\n\n",
        f"{plan.committee.name}\n",
        f"Minutes of the Meeting held on {WEEKDAYS[day.weekday()]}, {ordinal(day.day)} "
        f"{MONTHS[day.month - 1]}, {day.year} at {plan.time} in {plan.venue}\n",
        attendance(rng, agenda.members, agenda.absent),
    ]
    for n, item in enumerate(agenda.items, start=1):
        text = minute_text(item.blocks, rng)
        roll = rng.random()
        if roll < 0.02:
            close = f"{text}</AI{n}>"
        elif roll < 0.17:
            close = f"{text}\n</AI{n}>"
        else:
            close = f"{text}\n\n</AI{n}>"
        out.append(f"<AI{n}>\n\n\t{item.number}  \n\t{item.title}\n\n\n\n{close}\n\n")
    return "".join(out)


# --- Printing: agenda and minutes pages ----------------------------------------------------


def print_agenda(plan: MeetingPlan, items: Sequence[ItemPlan], people: People,
                 rng: random.Random) -> str:
    """An "Agenda and minutes" web page saved as text."""
    day = plan.date
    clerk = people.officer("Democratic Services Officer", day)
    out = [
        "Agenda and minutes\n\n",
        f"{plan.committee.name} - {WEEKDAYS[day.weekday()]}, {ordinal(day.day)} "
        f"{MONTHS[day.month - 1]}, {day.year} {plan.time}\n\n",
        f"Venue: {plan.venue}. View directions\n\n",
        f"Contact: {clerk}  Tel: 01772 5{rng.randint(10000, 39999)}\n\n",
    ]
    if day.year >= 2014:
        out.append("Media\n\n")
        out.append("".join(f"{text}\n\n" for text in v.WEBCAST_BOILERPLATE))
    out.append("Items\nNo. Item\n\n")
    labelled = day.year >= LABELLED_FROM
    for item in items:
        title = item.title
        if not item.standing or item.title.startswith("Minutes of"):
            title += f" pdf icon PDF {rng.randint(40, 900)} KB"
        out.append(f"{item.number}\n\n{title}\n\n")
        if not item.standing and rng.random() < 0.25:
            out.append("Additional documents:\n\n")
            for letter in "ABC"[: rng.randint(1, 3)]:
                out.append(f"\tAppendix {letter}, item {item.number.rstrip('.')} pdf icon PDF "
                           f"{rng.randint(40, 900)} KB\n\n")
        if labelled:
            if item.agenda_text:
                out.append(f"{item.agenda_text}\n\n")
            out.append("Minutes:\n\n")
        out.append(minute_text(item.blocks, rng))
        out.append("\n\n")
    return "".join(out)


# --- Printing: reports --------------------------------------------------------------------


def print_report(plan: MeetingPlan, item: ItemPlan, title: str, papers: list[tuple[date, str]],
                 people: People, rng: random.Random) -> str:
    """A committee report written for one item of the meeting, titled ``title``."""
    day = plan.date
    domain = v.DOMAINS[item.domain]
    contact = people.officer(rng.choice(domain.roles), day)
    team = capital(rng.choice(domain.teams).removeprefix("the "))
    phone = f"01772 5{rng.randint(10000, 39999)}"
    appendices = "AB"[: rng.randint(1, 2)]
    refers = "(Appendix 'A' refers)" if len(appendices) == 1 else "(Appendices 'A' and 'B' refer)"
    divisions = "All" if plan.committee.kind != "planning" else (
        f"{rng.choice(v.PLACES)} Central; {rng.choice(v.PLACES)} Rural"
    )
    quarter, start = reported_quarter(day)
    slots = Slots(rng, item.domain, {
        "person": item.presenter[0],
        "role": item.presenter[1],
        "topic": item.topic,
        "committee": plan.committee.short,
        "committee_lc": "the Committee",
        "quarter": f"Quarter {quarter}",
        "fy": financial_year(start),
        "prev_fy": financial_year(start - 1),
        "year": str(day.year),
        "cllr": "the Chair",
        "month": MONTHS[(day.month - 2) % 12],
        "month_year": str(day.year - (day.month == 1)),
    })
    out = [
        f"{plan.committee.name}\n\n",
        f"Meeting to be held on {WEEKDAYS[day.weekday()]}, {long_date(day)}\n\n",
        f"{rng.choice(v.REPORT_AUTHORS)}\n\n",
        "Part I\n\n",
        f"Electoral Division affected: {divisions}\n\n",
        f"{title} {refers}\n\n",
        f"Contact for further information: {contact}, {phone}, {team}, {email(contact)}\n\n",
        "Executive Summary\n\n",
    ]
    for _ in range(rng.randint(2, 3)):
        out.append(report_paragraph(rng, slots, rng.randint(2, 3)) + "\n\n")
    out.append("Recommendation\n\n")
    out.append(f"{plan.committee.short.removeprefix('The ')} is requested to comment on the "
               f"report and note the information provided.\n\n")
    for section in ("Background and Advice", *rng.sample(v.REPORT_SECTIONS[1:], rng.randint(2, 4))):
        out.append(f"{section}\n\n")
        for _ in range(rng.randint(2, 4)):
            out.append(report_paragraph(rng, slots, rng.randint(2, 4)) + "\n\n")
        if rng.random() < 0.7:
            out.append(f"{rng.choice(domain.areas)}\n\n")
            out.append(fill(rng.choice(v.BULLET_INTROS), slots) + "\n\n")
            bullets = [fill(rng.choice(v.BULLETS), slots) for _ in range(rng.randint(3, 6))]
            out.append("\n".join(f"- {bullet}" for bullet in bullets) + "\n\n")
    out.append(f"Consultations\n\n{rng.choice(v.CONSULTATION_TEXT)}\n\n")
    out.append("Implications:\n\nThis item has the following implications, as indicated:\n\n")
    out.append(f"Risk management\n\n{rng.choice(v.RISK_TEXT)}\n\n")
    out.append("Local Government (Access to Information) Act 1985\n\nList of Background Papers\n\n")
    out.append("Paper\tDate\tContact/Directorate/Tel\n")
    rows = [
        (f"Report to the {plan.committee.name} – {title}", long_date(when))
        for when, title in papers
    ] or [(f"{rng.choice(domain.subjects)} {financial_year(start)}",
           long_date(day - timedelta(days=rng.randint(60, 400))))]
    for paper, when in rows:
        gap = "\n" if rng.random() < 0.5 else ""
        out.append(f"{paper}\t{when}\t{contact}, {team}, {phone}\n{gap}")
    out.append("\n")
    for letter in appendices:
        out.append(f"APPENDIX {letter}\n\n")
        if letter == "A":
            out.append(finance_table(rng, start))
        else:
            out.append(f"{rng.choice(domain.subjects)}\n\n")
            for _ in range(rng.randint(2, 4)):
                out.append(report_paragraph(rng, slots, rng.randint(2, 4)) + "\n\n")
    return "".join(out)


def finance_table(rng: random.Random, start: int) -> str:
    """Appendix A: a tab-separated budget table with a units row."""
    lines = [
        "Financial Summary",
        "",
        f"The table below shows net expenditure compared to budget for {financial_year(start)} "
        "across the County Council's services:",
        "",
        "Ref\tService Area\tApproved Budget\tCurrent Period Forecast Outturn\t"
        "Current Period Forecast Variance\tCurrent Period Forecast Variance",
        "\t\t£m\t£m\t£m\t%",
    ]
    budget_total = outturn_total = 0.0
    for n, area in enumerate(rng.sample(v.APPENDIX_SERVICE_AREAS, rng.randint(4, 7)), start=1):
        budget = rng.uniform(20, 330)
        outturn = budget * rng.uniform(0.85, 1.12)
        budget_total += budget
        outturn_total += outturn
        lines.append(
            f"3.{n}\t{area}\t{budget:.3f}\t{outturn:.3f}\t{outturn - budget:.3f}\t"
            f"{round(100 * (outturn - budget) / budget)}%"
        )
    lines.append(
        f"\tTOTAL\t{budget_total:.3f}\t{outturn_total:.3f}\t{outturn_total - budget_total:.3f}\t"
        f"{round(100 * (outturn_total - budget_total) / budget_total)}%"
    )
    return "\n".join(lines) + "\n\n"


# --- Printing: decision details pages -----------------------------------------------------


def print_decision(plan: MeetingPlan, item: ItemPlan, title: str, rng: random.Random) -> str:
    """A decision details page titled ``title``, its text taken from the item's minutes."""
    day = plan.date
    person, _ = item.presenter
    other_council = rng.random() < 0.3
    paragraphs: list[str] = []
    for block in item.blocks:
        if block.kind == "b":
            paragraphs.append("\n".join(f"· {entry}" for entry in block.items))
        elif block.kind == "r":
            clauses = "".join(
                f"\n\n({roman(n)}) {clause}" for n, clause in enumerate(block.items, start=1)
            )
            paragraphs.append(f"Resolved:\u00a0 {block.text}{clauses}")
        else:
            paragraphs.append(block.text)
    out = [
        "Decision details\n\n",
        f"{title}\n\n",
        f"Decision Maker: {plan.committee.name}\n\n",
        f"Decision status: {rng.choice(v.DECISION_STATUSES)}\n\n",
        "Is Key decision?: No\n\n",
    ]
    if other_council:
        out.append("Is subject to call in?: No\n\n")
    out.append(f"Purpose:\n\n{rng.choice(v.DECISION_PURPOSES)}\n\n")
    out.append("Decision:\n\n" if other_council else "Decisions:\n\n")
    out.append("\n\n\u00a0\n\n".join(paragraphs) + "\n\n")
    if other_council:
        out.append("Reasons for the decision:\n\nAs set out in the report.\n\n")
        out.append("Alternative options considered:\n\nNone.\n\n")
        out.append(f"Publication date: {uk_date(day + timedelta(days=rng.randint(2, 5)))}\n\n")
    out.append(f"Contact: {person} Email:\u00a0{email(person).lower()} Tel: 01772 5"
               f"{rng.randint(10000, 39999)}.\n\n")
    out.append(f"Report author: {person}\n\n")
    out.append(f"Date of decision: {uk_date(day)}\n\n")
    if other_council:
        out.append(f"Effective from: {uk_date(day + timedelta(days=8))}\n\n")
    out.append(f"Decided at meeting: {uk_date(day)} - {plan.committee.name}\n\n")
    out.append("Accompanying Documents:\n")
    return "".join(out)


# --- Probes -----------------------------------------------------------------------------


def probe_meetings(plans: Sequence[MeetingPlan], wanted: int) -> list[int]:
    """Indexes of meetings fit to carry a probe, spread through the archive.

    A probe meeting has printed minutes only (no web page, report or
    decision repeats its text) and is not a planning committee's, so a
    probe word lands in exactly one item of one document. Probes go to
    different committees while there are committees left to use.
    """
    fit = [
        plan for plan in plans
        if plan.minutes and not plan.agenda and not plan.reports and not plan.decision
        and plan.committee.kind in ("scrutiny", "council")
    ]
    chosen: list[int] = []
    used: list[str] = []
    for k in range(min(wanted, len(fit))):
        start = (len(fit) - 1) * (k + 1) // (wanted + 1)
        candidates = [plan for plan in fit[start:] if plan.index not in chosen]
        fresh = [plan for plan in candidates if plan.committee.name not in used]
        plan = (fresh or candidates or [p for p in fit if p.index not in chosen])[0]
        chosen.append(plan.index)
        used.append(plan.committee.name)
    return sorted(chosen)


# --- The whole archive ---------------------------------------------------------------------


def slug(name: str) -> str:
    """Folder name for a committee: ``Audit, Risk and ...`` -> ``audit-risk-and-...``."""
    kept = "".join(ch.lower() if ch.isalnum() else " " for ch in name.replace("'", ""))
    return "-".join(kept.split())


def generate(out: Path, meetings: int = 10_000, seed: int = 1, committees: int = 12) -> Manifest:
    """Write a synthetic archive into ``out`` and describe it.

    Args:
        out: Folder to write into; created if missing, and it must be empty
            so that what is there is exactly what the manifest lists.
        meetings: How many meetings (about 15 agenda items and 30 KB each).
        seed: Same seed, same arguments: byte-identical files.
        committees: How many committees share the meetings (at most
            ``len(bench.vocabulary.COMMITTEES)``).

    Returns:
        The manifest: files with their expected items, counts and probes.

    Raises:
        ValueError: For a negative size or too many committees.
        FileExistsError: If ``out`` is not empty.
    """
    if meetings < 0 or not 1 <= committees <= len(v.COMMITTEES):
        raise ValueError(f"need meetings >= 0 and 1 <= committees <= {len(v.COMMITTEES)}")
    out.mkdir(parents=True, exist_ok=True)
    if any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty; choose an empty or new folder")
    plans = schedule(meetings, v.COMMITTEES[:committees], seed)
    people = People(seed)
    agendas = Agendas(seed, people)
    manifest = Manifest(out=out, meetings=len(plans))
    held = {plan.committee.name for plan in plans}
    manifest.committees = [c.name for c in v.COMMITTEES[:committees] if c.name in held]
    probes = probe_meetings(plans, len(v.RARE_WORDS) + 1)
    typo_at = probes[0] if probes else -1
    rare_at = dict(zip(probes[1:], v.RARE_WORDS, strict=False))
    titles: dict[str, int] = {}
    for plan in plans:
        agenda = agendas.agenda(plan, v.PROBE_SUBJECT if plan.index == typo_at else "")
        iso = plan.date.isoformat()
        rng = random.Random(f"{seed}/print/{plan.committee.name}/{iso}")
        if plan.index == typo_at:
            manifest.probes.append(
                Probe("typo", v.PROBE_TYPO_QUERY, v.PROBE_TITLE, plan.committee.name, iso)
            )
        if plan.index in rare_at:
            manifest.probes.append(plant_word(plan, agenda, rare_at[plan.index], rng))
        for item in agenda.items:
            if not item.standing:
                titles[item.title] = titles.get(item.title, 0) + 1
        folder = out / slug(plan.committee.name)
        folder.mkdir(exist_ok=True)
        for name, shape, text, doc_titles in documents(plan, agenda, agendas, rng):
            data = text.encode("utf-8")
            (folder / name).write_bytes(data)
            manifest.bytes += len(data)
            manifest.documents.append(
                DocumentFact(Path(folder.name) / name, shape, plan.committee.name, iso, doc_titles)
            )
        manifest.items += len(agenda.items)
    manifest.probes.extend(title_probes(manifest, titles))
    manifest.probes = [
        replace(probe, count=titles.get(probe.expect, 1)) for probe in manifest.probes
    ]
    return manifest


def documents(
    plan: MeetingPlan, agenda: Agenda, agendas: Agendas, rng: random.Random
) -> list[tuple[str, str, str, tuple[str, ...]]]:
    """The files describing one meeting.

    Returns:
        ``(file name, shape, text, item titles as printed)`` for each file.
    """
    iso = plan.date.isoformat()
    items = agenda.items
    every_title = tuple(item.title for item in items)
    out: list[tuple[str, str, str, tuple[str, ...]]] = []
    if plan.minutes:
        out.append((f"{iso}-minutes.txt", "minutes", print_minutes(plan, agenda, rng), every_title))
    if plan.agenda:
        text = print_agenda(plan, items, agendas.people, rng)
        out.append((f"{iso}-agenda.txt", "agenda", text, every_title))
    substantive = [item for item in items if not item.standing]
    chosen = rng.sample(substantive, min(len(substantive), plan.reports + plan.decision))
    for n, item in enumerate(chosen[: plan.reports], start=1):
        # Reports print the title with an en dash, as the sample does.
        title = item.title.replace(" - ", " – ")
        text = print_report(plan, item, title, agendas.background(plan, item), agendas.people, rng)
        out.append((f"{iso}-report-{n}.txt", "report", text, (title,)))
    if plan.decision and len(chosen) > plan.reports:
        item = chosen[plan.reports]
        # Decision pages often drop the dash ("... Report Quarter 1 2018/19").
        title = item.title.replace(" - ", " ") if rng.random() < 0.5 else item.title
        text = print_decision(plan, item, title, rng)
        out.append((f"{iso}-decision-1.txt", "decision", text, (title,)))
    return out


def plant_word(plan: MeetingPlan, agenda: Agenda, word: str, rng: random.Random) -> Probe:
    """Put ``word`` into the text of the meeting's last substantive item."""
    target = [item for item in agenda.items if not item.standing][-1]
    sentence = (
        f"Members noted that the {word} pilot scheme in {rng.choice(v.PLACES)} had been "
        "extended for a further year."
    )
    target.blocks.insert(1, Block("p", sentence))
    iso = plan.date.isoformat()
    return Probe("rare-word", word.lower(), target.title, plan.committee.name, iso)


def title_probes(manifest: Manifest, titles: dict[str, int]) -> list[Probe]:
    """Two title probes: the commonest recurring title and the latest short one held once.

    Args:
        manifest: The documents written.
        titles: How many items carry each title (standing items left out).
    """
    minutes = [doc for doc in manifest.documents if doc.shape == "minutes"]
    if not minutes:
        return []
    recurring = [(count, title) for title, count in titles.items() if count > 1]
    probes = []
    if recurring:
        count, title = max(recurring)
        doc = next(doc for doc in minutes if title in doc.titles)
        probes.append(Probe("title", title, title, doc.committee, doc.date, count))
    for doc in reversed(minutes):
        unique = [title for title in doc.titles if titles.get(title) == 1 and len(title) <= 60]
        if unique:
            probes.append(Probe("title", unique[0], unique[0], doc.committee, doc.date))
            break
    return probes


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: write an archive and print what was written."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.generate",
        description="Write a deterministic synthetic ModernGov archive (minutes, reports, "
        "decision pages and agenda pages) for the benchmarks.",
    )
    parser.add_argument("--meetings", type=int, default=10_000,
                        help="number of meetings, about 15 items and 30 KB each (default 10000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--committees", type=int, default=12,
                        help=f"number of committees, at most {len(v.COMMITTEES)} (default 12)")
    parser.add_argument("--out", type=Path, required=True, help="empty or new folder to write into")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        manifest = generate(args.out, args.meetings, args.seed, args.committees)
    except (ValueError, FileExistsError) as error:
        parser.error(str(error))
    seconds = time.perf_counter() - started
    shapes = ", ".join(f"{count} {shape}" for shape, count in manifest.by_shape().items())
    print(f"{manifest.files} files ({shapes}), {manifest.bytes / 1e6:.1f} MB, "
          f"{manifest.meetings} meetings, {manifest.items} agenda items, "
          f"{len(manifest.committees)} committees, in {seconds:.1f} s")
    for probe in manifest.probes:
        print(f"probe {probe.kind}: {probe.query!r} -> {probe.expect!r} "
              f"({probe.committee}, {probe.date})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
