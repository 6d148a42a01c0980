"""People across meetings: name forms, grouping, roles, corrections, attendance."""

import itertools
import json
from pathlib import Path

import pytest

from store.models import Meeting, Substitution
from store.people import (
    PeopleError,
    attendance,
    find_people,
    group_people,
    mentions_of,
    merge_people,
    parse_name,
    people,
    split_form,
)

LABELS = json.loads((Path(__file__).parent / "people_labels.json").read_text())


def meeting(day: str, present=(), apologies=(), chair=None, subs=(), committee="ccpi") -> Meeting:
    return Meeting(
        id=f"{committee}-{day}", committee_id=committee, committee=committee.upper(), date=day,
        chair=chair, present=list(present), apologies=list(apologies),
        substitutions=[Substitution(member, replaced) for member, replaced in subs],
    )


def grouped(*meetings: Meeting) -> dict[str, list[str]]:
    found = group_people([m for meeting in meetings for m in mentions_of(meeting)])
    return {person.name: sorted(person.forms) for person in found}


@pytest.mark.parametrize(
    ("printed", "given", "surname", "sex"),
    [
        ("County Councillor Geoff Driver CBE", ("Geoff",), "Driver", ""),
        ("G Driver", ("G",), "Driver", ""),
        ("J.D. Smith", ("J", "D"), "Smith", ""),
        ("JD Smith", ("J", "D"), "Smith", ""),
        ("Mrs Ann Jones", ("Ann",), "Jones", "f"),
        ("Mr Jones", (), "Jones", "m"),
        ("Dr Jo de Souza OBE", ("Jo",), "de Souza", ""),
        ("Sir Tom Bell KBE DL", ("Tom",), "Bell", "m"),
        ("Paul Bond, Head of Service - Legal", ("Paul",), "Bond", ""),
        ("Tony Pounder – Director of Adult Services", ("Tony",), "Pounder", ""),
    ],
)
def test_parse_name_sets_titles_honours_and_roles_aside(printed, given, surname, sex):
    form = parse_name(printed)
    assert (form.given, form.surname, form.sex) == (given, surname, sex)


def test_parse_name_of_a_title_alone_is_none():
    assert parse_name("County Councillor") is None


def test_initials_join_the_one_full_name_that_fits():
    found = grouped(meeting("2020-01-01", ["G Driver"]), meeting("2020-02-01", ["County Councillor Geoff Driver CBE"]))
    assert found == {"Geoff Driver": ["County Councillor Geoff Driver CBE", "G Driver"]}


def test_two_full_names_keep_an_ambiguous_initial_apart_but_the_meeting_decides():
    found = grouped(
        meeting("2020-01-01", ["John Smith"]),
        meeting("2020-02-01", ["Jane Smith"]),
        meeting("2020-03-01", ["J Smith"]),
        meeting("2020-04-01", ["J Smith", "Jane Smith"]),
    )
    # March: both fit, so "J Smith" stays apart; April: "J Smith" is listed
    # beside Jane, so it is not Jane, and John is the one left.
    assert found["John Smith"] == ["J Smith", "John Smith"]
    assert found["Jane Smith"] == ["Jane Smith"]
    assert found["J Smith"] == ["J Smith"]


def test_two_people_with_one_surname_in_one_meeting_stay_two():
    found = grouped(meeting("2020-01-01", ["A Brown", "K Brown"], apologies=["Councillor Brown"]))
    assert found["A Brown"] == ["A Brown"] and found["K Brown"] == ["K Brown"]
    assert found["Brown"] == ["Councillor Brown"]


def test_surname_alone_joins_the_only_person_of_that_surname():
    found = grouped(meeting("2015-12-10", apologies=["County Councillor Mein"]),
                    meeting("2017-03-07", ["County Councillor Jennifer Mein"], chair="County Councillor Jennifer Mein"))
    assert found == {"Jennifer Mein": ["County Councillor Jennifer Mein", "County Councillor Mein"]}


def test_mr_never_joins_mrs():
    found = grouped(meeting("2020-01-01", ["Mrs Ann Jones"]), meeting("2020-02-01", ["Mr Jones"]))
    assert set(found) == {"Ann Jones", "Jones"}


def test_dr_is_no_sex_and_joins():
    found = grouped(meeting("2020-01-01", ["Ann Jones"]), meeting("2020-02-01", ["Dr Jones"]))
    assert found == {"Ann Jones": ["Ann Jones", "Dr Jones"]}


def test_two_names_in_one_list_are_two_people():
    found = grouped(meeting("2020-01-01", ["G Driver", "Geoff Driver"]))
    assert set(found) == {"G Driver", "Geoff Driver"}


