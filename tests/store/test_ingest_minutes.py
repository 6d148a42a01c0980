"""Printed minutes: markers, broken markers, and minutes without markers."""

import tracemalloc

import pytest

from store.ingest import Rejected, parse_document
from store.ingest.markers import MAX_PROBLEMS

HEADER = (
    "Example County Council\n\nExample Committee\n"
    "Minutes of the Meeting held on Monday, 3rd May, 2021 at 2.00 pm in Committee Room 'A'\n"
    "Present:\n\nCounty Councillor A Example (Chair)\nCounty Councillors\n\n\tB  Sample\n\n"
)


def item(number: int, title: str, text: str) -> str:
    return f"<AI{number}>\n\n\t{number}.  \n\t{title}\n\n\n\n{text}\n\n</AI{number}>\n\n"


def parse(text: str):
    return parse_document(text.encode("utf-8"))


def test_marked_minutes():
    document = parse(
        HEADER
        + item(1, "Apologies for Absence", "Apologies were received from County Councillors"
               " C Other and D Away.")
        + item(2, "Budget", "Resolved: That the report be noted.")
    )
    meeting = document.meeting
    assert document.committee == "Example Committee"
    assert (meeting.date, meeting.time) == ("2021-05-03", "14:00")
    assert meeting.venue == "Committee Room 'A'"
    assert meeting.chair == "County Councillor A Example"
    assert meeting.present == ["County Councillor A Example", "B Sample"]
    assert meeting.apologies == ["County Councillor C Other", "County Councillor D Away"]
    assert [(i.number, i.title) for i in document.items] == [
        ("1", "Apologies for Absence"), ("2", "Budget"),
    ]
    assert document.warnings == []


def test_closing_marker_on_a_text_line_and_trailing_spaces():
    document = parse(
        HEADER + "<AI1>\n\t1.  \n\tBudget\n\nThe budget was noted.</AI1>   \n"
        "<AI2>\n2. Urgent Business\n\nNone.\n</AI2>  "
    )
    assert [i.plain_text() for i in document.items] == ["The budget was noted.", "None."]
    assert document.items[1].standing == "urgent-business"
    assert document.warnings == []


def test_unterminated_marker_recovers_with_a_warning():
    document = parse(
        HEADER + "<AI1>\n1.\nBudget\n\nText one.\n\n<AI2>\n2.\nUrgent Business\n\nNone.\n</AI2>\n"
    )
    assert [i.title for i in document.items] == ["Budget", "Urgent Business"]
    (warning,) = document.warnings
    assert warning == "Item marker <AI1> opened at line 12 is not closed before <AI2> at line 18."


def test_stray_and_mismatched_closing_markers_are_reported():
    document = parse(
        HEADER + "<AI1>\n1.\nBudget\n\nText.\n</AI3>\n</AI2>\n<AI2>\n2.\nOther\n\nMore.\n</AI2>\n"
    )
    assert [i.title for i in document.items] == ["Budget", "Other"]
    assert len(document.warnings) == 2
    assert "does not match" in document.warnings[0]
    assert "closes no item" in document.warnings[1]


def test_markers_out_of_order_are_kept_in_document_order():
    document = parse(HEADER + item(2, "Second", "Two.") + item(1, "First", "One."))
    assert [i.title for i in document.items] == ["Second", "First"]
    assert [i.order for i in document.items] == [1, 2]
    assert "comes after <AI2>" in document.warnings[0]


def test_never_closed_marker_runs_to_the_end():
    document = parse(HEADER + "<AI1>\n1.\nBudget\n\nText.\n")
    assert document.items[0].plain_text() == "Text."
    assert "never closed" in document.warnings[0]


def test_text_between_items_is_kept_with_a_warning():
    stray = "Stray words.\n"
    document = parse(HEADER + item(1, "Budget", "One.") + stray + item(2, "Next", "Two."))
    assert document.items[0].plain_text() == "One.\n\nStray words."
    assert "outside any item marker" in document.warnings[0]


def test_empty_marker_is_skipped_with_a_warning():
    document = parse(HEADER + "<AI1></AI1>\n" + item(2, "Budget", "One."))
    assert [i.title for i in document.items] == ["Budget"]
    assert "holds no text" in document.warnings[0]


