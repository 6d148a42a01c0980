"""Attendance written as sentences: people in the fields, never sentences."""

import pytest

from store.ingest import parse_text
from store.ingest.people import apologies_in, chair_in, read_attendance
from store.models import Substitution

MINUTES = """Lancashire County Council

Audit Committee
Minutes of the Meeting held on Monday, 3rd May, 2021 at 2.00 pm in Committee Room 'A', County Hall, Preston
Present:

County Councillors

A Sample
B Person
County Councillor C Brown replaced County Councillor D Green for this meeting.
Apologies for absence were received from County Councillor E White and County Councillor D Green.

<AI1>
1.
Apologies for Absence

Apologies were received from County Councillor F Black, who was unwell.
County Councillor B Person took the Chair for this meeting.
</AI1>
<AI2>
2.
Disclosure of Pecuniary and Non-Pecuniary Interests

None were disclosed.
</AI2>
"""


def test_sentences_in_the_header_and_apologies_item_become_people():
    meeting = parse_text(MINUTES).meeting
    assert meeting.present == ["A Sample", "B Person"]
    assert meeting.apologies == [
        "County Councillor E White", "County Councillor D Green", "County Councillor F Black"
    ]
    assert meeting.substitutions == [
        Substitution("County Councillor C Brown", "County Councillor D Green")
    ]
    assert meeting.chair == "County Councillor B Person"
    fields = [*meeting.present, *meeting.apologies, meeting.chair]
    assert not any(word in name for name in fields for word in ("received", "replaced", "Chair"))


@pytest.mark.parametrize(
    "sentence, names",
    [
        ("Apologies for absence were received from County Councillors A Smith and B Jones.",
         ["County Councillor A Smith", "County Councillor B Jones"]),
        ("It was confirmed that there were no apologies.", []),
        ("There were no apologies for absence.", []),
        ("Apologies were received from County Councillor A Smith, who was unwell.",
         ["County Councillor A Smith"]),
        ("Apologies were received from Councillor A Smith (Chair) and Mrs J Doe (Co-opted Member).",
         ["Councillor A Smith", "Mrs J Doe"]),
    ],
)
def test_apologies_sentences(sentence, names):
    assert apologies_in(sentence) == names


@pytest.mark.parametrize(
    "sentence, chair",
    [
        ("County Councillor E Green took the Chair for this meeting.", "County Councillor E Green"),
        ("Councillor P Jones (in the Chair)", "Councillor P Jones"),
        ("It was noted that County Councillor A Smith was elected Chair for the meeting.",
         "County Councillor A Smith"),
        ("The committee noted the report.", None),
    ],
)
def test_who_took_the_chair(sentence, chair):
    assert chair_in(sentence) == chair


def test_a_no_apologies_sentence_in_the_header_adds_nobody():
    found = read_attendance(
        ["Present:", "Councillor A Sample (in the Chair)", "It was confirmed that there were no apologies."]
    )
    assert (found.chair, found.present, found.apologies) == (
        "Councillor A Sample", ["Councillor A Sample"], []
    )
