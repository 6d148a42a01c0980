"""One more meeting grouped onto the people already grouped gives what grouping everything gives."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store.models import Meeting, Substitution
from store.people import (
    Extension,
    Person,
    Seed,
    group_with_owners,
    mentions_of,
    person_from_row,
    person_row,
)

FIRSTS = ("John", "Jane", "Geoff")
SURNAMES = ("Smith", "Driver")
TITLES = ("", "Mr ", "Mrs ", "Councillor ", "County Councillor ")


@st.composite
def names(draw) -> str:
    surname = draw(st.sampled_from(SURNAMES))
    first = draw(st.sampled_from(FIRSTS))
    given = draw(st.sampled_from((first, first[0], "")))
    return f"{draw(st.sampled_from(TITLES))}{given} {surname}".strip()


@st.composite
def meetings(draw) -> list[Meeting]:
    slots = draw(st.lists(st.tuples(st.sampled_from("ab"), st.integers(1, 9)), min_size=2, max_size=7, unique=True))
    found = []
    for committee, day in slots:
        present = draw(st.lists(names(), max_size=3, unique=True))
        found.append(Meeting(
            id=f"{committee}-2020-0{day}", committee_id=committee, committee=committee.upper(),
            date=f"2020-0{day}-01", present=present,
            chair=draw(st.sampled_from([None, *present])),
            apologies=draw(st.lists(names(), max_size=2, unique=True)),
            substitutions=[Substitution(*pair) for pair in draw(st.lists(st.tuples(names(), names()), max_size=1))],
            officers=draw(st.lists(names(), max_size=1)),
        ))
    return found


def ordered(chosen: list[Meeting]) -> list:
    return [m for meeting in sorted(chosen, key=lambda m: (m.date, m.id)) for m in mentions_of(meeting)]


def stored(person: Person) -> Person:
    return person_from_row(json.loads(json.dumps(person_row(person))))


def extend(before: list[Meeting], new: Meeting) -> tuple[dict[str, dict], list[str]] | None:
    """The people after grouping ``before`` and then extending with ``new`` (None: blocked)."""
    grouping = group_with_owners(ordered(before))
    kept = {person.id: stored(person) for person in grouping.people}
    seeds = {pid: Seed.from_json(kept[pid].name, json.loads(json.dumps(seed.to_json())))
             for pid, seed in grouping.seeds.items()}
    mentions = mentions_of(new)
    extension = Extension(mentions, seeds, lambda pid: pid in kept)
    if extension.blocked:
        return None
    by_form = {(m.meeting_id, m.form.text): extension.names[pid] for m, pid in zip(mentions, extension.owners, strict=True)}
    touched = extension.people({pid: kept[pid] for pid in extension.owners if pid in kept}, by_form)
    kept |= {person.id: person for person in touched}
    return {pid: person.to_dict() for pid, person in kept.items()}, extension.owners


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(meetings(), st.data())
def test_one_more_meeting_extended_is_grouped_as_everything_at_once(chosen, data):
    new = data.draw(st.sampled_from(chosen))
    before = [meeting for meeting in chosen if meeting is not new]
    found = extend(before, new)
    whole = group_with_owners(ordered(chosen))
    if found is None:
        return  # blocked: the surname is regrouped (the grouping of everything)
    people, owners = found
    assert people == {person.id: person.to_dict() for person in whole.people}
    mentions = ordered(chosen)
    assert owners == [pid for m, pid in zip(mentions, whole.owners, strict=True) if m.meeting_id == new.id]


def test_a_known_member_in_a_meeting_between_others_is_not_a_regroup():
    def sitting(day: str, *present: str) -> Meeting:
        return Meeting(id=f"a-{day}", committee_id="a", committee="A", date=day, present=list(present))

    before = [sitting("2020-01-01", "Geoff Driver", "Jane Smith"), sitting("2020-03-01", "G Driver", "Councillor Smith")]
    found = extend(before, sitting("2020-02-01", "G Driver", "J Smith"))
    assert found is not None
    people, _ = found
    assert people["geoff-driver"]["present"] == ["2020-01-01", "2020-02-01", "2020-03-01"]
    assert people["jane-smith"]["forms"] == ["Jane Smith", "J Smith", "Councillor Smith"]


def test_a_first_time_in_a_committee_is_a_regroup_only_when_a_later_mention_there_looks():
    def sitting(committee: str, day: str, name: str) -> Meeting:
        return Meeting(id=f"{committee}-{day}", committee_id=committee, committee=committee.upper(), date=day,
                       present=[name])

    first = sitting("a", "2020-01-01", "Geoff Driver")
    new = sitting("b", "2020-02-01", "Geoff Driver")
    assert extend([first, sitting("b", "2020-03-01", "Councillor Driver")], new) is None
    assert extend([first, sitting("a", "2020-03-01", "Councillor Driver")], new) is not None


# -- through the store: meeting by meeting, as one import does ---------------


def people_rows(store) -> tuple[list, list]:
    from store import index

    db = index.connection(store)
    return (db.execute("SELECT * FROM across_people ORDER BY id").fetchall(),
            db.execute("SELECT meeting, ord, person FROM across_mentions ORDER BY meeting, ord").fetchall())


def random_meetings(seed: int, count: int = 12) -> list[Meeting]:
    import random

    chance = random.Random(seed)

    def name() -> str:
        first = chance.choice(FIRSTS)
        given = chance.choice((first, first[0], ""))
        return f"{chance.choice(TITLES)}{given} {chance.choice(SURNAMES)}".strip()

    found = {}
    while len(found) < count:
        committee, day = chance.choice("ab"), chance.randint(1, 28)
        present = list(dict.fromkeys(name() for _ in range(chance.randint(0, 3))))
        found[committee, day] = Meeting(
            id=f"{committee}-2020-01-{day:02}", committee_id=committee, committee=committee.upper(),
            date=f"2020-01-{day:02}", present=present, chair=chance.choice([None, *present]),
            apologies=list(dict.fromkeys(name() for _ in range(chance.randint(0, 2)))),
            substitutions=[Substitution(name(), name()) for _ in range(chance.randint(0, 1))],
        )
    return list(found.values())


def test_meetings_imported_one_by_one_in_any_order_give_the_people_of_a_reindex(tmp_path):
    from store import index
    from store.database import Store

    for seed in range(6):
        store = Store.open(tmp_path / f"store-{seed}")
        for meeting in random_meetings(seed):
            with store.transaction() as writer:
                writer.put_meeting(meeting)
            index.connection(store)
        one_by_one = people_rows(store)
        index.rebuild(store)
        assert people_rows(Store.open(store.root)) == one_by_one, f"seed {seed}"


def test_one_more_meeting_of_known_members_regroups_no_mention(sample_store, monkeypatch):
    from store import index, people
    from store.database import Store

    index.connection(sample_store)
    regrouped: list[int] = []
    real = people.group_with_owners
    monkeypatch.setattr(people, "group_with_owners", lambda mentions, assigned=None: (
        regrouped.append(len(mentions)), real(mentions, assigned))[1])
    with sample_store.transaction() as writer:
        writer.put_meeting(Meeting(
            id="ccpi-2016-06-01", committee_id="ccpi", committee="Cabinet Committee on Performance Improvement",
            date="2016-06-01", present=["County Councillor Geoff Driver CBE"],
        ))
    index.connection(sample_store)
    assert regrouped == []
    extended = people_rows(sample_store)
    (driver,) = people.find_people(sample_store, "driver")
    assert "2016-06-01" in driver.dates("present")
    monkeypatch.setattr(people, "group_with_owners", real)
    index.rebuild(sample_store)
    assert people_rows(Store.open(sample_store.root)) == extended
