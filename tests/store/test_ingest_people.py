"""Attendance, apologies, substitutions, officers and presenters."""

from store.ingest.blocks import parse_blocks
from store.ingest.people import (
    apologies_in,
    presenters_in,
    read_attendance,
    substitutions_in,
)
from store.models import Substitution


def test_attendance_block_with_chair_heading_tabs_and_honours():
    found = read_attendance(
        [
            "Present:", "", "County Councillor Geoff Driver CBE (Chair)", "County Councillors", "",
            "\tK\u00a0 Iddon", "", "B  Dawson\t MBE", "A Vice (Vice-Chair)",
        ]
    )
    assert found.chair == "County Councillor Geoff Driver CBE"
    assert found.present == [
        "County Councillor Geoff Driver CBE", "K Iddon", "B Dawson MBE", "A Vice",
    ]


def test_attendance_sections_for_apologies_and_officers():
    found = read_attendance(
        [
            "Present: Councillors A Smith (Chair), B Jones and C Brown",
            "Apologies: Councillor D Away",
            "Officers in attendance:", "E Officer (Clerk)",
        ]
    )
    assert found.chair == "Councillor A Smith"
    assert found.present == ["Councillor A Smith", "Councillor B Jones", "Councillor C Brown"]
    assert found.apologies == ["Councillor D Away"]
    assert found.officers == ["E Officer (Clerk)"]


def test_apologies_sentences():
    assert apologies_in("Apologies for absence were received from County Councillor Mein.") == [
        "County Councillor Mein"
    ]
    several = "Apologies were received from County Councillors A Smith, B Jones and C Brown."
    assert apologies_in(several) == [
        "County Councillor A Smith", "County Councillor B Jones", "County Councillor C Brown",
    ]
    assert apologies_in("There were no apologies.") == []
    assert apologies_in("County Councillor X replaced County Councillor Y at this meeting.") == []


def test_substitutions():
    text = (
        "County Councillor Lorraine Beavers replaced County Councillor Carl Crompton at this"
        " meeting.\n\n"
        "It was noted that Councillor A Smith attended in place of Councillor B Jones."
    )
    assert substitutions_in(text) == [
        Substitution("County Councillor Lorraine Beavers", "County Councillor Carl Crompton"),
        Substitution("Councillor A Smith", "Councillor B Jones"),
    ]


def presenters(text: str) -> list[str]:
    return presenters_in(parse_blocks(text.split("\n")))


def test_presenter_forms():
    assert presenters(
        "Bob Stott, Director of Children's Services attended and presented a report on X."
    ) == ["Bob Stott"]
    assert presenters(
        "A report was presented by Donna Talbot – Head of Business Intelligence, on X."
    ) == ["Donna Talbot"]
    assert presenters(
        "Sarah Jenkins, Head of Service – Customer Access, provided members with a summary."
    ) == ["Sarah Jenkins"]
    assert presenters(
        "Sally Allen, Head of Safeguarding, Inspection and Audit, reported that X."
    ) == ["Sally Allen"]
    assert presenters("Jo de Souza, Head of Legal, introduced the item.") == ["Jo de Souza"]


def test_sentences_that_are_not_presenters():
    for text in [
        "In relation to overall performance, it was reported that emails rose.",
        "Blue Badge Scheme – amendments made to the process were reported.",
        "County Councillor Iddon wished to thank the Highways Teams.",
        "The Cabinet Committee noted the highlights, and the report was presented.",
        "CR27 – mobilisation of the homecare framework was reported.",
    ]:
        assert presenters(text) == [], text


def test_officer_list_presenters_only_when_they_presented():
    presented = (
        "The following officers attended the meeting and provided updates:\n\n"
        "· Tony Pounder – Director of Adult Services\n· Dave Carr - Head of Service"
    )
    assert presenters(presented) == ["Tony Pounder", "Dave Carr"]
    welcomed = (
        "Chair welcomed the following speakers to the meeting:\n\n"
        "Paul Bond, Head of Service\n\nSarah Jenkins, Head of Service"
    )
    assert presenters(welcomed) == []
