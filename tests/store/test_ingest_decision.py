"""Decision details pages, including other councils' fields."""

import pytest

from store.ingest import Rejected, parse_document

OTHER_COUNCIL = """Skip to content

Decision details

Highways Maintenance Contract Award

Decision Maker: Cabinet

Decision status: Implemented

Is Key decision?: Yes

Is subject to call in?: No - urgent

Purpose:

To award the contract.

Decision:

Resolved: That:

(i) the contract be awarded to Example Ltd,

(ii) the Director be authorised to sign it.

Reasons for the decision:

The tender offered the best value.

Alternative options considered:

Extending the current contract was rejected.

Interests and Nature of Interests Declared:

None

Publication date: 12/03/2021

Effective from: 20/03/2021

Date of decision: 11/03/2021

Decided at meeting: 11/03/2021 - Cabinet

Accompanying Documents:

Tender Evaluation Report pdf icon PDF 300 KB
"""


def parse(text: str):
    return parse_document(text.encode("utf-8"))


def test_other_council_fields():
    document = parse(OTHER_COUNCIL)
    assert document.shape == "decision"
    assert (document.committee, document.meeting.date) == ("Cabinet", "2021-03-11")
    (item,) = document.items
    assert item.title == "Highways Maintenance Contract Award"
    info = item.decision
    assert (info.key_decision, info.call_in) == (True, False)
    assert info.status == "Implemented"
    assert info.purpose == "To award the contract."
    assert info.reasons == "The tender offered the best value."
    assert info.alternatives == "Extending the current contract was rejected."
    assert (info.publication_date, info.effective_from) == ("2021-03-12", "2021-03-20")
    assert info.decision_date == "2021-03-11"
    resolution = item.blocks[0]
    assert (resolution.kind, resolution.text) == ("resolution", "That:")
    assert resolution.items == [
        "the contract be awarded to Example Ltd,", "the Director be authorised to sign it.",
    ]
    assert [b.text for b in item.blocks if b.kind == "heading"] == [
        "Reasons for the decision", "Alternative options considered",
    ]
    assert "None" not in item.plain_text()
    assert [(r.kind, r.text) for r in item.references] == [
        ("decided-at", "11/03/2021 - Cabinet"), ("document", "Tender Evaluation Report"),
    ]
    assert document.warnings == []


def test_no_break_space_lines_are_blank():
    text = OTHER_COUNCIL.replace("Resolved: That:\n\n", "Resolved: That:\n\u00a0\n")
    (item,) = parse(text).items
    assert item.blocks[0].items[0] == "the contract be awarded to Example Ltd,"


def test_decision_without_a_meeting_uses_its_date_and_maker_with_a_warning():
    text = OTHER_COUNCIL.replace("Decided at meeting: 11/03/2021 - Cabinet\n", "")
    document = parse(text)
    assert (document.committee, document.meeting.date) == ("Cabinet", "2021-03-11")
    assert len(document.warnings) == 1
    assert [r.kind for r in document.items[0].references] == ["document"]


def test_decision_without_any_date_is_rejected():
    text = OTHER_COUNCIL.replace("Decided at meeting: 11/03/2021 - Cabinet\n", "").replace(
        "Date of decision: 11/03/2021\n", ""
    )
    with pytest.raises(Rejected, match="no date"):
        parse(text)


def test_recognised_by_its_fields_without_the_page_heading():
    text = OTHER_COUNCIL.replace("Skip to content\n\nDecision details\n\n", "")
    document = parse(text)
    assert document.shape == "decision"
    assert document.title == "Highways Maintenance Contract Award"
