"""ModernGov web-service responses (GetMeeting, GetMeetings), written here as XML strings."""

from __future__ import annotations

import time

import pytest

from store.database import Store
from store.importer import import_paths
from store.ingest import Rejected, detect_format, parse_document
from tests.store.test_ingest_html import AGENDA_PAGE


@pytest.fixture
def store(tmp_path):
    return Store.open(tmp_path / "store")


# The service HTML-encodes titles, then XML-encodes the result: "&" arrives
# as "&amp;amp;" and "'" as "&amp;#39;".
GET_MEETING = """<?xml version="1.0" encoding="utf-8"?>
<getmeeting xmlns="http://moderngov.co.uk/namespaces">
  <meetingid>5678</meetingid>
  <committeeid>1234</committeeid>
  <committeetitle>Cabinet Committee on Performance Improvement</committeetitle>
  <meetingdate>02/03/2021</meetingdate>
  <meetingtime>14:00</meetingtime>
  <meetinglocation>Virtual Meeting</meetinglocation>
  <attendees>
    <attendee><name>County Councillor A Example</name><role>Chair</role><attendance>Present</attendance></attendee>
    <attendee><name>County Councillor B Sample</name><role>Committee Member</role><attendance>Present as substitute</attendance></attendee>
    <attendee><name>County Councillor D Other</name><role>Committee Member</role><attendance>Apologies</attendance></attendee>
  </attendees>
  <agendaitems>
    <agendaitem>
      <agendaitemid>9002</agendaitemid>
      <agendaitemnumber>2</agendaitemnumber>
      <fulldisplaynumberformat>85.</fulldisplaynumberformat>
      <agendaitemtitle>Quarterly Performance &amp;amp; Risk Report &amp;#8211; Members&amp;#39; Questions</agendaitemtitle>
      <agendaitemtext>&lt;p&gt;To consider the quarterly report.&lt;/p&gt;</agendaitemtext>
      <minutesnonemptyhtmlbody>&lt;p&gt;The committee considered the report.&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;p&gt;Resolved: That the report be noted.&lt;/p&gt;</minutesnonemptyhtmlbody>
      <linkeddocuments>
        <linkeddoc><title>Quarterly Report &amp;amp; Appendix</title><url>https://council.example.gov.uk/documents/s9002/Report.pdf</url></linkeddoc>
      </linkeddocuments>
    </agendaitem>
    <agendaitem>
      <agendaitemid>9001</agendaitemid>
      <agendaitemnumber>1</agendaitemnumber>
      <fulldisplaynumberformat>84.</fulldisplaynumberformat>
      <agendaitemtitle>Apologies for Absence</agendaitemtitle>
      <minutesnonemptyhtmlbody>&lt;p&gt;Apologies were received from County Councillor D Other.&lt;/p&gt;</minutesnonemptyhtmlbody>
    </agendaitem>
  </agendaitems>
</getmeeting>
"""


def test_a_get_meeting_response_is_recognised_and_read_into_a_meeting():
    data = GET_MEETING.encode("utf-8")
    assert detect_format(data) == "xml"
    document = parse_document(data, "agenda.html")
    assert (document.format, document.shape) == ("xml", "agenda")
    meeting = document.meeting
    assert (document.committee, meeting.date, meeting.time, meeting.venue) == (
        "Cabinet Committee on Performance Improvement", "2021-03-02", "14:00", "Virtual Meeting",
    )
    assert meeting.chair == "County Councillor A Example"
    assert meeting.present == ["County Councillor A Example", "County Councillor B Sample"]
    assert meeting.apologies == ["County Councillor D Other"]


def test_items_keep_the_shown_number_in_the_internal_order():
    items = parse_document(GET_MEETING.encode("utf-8")).items
    assert [(item.order, item.number) for item in items] == [(1, "84"), (2, "85")]
    assert items[0].standing == "apologies"


def test_titles_encoded_twice_are_decoded_twice():
    items = parse_document(GET_MEETING.encode("utf-8")).items
    assert items[1].title == "Quarterly Performance & Risk Report – Members' Questions"
    assert ("document", "Quarterly Report & Appendix") in {(r.kind, r.text) for r in items[1].references}


def test_minutes_html_inside_the_xml_is_read_like_a_web_page():
    item = parse_document(GET_MEETING.encode("utf-8")).items[1]
    text = item.plain_text()
    assert "To consider the quarterly report." in text
    assert "The committee considered the report." in text and "alert" not in text
    assert "<p>" not in text
    assert any(block.kind == "heading" and block.text == "Minutes" for block in item.blocks)
    assert item.blocks[-1].kind == "resolution"


def test_the_response_merges_with_the_same_meetings_agenda_page_in_either_order(tmp_path):
    xml = tmp_path / "meeting.xml"
    xml.write_text(GET_MEETING.replace(">84.<", ">1.<").replace(">85.<", ">2.<"), encoding="utf-8")
    page = tmp_path / "page.htm"
    page.write_text(AGENDA_PAGE, encoding="utf-8")
    items = []
    for order in ([xml, page], [page, xml]):
        store = Store.open(tmp_path / f"store-{order[0].suffix}")
        results = import_paths(store, order)
        assert [r.status for r in results] == ["imported", "merged"]
        [meeting] = store.meetings()
        assert sorted(s.format for s in store.sources()) == ["html", "xml"]
        items.append([(item.number, len(item.blocks)) for item in store.items(meeting.id)])
    assert items[0] == items[1] and [number for number, _ in items[0]] == ["1", "2"]


