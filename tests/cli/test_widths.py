"""Plain-text rows fit $COLUMNS, piped `show` wraps at spaces or not at all (issue 11, item 7)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from rich.cells import cell_len

from ccpi_tui.widths import cells, cut, fit_row

ROWS = [
    ["meetings"],
    ["search", "council"],
    ["search", "performance"],
    ["thread", "ccpi-2015-12-10/4"],
    ["people"],
    ["people", "driver"],
    ["decisions"],
    ["followups", "--all"],
    ["show", "ccpi-2021-03-02"],
    ["show", "ccpi-2017-06-27/r1"],
    ["attendance"],
    ["diff", "ccpi-2017-06-27/r1"],
]


def shell(db, *argv: str, columns: int | None) -> str:
    """Run the real command with stdout piped, ``COLUMNS`` set or unset."""
    env = {key: value for key, value in os.environ.items() if key not in ("COLUMNS", "LINES")}
    if columns is not None:
        env["COLUMNS"] = str(columns)
    done = subprocess.run(
        [sys.executable, "-m", "ccpi_tui", "--db", str(db), *argv],
        capture_output=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout.decode()



@pytest.mark.parametrize("columns", [80, 40])
@pytest.mark.parametrize("argv", ROWS, ids=" ".join)
def test_every_line_fits_the_columns(db, argv, columns) -> None:
    out = shell(db, *argv, columns=columns)
    assert out.strip()
    for line in out.splitlines():
        if argv[0] == "show" and " " not in line.strip():
            continue  # one word longer than the width stays whole (checked below)
        assert cell_len(line) <= columns, (columns, line)


@pytest.mark.parametrize("columns", [80, 40])
def test_import_rows_fit_the_columns(tmp_path, columns) -> None:
    from pathlib import Path

    samples = Path(__file__).resolve().parents[2] / "samples"
    folder = tmp_path / ("a-folder-with-a-long-name-" * 3)
    folder.mkdir()
    for sample in samples.iterdir():
        (folder / sample.name).write_bytes(sample.read_bytes())
    (folder / "not-a-meeting.txt").write_text("nothing here " * 10)
    env = {key: value for key, value in os.environ.items() if key not in ("COLUMNS", "LINES")}
    env["COLUMNS"] = str(columns)
    done = subprocess.run(
        [sys.executable, "-m", "ccpi_tui", "--db", str(tmp_path / "db"), "import", str(folder)],
        capture_output=True, env=env, timeout=120,
    )
    lines = done.stdout.decode().splitlines()
    assert len(lines) >= 6
    assert all(cell_len(line) <= columns for line in lines), lines
    assert sum(line.endswith("…") or "…" in line for line in lines) >= 5, "the long paths are cut with …"
    whole = " ".join(done.stdout.decode().split())
    assert "rejected" in whole and "This is not a document the importer knows" in whole, "the reason is never cut"


def test_at_80_columns_each_meeting_is_one_line_with_its_title_cut(db) -> None:
    whole = shell(db, "meetings", columns=None).splitlines()
    fitted = shell(db, "meetings", columns=80).splitlines()
    assert len(fitted) == len(whole) == 5
    assert any(cell_len(line) > 80 for line in whole)  # the rows really are too long
    for full, short in zip(whole, fitted, strict=True):
        assert short.split()[:2] == full.split()[:2]  # id and date kept whole
        assert short.endswith(("item", "items"))  # the count is kept too
        committee = short.split("  ")[2]
        assert committee.endswith("…") and "Cabinet Committee on Performance Improvement".startswith(committee[:-1])


@pytest.mark.parametrize(
    ("argv", "title"),
    [
        (["search", "performance"], "Quarterly Corporate Performance Monitoring Report"),
        (["decisions"], "Report on the 2015 Ofsted Inspection of Services for Children in Need"),
        (["thread", "ccpi-2015-12-10/4"], "Report on the 2015 Ofsted Inspection of Services for Children in Need"),
    ],
)
def test_a_cut_title_ends_with_an_ellipsis(db, argv, title) -> None:
    cut_rows = [line for line in shell(db, *argv, columns=80).splitlines() if line.endswith("…")]
    assert cut_rows
    heads = [line.rsplit("  ", 1)[-1] for line in cut_rows]
    assert any(title.startswith(head[:-1].split(". ", 1)[-1]) for head in heads), heads


@pytest.mark.parametrize("argv", [["meetings"], ["decisions"], ["search", "council"], ["people", "driver"]])
def test_json_is_untouched_by_columns(db, argv) -> None:
    assert json.loads(shell(db, *argv, "--json", columns=40)) == json.loads(shell(db, *argv, "--json", columns=None))


def test_piped_show_without_columns_is_not_wrapped(db) -> None:
    out = shell(db, "show", "ccpi-2017-06-27/r1", columns=None)
    assert max(cell_len(line) for line in out.splitlines()) > 200  # paragraphs stay one line each


@pytest.mark.parametrize("columns", [40, 12])
def test_piped_show_wraps_to_columns_at_word_boundaries(db, columns) -> None:
    whole = shell(db, "show", "ccpi-2017-06-27/r1", columns=None)
    wrapped = shell(db, "show", "ccpi-2017-06-27/r1", columns=columns)
    assert wrapped.split() == whole.split()  # the same words: none was broken or hyphen-split
    lines = wrapped.splitlines()
    assert len(lines) > len(whole.splitlines())
    for line in lines:
        assert cell_len(line) <= columns or " " not in line.strip(), line
    # a word longer than the width (the item id) stays whole on a line of its own
    if columns == 12:
        assert "[ccpi-2017-06-27/r1]" in lines


def test_cut_counts_cells_and_closes_styles() -> None:
    assert cut("会議会議会議", 7) == "会議会…"  # wide characters count two cells
    assert cell_len(cut("会議会議会議", 7)) <= 7
    bold = cut("\x1b[1mQuarterly Report\x1b[0m", 8)
    assert bold.endswith("…\x1b[0m") and cells(bold) <= 8 and cells(bold) < cell_len(bold)
    row = fit_row(30, "2021-03-02  id  ", "A very long item title indeed", "  [x]")
    assert row.startswith("2021-03-02  id  ") and row.endswith("…  [x]") and cell_len(row) <= 30
    assert fit_row(None, "a", "b" * 500) == "a" + "b" * 500  # no limit when piped without COLUMNS