def test_thousands_of_nested_markers_are_rejected_in_one_pass():
    # Each of the 9,998 broken markers (all but the first opening and the
    # first closing) is counted once, and only the first few are kept
    # (the time is measured by ``python -m bench.hostile``).
    tracemalloc.start()
    with pytest.raises(Rejected, match="too many to recover") as rejected:
        parse(HEADER + "<AI1>" * 5000 + "text" + "</AI1>" * 5000)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert "broken in 9998 places" in str(rejected.value)
    assert peak < 4 * 1024 * 1024


def test_a_few_broken_markers_are_tolerated_up_to_the_limit():
    unclosed = (f"<AI{n}>\n{n}.\nItem {n}\n\nText.\n" for n in range(1, MAX_PROBLEMS + 1))
    text = HEADER + "".join(unclosed)
    document = parse(text)
    assert len(document.items) == MAX_PROBLEMS
    assert len(document.warnings) == MAX_PROBLEMS


def test_duplicate_item_numbers_are_reported():
    again = item(2, "Again", "Two.").replace("\t2.", "\t1.")
    document = parse(HEADER + item(1, "Budget", "One.") + again)
    assert [i.number for i in document.items] == ["1", "1"]
    assert document.warnings == ["Item number 1 appears 2 times (lines 12 and 23)."]


def test_minutes_without_markers_found_by_numbered_headings():
    text = (
        "Example Borough Council\n\nAudit Committee\n\n"
        "MINUTES of the meeting held on Monday, 12 July 2021 at 6.30 pm in the Council Chamber\n\n"
        "Present: Councillors A Smith (Chair), B Jones and C Brown\n\n"
        "Also in attendance: D Officer (Head of Audit)\n\n"
        "84. Apologies (Item 1)\n\nApologies were received from Councillor E Absent.\n\n"
        "85. Declarations of Interest (Item 2)\n\nNone.\n\n"
        "86. Internal Audit Progress Report (Item 3)\n\n1. The committee considered the report.\n\n"
        "2. Members asked about staffing.\n\nResolved: That the report be noted.\n\n"
        "87. Date of Next Meeting (Item 4)\n\nThe next meeting will be on 13 September at 6.30pm.\n"
    )
    document = parse(text)
    assert document.shape == "minutes"
    assert document.committee == "Audit Committee"
    meeting = document.meeting
    assert (meeting.date, meeting.time) == ("2021-07-12", "18:30")
    assert meeting.venue == "the Council Chamber"
    assert meeting.chair == "Councillor A Smith"
    assert meeting.present == ["Councillor A Smith", "Councillor B Jones", "Councillor C Brown"]
    assert meeting.officers == ["D Officer (Head of Audit)"]
    assert meeting.apologies == ["Councillor E Absent"]
    assert [i.number for i in document.items] == ["84", "85", "86", "87"]
    assert [i.standing for i in document.items] == [
        "apologies", "declarations", None, "next-meeting",
    ]
    assert "2. Members asked about staffing." in document.items[2].plain_text()
    assert meeting.next_meeting == "2021-09-13"


def test_minutes_with_slash_numbers_and_committee_in_the_heading():
    text = (
        "Minutes of a meeting of the Planning Committee held on 2 March 2021\n\n"
        "77/21 Minutes of the Last Meeting\n\nThe minutes of the meeting held on 2 February 2021"
        " were agreed.\n\n78/21 Exclusion of the Press and Public\n\nResolved: That the public be"
        " excluded.\n"
    )
    document = parse(text)
    assert document.committee == "Planning Committee"
    assert document.meeting.time is None
    assert [i.number for i in document.items] == ["77/21", "78/21"]
    assert [i.standing for i in document.items] == ["previous-minutes", "exclusion"]
    assert document.items[0].references[0].date == "2021-02-02"


def test_minutes_without_a_date_are_rejected_with_the_line():
    with pytest.raises(Rejected, match="line 2"):
        parse("Example Committee\nMinutes of the Meeting held on a sunny day\n<AI1>\n1.\nX\n</AI1>")


def test_minutes_without_items_are_rejected():
    with pytest.raises(Rejected, match="No agenda items"):
        parse("Example Committee\nMinutes of the Meeting held on 3 May 2021\n\nNothing else.\n")
