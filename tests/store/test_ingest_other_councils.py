"""Other councils' printed minutes: the standard ModernGov template."""

from store.database import Store
from store.importer import import_paths
from store.ingest import parse_text

MINUTES = """MINUTES of a meeting of the Planning Committee held on Tuesday, 12 March 2024 at 7.00 pm in the Council Chamber, Civic Centre

PRESENT: Councillor A Smith (Chairman), Councillors B Jones, C Brown and D White

IN ATTENDANCE: J Officer (Head of Planning) and K Clerk (Democratic Services Officer)

UNRESTRICTED ITEMS

84. Apologies (Item 1)

Apologies for absence were received from Councillor E Green.

85. Declarations of Interest (Item 2)

There were none.

86. Minutes (Item 3)

RESOLVED: That the minutes of the meeting held on 13 February 2024 be approved as a correct record.

87. Land at Example Farm (Item 4)

The Committee considered the report of the Head of Planning.

RESOLVED: That planning permission be granted.

EXEMPT ITEMS

88. Exclusion of the Press and Public (Item 5)

RESOLVED: That the press and public be excluded.
"""

AGENDA = """Agenda and minutes

Planning Committee - Tuesday, 12th March, 2024 7.00 pm

Venue: Council Chamber, Civic Centre

Items
No. Item

1.

Apologies

2.

Declarations of Interest

3.

Minutes pdf icon PDF 90 KB

4.

Land at Example Farm pdf icon PDF 1 MB

To consider the application for outline permission.

5.

Exclusion of the Press and Public
"""


def test_the_template_is_read():
    document = parse_text(MINUTES)
    meeting = document.meeting
    assert (document.committee, meeting.date, meeting.time) == ("Planning Committee", "2024-03-12", "19:00")
    assert meeting.chair == "Councillor A Smith"
    assert meeting.present == [
        "Councillor A Smith", "Councillor B Jones", "Councillor C Brown", "Councillor D White"
    ]
    assert meeting.officers == ["J Officer (Head of Planning)", "K Clerk (Democratic Services Officer)"]
    assert meeting.apologies == ["Councillor E Green"]
    assert [(i.number, i.agenda_number, i.title, i.standing) for i in document.items] == [
        ("84", "1", "Apologies", "apologies"),
        ("85", "2", "Declarations of Interest", "declarations"),
        ("86", "3", "Minutes", "previous-minutes"),
        ("87", "4", "Land at Example Farm", None),
        ("88", "5", "Exclusion of the Press and Public", "exclusion"),
    ]
    text = " ".join(item.plain_text() for item in document.items)
    assert "EXEMPT ITEMS" not in text and "UNRESTRICTED" not in text


def test_minutes_match_the_agenda_page_by_agenda_number(tmp_path):
    for order in (("m", "a"), ("a", "m")):
        store = Store(tmp_path / "".join(order))
        for name in order:
            path = tmp_path / f"{name}.txt"
            path.write_text(MINUTES if name == "m" else AGENDA)
            import_paths(store, [path])
        (meeting,) = store.meetings()
        summaries = store.summaries(meeting.id)
        assert [(s.id.rsplit("/")[1], s.number, s.title) for s in summaries] == [
            ("1", "84", "Apologies"),
            ("2", "85", "Declarations of Interest"),
            ("3", "86", "Minutes"),
            ("4", "87", "Land at Example Farm"),
            ("5", "88", "Exclusion of the Press and Public"),
        ]
        item = store.item(f"{meeting.id}/4")
        assert "outline permission" in item.plain_text()
        assert "planning permission be granted" in item.plain_text()
