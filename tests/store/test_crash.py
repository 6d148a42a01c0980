"""Faults: kill -9 at random moments, a file-size limit, damaged stores.

The writer is ``crash_writer.py`` run as a subprocess. It prints ``ok
FIRST LAST`` only after a transaction has committed, so every line the test
reads names meetings that must survive whatever happens next. Damage the
random trials reach only by chance is also made certain, and a corrupt store
is run through the real command line.
"""

from __future__ import annotations

import base64
import json
import os
import random
import resource
import signal
import subprocess
import sys
import time
import zlib
from dataclasses import replace
from pathlib import Path

import orjson
import pytest

import crash_writer as cw
from store.database import (
    ITEMS_DIR,
    MEETINGS_DIR,
    RECORDS_NAME,
    SOURCES_DIR,
    Store,
    StoreCorrupt,
    shard_of,
)
from store.layout import stamp
from store.models import Block
from store.storage import TEMP_PREFIX, atomic_write_bytes

HELPER = Path(cw.__file__)
SEED = int(os.environ.get("CCPI_CRASH_SEED", "20240611"))
TRIALS = 60
#: Longest wait, after the writer is ready, before it is killed.
MAX_DELAY = 0.5


def run_helper(*args: str, **kwargs) -> subprocess.CompletedProcess[str]:
    """Run the helper to completion."""
    return subprocess.run(
        [sys.executable, "-B", str(HELPER), *args],
        capture_output=True,
        text=True,
        timeout=120,
        **kwargs,
    )


#: Each folder of shard files, and the table of the records naming them.
MAPS = {ITEMS_DIR: "shards", MEETINGS_DIR: "meeting_shards", SOURCES_DIR: "source_shards"}


def temporaries(root: Path) -> list[Path]:
    """Temporary files a writer left in the store."""
    return [path for folder in (root, *(root / name for name in MAPS)) for path in folder.glob(f"{TEMP_PREFIX}*")]


def structural_problems(root: Path) -> list[str]:
    """Parse every store file directly; list what does not hold together.

    Checked without ``Store`` so that a bug there cannot hide one here: the
    records (``records.json``) and their backup parse; every shard file they
    name (items, meetings, sources) exists, parses and holds the item,
    meeting or source count they give; every item row has its body beside
    it, and every meeting's sources are in its source shard. A writer killed
    before its first commit leaves no records at all, which is whole.
    """
    problems = []
    for name in (RECORDS_NAME, f"{RECORDS_NAME}.bak"):
        path = root / name
        if not path.exists():
            continue
        try:
            records = orjson.loads(path.read_bytes())
        except (OSError, orjson.JSONDecodeError) as error:
            problems.append(f"{name}: {error}")
            continue
        found: dict[str, dict[str, list[dict]]] = {"meetings": {}, "sources": {}}
        for folder, table in ((MEETINGS_DIR, "meetings"), (SOURCES_DIR, "sources")):
            for shard in records.get(MAPS[folder], {}).values():
                try:
                    tables = orjson.loads((root / folder / shard["file"]).read_bytes())
                except (OSError, orjson.JSONDecodeError) as error:
                    problems.append(f"{name}: {folder}/{shard['file']}: {error}")
                    continue
                rows = found[table][shard["id"]] = list(tables.get(table, {}).values())
                if len(rows) != shard[table]:
                    problems.append(f"{name}: {folder}/{shard['file']}: {len(rows)} {table}, not {shard[table]}")
        for number, meetings in found["meetings"].items():
            sources = {row["id"] for row in found["sources"].get(number, [])}
            problems += [
                f"{meeting['id']}: source {source} missing"
                for meeting in meetings
                for source in meeting.get("sources", [])
                if source not in sources
            ]
        for shard in records.get("shards", {}).values():
            try:
                tables = orjson.loads((root / ITEMS_DIR / shard["file"]).read_bytes())
            except (OSError, orjson.JSONDecodeError) as error:
                problems.append(f"{name}: {shard['file']}: {error}")
                continue
            items = {row["id"] for row in tables.get("items", {}).values()}
            bodies = {key for row in tables.get("bodies", {}).values() for key in unpacked(row)}
            if len(items) != shard["items"]:
                problems.append(f"{name}: {shard['file']}: {len(items)} items, not {shard['items']}")
            if name == RECORDS_NAME:
                problems += [f"{item_id}: body missing" for item_id in sorted(items - bodies)]
    return problems


