"""Storing parsed documents: ids, merging, re-imports and corrected versions."""

import pytest

from ccpi_tui import samples_dir
from store.database import Store
from store.importer import committee_slug, import_paths, item_key

SAMPLES = samples_dir()
MINUTES_2017 = SAMPLES / "003_00d6487a98f72f3b.txt"


@pytest.fixture
def store(tmp_path):
    return Store.open(tmp_path / "db")


def snapshot(root):
    return {p.relative_to(root): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_readable_ids():
    assert committee_slug("Cabinet Committee on Performance Improvement") == "ccpi"
    assert committee_slug("Audit, Risk and Governance Committee") == "argc"
    assert item_key("77/21", 3) == "77-21"
    assert item_key("4.", 4) == "4"
    assert item_key("", 9) == "i9"


def test_the_samples_become_five_meetings(sample_store):
    meetings = {m.date: m for m in sample_store.meetings()}
    assert sorted(meetings) == ["2015-12-10", "2017-03-07", "2017-06-27", "2018-10-04", "2021-03-02"]
    counts = {day: len(sample_store.summaries(m.id)) for day, m in meetings.items()}
    assert counts == {
        "2015-12-10": 11,
        "2017-03-07": 8,
        "2017-06-27": 1,
        "2018-10-04": 1,
        "2021-03-02": 6,
    }
    assert meetings["2017-06-27"].holds == ["report"]
    assert meetings["2018-10-04"].holds == ["decision"]
    assert "Jennifer Mein" in (meetings["2017-03-07"].chair or "")
    assert meetings["2017-03-07"].next_meeting == "2017-06-27"
    assert [(s.member, s.replaced) for s in meetings["2021-03-02"].substitutions] == [
        ("County Councillor Lorraine Beavers", "County Councillor Carl Crompton"),
        ("County Councillor Bernard Dawson", "County Councillor Miles Parkinson"),
    ]


def test_every_block_and_item_keeps_its_source(sample_store):
    for meeting in sample_store.meetings():
        for item in sample_store.items(meeting.id):
            assert item.source in meeting.sources
            assert {block.source for block in item.blocks} <= set(meeting.sources)


def test_the_same_document_under_another_name_and_line_endings_is_unchanged(store, tmp_path):
    import_paths(store, [MINUTES_2017])
    before = snapshot(store.root)
    copy = tmp_path / "copy.txt"
    copy.write_bytes(MINUTES_2017.read_bytes().replace(b"\n", b"\r\n"))
    results = import_paths(store, [copy, MINUTES_2017])
    assert [r.status for r in results] == ["unchanged", "unchanged"]
    assert snapshot(store.root) == before


def test_a_corrected_version_replaces_the_old_one_without_duplicates(store, tmp_path):
    import_paths(store, [MINUTES_2017])
    corrected = tmp_path / "corrected.txt"
    text = MINUTES_2017.read_text(encoding="utf-8")
    corrected.write_text(text.replace("Blue Badge Scheme", "Blue Badge Scheme (corrected)"), encoding="utf-8")
    [result] = import_paths(store, [corrected])
    assert result.status == "merged"
    [meeting] = store.meetings()
    assert len(meeting.sources) == 1 and len(store.sources()) == 1
    assert len(store.summaries(meeting.id)) == 8
    assert "(corrected)" in store.item(f"{meeting.id}/4").plain_text()


def test_documents_about_one_meeting_merge(store, tmp_path):
    report = tmp_path / "report.txt"
    report.write_text(
        (SAMPLES / "001_4432b31db689744a.txt")
        .read_text(encoding="utf-8")
        .replace("Tuesday, 27 June 2017", "Tuesday, 7 March 2017"),
        encoding="utf-8",
    )
    results = import_paths(store, [MINUTES_2017, report])
    assert [r.status for r in results] == ["imported", "merged"]
    [meeting] = store.meetings()
    assert meeting.holds == ["minutes", "report"]
    ids = [s.id for s in store.summaries(meeting.id)]
    assert len(ids) == 9 and "ccpi-2017-03-07/r1" in ids


def test_a_rejected_file_leaves_the_store_byte_identical(store, tmp_path):
    import_paths(store, [MINUTES_2017])
    before = snapshot(store.root)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"%PDF-1.4\x00\x01binary")
    [result] = import_paths(store, [bad])
    assert result.status == "rejected" and result.message
    assert snapshot(store.root) == before


