"""The shapes real pages take: heading words, link residue, committee names."""

import pytest

from store.database import Store
from store.importer import import_paths
from store.ingest import parse_text
from store.ingest.committees import committee_name, same_committee
from store.ingest.links import strip_link, title_references

CCPI = "Cabinet Committee on Performance Improvement"


def agenda_page(heading: str, items: str = "") -> str:
    """An "Agenda and minutes" page in ModernGov's shape under ``heading``."""
    body = items or (
        "1.\n\nApologies for Absence\n\nMinutes:\n\nNone were received.\n\n"
        "2.\n\nQuarterly Performance Report pdf icon PDF 77 KB\n\n"
        "Minutes:\n\nResolved: That the report be noted.\n"
    )
    return f"Agenda and minutes\n\n{heading}\n\nVenue: Virtual Meeting\n\nItems\nNo. Item\n\n{body}"


@pytest.mark.parametrize(
    "title, clean",
    [
        ("Quarterly Performance Report pdf icon PDF 77 KB", "Quarterly Performance Report"),
        ("Quarterly Performance Report pdf ic", "Quarterly Performance Report"),
        ("Quarterly Performance Report pdf icon", "Quarterly Performance Report"),
        ("Quarterly Performance Report pdf icon PDF 1", "Quarterly Performance Report"),
        ("Urgent Business View the reasons why item 6 was urgent", "Urgent Business"),
        ("Budget View the background to item 5.", "Budget"),
        ("Updating the PDF icon guidance", "Updating the PDF icon guidance"),
    ],
)
def test_link_residue_leaves_titles(title, clean):
    assert strip_link(title) == clean


def test_link_residue_is_kept_as_links():
    title, links = title_references("Urgent Business View the reasons why item 6 was urgent")
    assert title == "Urgent Business"
    assert [link.text for link in links] == ["View the reasons why item 6 was urgent"]
    title, links = title_references("Budget Report pdf ic")
    assert (title, [link.text for link in links]) == ("Budget Report", ["Budget Report"])


def test_a_view_link_line_under_a_title_becomes_a_link():
    items = (
        "1.\n\nUrgent Business\n\nView the reasons why item 1 was urgent\n\n"
        "Minutes:\n\nThere was no urgent business.\n"
    )
    document = parse_text(agenda_page(f"{CCPI} - Thursday, 10th September, 2020 2.00 pm", items))
    (item,) = document.items
    assert item.title == "Urgent Business" and item.standing == "urgent-business"
    assert "View the reasons" not in item.plain_text()
    assert [ref.text for ref in item.references] == ["View the reasons why item 1 was urgent"]


@pytest.mark.parametrize(
    "heading",
    [
        f"Virtual meeting, {CCPI} - Thursday, 10th September, 2020 2.00 pm",
        f"Extraordinary meeting, {CCPI} - Thursday, 10th September, 2020 2.00 pm",
        f"{CCPI} (rescheduled) - Thursday, 10th September, 2020 2.00 pm",
        f"{CCPI} - Thursday, 10th September, 2020 2.00 pm (rescheduled)",
        f"Agenda and draft minutes - {CCPI} - Thursday, 10th September, 2020 2.00 pm",
        f"Agenda for {CCPI} on Thursday, 10th September, 2020, 2.00 pm",
    ],
)
def test_meeting_words_around_a_heading_are_not_the_committee(heading):
    document = parse_text(agenda_page(heading))
    assert document.committee == CCPI
    assert (document.meeting.date, document.meeting.time) == ("2020-09-10", "14:00")
    assert [item.title for item in document.items] == [
        "Apologies for Absence", "Quarterly Performance Report"
    ]


@pytest.mark.parametrize(
    "printed, name",
    [
        ("Virtual meeting, Audit Committee", "Audit Committee"),
        ("Special meeting of the Cabinet", "Cabinet"),
        ("Audit Committee - Extraordinary meeting", "Audit Committee"),
        ("Audit Committee (Rescheduled)", "Audit Committee"),
        ("Special Educational Needs Panel", "Special Educational Needs Panel"),
    ],
)
def test_committee_name(printed, name):
    assert committee_name(printed) == name


def test_committee_aliases():
    assert same_committee("CCPI", CCPI)
    assert same_committee(f"The {CCPI} (CCPI)", "CCPI")
    assert same_committee("Scrutiny & Audit", "scrutiny and audit")
    assert not same_committee("Audit Committee", "Planning Committee")
    assert not same_committee("PC", "Audit Committee")
    assert not same_committee("ACX", "Audit Committee")


def test_prefixes_and_aliases_make_one_committee(tmp_path):
    headings = [
        f"Virtual meeting, {CCPI} - Thursday, 10th September, 2020 2.00 pm",
        f"Extraordinary meeting, {CCPI} - Monday, 5th October, 2020 10.00 am",
        "CCPI - Tuesday, 3rd November, 2020 2.00 pm",
        f"{CCPI} (CCPI) - Wednesday, 2nd December, 2020 2.00 pm",
    ]
    for n, heading in enumerate(headings):
        (tmp_path / f"page{n}.txt").write_text(agenda_page(heading))
    store = Store(tmp_path / "store.json")
    results = import_paths(store, [tmp_path / f"page{n}.txt" for n in range(4)])
    assert [result.status for result in results] == ["imported"] * 4
    assert {meeting.committee_id for meeting in store.meetings()} == {"ccpi"}