def unnamed_shards(root: Path) -> list[str]:
    """Shard files that neither the records nor their backup name."""
    named = set()
    for name in (RECORDS_NAME, f"{RECORDS_NAME}.bak"):
        if (root / name).exists():
            records = orjson.loads((root / name).read_bytes())
            for folder, table in MAPS.items():
                named |= {f"{folder}/{row['file']}" for row in records.get(table, {}).values()}
    found = [f"{folder}/{path.name}" for folder in MAPS for path in (root / folder).glob("*.json")]
    return sorted(set(found) - named)


def shard_file(root: Path, meeting_id: str, folder: str = ITEMS_DIR) -> Path:
    """The file the records name for a meeting's shard (of items, meetings or sources)."""
    records = orjson.loads((root / RECORDS_NAME).read_bytes())
    key = f"{shard_of(meeting_id):03d}"
    (shard,) = [row for row in records[MAPS[folder]].values() if row["id"] == key]
    return root / folder / shard["file"]


def unpacked(row: dict) -> dict[str, dict]:
    """A ``bodies`` row's items by id (a meeting's, zlib-packed in base64)."""
    return json.loads(zlib.decompress(base64.b64decode(row["items"])))


def without_body(path: Path, item_id: str) -> None:
    """Delete one item's body from its shard file, in place."""
    data = orjson.loads(path.read_bytes())
    for row in data["bodies"].values():
        bodies = unpacked(row)
        bodies.pop(item_id, None)
        row["items"] = base64.b64encode(zlib.compress(json.dumps(bodies).encode())).decode()
    path.write_bytes(orjson.dumps(data))


def test_the_structure_check_finds_a_damaged_shard_and_a_missing_body(tmp_path):
    root = tmp_path / "db"
    filled_store(root, 2)
    assert structural_problems(root) == []
    item_id = cw.item_ids("old", 0)[0]
    shard = shard_file(root, cw.meeting_id("old", 0))
    without_body(shard, item_id)
    assert structural_problems(root) == [f"{item_id}: body missing"]
    shard.write_bytes(b'{"cut')
    assert len(structural_problems(root)) == 1
    sources = shard_file(root, cw.meeting_id("old", 1), SOURCES_DIR)
    sources.write_bytes(orjson.dumps({"sources": {}}))
    source = cw.source_record("old", 1).id
    assert f"{cw.meeting_id('old', 1)}: source {source} missing" in structural_problems(root)
    meetings = shard_file(root, cw.meeting_id("old", 1), MEETINGS_DIR)
    meetings.write_bytes(b'{"cut')
    assert any(problem.startswith(f"{RECORDS_NAME}: {MEETINGS_DIR}/") for problem in structural_problems(root))


def missing_records(
    store: Store, numbers: list[int], tag: str, size: int = cw.TEXT_BYTES
) -> list[str]:
    """Which of these meetings, or their items' exact text, are not stored."""
    missing = []
    for number in sorted(numbers, key=lambda n: shard_of(cw.meeting_id(tag, n))):
        if store.meeting(cw.meeting_id(tag, number)) != cw.meeting_record(tag, number):
            missing.append(cw.meeting_id(tag, number))
        source = cw.source_record(tag, number)
        if store.source(source.id, source.meeting_id) != source:
            missing.append(source.id)
        for item_id in cw.item_ids(tag, number):
            item = store.item(item_id)
            if item is None or item.blocks[0].text != cw.item_text(item_id, size):
                missing.append(item_id)
    return missing