def test_a_folder_with_one_bad_file_imports_the_rest(store, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(MINUTES_2017.read_bytes())
    (folder / "b.txt").write_bytes(b"   \n\t\n")
    (folder / ".hidden.txt").write_bytes(b"ignored")
    results = import_paths(store, [folder])
    assert [(r.path.name, r.status) for r in results] == [("a.txt", "imported"), ("b.txt", "rejected")]
    assert store.counts() == (1, 8)


def test_a_number_printed_twice_keeps_both_items(store, tmp_path):
    text = MINUTES_2017.read_text(encoding="utf-8").replace("\t5.  \n", "\t4.  \n", 1)
    twice = tmp_path / "twice.txt"
    twice.write_text(text, encoding="utf-8")
    [result] = import_paths(store, [twice])
    assert result.ok and any("appears 2 times" in warning for warning in result.warnings)
    ids = [s.id for s in store.summaries(result.meeting_id)]
    assert len(ids) == len(set(ids)) == 8
    assert f"{result.meeting_id}/4-5" in ids


def test_the_encoding_is_recorded(store, tmp_path):
    cp1252 = tmp_path / "cp1252.txt"
    cp1252.write_bytes(MINUTES_2017.read_text(encoding="utf-8").encode("cp1252"))
    [result] = import_paths(store, [cp1252])
    assert result.status == "imported"
    assert [source.encoding for source in store.sources()] == ["cp1252"]


def test_parsing_in_worker_processes_gives_what_parsing_here_gives(tmp_path, monkeypatch):
    import store.importer as importer

    serial = Store.open(tmp_path / "serial")
    import_paths(serial, [SAMPLES])
    monkeypatch.setattr(importer, "PARALLEL_FILES", 2)
    monkeypatch.setattr(importer.os, "sched_getaffinity", lambda _pid: {0, 1})
    parallel = Store.open(tmp_path / "parallel")
    results = import_paths(parallel, [SAMPLES, tmp_path / "missing.txt"])
    assert [r.status for r in results][-1] == "rejected"

    def content(store):
        tables = {name: dict(store.table_rows(name)) for name in ("meetings", "sources", "committees")}
        items = {m.id: store.items(m.id) for m in store.meetings()}
        return tables, items

    assert content(parallel) == content(serial)
    assert len(content(serial)[1]) == 5 and all(content(serial)[1].values())


REPORT_2017 = SAMPLES / "001_4432b31db689744a.txt"


def _report(tmp_path, name, summary):
    """The sample report with its executive summary's first paragraph
    replaced: another report of the same title at the same meeting."""
    text = REPORT_2017.read_text(encoding="utf-8")
    start = text.index("This Corporate Performance Monitoring Report is derived")
    end = text.index("Background and Advice")
    path = tmp_path / name
    path.write_text(text[:start] + summary + "\n\n" + text[end:end + 22] + "\n\n" + summary + " Noted.\n", encoding="utf-8")
    return path


def test_two_reports_of_one_title_at_one_meeting_are_two_items(store, tmp_path):
    # The bench's 10k archive has two "Review of the Winter Pressures"
    # reports at one meeting: the second was taken for a corrected version
    # of the first, which it replaced (151,489 items stored, not 151,490).
    first = _report(tmp_path, "first.txt", "Sickness absence rose in the fourth quarter across every directorate.")
    second = _report(tmp_path, "second.txt", "Capital spending fell short of the programme set for the year by a fifth.")
    results = import_paths(store, [first, second])
    assert [r.status for r in results] == ["imported", "merged"]
    [meeting] = store.meetings()
    assert len(meeting.sources) == 2
    ids = [s.id for s in store.summaries(meeting.id)]
    assert sorted(ids) == [f"{meeting.id}/r1", f"{meeting.id}/r2"]
    texts = [store.item(item_id).plain_text() for item_id in ids]
    assert sum("Sickness absence rose" in text for text in texts) == 1
    assert sum("Capital spending fell" in text for text in texts) == 1


def test_a_corrected_report_still_replaces_the_old_one(store, tmp_path):
    import_paths(store, [REPORT_2017])
    corrected = tmp_path / "corrected.txt"
    text = REPORT_2017.read_text(encoding="utf-8")
    corrected.write_text(text.replace("quarter 4 2016/17", "quarter 4 of 2016/17 (corrected)"), encoding="utf-8")
    [result] = import_paths(store, [corrected])
    assert result.status == "merged"
    [meeting] = store.meetings()
    assert len(meeting.sources) == 1
    [summary] = store.summaries(meeting.id)
    assert summary.id == f"{meeting.id}/r1"
    assert "(corrected)" in store.item(summary.id).plain_text()
