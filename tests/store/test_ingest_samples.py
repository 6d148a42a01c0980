"""The five shipped samples parse into what a clerk would read in them."""

from pathlib import Path

import pytest

from store.ingest import parse_document
from store.models import Substitution

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def parse(prefix: str):
    (path,) = SAMPLES.glob(f"{prefix}_*.txt")
    return parse_document(path.read_bytes(), path.name)


@pytest.fixture(scope="module")
def minutes_2015():
    return parse("000")


@pytest.fixture(scope="module")
def report_2017():
    return parse("001")


@pytest.fixture(scope="module")
def minutes_2021():
    return parse("002")


@pytest.fixture(scope="module")
def minutes_2017():
    return parse("003")


@pytest.fixture(scope="module")
def decision_2018():
    return parse("004")


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_samples_parse_without_warnings(prefix):
    document = parse(prefix)
    assert document.warnings == []
    assert document.meeting.holds == [document.shape]
    assert [item.order for item in document.items] == list(range(1, len(document.items) + 1))
    assert all(item.shape == document.shape for item in document.items)
    assert all(item.id == "" and item.meeting_id == "" for item in document.items)
    assert document.meeting.id == "" and document.meeting.sources == []


def test_000_header(minutes_2015):
    meeting = minutes_2015.meeting
    assert minutes_2015.shape == "minutes"
    assert minutes_2015.committee == "Cabinet Committee on Performance Improvement"
    assert meeting.committee == minutes_2015.committee
    assert (meeting.date, meeting.time) == ("2015-12-10", "10:00")
    assert meeting.venue == "Cabinet Room 'B' - The Diamond Jubilee Room, County Hall, Preston"
    assert meeting.chair is None
    assert meeting.present == ["D Borrow", "B Winlow", "G Driver", "M Tomlinson", "T Martin"]
    assert meeting.apologies == ["County Councillor Mein"]


def test_000_items(minutes_2015):
    items = minutes_2015.items
    assert len(items) == 11
    assert [item.number for item in items] == [str(n) for n in range(1, 12)]
    assert items[3].title == (
        "Report on the 2015 Ofsted Inspection of Services for Children in Need of Help and"
        " Protection, Children Looked After and Care Leavers"
    )
    assert [item.standing for item in items] == [
        "apologies", "declarations", "previous-minutes", None, None, None, None, None, None,
        "urgent-business", "next-meeting",
    ]


def test_000_item_4_resolution_has_two_clauses(minutes_2015):
    item = minutes_2015.items[3]
    (resolution,) = [block for block in item.blocks if block.kind == "resolution"]
    assert resolution.text == "That:"
    assert len(resolution.items) == 2
    assert resolution.items[0].startswith("the report now presented")
    assert not resolution.items[0].startswith("(i)")
    assert "Bob Stott" in item.presenters


def test_000_item_4_bullets_keep_their_judgements(minutes_2015):
    item = minutes_2015.items[3]
    first = next(block for block in item.blocks if block.kind == "bullets")
    assert first.items[0] == "Children who need help and protection inadequate"
    assert first.items[1] == "Children looked after and achieving permanence requires improvement"
    assert len(first.items) == 5


def test_000_references(minutes_2015):
    (previous,) = minutes_2015.items[2].references
    assert (previous.kind, previous.date) == ("previous-minutes", "2015-10-05")
    (following,) = minutes_2015.items[10].references
    assert (following.kind, following.date) == ("next-meeting", "2016-02-01")
    assert "Monday 1 February 2016" in following.text
    assert minutes_2015.meeting.next_meeting == "2016-02-01"


def test_000_item_5_text(minutes_2015):
    assert "crash bed" in minutes_2015.items[4].plain_text()
    assert minutes_2015.items[4].presenters == ["Bob Stott"]


def test_000_presenters_of_joint_report(minutes_2015):
    assert minutes_2015.items[7].presenters == ["Lisa Kitto", "Mark Mayer"]
    assert minutes_2015.items[5].presenters == ["Michael Walder"]


def test_001_report_front_matter(report_2017):
    assert report_2017.shape == "report"
    assert report_2017.committee == "Cabinet Committee on Performance Improvement"
    assert report_2017.meeting.date == "2017-06-27"
    (item,) = report_2017.items
    title = "Quarterly Corporate Performance Monitoring Report – Quarter 4 2016/17"
    assert (item.number, item.order, item.title) == ("", 1, title)
    assert report_2017.title == title
    assert item.blocks[0].text == "(Appendices 'A' and 'B' refer)"
    info = item.report
    assert info.author == "Chief Executive"
    assert info.part == "Part I"
    assert info.divisions == "All"
    assert info.contact.startswith("Michael Walder, 01772 533637")


def test_001_sections_and_appendices(report_2017):
    item = report_2017.items[0]
    info = item.report
    assert info.sections[:3] == ["Executive Summary", "Recommendation", "Background and Advice"]
    assert "List of Background Papers" in info.sections
    assert info.appendices == [
        "Appendix A – Financial Summary",
        "Appendix B – Ofsted Post Inspection Update",
    ]
    headings = [(block.level, block.text) for block in item.blocks if block.kind == "heading"]
    appendix_b = headings.index((1, "Ofsted Post Inspection Update"))
    assert headings[appendix_b - 2 : appendix_b] == [(1, "APPENDIX A"), (2, "Financial Summary")]
    assert (2, "Background and Advice") in headings[appendix_b:]


