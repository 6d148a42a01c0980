"""Pages that print no heading: the date from the page and the archive, or given."""

import pytest

from ccpi_tui.__main__ import main
from store.database import Store
from store.importer import import_paths

COMMITTEE = "Audit Committee"


def page(items: str, heading: str = "") -> str:
    """An "Agenda and minutes" page; without ``heading`` it starts at the item table."""
    top = f"Agenda and minutes\n\n{heading}\n\nVenue: Committee Room 'A'\n\n" if heading else ""
    return f"{top}Items\nNo. Item\n\n{items}"


def items(previous: str | None, following: str | None, topic: str = "Budget Report") -> str:
    parts = ["1.\n\nApologies for Absence\n\nMinutes:\n\nNone were received.\n"]
    if previous:
        parts.append(
            f"2.\n\nMinutes of the Meeting held on {previous}\n\nMinutes:\n\n"
            "Resolved: That the minutes be confirmed.\n"
        )
    parts.append(f"3.\n\n{topic}\n\nMinutes:\n\nResolved: That the report be noted.\n")
    if following:
        parts.append(
            f"4.\n\nDate of Next Meeting\n\nMinutes:\n\n"
            f"It was noted that the next meeting would be held on {following} at 2.00 pm.\n"
        )
    return "\n".join(parts)


def headed(date: str, previous: str | None, following: str | None) -> str:
    return page(items(previous, following, "Risk Register"), f"{COMMITTEE} - {date} 2.00 pm")


HEADLESS = page(items("2nd February 2021", "6th July 2021"))


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "store")


def write(folder, name, text):
    path = folder / name
    path.write_text(text)
    return path


def only(store, date):
    (meeting,) = [m for m in store.meetings() if m.date == date]
    return meeting


def test_nothing_pins_the_date_down_so_the_page_is_rejected(store, tmp_path):
    (result,) = import_paths(store, [write(tmp_path, "page.txt", HEADLESS)])
    assert result.status == "rejected"
    assert "--committee NAME --date YYYY-MM-DD" in result.message
    assert result.message.count(".") == 1 and result.message.endswith(".")
    assert store.meetings() == []


def test_given_committee_and_date(store, tmp_path):
    path = write(tmp_path, "page.txt", HEADLESS)
    (result,) = import_paths(store, [path], committee=COMMITTEE, date="2021-05-04")
    assert (result.status, result.meeting_id) == ("imported", "ac-2021-05-04")
    meeting = only(store, "2021-05-04")
    assert (meeting.committee, meeting.date_source) == (COMMITTEE, "given")
    assert [source.date_source for source in store.sources()] == ["given"]
    again = import_paths(store, [path], committee=COMMITTEE, date="2021-05-04")
    assert again[0].status == "unchanged"


def test_a_given_date_that_contradicts_the_heading_is_rejected(store, tmp_path):
    path = write(tmp_path, "page.txt", headed("Tuesday, 2nd February, 2021", None, None))
    (result,) = import_paths(store, [path], date="2021-05-04")
    assert result.status == "rejected" and "2021-02-02" in result.message
    assert store.meetings() == []


def test_the_previous_meetings_next_meeting_date(store, tmp_path):
    first = write(tmp_path, "a.txt", headed("Tuesday, 2nd February, 2021", None, "4th May 2021"))
    import_paths(store, [first])
    (result,) = import_paths(store, [write(tmp_path, "b.txt", HEADLESS)])
    assert (result.status, result.meeting_id) == ("imported", "ac-2021-05-04")
    assert "2021-05-04 is the minutes of 2021-02-02 name it" in " ".join(result.warnings)
    meeting = only(store, "2021-05-04")
    assert (meeting.committee, meeting.date_source) == (COMMITTEE, "inferred")


