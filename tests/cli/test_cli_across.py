"""The across-meetings commands, through ``main(argv)`` on the samples."""

import json

import pytest

from ccpi_tui.__main__ import main
from tests.cli.helpers import run


def test_people_driver_json(capsys, db):
    status, out, _ = run(capsys, "--db", db, "people", "driver", "--json")
    assert status == 0
    (driver,) = json.loads(out)
    assert (driver["present"], driver["apologies"], driver["chaired"]) == (
        ["2015-12-10", "2021-03-02"], ["2017-03-07"], ["2021-03-02"])


def test_people_mein_plain(capsys, db):
    status, out, _ = run(capsys, "--db", db, "people", "mein")
    assert status == 0
    assert "Jennifer Mein" in out
    assert "2015-12-10  ccpi-2015-12-10  apologies" in out
    assert "2017-03-07  ccpi-2017-03-07  present, chair" in out


def test_people_substitutions_plain(capsys, db):
    _, out, _ = run(capsys, "--db", db, "people", "beavers")
    assert "substituted for Carl Crompton" in out
    _, out, _ = run(capsys, "--db", db, "people", "parkinson")
    assert "substituted by Bernard Dawson" in out


def test_people_merge_is_kept_and_bad_ids_change_nothing(capsys, db):
    status, _, err = run(capsys, "--db", db, "people", "nobody", "--merge-into", "geoff-driver")
    assert status == 1 and "no person with the id 'nobody'" in err
    status, out, _ = run(capsys, "--db", db, "people", "d-borrow", "--merge-into", "b-winlow", "--json")
    assert status == 0 and "D Borrow" in json.loads(out)[0]["forms"]


def test_attendance_plain_and_json(capsys, db):
    status, out, _ = run(capsys, "--db", db, "attendance", "ccpi", "--after", "2021-01-01")
    assert status == 0
    assert out.splitlines()[0] == "ccpi: 12 people, 1 meeting"  # 2021: ten present, two replaced
    line = next(row for row in out.splitlines() if row.startswith("Geoff Driver"))
    assert line.split()[-1] == "C"
    _, out, _ = run(capsys, "--db", db, "attendance", "--json")
    (table,) = json.loads(out)
    marks = {m["name"]: m["marks"] for m in table["members"]}
    assert marks["Jennifer Mein"] == {"ccpi-2015-12-10": "A", "ccpi-2017-03-07": "C"}


def test_attendance_bad_input_is_one_sentence(capsys, db):
    status, _, err = run(capsys, "--db", db, "attendance", "nope")
    assert status == 1 and err == "ccpi-tui: There is no committee with the id 'nope'; the store holds: ccpi.\n"
    with pytest.raises(SystemExit) as exit_:
        main(["--db", str(db), "attendance", "--after", "2021-13-01"])
    assert exit_.value.code == 2
    assert "'2021-13-01' is not a date; write it as YYYY-MM-DD" in capsys.readouterr().err


def test_decisions_json(capsys, db):
    status, out, _ = run(capsys, "--db", db, "decisions", "--json")
    assert status == 0
    rows = {row["item_id"]: row for row in json.loads(out)}
    assert len(rows["ccpi-2015-12-10/4"]["clauses"]) == 2
    page = rows["ccpi-2018-10-04/d1"]
    assert (page["status"], page["key_decision"], page["call_in"]) == ("Recommendations Approved", False, None)


def test_decisions_plain_filters(capsys, db):
    _, out, _ = run(capsys, "--db", db, "decisions", "--status", "approved")
    assert "ccpi-2018-10-04/d1" in out and "not key" in out and "call-in not stated" in out
    assert "ccpi-2015-12-10/4" not in out
    _, out, _ = run(capsys, "--db", db, "decisions", "ofsted")
    assert "(i) the report now presented" in out and "(ii) the Cabinet Committee" in out


def test_followups_json_all(capsys, db):
    status, out, _ = run(capsys, "--db", db, "followups", "--all", "--json")
    assert status == 0
    rows = json.loads(out)
    met = {row["item_id"]: row["met_by"] for row in rows if row["status"] == "met"}
    assert met["ccpi-2015-12-10/4"] == "ccpi-2017-03-07/6"
    assert met["ccpi-2015-12-10/6"] == "ccpi-2017-03-07/6"
    (audit,) = [row for row in rows if row["item_id"] == "ccpi-2017-03-07/5"]
    assert audit["status"] == "open" and "Audit and Governance Committee" in audit["reason"]