def test_001_background_papers(report_2017):
    item = report_2017.items[0]
    papers = item.report.background_papers
    assert [paper.date for paper in papers] == ["2016-12-05", "2016-10-25", "2017-03-07"]
    assert papers[0].date_text == "5 December 2016"
    assert papers[0].contact == "Michael Walder, Business Intelligence Team, 01772 533637"
    references = [ref for ref in item.references if ref.kind == "background-paper"]
    assert [ref.date for ref in references] == ["2016-12-05", "2016-10-25", "2017-03-07"]
    tables = [block for block in item.blocks if block.kind == "table"]
    assert tables[0].rows[0] == ["Paper", "Date", "Contact/Directorate/Tel"]
    assert len(tables[0].rows) == 4


def test_001_financial_table_keeps_units_row(report_2017):
    tables = [block for block in report_2017.items[0].blocks if block.kind == "table"]
    finance = tables[1]
    assert finance.rows[0][:2] == ["Ref", "Service Area"]
    assert finance.rows[1] == ["", "", "£m", "£m", "£m", "%"]
    assert finance.rows[-1] == ["", "TOTAL", "713.020", "693.479", "-19.542", "-3%"]
    assert len(finance.rows) == 10
    assert all(len(row) == 6 for row in finance.rows)


def test_001_page_break_run_ons_are_joined(report_2017):
    text = report_2017.items[0].plain_text()
    assert "requests for social care assessments, which is a concern" in text
    assert "Since being established on 20 February 2017, the team has undertaken" in text


def test_002_header(minutes_2021):
    meeting = minutes_2021.meeting
    assert (meeting.date, meeting.time, meeting.venue) == ("2021-03-02", "14:00", "Virtual Meeting")
    assert meeting.chair == "County Councillor Geoff Driver CBE"
    assert meeting.present[0] == meeting.chair
    assert "County Councillors" not in meeting.present
    assert meeting.present[-1] == "B Dawson MBE"
    assert len(meeting.present) == 10
    assert meeting.apologies == []


def test_002_substitutions_and_next_meeting(minutes_2021):
    meeting = minutes_2021.meeting
    assert meeting.substitutions == [
        Substitution("County Councillor Lorraine Beavers", "County Councillor Carl Crompton"),
        Substitution("County Councillor Bernard Dawson", "County Councillor Miles Parkinson"),
    ]
    assert len(minutes_2021.items) == 6
    assert meeting.next_meeting == "2021-04-20"


def test_002_item_4_sub_headings_officers_and_presenters(minutes_2021):
    item = minutes_2021.items[3]
    headings = [block.text for block in item.blocks if block.kind == "heading"]
    assert headings[:3] == [
        "Adult Services – Tony Pounder – Director of Adult Services",
        "Highways",
        "Waste Management",
    ]
    assert all(block.level == 2 for block in item.blocks if block.kind == "heading")
    assert item.presenters[0] == "Donna Talbot"
    assert "Tony Pounder" in item.presenters
    assert minutes_2021.meeting.officers[0] == "Tony Pounder – Director of Adult Services"
    assert len(minutes_2021.meeting.officers) == 5


def test_003_header_and_items(minutes_2017):
    meeting = minutes_2017.meeting
    assert (meeting.date, meeting.time) == ("2017-03-07", "09:00")
    assert meeting.chair == "County Councillor Jennifer Mein"
    assert len(minutes_2017.items) == 8
    assert meeting.apologies == ["County Councillor Geoff Driver"]


def test_003_next_meeting_without_year_resolves_after_the_meeting(minutes_2017):
    last = minutes_2017.items[-1]
    assert "27 June at 2pm" in last.plain_text()
    assert last.standing == "next-meeting"
    assert last.references[0].date == "2017-06-27"
    assert minutes_2017.meeting.next_meeting == "2017-06-27"


def test_003_speakers_are_officers_not_presenters_of_apologies(minutes_2017):
    officers = minutes_2017.meeting.officers
    assert officers[0] == "Paul Bond, Head of Service - Legal and Democratic Services"
    assert len(officers) == 4
    assert minutes_2017.items[0].presenters == []
    assert minutes_2017.items[3].presenters == ["Sarah Jenkins"]
    assert minutes_2017.items[5].presenters == ["Donna Talbot", "Richard Cooke"]


def test_004_decision(decision_2018):
    assert decision_2018.shape == "decision"
    assert decision_2018.meeting.date == "2018-10-04"
    assert decision_2018.committee == "Cabinet Committee on Performance Improvement"
    (item,) = decision_2018.items
    title = "Quarterly Corporate Performance Monitoring Report Quarter 1 2018/19"
    assert (item.number, item.order, item.title) == ("", 1, title)
    assert decision_2018.title == title
    info = item.decision
    assert info.decision_date == "2018-10-04"
    assert info.key_decision is False
    assert info.status == "Recommendations Approved"
    assert info.purpose == "Performance overview report"
    assert info.author == "Michael Walder"
    assert info.decided_at == "2018-10-04"
    assert [(ref.kind, ref.date) for ref in item.references] == [("decided-at", "2018-10-04")]


def test_004_decision_text_blocks(decision_2018):
    blocks = decision_2018.items[0].blocks
    headings = [block.text for block in blocks if block.kind == "heading"]
    assert headings == [
        "Education and Children's Services",
        "Adult Services and Public Health",
        "Troubled Families Unit",
        "Ofsted Post Inspection Update",
    ]
    assert blocks[-1].kind == "resolution"
    assert blocks[-1].text.startswith("That the Cabinet Committee on Performance Improvement note")
    assert decision_2018.items[0].presenters == ["Donna Talbot", "Sally Allen"]
    assert all(block.text.strip() for block in blocks)
