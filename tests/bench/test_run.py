"""The benchmark runner: every row measured end to end on a tiny archive, and
the verdicts and table it prints built right. Timings are not checked here:
CI runs the bench to prove it works, not to judge speed."""

import json
from types import SimpleNamespace

import pytest

from bench.generate import generate
from bench.measure_app import PLACEHOLDER, SearchBox
from bench.measure_compute import Screenful, fts_query, prefixes
from bench.results import SPEC_BY_KEY as SPEC
from bench.results import SPECS, Result, format_ratio, format_value, met, missed, p95, ratio, table
from bench.run import Queries, load_manifest, main, save_manifest


def test_p95_is_the_nearest_rank() -> None:
    samples = [float(n) for n in range(1, 101)]
    assert p95(samples) == 95.0
    assert p95([3.0]) == 3.0
    assert p95([1.0, 9.0]) == 9.0


def test_a_row_meets_its_target_only_when_every_limit_holds() -> None:
    keystroke = SPEC["keystroke"]  # p95 <= 80 ms and max <= 150 ms
    quick = [0.02] * 99 + [0.1]
    assert met({"keystroke": Result(quick)}, keystroke) is True
    assert met({"keystroke": Result(quick[:-1] + [0.2])}, keystroke) is False
    assert met({"keystroke": Result([0.09] * 20)}, keystroke) is False


def test_a_timeout_or_a_missing_row_is_a_miss_and_a_reference_row_never_is() -> None:
    export = SPEC["export"]
    assert met({"export": Result([0.001], timeout=120)}, export) is False
    assert met({}, export) is False
    assert met({"export": Result(note="not run: because")}, export) is False
    assert met({"grep": Result([5.0])}, SPEC["grep"]) is None
    assert met({"export": Result(note="reused", skipped=True)}, export) is None
    assert missed({}) == [spec.key for spec in SPECS if spec.target is not None]


def test_ratio_targets_compare_medians_in_the_same_run() -> None:
    paint = SPEC["paint"]  # <= 300 ms and <= 1.3x the trivial app
    results = {"paint": Result([0.25, 0.26, 0.27]), "paint_trivial": Result([0.2, 0.21, 0.22])}
    assert ratio(results, paint) == pytest.approx(0.26 / 0.21)
    assert met(results, paint) is True
    results["paint_trivial"] = Result([0.18])
    assert met(results, paint) is False
    search = SPEC["shell_search"]  # strictly faster than grep
    assert met({"shell_search": Result([1.0]), "grep": Result([1.0])}, search) is False
    assert met({"shell_search": Result([0.9]), "grep": Result([1.0])}, search) is True
    assert met({"shell_search": Result([0.9])}, search) is False


def test_the_table_has_every_row_and_fits_in_100_columns() -> None:
    results = {spec.key: Result([987_654_321.0 if spec.unit == "B" else 12.5]) for spec in SPECS}
    results["get_ours"] = Result([20e-6])
    results["get_tinydb"] = Result([1.999])
    results["searchable"] = Result(timeout=120)
    results["export"] = Result(note="not run: an earlier in-process row timed out")
    printed = table(results)
    lines = printed.splitlines()
    assert max(len(line) for line in lines) <= 100
    for spec in SPECS:
        assert any(line.startswith(f"| {spec.what} ") for line in lines), spec.what
    searchable = next(line for line in lines if "searchable" in line)
    assert "timeout" in searchable and ">120 s" in searchable and searchable.rstrip(" |").endswith("NO")
    assert "- export one item: not run: an earlier in-process row timed out" in lines


def test_ratios_and_values_are_short_and_readable() -> None:
    shown = [format_ratio(value) for value in (123.4, 12.34, 1.234, 0.0123)]
    assert shown == ["123×", "12.3×", "1.23×", "0.01×"]
    assert format_ratio(1 / 6091.2) == "1/6091×"
    assert format_ratio(1 / 150_000) == "1/2e+05×"
    assert [format_value(value, "s") for value in (2e-5, 0.00345, 0.0345, 0.345, 3.456, 345.6)] == [
        "20.0 µs", "3.45 ms", "34.5 ms", "345 ms", "3.46 s", "346 s",
    ]
    assert format_value(62_700_000, "B") == "62.7 MB"


