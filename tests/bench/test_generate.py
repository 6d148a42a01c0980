"""The synthetic archive: deterministic, counted right, and real enough to parse."""

import os
import subprocess
import sys
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from bench import vocabulary
from bench.generate import WORDS, Manifest, generate, main, schedule
from store.database import Store
from store.importer import committee_slug, import_paths
from store.ingest import parse_document

MEETINGS = 20
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def manifest(tmp_path_factory) -> Manifest:
    return generate(tmp_path_factory.mktemp("archive") / "out", MEETINGS)


@pytest.fixture(scope="module")
def parsed(manifest):
    return {
        doc.path: parse_document((manifest.out / doc.path).read_bytes())
        for doc in manifest.documents
    }


def files_of(root: Path) -> dict[Path, bytes]:
    return {
        path.relative_to(root): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def test_same_arguments_give_byte_identical_files(manifest, tmp_path):
    again = generate(tmp_path / "again", MEETINGS)
    assert files_of(again.out) == files_of(manifest.out)
    assert again.probes == manifest.probes


@pytest.mark.slow
def test_output_does_not_depend_on_hash_randomisation(tmp_path):
    def run(hash_seed: str) -> dict[Path, bytes]:
        out = tmp_path / hash_seed
        command = [sys.executable, "-m", "bench.generate", "--meetings", "12", "--out", str(out)]
        environment = {**os.environ, "PYTHONHASHSEED": hash_seed}
        subprocess.run(command, check=True, capture_output=True, env=environment, cwd=ROOT)
        return files_of(out)

    first = run("1")
    assert first and first == run("2")


def test_another_seed_gives_another_archive(manifest, tmp_path):
    other = generate(tmp_path / "other", MEETINGS, seed=2)
    assert files_of(other.out) != files_of(manifest.out)


def test_manifest_lists_exactly_the_files_written(manifest):
    on_disk = files_of(manifest.out)
    assert sorted(on_disk) == sorted(doc.path for doc in manifest.documents)
    assert manifest.files == len(on_disk)
    assert manifest.bytes == sum(len(data) for data in on_disk.values())
    assert manifest.meetings == MEETINGS
    meetings = {(doc.committee, doc.date) for doc in manifest.documents}
    assert len(meetings) == MEETINGS


def test_agenda_items_are_counted_once_per_meeting(manifest):
    per_meeting: dict[tuple[str, str], set[int]] = defaultdict(set)
    for doc in manifest.documents:
        if doc.shape in ("minutes", "agenda"):
            per_meeting[(doc.committee, doc.date)].add(doc.items)
    assert all(len(counts) == 1 for counts in per_meeting.values())
    assert manifest.items == sum(counts.pop() for counts in per_meeting.values())
    assert 10 * MEETINGS <= manifest.items <= 20 * MEETINGS


def test_every_shape_appears_and_some_meetings_have_several_documents(manifest):
    assert all(count > 0 for count in manifest.by_shape().values()), manifest.by_shape()
    shapes_of: dict[tuple[str, str], set[str]] = defaultdict(set)
    for doc in manifest.documents:
        shapes_of[(doc.committee, doc.date)].add(doc.shape)
    together = list(shapes_of.values())
    assert any({"minutes", "report"} <= shapes for shapes in together)
    assert any({"minutes", "decision"} <= shapes for shapes in together)
    assert any({"minutes", "agenda"} <= shapes for shapes in together)
    assert any(shapes == {"agenda"} for shapes in together)


def test_recurring_reports_drift_in_title_over_the_years(tmp_path):
    ccpi = generate(tmp_path / "ccpi", 40, committees=1)
    agendas = {doc.date: doc.titles for doc in ccpi.documents if doc.shape in ("minutes", "agenda")}
    titles = [title for day in sorted(agendas) for title in agendas[day]]
    eras = [
        "Quarterly Corporate Performance Monitoring Report - Quarter",
        "Quarterly Performance Summary Report",
        "Corporate Strategy Monitoring report - Quarter",
    ]
    firsts = [min(i for i, title in enumerate(titles) if title.startswith(era)) for era in eras]
    assert firsts == sorted(firsts)
    assert titles.count("Date of Next Meeting") == 40


def test_every_domain_has_words_for_every_slot():
    for name, words in WORDS.items():
        assert all(words.values()), name


def test_committees_have_distinct_ids_and_meet_on_distinct_days():
    names = [committee.name for committee in vocabulary.COMMITTEES]
    assert len({committee_slug(name) for name in names}) == len(names)
    plans = schedule(6000, vocabulary.COMMITTEES, seed=3)
    days = Counter((plan.committee.name, plan.date) for plan in plans)
    assert len(plans) == 6000 and max(days.values()) == 1
    assert plans[0].date < date(2006, 1, 1) and plans[-1].date > date(2024, 1, 1)
    assert all(plan.date.weekday() < 5 for plan in plans)


def test_every_file_parses_without_warnings_as_generated(manifest, parsed):
    for doc in manifest.documents:
        result = parsed[doc.path]
        assert result.warnings == [], doc.path
        assert result.shape == doc.shape, doc.path
        assert result.committee == doc.committee, doc.path
        assert result.meeting.date == doc.date, doc.path
        assert [item.title for item in result.items] == list(doc.titles), doc.path


def test_minutes_carry_attendance_standing_items_and_links(manifest, parsed):
    dates: dict[str, list[str]] = defaultdict(list)
    for doc in manifest.documents:
        if doc.shape in ("minutes", "agenda") and doc.date not in dates[doc.committee]:
            dates[doc.committee].append(doc.date)
    for doc in manifest.documents:
        if doc.shape != "minutes":
            continue
        result = parsed[doc.path]
        meeting = result.meeting
        assert meeting.time and meeting.venue and meeting.present, doc.path
        kinds = Counter(item.standing for item in result.items)
        for kind in ("apologies", "declarations", "urgent-business", "next-meeting"):
            assert kinds[kind] == 1, (doc.path, kind)
        held = sorted(dates[doc.committee])
        position = held.index(doc.date)
        if position + 1 < len(held):
            assert meeting.next_meeting == held[position + 1], doc.path
        if position > 0:
            (previous,) = [item for item in result.items if item.standing == "previous-minutes"]
            assert held[position - 1] in [ref.date for ref in previous.references], doc.path
        substantive = [item for item in result.items if item.standing is None]
        for item in substantive:
            assert item.blocks and item.blocks[-1].kind == "resolution", (doc.path, item.title)


def test_reports_keep_their_tables_and_background_papers(manifest, parsed):
    reports = [parsed[doc.path] for doc in manifest.documents if doc.shape == "report"]
    for result in reports:
        (item,) = result.items
        assert item.report is not None and item.report.background_papers
        assert all(paper.date for paper in item.report.background_papers)
        tables = [block.rows for block in item.blocks if block.kind == "table"]
        assert tables[0][0] == ["Paper", "Date", "Contact/Directorate/Tel"]
        assert any(rows[1][2:] == ["£m", "£m", "£m", "%"] for rows in tables[1:])


def test_probes_point_at_what_is_there(manifest):
    kinds = Counter(probe.kind for probe in manifest.probes)
    assert kinds == {"rare-word": len(vocabulary.RARE_WORDS), "typo": 1, "title": 2}
    texts = {
        doc.path: (manifest.out / doc.path).read_text("utf-8").lower()
        for doc in manifest.documents
    }
    for probe in manifest.probes:
        holders = [doc for doc in manifest.documents if probe.expect in doc.titles]
        assert sum(doc.titles.count(probe.expect) for doc in holders) >= probe.count
        assert any(doc.date == probe.date and doc.committee == probe.committee for doc in holders)
        if probe.kind == "rare-word":
            assert sum(text.count(probe.query) for text in texts.values()) == 1, probe
        if probe.kind == "typo":
            assert probe.query not in texts[holders[0].path]
            assert fuzz.partial_ratio(probe.query, probe.expect.lower()) > 80


def test_importing_the_archive_gives_its_meetings_and_items(manifest, tmp_path):
    store = Store.open(tmp_path / "store")
    results = import_paths(store, [manifest.out])
    assert [result.message for result in results if not result.ok] == []
    assert all(result.warnings == [] for result in results)
    assert store.counts() == (manifest.meetings, manifest.stored_items)


def test_command_line_writes_and_summarises(tmp_path, capsys):
    assert main(["--meetings", "3", "--committees", "2", "--out", str(tmp_path / "cli")]) == 0
    summary = capsys.readouterr().out
    assert "3 meetings" in summary and "2 committees" in summary
    folders = {path.parent.name for path in (tmp_path / "cli").rglob("*.txt")}
    assert folders == {
        "cabinet-committee-on-performance-improvement",
        "audit-risk-and-governance-committee",
    }


def test_command_line_refuses_a_folder_in_use(tmp_path, capsys):
    (tmp_path / "keep.txt").write_text("mine")
    with pytest.raises(SystemExit) as exit_info:
        main(["--meetings", "3", "--out", str(tmp_path)])
    assert exit_info.value.code == 2
    assert "not empty" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def test_command_line_help_names_every_option(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    assert all(option in text for option in ("--meetings", "--seed", "--out", "--committees"))
