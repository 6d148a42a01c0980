"""Small documents written here: what must not link, and what must.

Two meetings of a made-up committee, each with an "Update" about a different
service, a "Performance Report" on a different service and a "Report of the
Director" of a different directorate: none of those may share a thread or be
related. The quarterly highways maintenance report in both is the control:
it must link, so the test fails if nothing links at all.
"""

from datetime import date

import pytest

from store.database import Store
from store.importer import import_paths
from store.topics import thread_view

COMMITTEE = "Highways and Community Services Committee"


def minutes_text(day: str, items: list[tuple[str, str]], committee: str = COMMITTEE) -> str:
    """Printed minutes in the ModernGov text-export shape."""
    when = date.fromisoformat(day)
    lines = [
        "Lancashire County Council",
        "",
        committee,
        f"Minutes of the Meeting held on {when:%A}, {when.day}th {when:%B}, {when.year} at 10.00 am "
        "in Committee Room 'A', County Hall, Preston",
        "Present:",
        "",
        "County Councillor A Example (Chair)",
        "",
    ]
    for number, (title, text) in enumerate(items, start=1):
        lines += [f"<AI{number}>", "", f"\t{number}.  ", f"\t{title}", "", "", text, "", f"</AI{number}>", ""]
    return "\n".join(lines)


JANUARY = [
    ("Apologies for Absence", "Apologies were received from County Councillor B Sample."),
    (
        "Update",
        "Ann Roads, Head of Highways, attended and presented an update on pothole repairs. "
        "Carriageway defects reported by the public had risen after the frost, and the winter "
        "gritting fleet had treated the priority routes every night since November.\n\n"
        "Resolved: That the update be noted.",
    ),
    (
        "Performance Report - Adult Services",
        "Carl Care, Director of Adult Services, presented the performance of adult social care: "
        "reablement after hospital discharge, admissions of older people to residential care "
        "homes, domiciliary care hours and direct payments for carers.\n\n"
        "Resolved: That the report be noted.",
    ),
    (
        "Report of the Director of Adult Services",
        "The Director reported on the dementia strategy, the extra care housing schemes in "
        "Fleetwood and the recruitment of occupational therapists.\n\n"
        "Resolved: That the report be noted.",
    ),
    (
        "Highways Maintenance Report - Quarter 3 2018/19",
        "Ann Roads presented the quarterly highways maintenance figures: carriageway defects "
        "repaired within 20 working days, street lighting faults and the resurfacing programme.\n\n"
        "Resolved: That the report be noted.",
    ),
    ("Date of Next Meeting", "The next meeting will be held on 11 April 2019."),
]

APRIL = [
    ("Apologies for Absence", "None."),
    ("Minutes of the Meeting held on 10 January 2019", "Resolved: That the minutes be agreed."),
    (
        "Update",
        "Lyn Books, Head of Libraries, attended and presented an update on library opening "
        "hours. Mobile library routes were being redrawn, and e-book loans had doubled since "
        "the summer reading challenge.\n\nResolved: That the update be noted.",
    ),
    (
        "Performance Report - Waste Services",
        "Wes Bins, Head of Waste, presented the performance of waste services: household "
        "recycling rates, the household waste recycling centres' booking system, landfill "
        "diversion and fly-tipping enforcement.\n\nResolved: That the report be noted.",
    ),
    (
        "Report of the Director of Children's Services",
        "The Director reported on school admissions appeals, the fostering recruitment campaign "
        "and Ofsted's focused visit to the front door.\n\nResolved: That the report be noted.",
    ),
    (
        "Staff Recognition Awards",
        "The Chair presented the county's staff awards for the year.\n\n"
        "Highways Maintenance\n\n"
        "The long service award went to the mobile library drivers, and the apprentice of the "
        "year was named at the awards dinner in the Guild Hall.\n\n"
        "Resolved: That the awards be noted.",
    ),
    (
        "Highways Maintenance Report - Quarter 4 2018/19",
        "Ann Roads presented the highways maintenance figures for the last quarter: carriageway "
        "defects repaired, street lighting faults and the resurfacing programme's year end.\n\n"
        "Resolved: That the report be noted.",
    ),
]


@pytest.fixture
def store(tmp_path):
    store = Store.open(tmp_path / "store")
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "january.txt").write_text(minutes_text("2019-01-10", JANUARY), encoding="utf-8")
    (folder / "april.txt").write_text(minutes_text("2019-04-11", APRIL), encoding="utf-8")
    results = import_paths(store, [folder])
    assert all(result.ok for result in results), [result.message for result in results]
    return store


def item_titled(store, day, title):
    meeting = next(m for m in store.meetings() if m.date == day)
    return next(s.id for s in store.summaries(meeting.id) if s.title == title)


def linked(store, a, b):
    view = thread_view(store, a)
    return b in {link.id for link in [*view.thread, *view.related]}


