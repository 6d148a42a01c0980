"""Committee reports beyond the sample: front matter, appendices, tables."""

import pytest

from store.ingest import Rejected, parse_document

REPORT = """Example Committee

Meeting to be held on Tuesday, 3 May 2021

Report of the Director of Finance

Part II

Electoral Division affected: None

Quarterly Example Report – Quarter 4 2020/21 (Appendix 'A' refers)

Contact for further information: A Officer, 01234 567890, Team, a.officer@example.gov.uk

Executive Summary

The budget is set out in Appendix 'A'.

Recommendations:

The committee is asked to note the report.

Financial Implications

Spending is within budget.

Background Papers

Paper\tDate\tContact
Report to the Committee – Quarter 3 2020/21\t2 February 2021\tA Officer, Team

APPENDIX 'A': Budget Summary

Area\tBudget\tSpend
\t£m\t£m
Roads\t10.0\t9.5
"""


def parse(text: str):
    return parse_document(text.encode("utf-8"))


def test_small_report():
    document = parse(REPORT)
    assert document.shape == "report"
    assert document.committee == "Example Committee"
    assert document.meeting.date == "2021-05-03"
    assert document.title == "Quarterly Example Report – Quarter 4 2020/21"
    (item,) = document.items
    info = item.report
    assert (info.author, info.part, info.divisions) == ("Director of Finance", "Part II", "None")
    assert info.contact.startswith("A Officer")
    assert info.sections == [
        "Executive Summary", "Recommendations", "Financial Implications", "Background Papers",
    ]
    assert info.appendices == ["Appendix A – Budget Summary"]
    (paper,) = info.background_papers
    assert (paper.paper, paper.date, paper.contact) == (
        "Report to the Committee – Quarter 3 2020/21", "2021-02-02", "A Officer, Team",
    )
    assert [(ref.kind, ref.date) for ref in item.references] == [("background-paper", "2021-02-02")]
    tables = [block for block in item.blocks if block.kind == "table"]
    assert tables[1].rows == [
        ["Area", "Budget", "Spend"], ["", "£m", "£m"], ["Roads", "10.0", "9.5"],
    ]
    assert document.warnings == []


def test_appendix_without_its_own_heading_is_found_after_appendix_content():
    text = REPORT.replace("(Appendix 'A' refers)", "(Appendices 'A' to 'C' refer)") + (
        "\nRoad Safety Update\n\nBackground\n\nCasualties fell again this year.\n"
    )
    info = parse(text).items[0].report
    assert info.appendices == ["Appendix A – Budget Summary", "Appendix B – Road Safety Update"]
    headings = [(b.level, b.text) for b in parse(text).items[0].blocks if b.kind == "heading"]
    assert headings[-2:] == [(1, "Road Safety Update"), (2, "Background")]


def test_a_heading_right_under_an_appendix_is_not_another_appendix():
    text = REPORT.replace("(Appendix 'A' refers)", "(Appendices 'A' and 'B' refer)").replace(
        "APPENDIX 'A': Budget Summary", "APPENDIX A\n\nBudget Summary"
    )
    info = parse(text).items[0].report
    assert info.appendices == ["Appendix A – Budget Summary"]


def test_report_without_a_meeting_date_is_rejected():
    text = REPORT.replace("Meeting to be held on Tuesday, 3 May 2021", "Meeting to be held soon")
    with pytest.raises(Rejected, match="no meeting date"):
        parse(text)