def test_the_next_stored_meeting_after_the_previous_one(store, tmp_path):
    paths = [
        write(tmp_path, "a.txt", headed("Tuesday, 2nd February, 2021", None, "4th May 2021")),
        # Moved from 4 May: the meeting that happened confirms February's minutes.
        write(tmp_path, "b.txt", headed("Monday, 10th May, 2021", "2nd February 2021", None)),
        write(tmp_path, "c.txt", HEADLESS),
    ]
    results = import_paths(store, paths)
    assert [(r.status, r.meeting_id) for r in results] == [
        ("imported", "ac-2021-02-02"), ("imported", "ac-2021-05-10"), ("merged", "ac-2021-05-10"),
    ]
    assert only(store, "2021-05-10").date_source == "heading"
    assert [m.date for m in store.meetings() if m.date.startswith("2021-05")] == ["2021-05-10"]


def test_the_page_is_read_after_the_batch_whatever_the_order(store, tmp_path):
    paths = [
        write(tmp_path, "0-headless.txt", HEADLESS),
        write(tmp_path, "1-february.txt", headed("Tuesday, 2nd February, 2021", None, "4th May 2021")),
    ]
    results = import_paths(store, paths)
    assert [(r.path.name, r.meeting_id) for r in results] == [
        ("0-headless.txt", "ac-2021-05-04"), ("1-february.txt", "ac-2021-02-02"),
    ]


def test_the_following_meeting_confirms_this_ones_minutes(store, tmp_path):
    later = write(tmp_path, "a.txt", headed("Tuesday, 6th July, 2021", "4th May 2021", None))
    import_paths(store, [later])
    (result,) = import_paths(store, [write(tmp_path, "b.txt", page(items(None, "6th July 2021")))])
    assert result.meeting_id == "ac-2021-05-04"


def test_a_decision_page_decided_at_the_meeting(store, tmp_path):
    decision = (
        "Decision details\n\nBudget Report\n\nDecision Maker: Audit Committee\n\n"
        "Decision status: Recommendations Approved\n\nDecisions:\n\nResolved: That the report"
        " be noted.\n\nDate of decision: 04/05/2021\n\n"
        "Decided at meeting: 04/05/2021 - Audit Committee\n"
    )
    import_paths(store, [write(tmp_path, "a.txt", decision)])
    (result,) = import_paths(store, [write(tmp_path, "b.txt", page(items(None, None)))])
    assert (result.status, result.meeting_id) == ("merged", "ac-2021-05-04")


def test_a_next_meeting_date_alone_invents_no_meeting(store, tmp_path):
    february = headed("Tuesday, 2nd February, 2021", None, "4th May 2021")
    import_paths(store, [write(tmp_path, "a.txt", february)])
    (result,) = import_paths(store, [write(tmp_path, "b.txt", page(items(None, None)))])
    assert result.status == "rejected"
    assert [m.date for m in store.meetings()] == ["2021-02-02"]


def test_clues_that_disagree_are_rejected(store, tmp_path):
    import_paths(store, [
        write(tmp_path, "a.txt", headed("Tuesday, 2nd February, 2021", None, "4th May 2021")),
        write(tmp_path, "b.txt", headed("Tuesday, 6th July, 2021", "1st June 2021", None)),
    ])
    (result,) = import_paths(store, [write(tmp_path, "c.txt", HEADLESS)])
    assert result.status == "rejected"
    assert "2021-05-04" in result.message and "2021-06-01" in result.message


def test_import_command_takes_committee_and_date(tmp_path, capsys):
    path = write(tmp_path, "page.txt", HEADLESS)
    db = tmp_path / "db"
    assert main(["--db", str(db), "import", str(path)]) == 1
    assert "--date YYYY-MM-DD" in " ".join(capsys.readouterr().out.split())  # however wrapped
    status = main(["--db", str(db), "import", "--committee", COMMITTEE, "--date", "2021-05-04", str(path)])
    assert status == 0 and "ac-2021-05-04" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exit_:
        main(["--db", str(db), "import", "--date", "4/5/2021", str(path)])
    assert exit_.value.code != 0
    assert "'4/5/2021' is not a date written YYYY-MM-DD" in capsys.readouterr().err
