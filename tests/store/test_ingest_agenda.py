"""'Agenda and minutes' web pages saved as text."""


from store.ingest import parse_document

PAGE = """Agenda and minutes

Example Committee - Tuesday, 3rd May, 2021 2.00 pm

Venue: Committee Room 'A', County Hall, Preston. View directions

Contact: A Officer  Tel: 01234 567890

This meeting will be webcast live and may be filmed by members of the public.

Items
No. Item

1.

Apologies for Absence

Minutes:

Apologies were received from County Councillor D Other.

2.

Minutes of the Meeting held on 2nd February 2021 pdf icon PDF 120 KB

Minutes:

Resolved: That the minutes be confirmed and signed by the Chair.

3.

Budget Monitoring Report pdf icon PDF 205 KB

To consider the position at quarter 4.

Please note that this item will be webcast.

Additional documents:

Appendix A pdf icon PDF 88 KB
Appendix B pdf icon PDF 1.2 MB

Minutes:

Jane Example, Head of Finance, presented the report.

Resolved: That the report be noted.

4.

Date of Next Meeting

Minutes:

The next meeting will be held on 27 June at 2pm.
"""


def parse(text: str):
    return parse_document(text.encode("utf-8"))


def test_agenda_page_meeting():
    document = parse(PAGE)
    assert document.shape == "agenda"
    assert document.committee == "Example Committee"
    meeting = document.meeting
    assert (meeting.date, meeting.time) == ("2021-05-03", "14:00")
    assert meeting.venue == "Committee Room 'A', County Hall, Preston"
    assert meeting.apologies == ["County Councillor D Other"]
    assert meeting.next_meeting == "2021-06-27"
    assert meeting.holds == ["agenda"]
    assert document.warnings == []


def test_agenda_items_titles_links_and_parts():
    items = parse(PAGE).items
    assert [(i.number, i.title) for i in items] == [
        ("1", "Apologies for Absence"),
        ("2", "Minutes of the Meeting held on 2nd February 2021"),
        ("3", "Budget Monitoring Report"),
        ("4", "Date of Next Meeting"),
    ]
    assert [(r.kind, r.date) for r in items[1].references] == [
        ("document", None), ("previous-minutes", "2021-02-02"),
    ]
    budget = items[2]
    assert [r.text for r in budget.references] == [
        "Budget Monitoring Report", "Appendix A", "Appendix B",
    ]
    assert [(b.kind, b.text) for b in budget.blocks] == [
        ("paragraph", "To consider the position at quarter 4."),
        ("heading", "Minutes"),
        ("paragraph", "Jane Example, Head of Finance, presented the report."),
        ("resolution", "That the report be noted."),
    ]
    assert budget.presenters == ["Jane Example"]
    assert "pdf icon" not in " ".join(i.plain_text() for i in items)
    assert "webcast" not in " ".join(i.plain_text() for i in items)


def test_older_page_without_minutes_label_and_slash_numbers():
    page = """Agenda and minutes

Example Committee - Monday, 5th July, 2021 10.00 am

Items
No. Item

77/21

Declarations of Interest

None were declared.

78/21

Urgent Business

There was no urgent business.
"""
    document = parse(page)
    assert [(i.number, i.standing) for i in document.items] == [
        ("77/21", "declarations"), ("78/21", "urgent-business"),
    ]
    assert [b.kind for b in document.items[0].blocks] == ["paragraph"]
    assert document.meeting.venue is None
    assert document.meeting.time == "10:00"


def test_agenda_page_without_a_dated_heading_leaves_committee_and_date_to_the_importer():
    page = PAGE.replace("Tuesday, 3rd May, 2021 2.00 pm", "Tuesday")
    document = parse(page)
    assert (document.committee, document.meeting.date) == ("", "")
    assert document.items[0].title == "Apologies for Absence"
