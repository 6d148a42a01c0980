"""ModernGov pages saved from a browser, written here as HTML strings."""

from __future__ import annotations

import pytest

from store.database import Store
from store.importer import import_paths
from store.ingest import Rejected, detect_format, parse_document
from store.ingest.html import html_text


@pytest.fixture
def store(tmp_path):
    return Store.open(tmp_path / "store")


AGENDA_PAGE = """<!-- saved from url=(0077)https://council.example.gov.uk/ieListDocuments.aspx?CId=1234&MId=5678&Ver=4 -->
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head>
<title>Agenda for Cabinet Committee on Performance Improvement on Tuesday, 2nd March, 2021, 2.00 pm - Example Council</title>
<style>.mgAiTitleTxt { color: red } body:after { content: "STYLE TEXT" }</style>
<script>document.write("SCRIPT TEXT")</script>
</head><body>
<nav><a href="/">Home</a> <a href="mgListCommittees.aspx">Committees NAV TEXT</a></nav>
<div id="modgov"><div class="mgHeader"><h1 class="mgMainTitleTxt">Agenda and minutes</h1></div>
<div class="mgSubTitle"><h2 class="mgSubTitleTxt">Cabinet Committee on Performance Improvement - Tuesday, 2nd March, 2021 2.00 pm</h2></div>
<p><span class="mgLabel">Venue: </span>Virtual Meeting</p>
<p><span class="mgLabel">Contact: </span>A Officer</p>
<p><a href="javascript:alert('owned')">Subscribe JS LINK</a> <a href="JaVaScRiPt :void(0)">Print JS LINK</a> <a href=" java&#9;script:x()">Tab JS LINK</a></p>
<div style="display:none">HIDDEN TEXT</div>
<h2 class="mgSectionTitle">Items</h2>
<table class="mgItemTable" summary="Table containing agenda items">
<tr><th>No.</th><th>Item</th></tr>
<tr><td class="mgItemNumberCell"><p class="mgAiTitleTxt">1.</p></td>
<td><p class="mgAiTitleTxt">Apologies for Absence</p>
<p class="mgSubItemTitleTxt">Minutes:</p>
<div class="mgWordPara"><p>Apologies were received from County Councillor D Other.</p></div></td></tr>
<tr><td class="mgItemNumberCell"><p class="mgAiTitleTxt">2.</p></td>
<td><p class="mgAiTitleTxt"><a class="mgAiTitleLnk" href="mgAi.aspx?ID=9001">Quarterly Performance &amp; Risk Report</a></p>
<ul class="mgActionList"><li><a href="documents/s9001/Report.pdf">Report <img alt="pdf icon" src="pdf.gif"/>PDF 205 KB</a></li></ul>
<div class="mgWordPara"><p>To consider the quarterly report.</p></div>
<p class="mgSubItemTitleTxt">Minutes:</p>
<div class="mgWordPara"><p>The committee considered the report.</p>
<table><tr><td><p>Service</p></td><td><p>Target</p></td><td>Actual</td></tr><tr><td>Adults</td><td>95%</td><td>93%</td></tr></table>
<p>Resolved: That the report be noted.</p></div></td></tr>
</table>
<p><a href="ieIssueDetails.aspx?IId=4242">Issue history</a></p>
</div>
<footer>Footer links FOOTER TEXT</footer>
</body></html>
"""

