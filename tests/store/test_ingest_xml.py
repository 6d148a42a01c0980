"""ModernGov web-service responses (GetMeeting), written here as XML strings."""

from __future__ import annotations

import pytest

from store.database import Store
from store.importer import import_paths
from store.ingest import Rejected, detect_format, parse_document
from tests.store.documents import with_peak
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
    [result], peak = with_peak(lambda: import_paths(store, [path]))
    # Nothing was expanded: lol9 alone would be 3 GB (the time is measured
    # by ``python -m bench.hostile``).
    assert peak < 16 * 1024 * 1024
    assert result.status == "rejected" and result.format == "xml"
    assert "entity expansion and external entities are attacks" in result.message
    assert "root:" not in result.message and "\n" not in result.message
    assert store.counts() == (0, 0)


def test_broken_xml_says_where():
    with pytest.raises(Rejected, match=r"not well formed \(line 2, column"):
        parse_document(b'<?xml version="1.0"?>\n<getmeeting><meetingdate>')


def test_a_list_of_meetings_without_items_says_what_to_import():
    listing = """<?xml version="1.0"?><getmeetings>
      <meeting><meetingid>1</meetingid><meetingdate>02/03/2021</meetingdate></meeting>
      <meeting><meetingid>2</meetingid><meetingdate>04/05/2021</meetingdate></meeting>
    </getmeetings>"""
    with pytest.raises(Rejected, match="GetMeetings list of 2 meetings"):
        parse_document(listing.encode("utf-8"))
