"""The command line, run in-process through ``main(argv)`` and as a real process."""

import json
import os
import shutil
import subprocess
import sys

import pytest
from markdown_it import MarkdownIt

from ccpi_tui import samples_dir
from store.database import Store
from tests.cli.helpers import run
from tests.store.recurring import recurring_reports

SAMPLES = samples_dir()




def test_meetings_json_newest_first(capsys, db):
    status, out, _ = run(capsys, "--db", db, "meetings", "--json")
    assert status == 0
    meetings = json.loads(out)
    assert [(m["date"], m["items"]) for m in meetings] == [
        ("2021-03-02", 6),
        ("2018-10-04", 1),
        ("2017-06-27", 1),
        ("2017-03-07", 8),
        ("2015-12-10", 11),
    ]
    assert {m["committee"] for m in meetings} == {"Cabinet Committee on Performance Improvement"}


def test_db_option_is_accepted_after_the_command(capsys, db):
    status, out, _ = run(capsys, "meetings", "--db", db)
    assert status == 0 and "ccpi-2015-12-10" in out


def test_show_meeting_json_and_text(capsys, db):
    status, out, _ = run(capsys, "--db", db, "show", "ccpi-2021-03-02", "--json")
    data = json.loads(out)
    assert status == 0 and data["date"] == "2021-03-02"
    assert [i["number"] for i in data["items"]] == ["1", "2", "3", "4", "5", "6"]
    assert len(data["substitutions"]) == 2
    status, out, _ = run(capsys, "--db", db, "show", "ccpi-2021-03-02")
    assert "Substitutions:" in out and "Virtual Meeting" in out


def test_show_item_json_has_the_whole_text(capsys, db):
    status, out, _ = run(capsys, "--db", db, "show", "ccpi-2015-12-10/5", "--json")
    data = json.loads(out)
    assert data["meeting_id"] == "ccpi-2015-12-10" and data["number"] == "5"
    assert "crash bed" in data["text"]


def test_show_unknown_id_is_one_sentence(capsys, db):
    status, out, err = run(capsys, "--db", db, "show", "nope")
    assert status == 1 and out == ""
    assert err.count("\n") == 1 and "nope" in err


@pytest.mark.parametrize(
    ("query", "expected_first"),
    [
        ("ofstd inspection", "ccpi-2015-12-10/4"),
        ("crash bed", "ccpi-2015-12-10/5"),
    ],
)
def test_search_ranks_the_expected_item_first(capsys, db, query, expected_first):
    status, out, _ = run(capsys, "--db", db, "search", query, "--json")
    assert status == 0
    assert json.loads(out)["results"][0]["id"] == expected_first


def test_search_lists_near_equal_results_newest_meeting_first(capsys, tmp_path):
    expected = recurring_reports(Store.open(tmp_path / "db"))
    status, out, _ = run(capsys, "--db", tmp_path / "db", "search", "risk", "register", "--limit", "50")
    assert status == 0
    assert [row.split()[1] for row in out.splitlines() if not row.startswith(" " * 5)] == expected


def test_search_finds_both_customer_access_reports_with_typos(capsys, db):
    status, out, _ = run(capsys, "--db", db, "search", "custmer acess", "--json")
    top = [hit["id"] for hit in json.loads(out)["results"][:2]]
    assert sorted(top) == ["ccpi-2015-12-10/7", "ccpi-2017-03-07/4"]


def test_search_filters(capsys, db):
    status, out, _ = run(capsys, "--db", db, "search", "year:2017 performance", "--json")
    assert status == 0
    assert {hit["date"][:4] for hit in json.loads(out)["results"]} == {"2017"}
    status, _, err = run(capsys, "--db", db, "search", "after:someday x")
    assert status == 1 and "after:someday" in err


def test_export_item_is_commonmark_with_front_matter_and_both_clauses(capsys, db):
    status, out, _ = run(capsys, "--db", db, "export", "ccpi-2015-12-10/4")
    assert status == 0
    front, body = out.split("---\n")[1:3]
    assert 'id: "ccpi-2015-12-10/4"' in front and 'meeting_date: "2015-12-10"' in front
    tokens = MarkdownIt("commonmark").enable("table").parse(body)
    quotes = [t for t in tokens if t.type == "blockquote_open"]
    assert quotes, "the resolution is set apart as a block quote"
    assert "(i) the report now presented" in body and "(ii) the Cabinet Committee" in body


def test_export_report_keeps_tables(capsys, db):
    status, out, _ = run(capsys, "--db", db, "export", "ccpi-2017-06-27/r1")
    tokens = MarkdownIt("commonmark").enable("table").parse(out.split("---\n", 2)[2])
    tables = [t for t in tokens if t.type == "table_open"]
    assert len(tables) >= 2  # background papers and Appendix A
    assert "ADULT SERVICES" in out and "Quarter 3 2016/17" in out


def test_export_to_a_folder_never_overwrites(capsys, db, tmp_path):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    for _ in range(2):
        status, _, err = run(capsys, "--db", db, "export", "ccpi-2015-12-10/4", "-o", out_dir)
        assert status == 0
    names = sorted(p.name for p in out_dir.iterdir())
    assert len(names) == 2 and names[0].startswith("2015-12-10-4-report-on-the-2015-ofsted")
    status, _, err = run(capsys, "--db", db, "export", "ccpi-2015-12-10/4", "-o", out_dir / names[0])
    assert status == 1 and "not overwritten" in err


def test_reimporting_the_samples_leaves_the_store_byte_identical(capsys, db):
    before = {p: p.read_bytes() for p in sorted(db.rglob("*")) if p.is_file()}
    status, out, _ = run(capsys, "--db", db, "import", SAMPLES)
    assert status == 0
    assert out.count("unchanged") == 5
    after = {p: p.read_bytes() for p in sorted(db.rglob("*")) if p.is_file()}
    assert after == before