DECISION_PAGE = """<!DOCTYPE html><html><head><title>Decision - Quarterly Performance Report</title></head>
<body><div id="modgov">
<h1 class="mgMainTitleTxt">Decision details</h1>
<h2 class="mgSubTitleTxt">Quarterly Performance Report Quarter 1 2021/22</h2>
<p><span class="mgLabel">Decision Maker: </span><a href="mgCommitteeDetails.aspx?ID=1234">Cabinet Committee on Performance Improvement</a></p>
<p><span class="mgLabel">Decision status: </span>Recommendations Approved</p>
<p><span class="mgLabel">Is Key decision?: </span>No</p>
<h3 class="mgSubSubTitleTxt">Purpose:</h3><p>Performance overview report</p>
<h3 class="mgSubSubTitleTxt">Decisions:</h3>
<div class="mgWordPara"><p>Resolved: That the report be noted.</p></div>
<p><span class="mgLabel">Report author: </span>A Officer</p>
<p><span class="mgLabel">Date of decision: </span>04/10/2021</p>
<p><span class="mgLabel">Decided at meeting: </span><a href="ieListDocuments.aspx?CId=1234&amp;MId=5679">04/10/2021 - Cabinet Committee on Performance Improvement</a></p>
</div></body></html>
"""


def test_a_saved_agenda_page_is_recognised_and_read_by_its_classes():
    data = AGENDA_PAGE.encode("utf-8")
    assert detect_format(data) == "html"
    document = parse_document(data, "page.txt")
    assert (document.format, document.shape) == ("html", "agenda")
    assert document.committee == "Cabinet Committee on Performance Improvement"
    assert document.meeting.date == "2021-03-02" and document.meeting.time == "14:00"
    assert document.meeting.venue == "Virtual Meeting"
    assert [(item.number, item.title) for item in document.items] == [
        ("1", "Apologies for Absence"),
        ("2", "Quarterly Performance & Risk Report"),
    ]
    report = document.items[1]
    assert "To consider the quarterly report." in report.plain_text()
    assert any(block.kind == "heading" and block.text == "Minutes" for block in report.blocks)
    table = next(block for block in report.blocks if block.kind == "table")
    assert table.rows == [["Service", "Target", "Actual"], ["Adults", "95%", "93%"]]
    assert ("document", "Report") in {(ref.kind, ref.text) for ref in report.references}
    assert "D Other" in " ".join(document.meeting.apologies)


def test_scripts_styles_navigation_hidden_text_and_javascript_links_never_become_text():
    document = parse_document(AGENDA_PAGE.encode("utf-8"))
    everything = " ".join(
        [document.committee, *(item.title + " " + item.plain_text() for item in document.items)]
    )
    for planted in ("SCRIPT", "STYLE", "NAV TEXT", "HIDDEN", "JS LINK", "FOOTER", "owned"):
        assert planted not in everything
    assert any("javascript: links (3)" in warning for warning in document.warnings)


def test_moderngov_links_are_kept_as_the_sources_provenance(store, tmp_path):
    path = tmp_path / "agenda.htm"
    path.write_text(AGENDA_PAGE, encoding="utf-8")
    [result] = import_paths(store, [path])
    assert result.status == "imported" and result.format == "html"
    [source] = store.sources()
    assert source.format == "html"
    assert "https://council.example.gov.uk/ieListDocuments.aspx?CId=1234&MId=5678&Ver=4" in source.links
    assert "mgAi.aspx?ID=9001" in source.links and "ieIssueDetails.aspx?IId=4242" in source.links
    assert not any("javascript" in link.lower() for link in source.links)


def test_the_page_title_names_the_meeting_when_the_heading_is_missing():
    page = AGENDA_PAGE.replace(
        '<h2 class="mgSubTitleTxt">Cabinet Committee on Performance Improvement - Tuesday, 2nd March, 2021 2.00 pm</h2>',
        "",
    )
    document = parse_document(page.encode("utf-8"))
    assert document.committee == "Cabinet Committee on Performance Improvement"
    assert document.meeting.date == "2021-03-02"


def test_a_saved_decision_page_is_read_as_a_decision():
    document = parse_document(DECISION_PAGE.encode("cp1252"))
    assert (document.format, document.shape) == ("html", "decision")
    [item] = document.items
    assert item.title == "Quarterly Performance Report Quarter 1 2021/22"
    assert item.decision.maker == "Cabinet Committee on Performance Improvement"
    assert item.decision.decided_at == "2021-10-04"
    assert document.links == [
        "mgCommitteeDetails.aspx?ID=1234", "ieListDocuments.aspx?CId=1234&MId=5679",
    ]