def test_queries_come_from_the_archive_probes(tmp_path) -> None:
    manifest = generate(tmp_path / "archive", 15)
    save_manifest(manifest, tmp_path / "manifest.json")
    assert load_manifest(tmp_path / "manifest.json") == manifest
    queries = Queries.from_probes(manifest.probes)
    typo = next(probe for probe in manifest.probes if probe.kind == "typo")
    assert queries.typed[0] == typo.query
    assert all(len(word.split()) == 1 for word in queries.words)
    assert set(prefixes(queries.typed[1])) <= set(queries.fulltext)
    assert set(queries.scan) and all(word in queries.title[0] + queries.title[1] for word in queries.scan)


def test_prefixes_leave_out_keys_that_type_a_space() -> None:
    assert prefixes("ab c") == ["a", "ab", "ab c"]


def test_fts_query_asks_for_any_word_and_quotes_them() -> None:
    assert fts_query(["ofsted", 'say"s', "insp"]) == '"ofsted" OR "say""s" OR "insp"*'


class FakeTerminal:
    """Just the screen of a ``Terminal``."""

    def __init__(self, lines: list[str]) -> None:
        self.screen = SimpleNamespace(display=lines)

    def line(self, row: int) -> str:
        return self.screen.display[row]


def test_the_search_box_is_read_off_the_screen() -> None:
    lines = [
        "header",
        f"│ ▊  {PLACEHOLDER}       ▎ │",
        "  2 results: ↑/↓ to choose",
        "  2016-01-01 ccpi 4. Budget",
    ]
    box = SearchBox(FakeTerminal(lines))  # type: ignore[arg-type]
    assert box.value() == ""
    lines[1] = "│ ▊  budg                    ▎ │"
    assert box.value() == "budg"
    lines[1] = "│ ▊  budget monitoring       ▎ │"
    assert box.value() == "budget monitoring"
    answered = Screenful("budget monitoring", ["2016-01-01 ccpi 4. Budget"], "", 2)
    assert box.shows(answered)("\n".join(lines))
    assert not box.shows(Screenful("budget", answered.lines, "", 2))("\n".join(lines))
    assert not box.shows(Screenful("budget monitoring", answered.lines, "", 3))("\n".join(lines))
    assert not box.shows(Screenful("budget monitoring", ["2017"], "", 2))("\n".join(lines))


@pytest.mark.slow
def test_the_runner_measures_every_row_on_a_tiny_archive(tmp_path, capsys) -> None:
    out = tmp_path / "rows.json"
    arguments = ["--meetings", "15", "--runs", "1", "--timeout", "30", "--work", str(tmp_path / "work")]
    status = main([*arguments, "--json", str(out), "--check"])
    printed = capsys.readouterr().out
    report = json.loads(out.read_text())
    rows = {row["key"]: row for row in report["rows"]}
    assert list(rows) == [spec.key for spec in SPECS]
    for key, row in rows.items():
        assert row["timeout"] is None and row["note"] == "", (key, row)
        assert row["samples"] and all(value > 0 for value in row["samples"]), key
    manifest = load_manifest(tmp_path / "work" / "manifest-15-s1.json")
    typed = Queries.from_probes(manifest.probes).typed
    assert len(rows["keystroke"]["samples"]) == sum(len(prefixes(query)) for query in typed)
    assert rows["archive_size"]["samples"] == [manifest.bytes]
    assert status == (1 if any(row["met"] is False for row in rows.values()) else 0)
    assert report["machine"]["cpus"] and report["archive"]["meetings"] == 15
    for spec in SPECS:
        assert f"| {spec.what} " in printed
    assert "machine:" in printed and "archive: 15 meetings" in printed
