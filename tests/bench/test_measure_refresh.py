"""The refresh bench on a tiny store: both ways give the same list, every run timed."""

from __future__ import annotations

from pathlib import Path

from bench.measure_refresh import main, measure


def test_both_ways_are_timed_after_each_commit(tmp_path: Path) -> None:
    # ``measure`` itself checks that the touched way's list is the whole way's.
    samples = measure(tmp_path / "store", 30, 3)
    assert sorted(samples) == ["touched", "whole"]
    assert all(len(values) == 3 and min(values) > 0 for values in samples.values())


def test_the_table_names_both_ways_and_the_ratio(capsys) -> None:
    assert main(["--meetings", "20", "--repeat", "2"]) == 0
    out = capsys.readouterr().out
    assert "| whole |" in out and "| touched |" in out and "ratio whole/touched" in out
