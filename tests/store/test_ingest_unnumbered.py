"""Older agenda pages: items with no numbers and no "Minutes:" label."""

from store.database import Store
from store.importer import import_paths
from store.ingest import parse_text

PAGE = """Agenda and minutes

Cabinet Committee on Performance Improvement - Thursday, 10th December, 2015 10.00 am

Venue: Cabinet Room 'B', County Hall, Preston

Contact: A Officer  Tel: 01234 567890

Apologies for Absence

Apologies were received from County Councillor A Example.

Disclosure of Pecuniary and Non-Pecuniary Interests

None were disclosed.

Minutes of the Meeting held on 1st October 2015 pdf icon PDF 120 KB

Resolved: That the minutes be confirmed and signed by the Chair.

Quarterly Corporate Performance Monitoring Report pdf icon PDF 310 KB

Jane Example, Head of Business Intelligence, presented the report.

Highways

Members asked about the time taken to repair potholes.

Resolved: That the report be noted.

Customer Access Strategy

Bob Example, Director of Customer Access, gave an update.

Resolved: That the update be noted.

Urgent Business

There was no urgent business.

Date of Next Meeting

It was noted that the next meeting would be held on 3 March 2016 at 2.00 pm.
"""

TITLES = [
    ("Apologies for Absence", "apologies"),
    ("Disclosure of Pecuniary and Non-Pecuniary Interests", "declarations"),
    ("Minutes of the Meeting held on 1st October 2015", "previous-minutes"),
    ("Quarterly Corporate Performance Monitoring Report", None),
    ("Customer Access Strategy", None),
    ("Urgent Business", "urgent-business"),
    ("Date of Next Meeting", "next-meeting"),
]


def test_items_are_found_by_their_titles_in_order():
    document = parse_text(PAGE)
    assert [(item.title, item.standing) for item in document.items] == TITLES
    assert [item.order for item in document.items] == list(range(1, 8))
    assert {item.number for item in document.items} == {""}
    report = document.items[3]
    assert "potholes" in report.plain_text()  # a sub-heading stays inside its item
    assert report.presenters == ["Jane Example"]
    assert document.meeting.apologies == ["County Councillor A Example"]
    assert document.meeting.next_meeting == "2016-03-03"


PRINTED = """Cabinet Committee on Performance Improvement
Minutes of the Meeting held on Thursday, 10th December, 2015 at 10.00 am in Cabinet Room 'B'

Present:

County Councillor B Sample (Chair)

<AI1>
1.
Apologies for Absence

Apologies were received from County Councillor A Example.
</AI1>
<AI2>
2.
Customer Access Strategy

The Committee asked about call waiting times.
</AI2>
"""


def test_unnumbered_items_merge_with_the_printed_minutes_by_title(tmp_path):
    for order in (("page", "printed"), ("printed", "page")):
        store = Store(tmp_path / "-".join(order))
        for name in order:
            path = tmp_path / f"{name}.txt"
            path.write_text(PAGE if name == "page" else PRINTED)
            import_paths(store, [path])
        (meeting,) = store.meetings()
        summaries = store.summaries(meeting.id)
        assert [s.title for s in summaries] == [title for title, _ in TITLES]
        (strategy,) = [s for s in summaries if s.title == "Customer Access Strategy"]
        text = store.item(strategy.id).plain_text()
        assert "gave an update." in text and "call waiting times" in text