def test_document_text_in_a_page_is_data_not_markup_or_escapes():
    page = AGENDA_PAGE.replace(
        "To consider the quarterly report.", "[bold]Budget[/] \x1b]0;title\x07 &lt;b&gt;raw&lt;/b&gt;"
    )
    text = parse_document(page.encode("utf-8")).items[1].plain_text()
    assert "[bold]Budget[/]" in text and "<b>raw</b>" in text
    assert "\x1b" not in text and "\x07" not in text


def test_markup_nested_hundreds_deep_is_read_without_recursion():
    page = "<!DOCTYPE html><html><body>" + "<div>" * 900 + "deep" + "</div>" * 900
    assert "deep" in html_text(page).text


@pytest.mark.parametrize("opening", ["<div>", "<b>", "<span><table>"])
def test_markup_nested_thousands_deep_is_refused_before_parsing(opening, monkeypatch):
    import selectolax.lexbor

    # The HTML5 parser's time grows with the square of the depth: the page
    # must be refused by the linear scan before it is handed to the parser
    # (how long the refusal takes is measured by ``python -m bench.hostile``).
    parsed: list[int] = []
    monkeypatch.setattr(selectolax.lexbor, "LexborHTMLParser", lambda source: parsed.append(len(source)))
    page = "<!DOCTYPE html><html><body>" + opening * 50_000 + "deep"
    with pytest.raises(Rejected, match="nests its elements over 1,000 deep"):
        parse_document(page.encode("utf-8"))
    assert parsed == []


def test_a_page_with_no_text_is_rejected_in_one_sentence():
    with pytest.raises(Rejected, match="web page with no text"):
        parse_document(b"<!DOCTYPE html><html><head><script>x()</script></head><body></body></html>")


ITEM_PAGE = """<!DOCTYPE html><html><head><title>Agenda item - Quarterly Performance Report</title></head>
<body><div id="modgov">
<h1 class="mgMainTitleTxt">Agenda item</h1>
<h2 class="mgSubTitleTxt">Quarterly Performance Report</h2>
<p>Meeting: <a href="ieListDocuments.aspx?CId=1234&amp;MId=5678">02/03/2021 - Cabinet Committee on Performance Improvement</a> (Item 2.)</p>
<div class="mgWordPara"><p>To consider the quarterly report.</p></div>
<h3 class="mgSubItemTitleTxt">Minutes:</h3>
<div class="mgWordPara"><p>The committee considered the report.</p><p>Resolved: That the report be noted.</p></div>
</div></body></html>
"""


def test_an_item_page_becomes_that_item_of_its_meeting():
    document = parse_document(ITEM_PAGE.encode("utf-8"))
    assert (document.shape, document.committee, document.meeting.date) == (
        "agenda", "Cabinet Committee on Performance Improvement", "2021-03-02",
    )
    [item] = document.items
    assert (item.number, item.title) == ("2", "Quarterly Performance Report")
    assert "To consider the quarterly report." in item.plain_text()
    assert item.blocks[-1].kind == "resolution"


def test_an_item_page_merges_into_the_meetings_agenda_page(store, tmp_path):
    (tmp_path / "a.htm").write_text(AGENDA_PAGE, encoding="utf-8")
    (tmp_path / "b.htm").write_text(ITEM_PAGE, encoding="utf-8")
    results = import_paths(store, [tmp_path / "a.htm", tmp_path / "b.htm"])
    assert [r.status for r in results] == ["imported", "merged"]
    [meeting] = store.meetings()
    assert [item.number for item in store.items(meeting.id)] == ["1", "2"]