def test_followups_default_is_open_and_marks_are_kept(capsys, db):
    _, out, _ = run(capsys, "--db", db, "followups")
    assert "ccpi-2017-03-07/5#1" in out and "MET" not in out
    status, out, _ = run(capsys, "--db", db, "followups", "--mark", "ccpi-2017-03-07/5#1", "dropped", "--note", "moved")
    assert status == 0 and "marked dropped by the clerk: moved" in out
    _, out, _ = run(capsys, "--db", db, "followups", "--open")
    assert out == "No follow-ups (open).\n"
    status, _, err = run(capsys, "--db", db, "followups", "--mark", "x#1", "met")
    assert status == 1 and "no follow-up with the id 'x#1'" in err


def test_diff_plain_and_json(capsys, db):
    status, out, _ = run(capsys, "--db", db, "diff", "ccpi-2017-06-27/r1")
    assert status == 0
    assert out.startswith("What changed: ccpi-2017-03-07/6 -> ccpi-2017-06-27/r1\n")
    assert "81% → 72%" in out and "{+" in out and "[-" in out
    _, out, _ = run(capsys, "--db", db, "diff", "ccpi-2015-12-10/6", "--json")
    data = json.loads(out)
    assert data["older"] is None and "no earlier instance" in data["note"]
    status, _, err = run(capsys, "--db", db, "diff", "nope")
    assert status == 1 and "no item with the id 'nope'" in err


@pytest.mark.parametrize(
    ("target", "heading"),
    [
        ("person:geoff-driver", "# Geoff Driver"),
        ("decisions", "# Decisions register"),
        ("followups", "# Follow-ups"),
        ("diff:ccpi-2017-06-27/r1", "# What changed: `ccpi-2017-03-07/6` → `ccpi-2017-06-27/r1`"),
        ("diff:ccpi-2015-12-10/6", "# What changed in ccpi-2015-12-10/6"),
    ],
)
def test_export_targets_to_stdout_and_a_folder(capsys, db, tmp_path, target, heading):
    status, out, _ = run(capsys, "--db", db, "export", target)
    assert status == 0 and out.splitlines()[0] == heading
    folder = tmp_path / "exports"
    folder.mkdir()
    status, _, err = run(capsys, "--db", db, "export", target, "-o", folder)
    assert status == 0
    (written,) = folder.iterdir()
    assert written.read_text(encoding="utf-8") == out and err == f"Wrote {written}\n"


def test_export_unknown_person_is_one_sentence(capsys, db):
    status, _, err = run(capsys, "--db", db, "export", "person:nobody")
    assert status == 1 and err == "ccpi-tui: There is no person with the id 'nobody' (list them with: ccpi-tui people).\n"


def test_hostile_names_never_reach_the_terminal_raw(capsys, tmp_path):
    from store.database import Store
    from store.models import Meeting

    store = Store.open(tmp_path / "hostile")
    with store.transaction() as writer:
        writer.put_meeting(Meeting(
            id="x-2020-01-01", committee_id="x", committee="X", date="2020-01-01",
            present=["[bold red]Eve\x1b[31m Smith", "Bob \u202eKcaj"], apologies=["Councillor [link=file:///etc]Smith"],
        ))
    status, out, _ = run(capsys, "--db", store.root, "people")
    assert status == 0
    assert "\x1b" not in out and "\u202e" not in out
    assert "[bold red]Eve" in out  # shown literally, not read as markup


def stored_files(db):
    """Every file of the store and its size, but SQLite's write-ahead log and
    shared memory: a reader of the index opens them, and they hold nothing."""
    return sorted(
        (path.name, path.stat().st_size) for path in db.rglob("*")
        if path.is_file() and not path.name.endswith(("-wal", "-shm"))
    )


def test_a_refused_correction_changes_nothing_stored(capsys, db):
    before = stored_files(db)
    status, _, err = run(capsys, "--db", db, "people", "geoff-driver", "--split", "Nobody At All")
    assert status == 1 and err.count("\n") == 1
    status, _, _ = run(capsys, "--db", db, "followups", "--mark", "ccpi-2017-03-07/5#1", "finished")
    assert status == 1
    assert stored_files(db) == before