def test_a_named_store_is_never_filled_with_samples_unasked(capsys, tmp_path):
    status, out, err = run(capsys, "--db", tmp_path / "new", "meetings", "--json")
    assert status == 0 and json.loads(out) == [] and "sample" not in err


def test_the_default_store_gets_the_samples_and_says_so(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("CCPI_DB", raising=False)
    status, out, err = run(capsys, "meetings", "--json")
    assert status == 0 and len(json.loads(out)) == 5
    assert "bundled sample documents were imported" in err
    assert (tmp_path / "data" / "ccpi-tui" / "store" / "records.json").exists()


def test_ccpi_db_names_the_store(capsys, tmp_path, monkeypatch, db):
    monkeypatch.setenv("CCPI_DB", str(db))
    status, out, _ = run(capsys, "meetings", "--json")
    assert len(json.loads(out)) == 5


def test_import_reports_each_file_and_fails_on_a_bad_one(capsys, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "good.txt").write_bytes((SAMPLES / "003_00d6487a98f72f3b.txt").read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    status, out, _ = run(capsys, "--db", tmp_path / "db", "import", folder)
    assert status == 1
    lines = out.splitlines()
    assert any(line.startswith("imported") and "good.txt" in line for line in lines)
    assert any(line.startswith("rejected") and "empty.txt:" in line for line in lines)
    status, out, _ = run(capsys, "--db", tmp_path / "db", "meetings", "--json")
    assert [m["date"] for m in json.loads(out)] == ["2017-03-07"]


def test_help_and_version_run_as_a_real_process():
    env = {**os.environ, "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "ccpi_tui", "--help"], capture_output=True, text=True, env=env, check=True
    )
    assert "examples:" in done.stdout and "search" in done.stdout
    done = subprocess.run(
        [sys.executable, "-m", "ccpi_tui", "--version"], capture_output=True, text=True, check=True
    )
    assert done.stdout.startswith("ccpi-tui ")


def test_plain_output_when_not_a_terminal(tmp_path, db):
    done = subprocess.run(
        [sys.executable, "-m", "ccpi_tui", "--db", str(db), "meetings"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "\x1b" not in done.stdout and "ccpi-2021-03-02" in done.stdout


def test_search_says_how_many_matched_where_a_pipe_does_not_count_it(capsys, db):
    status, out, err = run(capsys, "--db", db, "search", "council", "--limit", "2")
    total = json.loads(run(capsys, "--db", db, "search", "council", "--json")[1])["total"]
    assert status == 0 and total > 2
    assert len(out.splitlines()) == 4, "two results of two lines each: nothing else on stdout"
    assert err == f"2 of {total} matches (more with --limit)\n"
    status, out, err = run(capsys, "--db", db, "search", "council", "--limit", "500", "--json")
    assert json.loads(out)["total"] == total == len(json.loads(out)["results"]) and err == ""


def test_search_reads_no_item_bodies(capsys, db):
    shutil.rmtree(db / "items")
    status, out, _ = run(capsys, "--db", db, "search", "crash bed", "--json")
    assert status == 0
    hit = json.loads(out)["results"][0]
    assert hit["id"] == "ccpi-2015-12-10/5" and "crash bed" in hit["snippet"]


def test_search_given_the_store_folder_answers_alike(capsys, db):
    from ccpi_tui.cli import run_search

    assert run_search(db, "custmer acess", 5, True) == 0
    by_folder = json.loads(capsys.readouterr().out)
    status, out, _ = run(capsys, "--db", db, "search", "custmer acess", "--limit", "5", "--json")
    assert by_folder == json.loads(out) and len(by_folder["results"]) == 5


def test_search_reaches_past_500_results(capsys, tmp_path):
    from store.database import Store
    from store.models import Block, Item, Meeting

    store = Store.open(tmp_path / "many")
    with store.transaction() as writer:
        writer.put_meeting(Meeting(id="ccpi-2020-01-01", committee_id="ccpi", committee="CCPI", date="2020-01-01"))
        writer.put_items(
            Item(id=f"ccpi-2020-01-01/{n}", meeting_id="ccpi-2020-01-01", number=str(n), order=n,
                 title=f"Item {n}", blocks=[Block("paragraph", f"gravel pit number {n}")])
            for n in range(1, 651)
        )
    status, out, _ = run(capsys, "--db", store.root, "search", "gravel", "--limit", "600", "--json")
    found = json.loads(out)
    assert status == 0 and found["total"] == 650 and len(found["results"]) == 600
    assert len({hit["id"] for hit in found["results"]}) == 600


@pytest.mark.parametrize(("typed", "holders"), [("2015/16", 4), ("2015-16", 4), ("£1.6m", 2), ("Self-Assessment", 1)])
def test_search_for_a_word_with_punctuation_lists_the_items_holding_it_first(capsys, db, typed, holders):
    status, out, _ = run(capsys, "--db", db, "search", typed, "--json")
    results = json.loads(out)["results"]
    holding = typed.replace("-", "/") if typed[0].isdigit() else typed
    assert status == 0 and len(results) > holders
    assert all(holding in hit["title"] + hit["snippet"] for hit in results[:holders])


def test_the_reindex_bar_counts_meetings_then_says_the_rest():
    from ccpi_tui.cli import _reindex_step

    assert _reindex_step(1_234, 20_000) == "Indexing meetings: 1,234 of 10,000"
    assert _reindex_step(10_000, 20_000) == "Indexing meetings: 10,000 read, linking topics"