def test_one_person_is_not_present_and_absent_at_one_meeting():
    found = grouped(meeting("2020-01-01", ["Ann Jones"], apologies=["Councillor Jones"]))
    assert set(found) == {"Ann Jones", "Jones"}


def test_evidence_names_the_form_and_why():
    found = group_people(mentions_of(meeting("2020-01-01", ["G Driver"], chair="Geoff Driver")))
    (driver,) = found
    assert driver.evidence == ["“G Driver” (2020-01-01): initial G: Geoff Driver is the only Driver who fits in this meeting"]


# -- the samples -----------------------------------------------------------


def test_driver_on_the_samples(sample_store):
    (driver,) = find_people(sample_store, "driver")
    data = driver.to_dict()
    assert data["present"] == ["2015-12-10", "2021-03-02"]
    assert data["apologies"] == ["2017-03-07"]
    assert data["chaired"] == ["2021-03-02"]


def test_mein_on_the_samples(sample_store):
    (mein,) = find_people(sample_store, "mein")
    assert (mein.name, mein.dates("apologies"), mein.dates("chair")) == ("Jennifer Mein", ["2015-12-10"], ["2017-03-07"])


def test_substitutions_on_both_people(sample_store):
    def one(name):
        (person,) = find_people(sample_store, name)
        return person.to_dict()

    assert one("beavers")["substituted_for"] == [{"date": "2021-03-02", "meeting_id": "ccpi-2021-03-02", "person": "Carl Crompton"}]
    assert one("crompton")["substituted_by"][0]["person"] == "Lorraine Beavers"
    assert one("dawson")["substituted_for"][0]["person"] == "Miles Parkinson"
    assert one("parkinson")["substituted_by"][0]["person"] == "Bernard Dawson"
    assert sorted(one("beavers")["forms"]) == ["County Councillor Lorraine Beavers", "L Beavers"]


def test_presenters_are_people_with_their_items(sample_store):
    (talbot,) = find_people(sample_store, "talbot")
    assert talbot.to_dict()["items_presented"] == ["ccpi-2017-03-07/6", "ccpi-2018-10-04/d1", "ccpi-2021-03-02/4"]
    assert talbot.kind == "officer"


def test_people_merge_precision_and_recall_on_the_samples(sample_store):
    """Pairs of printed forms put in one person, against hand labels."""
    truth = {form: person for person, forms in LABELS.items() for form in forms}
    found = {form: person.id for person in people(sample_store) for form in person.forms}
    assert set(found) == set(truth), "every labelled form is found, and no other"
    pairs = list(itertools.combinations(sorted(truth), 2))
    same_truth = {pair for pair in pairs if truth[pair[0]] == truth[pair[1]]}
    same_found = {pair for pair in pairs if found[pair[0]] == found[pair[1]]}
    precision = len(same_truth & same_found) / len(same_found)
    recall = len(same_truth & same_found) / len(same_truth)
    print(f"\npeople merges on the samples: precision {precision:.2f}, recall {recall:.2f}, {len(same_truth)} true pairs")
    assert precision == 1.0 and recall == 1.0


def test_merge_and_split_are_kept_and_undo_each_other(sample_store):
    merge_people(sample_store, "d-borrow", "b-winlow")
    (winlow,) = find_people(sample_store, "winlow")
    assert "D Borrow" in winlow.forms
    new_id = split_form(sample_store, "b-winlow", "D Borrow")
    from store.database import Store

    reopened = Store.open(sample_store.root)
    (borrow,) = find_people(reopened, "borrow")
    assert borrow.id == new_id and borrow.forms == ["D Borrow"]
    assert "D Borrow" not in find_people(reopened, "winlow")[0].forms


def test_corrections_refuse_unknown_people(sample_store):
    with pytest.raises(PeopleError, match="no person with the id 'nobody'"):
        merge_people(sample_store, "nobody", "geoff-driver")
    with pytest.raises(PeopleError, match="has no form"):
        split_form(sample_store, "geoff-driver", "Someone Else")


def test_attendance_matrix_marks(sample_store):
    table = attendance(sample_store, "ccpi")
    marks = {p.name: table.cells[p.id] for p in table.members}
    assert marks["Geoff Driver"] == {"ccpi-2015-12-10": "P", "ccpi-2017-03-07": "A", "ccpi-2021-03-02": "C"}
    assert marks["Lorraine Beavers"] == {"ccpi-2021-03-02": "S"}
    assert marks["Carl Crompton"] == {"ccpi-2021-03-02": "R"}
    assert "Donna Talbot" not in marks  # officers are not members
    later = attendance(sample_store, "ccpi", after="2017-01-01", before="2018-12-31")
    assert [mid for mid, _ in later.meetings] == ["ccpi-2017-03-07", "ccpi-2017-06-27", "ccpi-2018-10-04"]