@pytest.mark.parametrize(
    ("january", "april"),
    [
        ("Update", "Update"),
        ("Performance Report - Adult Services", "Performance Report - Waste Services"),
        ("Report of the Director of Adult Services", "Report of the Director of Children's Services"),
    ],
)
def test_items_on_different_services_do_not_link(store, january, april):
    a = item_titled(store, "2019-01-10", january)
    b = item_titled(store, "2019-04-11", april)
    assert not linked(store, a, b)
    assert not linked(store, b, a)


def test_the_recurring_maintenance_report_links(store):
    a = item_titled(store, "2019-01-10", "Highways Maintenance Report - Quarter 3 2018/19")
    b = item_titled(store, "2019-04-11", "Highways Maintenance Report - Quarter 4 2018/19")
    view = thread_view(store, a)
    assert [link.id for link in view.thread] == [a, b]
    assert view.thread[1].reason == "same title once the quarter is removed"


def test_references_between_the_two_meetings_resolve(store):
    january = next(m for m in store.meetings() if m.date == "2019-01-10")
    april = next(m for m in store.meetings() if m.date == "2019-04-11")
    [previous] = thread_view(store, item_titled(store, "2019-04-11", APRIL[1][0])).references
    assert (previous.kind, previous.target) == ("previous-minutes", january.id)
    [following] = thread_view(store, item_titled(store, "2019-01-10", "Date of Next Meeting")).references
    assert (following.kind, following.target) == ("next-meeting", april.id)


def test_a_section_named_like_a_thread_but_about_something_else_is_not_related(store):
    awards = item_titled(store, "2019-04-11", "Staff Recognition Awards")
    assert "Highways Maintenance" in [b.text for b in store.item(awards).blocks if b.kind == "heading"]
    maintenance = item_titled(store, "2019-01-10", "Highways Maintenance Report - Quarter 3 2018/19")
    assert not thread_view(store, awards).related
    assert awards not in {link.id for link in thread_view(store, maintenance).related}


def test_each_item_stays_alone_but_the_control(store):
    sizes = sorted(len(thread_view(store, s.id).thread) for s in store.all_summaries() if s.standing is None)
    assert sizes == [1, 1, 1, 1, 1, 1, 1, 2, 2]


GENERIC_REPORT = (
    "Scrutiny Work Programme 2019/20",
    "The Committee considered its work programme for the year.\n\nResolved: That the work "
    "programme be agreed.",
)


def test_a_thread_follows_its_topic_within_one_committee(tmp_path):
    folder = tmp_path / "documents"
    folder.mkdir()
    documents = {
        "adults-june.txt": ("2019-06-03", "Adult Services Scrutiny Committee"),
        "adults-september.txt": ("2019-09-02", "Adult Services Scrutiny Committee"),
        "waste-june.txt": ("2019-06-05", "Waste and Recycling Committee"),
    }
    for name, (day, committee) in documents.items():
        (folder / name).write_text(minutes_text(day, [GENERIC_REPORT], committee), encoding="utf-8")
    store = Store.open(tmp_path / "store")
    assert all(result.ok for result in import_paths(store, [folder]))
    ids = {m.date: f"{m.id}/1" for m in store.meetings()}
    assert [link.id for link in thread_view(store, ids["2019-06-03"]).thread] == [
        ids["2019-06-03"],
        ids["2019-09-02"],
    ]
    assert [link.id for link in thread_view(store, ids["2019-06-05"]).thread] == [ids["2019-06-05"]]


CHAIN = [
    (
        "2019-01-10",
        "Rossendale Valley Rail Link",
        "Ann Roads presented the case for reopening the Rossendale Valley rail line to passengers, "
        "with stations at Rawtenstall and Bacup.\n\nResolved: That the report be noted.",
    ),
    (
        "2019-04-11",
        "Rossendale Valley Rail Link Funding",
        "Ann Roads reported that the Rossendale Valley rail reopening had been shortlisted for "
        "funding, with stations at Rawtenstall and Bacup.\n\nResolved: That the report be noted.",
    ),
    (
        "2019-07-11",
        "Rossendale Valley Rail Link Funding Bid Appraisal",
        "Carl Care explained how appraisal panels score bids in general: weighting, moderation "
        "and the conflict of interest register.\n\nResolved: That the report be noted.",
    ),
]


def test_a_title_alike_only_to_a_variant_does_not_join_on_its_own(tmp_path):
    """Each variant of a title must not let in the next: the third title is
    alike to the second, not to the first, and its text shares nothing."""
    folder = tmp_path / "documents"
    folder.mkdir()
    for day, title, text in CHAIN:
        (folder / f"{day}.txt").write_text(minutes_text(day, [(title, text)]), encoding="utf-8")
    store = Store.open(tmp_path / "store")
    assert all(result.ok for result in import_paths(store, [folder]))
    ids = {m.date: f"{m.id}/1" for m in store.meetings()}
    assert [link.id for link in thread_view(store, ids["2019-01-10"]).thread] == [
        ids["2019-01-10"],
        ids["2019-04-11"],
    ]
    assert [link.id for link in thread_view(store, ids["2019-07-11"]).thread] == [ids["2019-07-11"]]
