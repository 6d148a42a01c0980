"""Two copies of one page (before and after the meeting, or page and printed minutes)."""

import pytest

from store.database import Store
from store.importer import import_paths

HEADING = "Audit Committee - Tuesday, 4th May, 2021 2.00 pm"
AGENDA_TEXT = {
    1: "Apologies for Absence",
    2: "Internal Audit Progress Report pdf icon PDF 77 KB",
    3: "Risk Register",
}


def page(with_minutes: bool, extra: str = "") -> str:
    """The meeting's page, saved before the meeting or after it."""
    parts = [f"Agenda and minutes\n\n{HEADING}\n\nVenue: Committee Room 'A'\n\nItems\nNo. Item\n"]
    for number, title in AGENDA_TEXT.items():
        parts.append(f"{number}.\n\n{title}\n")
        if number > 1:
            parts.append(f"To consider the {title.split(' pdf')[0].lower()}.{extra}\n")
        if with_minutes:
            parts.append(f"Minutes:\n\nResolved: That item {number} be noted.\n")
    return "\n".join(parts)


PRINTED = """Audit Committee
Minutes of the Meeting held on Tuesday, 4th May, 2021 at 2.00 pm in Committee Room 'A'

Present:

County Councillor A Sample (Chair)

<AI1>
1.
Apologies for Absence

None were received.
</AI1>
<AI2>
2.
Internal Audit Progress Report

The Chair thanked the auditors.

Resolved: That item 2 be noted.
</AI2>
"""


def texts(store):
    (meeting,) = store.meetings()
    return {
        item.id: [(block.kind, block.text) for block in item.blocks]
        for item in store.items(meeting.id)
    }


@pytest.fixture
def files(tmp_path):
    paths = {}
    for name, text in (("before", page(False)), ("after", page(True)), ("printed", PRINTED)):
        paths[name] = tmp_path / f"{name}.txt"
        paths[name].write_text(text)
    return paths


@pytest.mark.parametrize("order", [("before", "after"), ("after", "before")])
def test_the_agenda_copy_and_the_minutes_copy_merge_in_either_order(tmp_path, files, order):
    store = Store(tmp_path / "store")
    first, second = (import_paths(store, [files[name]])[0] for name in order)
    assert (first.status, second.status) == ("imported", "merged")
    assert second.added == (
        "added minutes to 3 items" if order[0] == "before" else "added nothing new"
    )
    (meeting,) = store.meetings()
    assert len(meeting.sources) == 2
    item = store.item(f"{meeting.id}/2")
    assert item.title == "Internal Audit Progress Report"
    assert [(b.kind, b.text) for b in item.blocks] == [
        ("paragraph", "To consider the internal audit progress report."),
        ("heading", "Minutes"),
        ("resolution", "That item 2 be noted."),
    ]


def test_both_orders_give_the_same_text(tmp_path, files):
    one, other = Store(tmp_path / "one"), Store(tmp_path / "other")
    import_paths(one, [files["before"]]), import_paths(one, [files["after"]])
    import_paths(other, [files["after"]]), import_paths(other, [files["before"]])
    assert texts(one) == texts(other)


def test_a_copy_with_other_agenda_text_keeps_both(tmp_path, files):
    store = Store(tmp_path / "store")
    revised = tmp_path / "revised.txt"
    revised.write_text(page(False, " A revised appendix was published."))
    import_paths(store, [files["after"]])
    (result,) = import_paths(store, [revised])
    assert result.added == "added agenda text to 2 items"
    blocks = [b.text for b in store.item("ac-2021-05-04/3").blocks]
    assert blocks == [
        "To consider the risk register.",
        "To consider the risk register. A revised appendix was published.",
        "Minutes",
        "That item 3 be noted.",
    ]


@pytest.mark.parametrize("order", [("printed", "after"), ("after", "printed")])
def test_the_page_and_its_printed_minutes_merge_in_either_order(tmp_path, files, order):
    store = Store(tmp_path / "store")
    results = [import_paths(store, [files[name]])[0] for name in order]
    assert [r.status for r in results] == ["imported", "merged"]
    item = store.item("ac-2021-05-04/2")
    kinds = [(b.kind, b.text) for b in item.blocks]
    assert kinds[0] == ("paragraph", "To consider the internal audit progress report.")
    assert ("heading", "Minutes") in kinds
    assert ("paragraph", "The Chair thanked the auditors.") in kinds
    assert kinds.count(("resolution", "That item 2 be noted.")) == 1
    assert kinds.index(("heading", "Minutes")) == 1
    assert len(store.summaries("ac-2021-05-04")) == 3