def kill_writer_at_random(root: Path, start: int, delay: float) -> list[int]:
    """Start a writer, SIGKILL it after ``delay`` seconds; return acked meetings."""
    proc = subprocess.Popen(
        [sys.executable, "-B", str(HELPER), "write", str(root), "--tag", "k", "--start", str(start)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout.readline() == "ready\n", proc.stderr.read()
    # The random moment is counted from the first commit, so that every trial
    # also tests a writer mid-stream however slowly this machine commits.
    first = proc.stdout.readline()
    assert first.startswith("ok "), proc.stderr.read()
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL, err
    acked = []
    for line in [first, *out.splitlines(keepends=True)]:
        if line.startswith("ok ") and line.endswith("\n"):
            low, high = map(int, line.split()[1:])
            acked += range(low, high + 1)
    return acked


@pytest.mark.slow
def test_kill_9_at_random_moments_loses_no_acknowledged_record(tmp_path, capsys):
    rng = random.Random(SEED)
    root = tmp_path / "db"
    acked: list[int] = []
    corrupt = left_temporaries = unacked_commits = 0
    problems: list[str] = []
    started = time.monotonic()
    for trial in range(TRIALS):
        counter = Store.open(root).item(cw.counter_id("k"))
        start = cw.counter_value(counter) + 1 if counter else 0
        trial_acked = kill_writer_at_random(root, start, rng.uniform(0, MAX_DELAY))
        acked += trial_acked
        left_temporaries += bool(temporaries(root))
        try:
            store = Store.open(root, create=False)
        except StoreCorrupt as error:
            corrupt += 1
            problems.append(f"trial {trial}: {error}")
            break
        found = structural_problems(root) + missing_records(store, trial_acked, "k")
        corrupt += bool(found)
        problems += [f"trial {trial}: {problem}" for problem in found[:3]]
        committed = store.item(cw.counter_id("k"))
        if trial_acked:
            assert committed is not None and cw.counter_value(committed) >= trial_acked[-1]
            unacked_commits += cw.counter_value(committed) > trial_acked[-1]
        with store.transaction() as writer:
            writer.set_meta("after-trial", trial)
        assert temporaries(root) == [], f"trial {trial}: temporaries survived the next write"
    lost = [] if corrupt else missing_records(Store.open(root, create=False), acked, "k")
    items = len(acked) * cw.ITEMS_PER_MEETING
    with capsys.disabled():
        print(
            f"\nkill -9 trials: seed {SEED}, {TRIALS} trials in {time.monotonic() - started:.1f}s, "
            f"{corrupt} corrupt stores, {len(acked)} meetings + {items} items acknowledged, "
            f"{len(acked) + items - len(lost)} kept, {left_temporaries} kills left temporary files, "
            f"{unacked_commits} kills fell between commit and acknowledgement"
        )
    assert problems == []
    assert corrupt == 0
    assert lost == []
    assert len(acked) > TRIALS, "the writer was killed before it committed anything"
    assert left_temporaries > 0, "no kill landed inside a write; the trials test nothing"


def filled_store(root: Path, meetings: int) -> Store:
    """A store with ``meetings`` small meetings, written in-process."""
    store = Store.open(root)
    with store.transaction() as writer:
        for number in range(meetings):
            cw.put_meeting(writer, "old", number, 200)
    return store


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file of the store but the lock and temporaries, by relative path."""
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and path.name != ".lock" and not path.name.startswith(TEMP_PREFIX)
    }


@pytest.mark.slow
@pytest.mark.parametrize("default_signal", [False, True], ids=["efbig", "sigxfsz"])
@pytest.mark.parametrize("target", ["shard", "index"])
def test_a_file_size_limit_mid_write_leaves_the_previous_state(tmp_path, default_signal, target):
    root = tmp_path / "db"
    meetings = 40 if target == "index" else 5
    store = filled_store(root, meetings)
    index_size = (root / RECORDS_NAME).stat().st_size
    if target == "shard":
        # The big item's shard cannot be written at all; the index is never reached.
        limit, text_bytes = 64 * 1024, 512 * 1024
    else:
        # Shards fit; the index, one meeting longer than now, does not.
        limit, text_bytes = index_size, 100
    before = snapshot(root)
    args = ["fsize", str(root), "--limit", str(limit), "--text-bytes", str(text_bytes)]
    result = run_helper(*args, *(["--default-signal"] if default_signal else []))
    if default_signal:
        assert result.returncode == -signal.SIGXFSZ, result.stderr
    else:
        assert (result.returncode, result.stdout) == (3, "efbig\n"), result.stderr
        assert temporaries(root) == []
    after = snapshot(root)
    assert after[RECORDS_NAME] == before[RECORDS_NAME]
    # The shards are written first, under new names: killed mid-commit, it
    # leaves some named by nothing; a failed commit deletes those it wrote.
    unnamed = unnamed_shards(root)
    assert {name: data for name, data in after.items() if name not in unnamed} == before
    if not default_signal:
        assert unnamed == []
    elif target == "index":
        assert unnamed, "the records, not a shard, should have hit the limit"
    reopened = Store.open(root, create=False)
    assert reopened.meeting(cw.meeting_id("big", 0)) is None
    assert missing_records(reopened, list(range(meetings)), "old", 200) == []
    assert structural_problems(root) == []
    with reopened.transaction() as writer:
        writer.set_meta("after", 1)
    assert temporaries(root) == [] and unnamed_shards(root) == []
    assert store.counts() == reopened.counts()


# -- damage the kill trials can reach only by chance, made certain -----------


def test_a_backup_that_is_already_the_store_file_leaves_no_temporary(tmp_path):
    # A writer killed between its two renames leaves records.json and its .bak
    # as one file; rename() between two names of one file does nothing.
    path = tmp_path / RECORDS_NAME
    path.write_bytes(b'{"t": {}}')
    os.link(path, tmp_path / f"{RECORDS_NAME}.bak")
    atomic_write_bytes(path, b'{"t": {"a": {}}}', backup=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == [RECORDS_NAME, f"{RECORDS_NAME}.bak"]
    assert (tmp_path / f"{RECORDS_NAME}.bak").read_bytes() == b'{"t": {}}'


@pytest.mark.parametrize("first_step", ["rewrite", "remove"])
def test_an_item_put_back_to_its_stored_text_keeps_its_body(tmp_path, first_step):
    store = filled_store(tmp_path / "db", 1)
    original = cw.item_records("old", 0, 200)
    with store.transaction() as writer:
        if first_step == "rewrite":
            writer.put_items([replace(item, blocks=[Block("paragraph", "changed")]) for item in original])
        else:
            writer.remove_items(item.id for item in original)
        writer.put_items(original)
    assert structural_problems(tmp_path / "db") == []
    assert missing_records(Store.open(tmp_path / "db"), [0], "old", 200) == []


def test_a_failure_after_the_index_commits_does_not_fail_the_transaction(tmp_path, monkeypatch):
    store = filled_store(tmp_path / "db", 1)
    item = cw.item_records("old", 0, 200)[0]
    written: list[str] = []

    def full_disk_after_the_index(path, data, *, backup=False):
        if RECORDS_NAME in written:
            raise OSError(28, "No space left on device")
        written.append(path.name)
        atomic_write_bytes(path, data, backup=backup)

    monkeypatch.setattr("store.storage.atomic_write_bytes", full_disk_after_the_index)
    with store.transaction() as writer:
        writer.put_items([replace(item, blocks=[Block("paragraph", "changed")])])
    assert written[-1] == RECORDS_NAME
    monkeypatch.undo()
    assert Store.open(tmp_path / "db").item(item.id).blocks[0].text == "changed"
    assert store.item(item.id).blocks[0].text == "changed"
    assert structural_problems(tmp_path / "db") == []


def test_a_body_missing_from_its_shard_is_corruption_not_an_unknown_item(tmp_path):
    root = tmp_path / "db"
    filled_store(root, 1)
    shard = shard_file(root, cw.meeting_id("old", 0))
    item_id = cw.item_ids("old", 0)[0]
    without_body(shard, item_id)
    store = Store.open(root)
    with pytest.raises(StoreCorrupt, match=f"{shard.name} is corrupt .*{item_id}"):
        store.item(item_id)
    assert store.item("old-2000-01-01/99") is None
    assert store.item(cw.item_ids("old", 0)[1]) is not None


def test_records_replaced_without_a_new_stamp_are_read_again(tmp_path):
    root = tmp_path / "db"
    writer_store = filled_store(root, 1)
    reader = Store.open(root)
    item = cw.item_records("old", 0, 200)[0]
    assert reader.item(item.id) == item
    for text in ("changed", "changed again"):
        with writer_store.transaction() as writer:
            writer.put_items([replace(item, blocks=[Block("paragraph", text)])])
    # Pretend the new records kept the old file's inode, size and time (they
    # can, within the clock's resolution): the reader's cache looks current,
    # but the shard file it names has been deleted.
    cached = reader._records.storage
    cached.stamp = stamp(cached.path)
    assert reader.item(item.id).blocks[0].text == "changed again"


def test_a_listing_whose_meeting_files_were_replaced_meanwhile_is_read_again(tmp_path):
    root = tmp_path / "db"
    writer_store = filled_store(root, 1)
    reader = Store.open(root)
    assert [m.id for m in reader.meetings()] == [cw.meeting_id("old", 0)]
    for venue in ("Room A", "Room B"):
        with writer_store.transaction() as writer:
            writer.put_meeting(replace(cw.meeting_record("old", 0), venue=venue))
    # As above: the reader's records look current, but name deleted files.
    cached = reader._records.storage
    cached.stamp = stamp(cached.path)
    assert [m.venue for m in reader.meetings()] == ["Room B"]
    assert reader.meeting(cw.meeting_id("old", 0)).venue == "Room B"


def test_writing_over_a_corrupt_shard_is_refused_and_changes_nothing(tmp_path):
    root = tmp_path / "db"
    store = filled_store(root, 1)
    shard = shard_file(root, cw.meeting_id("old", 0))
    shard.write_bytes(b'{"items": {"1": {"id": "old-2000-01-01/1"')
    before = snapshot(root)
    fresh = Store.open(root)
    with pytest.raises(StoreCorrupt, match=shard.name):
        with fresh.transaction() as writer:
            writer.put_items(cw.item_records("old", 0, 300))
    assert snapshot(root) == before
    assert store.counts() == fresh.counts()


@pytest.mark.parametrize("content", [b"", b" \n"], ids=["empty", "blank"])
def test_an_empty_index_is_corrupt_not_an_empty_store(tmp_path, content):
    root = filled_store(tmp_path / "db", 1).root
    (root / RECORDS_NAME).write_bytes(content)
    with pytest.raises(StoreCorrupt, match="the file is empty"):
        Store.open(root)


# -- a corrupt store at start-up, through the real command line ---------------


def run_cli(*args: object, file_limit: int | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m ccpi_tui ARGS`` as a clerk would run it, maybe under RLIMIT_FSIZE."""
    env = {key: value for key, value in os.environ.items() if key not in ("CCPI_DEBUG", "CCPI_DB")}

    def limit_file_size() -> None:
        if file_limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_limit, file_limit))

    return subprocess.run(
        [sys.executable, "-B", "-m", "ccpi_tui", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**env, "NO_COLOR": "1"},
        preexec_fn=limit_file_size,
    )


