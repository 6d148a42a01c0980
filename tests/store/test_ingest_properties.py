"""Property tests: any input ends in a ParsedDocument or Rejected, quickly and cleanly."""

import datetime as dt
from dataclasses import asdict
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store.ingest import Rejected, parse_document
from store.models import SHAPES, STANDING_KINDS, ParsedDocument
from store.text import safe_text

SAMPLES = sorted((Path(__file__).resolve().parents[2] / "samples").glob("*.txt"))
SAMPLE_BYTES = [path.read_bytes() for path in SAMPLES]
SAMPLE_LINES = sorted(
    {line for data in SAMPLE_BYTES for line in data.decode("utf-8").split("\n")}
)

STRUCTURE = [
    "<AI1>", "</AI1>", "<AI2>", "</AI3>", "<AI4><AI5>", "\t4.  ", "\t77/21 Budget", "1.",
    "Decision details", "Decision Maker: Cabinet", "Decided at meeting: 04/10/2018 - Cabinet",
    "Decisions:", "Agenda and minutes", "Example Committee - Tuesday, 3rd May, 2021 2.00 pm",
    "No. Item", "Minutes:", "Minutes of the Meeting held on 3 May 2021 at 2pm in Room 1",
    "Meeting to be held on Tuesday, 27 June 2017", "Report of the Chief Executive",
    "APPENDIX A", "Executive Summary", "a\tb\tc", "\t\t£m\t%", "· bullet", "- dash",
    "Resolved: - That:", "(i) clause", "(ii)", "Present:", "(Chair)", "County Councillors",
    "Date of Next Meeting", "27 June at 2pm", "pdf icon PDF 12 KB", "Additional documents:",
    "\u00a0", "", "   ", "\x1b[31m", "\u202e", "\x85", "\u2028",
]

lines = st.one_of(
    st.sampled_from(SAMPLE_LINES),
    st.sampled_from(STRUCTURE),
    st.text(max_size=40),
)
documents = st.builds(
    lambda parts, newline: newline.join(parts),
    st.lists(lines, max_size=60),
    st.sampled_from(["\n", "\r\n", "\r", "\n\n"]),
)
encodings = st.sampled_from(["utf-8", "cp1252", "utf-16", "utf-8-sig"])
#: The opening of each shape, so that random text reaches the shape parsers.
SKELETONS = [
    "Example Committee\nMinutes of the Meeting held on Monday, 3rd May, 2021 at 2.00 pm in Room"
    "\nPresent:\n",
    "Example Committee\n\nMeeting to be held on Tuesday, 27 June 2017\n\nReport of the Chief"
    " Executive\n\nA Title (Appendices 'A' and 'B' refer)\n\nExecutive Summary\n",
    "Decision details\n\nA Title\n\nDecision Maker: Cabinet\n\nDecided at meeting: 04/10/2018"
    " - Cabinet\n\nDecisions:\n",
    "Agenda and minutes\n\nExample Committee - Tuesday, 3rd May, 2021 2.00 pm\n\nNo. Item\n\n1."
    "\n\nApologies\n",
]
shaped = st.builds(lambda head, body: head + body, st.sampled_from(SKELETONS), documents)


def check(data: bytes) -> None:
    """Parse and verify the outcome is a sound document or a one-sentence rejection."""
    try:
        document = parse_document(data, "fuzz.txt")
    except Rejected as rejected:
        message = str(rejected)
        assert message and "\n" not in message and "fuzz.txt" not in message
        return
    assert isinstance(document, ParsedDocument)
    assert document.shape in SHAPES
    if document.shape == "agenda" and not document.meeting.date:
        # A page without its heading: the importer finds its committee and date.
        assert document.committee == ""
    else:
        assert document.committee.strip()
        dt.date.fromisoformat(document.meeting.date)
    assert [item.order for item in document.items] == list(range(1, len(document.items) + 1))
    assert all(item.standing in (None, *STANDING_KINDS) for item in document.items)
    for text in _strings(asdict(document)):
        assert safe_text(text) == text


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for entry in value.values():
            yield from _strings(entry)
    elif isinstance(value, list):
        for entry in value:
            yield from _strings(entry)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes(data):
    check(data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents, encodings)
def test_document_like_text(text, encoding):
    check(text.encode(encoding, errors="replace"))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shaped, encodings)
def test_each_shape_with_random_body(text, encoding):
    check(text.encode(encoding, errors="replace"))


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(SAMPLE_BYTES),
    st.integers(min_value=0, max_value=30_000),
    st.integers(min_value=0, max_value=3_000),
    st.binary(max_size=50),
)
def test_damaged_samples(data, start, length, insert):
    check(data[:start] + insert + data[start + length :])