def test_provenance_names_the_meeting_and_its_documents(store, tmp_path):
    path = tmp_path / "meeting.xml"
    path.write_text(GET_MEETING, encoding="utf-8")
    import_paths(store, [path])
    [source] = store.sources()
    assert source.links == [
        "CId=1234&MId=5678", "https://council.example.gov.uk/documents/s9002/Report.pdf",
    ]


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol9 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">]>
<getmeeting><committeetitle>&lol9;</committeetitle><meetingdate>02/03/2021</meetingdate></getmeeting>
"""
EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE getmeeting [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<getmeeting><committeetitle>&secret;</committeetitle><meetingdate>02/03/2021</meetingdate></getmeeting>
"""


@pytest.mark.parametrize("hostile", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["laughs", "external"])
def test_entity_tricks_are_refused_in_one_sentence_store_unchanged(hostile, store, tmp_path):
    path = tmp_path / "meeting.xml"
    path.write_text(hostile, encoding="utf-8")
    started = time.perf_counter()
    [result] = import_paths(store, [path])
    assert time.perf_counter() - started < 5
    assert result.status == "rejected" and result.format == "xml"
    assert "entity expansion and external entities are attacks" in result.message
    assert "root:" not in result.message and "\n" not in result.message
    assert store.counts() == (0, 0)


def test_broken_xml_says_where():
    with pytest.raises(Rejected, match=r"not well formed \(line 2, column"):
        parse_document(b'<?xml version="1.0"?>\n<getmeeting><meetingdate>')


# The shape of a GetMeetings / GetMeetingsByDate answer: a count, then one
# stub per meeting (id, date, status, committee id; the committee's title and
# the time in some installs, not in others).
def stub(meeting_id: int, day: str, status: str = "Confirmed", time: str = "") -> str:
    when = f"<meetingtime>{time}</meetingtime>" if time else ""
    return (
        f"<meeting><meetingid>{meeting_id}</meetingid><meetingdate>{day}</meetingdate>{when}"
        f"<meetingstatus>{status}</meetingstatus><committeeid>142</committeeid>"
        "<committeetitle>Cabinet Committee on Performance Improvement</committeetitle></meeting>"
    )


GET_MEETINGS = f"""<?xml version="1.0" encoding="utf-8"?>
<getmeetingsbydate>
  <meetingscount>4</meetingscount>
  <meetings>
    {stub(17354, "21/01/2021", time="14:00")}
    {stub(17355, "04/03/2021")}
    {stub(17356, "15/04/2021", "Cancelled")}
    {stub(17357, "10/06/2021")}
  </meetings>
</getmeetingsbydate>
"""


def test_a_list_of_meetings_imports_each_meeting_on_a_line_of_its_own(store, tmp_path):
    path = tmp_path / "meetings.xml"
    path.write_text(GET_MEETINGS, encoding="utf-8")
    results = import_paths(store, [path])
    assert [(r.status, r.format, r.meeting_id) for r in results] == [
        ("imported", "xml", "ccpi-2021-01-21"),
        ("imported", "xml", "ccpi-2021-03-04"),
        ("imported", "xml", "ccpi-2021-06-10"),
    ]
    assert results[0].warnings[-1] == "Left out of the list: 1 cancelled meeting."
    assert results[1].warnings == results[2].warnings == []
    assert sorted(m.date for m in store.meetings()) == ["2021-01-21", "2021-03-04", "2021-06-10"]
    assert store.meeting("ccpi-2021-01-21").time == "14:00"
    assert {tuple(s.links) for s in store.sources()} == {
        ("CId=142&MId=17354",), ("CId=142&MId=17355",), ("CId=142&MId=17357",),
    }
    again = import_paths(store, [path])
    assert [r.status for r in again] == ["unchanged"] * 3


def test_a_listed_meeting_merges_with_its_get_meeting_response(store, tmp_path):
    listing = tmp_path / "meetings.xml"
    listing.write_text(GET_MEETINGS.replace("04/03/2021", "02/03/2021"), encoding="utf-8")
    meeting = tmp_path / "meeting.xml"
    meeting.write_text(GET_MEETING, encoding="utf-8")
    results = import_paths(store, [listing, meeting])
    assert [r.status for r in results] == ["imported", "imported", "imported", "merged"]
    assert len(store.items("ccpi-2021-03-02")) == 2


def test_a_list_naming_no_committee_needs_the_committee_given(store, tmp_path):
    path = tmp_path / "meetings.xml"
    path.write_text(
        GET_MEETINGS.replace(
            "<committeetitle>Cabinet Committee on Performance Improvement</committeetitle>", ""
        ),
        encoding="utf-8",
    )
    results = import_paths(store, [path])
    assert [r.status for r in results] == ["rejected"] * 3
    assert results[0].message == "It names no committee: give it with --committee NAME."
    assert store.counts() == (0, 0)
    results = import_paths(store, [path], committee="Cabinet Committee on Performance Improvement")
    assert [r.meeting_id for r in results] == ["ccpi-2021-01-21", "ccpi-2021-03-04", "ccpi-2021-06-10"]


def test_a_list_of_only_cancelled_meetings_is_refused_in_one_sentence():
    listing = GET_MEETINGS.replace("<meetingstatus>Confirmed</meetingstatus>", "<meetingstatus>Cancelled</meetingstatus>")
    with pytest.raises(Rejected, match=r"^The file is a GetMeetings list of 4 meetings, none of which can be imported \(4 cancelled meetings\)\.$"):
        parse_document(listing.encode("utf-8"))