def every_file(root: Path) -> dict[str, bytes]:
    """Every file under ``root``, lock and temporaries included."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def assert_one_line_refusal(result: subprocess.CompletedProcess[str], *names: Path) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    for name in names:
        assert str(name) in lines[0]
    assert result.stdout == ""


SAMPLES = Path(__file__).parents[2] / "samples"
COMMANDS = [
    ["meetings"],
    ["show", "ccpi-2015-12-10"],
    ["search", "budget"],
    ["import", SAMPLES],
    ["export", "ccpi-2015-12-10/1"],
    ["thread", "ccpi-2015-12-10/1"],
]


@pytest.mark.slow
@pytest.mark.parametrize("command", COMMANDS, ids=[command[0] for command in COMMANDS])
def test_a_corrupt_index_stops_every_command_with_one_line(tmp_path, command):
    root = tmp_path / "db"
    root.mkdir()
    (root / RECORDS_NAME).write_bytes(b'{"meetings": {"1": {"id": "ccpi-2015-12-10", "date": ')
    (root / f"{RECORDS_NAME}.bak").write_bytes(b'{"meetings": {}}')
    before = every_file(root)
    result = run_cli("--db", root, *command)
    assert_one_line_refusal(result, root / RECORDS_NAME, root / f"{RECORDS_NAME}.bak")
    assert every_file(root) == before


@pytest.mark.slow
@pytest.mark.parametrize(
    "content",
    [b"", b"\x00\xff\xfe garbage", b"[1, 2]", b'{"meetings": 3}', b'{"meetings": {"x": 1}}'],
    ids=["empty", "binary", "list", "table-not-object", "row-not-object"],
)
def test_any_garbage_index_is_refused_with_its_name(tmp_path, content):
    root = tmp_path / "db"
    root.mkdir()
    (root / RECORDS_NAME).write_bytes(content)
    result = run_cli("meetings", "--db", root)
    assert_one_line_refusal(result, root / RECORDS_NAME)
    assert "no backup" in result.stderr
    assert every_file(root) == {RECORDS_NAME: content}


@pytest.mark.slow
@pytest.mark.parametrize("damage", ["garbage", "body-removed"])
def test_a_damaged_shard_is_named_when_an_item_is_shown(tmp_path, damage):
    root = tmp_path / "db"
    filled_store(root, 1)
    item_id = cw.item_ids("old", 0)[0]
    shard = shard_file(root, cw.meeting_id("old", 0))
    if damage == "garbage":
        shard.write_bytes(shard.read_bytes()[:100])
    else:
        without_body(shard, item_id)
    before = every_file(root)
    result = run_cli("--db", root, "show", item_id)
    assert_one_line_refusal(result, shard)
    assert every_file(root) == before


@pytest.mark.slow
def test_an_import_that_hits_a_file_size_limit_says_so_and_changes_nothing(tmp_path):
    root = tmp_path / "db"
    store = filled_store(root, 40)
    before = snapshot(root)
    # Python ignores SIGXFSZ, so the write fails with EFBIG.
    result = run_cli("--db", root, "import", SAMPLES, file_limit=len(before[RECORDS_NAME]))
    assert_one_line_refusal(result, root)
    assert "File too large" in result.stderr and "nothing was changed" in result.stderr
    assert snapshot(root)[RECORDS_NAME] == before[RECORDS_NAME]
    assert Store.open(root).counts() == store.counts()
    assert structural_problems(root) == []