ISSUE_PAGE = """<!-- saved from url=(0070)https://council.example.gov.uk/mgIssueHistoryHome.aspx?IId=4242&Opt=0 -->
<!DOCTYPE html><html><head>
<title>Issue - items at meetings - Quarterly Performance &amp; Risk Report | Example Council</title>
<script>alert("x")</script></head><body><div id="modgov">
<h1 class="mgMainTitleTxt">Issue - meetings</h1>
<h2 class="mgSubTitleTxt">Quarterly Performance &amp; Risk Report</h2>
<p class="mgSubSubTitleTxt"><a href="ieListDocuments.aspx?CId=1234&amp;MId=5678">Meeting: 02/03/2021 - Cabinet Committee on Performance Improvement</a> (Item 2.)</p>
<p class="mgSubItemTitleTxt">Minutes:</p>
<div class="mgWordPara"><p>The committee considered the report.</p><p>Members asked about the risk register.</p></div>
<p class="mgSubSubTitleTxt"><a href="ieListDocuments.aspx?CId=1234&amp;MId=5600">Meeting: 01/12/2020 - Cabinet Committee on Performance Improvement</a> (Item 4.)</p>
<p class="mgSubItemTitleTxt">Minutes:</p>
<div class="mgWordPara"><p>Resolved: That the quarter 2 report be noted.</p></div>
</div></body></html>
"""


def test_an_issue_history_page_gives_one_entry_per_meeting_merged_where_the_meeting_is_stored(store, tmp_path):
    page = tmp_path / "page.htm"
    page.write_text(AGENDA_PAGE, encoding="utf-8")
    issue = tmp_path / "issue.htm"
    issue.write_text(ISSUE_PAGE, encoding="utf-8")
    results = import_paths(store, [page, issue])
    assert [(r.status, r.format, r.meeting_id) for r in results] == [
        ("imported", "html", "ccpi-2021-03-02"),
        ("merged", "html", "ccpi-2021-03-02"),
        ("imported", "html", "ccpi-2020-12-01"),
    ]
    assert results[1].added == "added minutes to 1 item"
    assert "issue history page naming 2 meetings" in " ".join(results[1].warnings)
    assert results[2].warnings == []
    merged = store.item("ccpi-2021-03-02/2")
    assert "Members asked about the risk register." in merged.plain_text()
    assert merged.plain_text().count("The committee considered the report.") == 1
    [earlier] = store.items("ccpi-2020-12-01")
    assert (earlier.number, earlier.title) == ("4", "Quarterly Performance & Risk Report")
    links = {s.meeting_id: s.links for s in store.sources() if s.name == "issue.htm"}
    assert links["ccpi-2021-03-02"] == [
        "https://council.example.gov.uk/mgIssueHistoryHome.aspx?IId=4242&Opt=0",
        "ieListDocuments.aspx?CId=1234&MId=5678",
    ]
    assert links["ccpi-2020-12-01"][1:] == ["ieListDocuments.aspx?CId=1234&MId=5600"]
    # Each entry names the other meetings that considered the issue, resolved
    # to the item there, and the two entries are one topic.
    from store.topics import thread_view

    view = thread_view(store, earlier.id)
    assert [(r.kind, r.date, r.target) for r in view.references] == [
        ("issue", "2021-03-02", "ccpi-2021-03-02/2")
    ]
    assert [link.id for link in view.thread] == [earlier.id, "ccpi-2021-03-02/2"]
    assert [r.status for r in import_paths(store, [issue])] == ["unchanged", "unchanged"]


def test_an_issue_history_page_naming_no_meeting_is_refused_in_one_sentence():
    page = '<!DOCTYPE html><html><body><h1 class="mgMainTitleTxt">Issue - meetings</h1><p>Budget</p></body></html>'
    with pytest.raises(Rejected, match=r"^The file is a ModernGov issue history page for 'Budget' that names no meeting"):
        parse_document(page.encode("utf-8"))
