"""The parted index: small manifest, content-named table parts, lazy reads."""

import orjson
import pytest

from store.database import INDEX_NAME, TABLES_DIR, Store, StoreError
from store.models import Block, Item, Meeting
from store.storage import StoreCorrupt, part_of


def meeting(day):
    return Meeting(id=f"ccpi-{day}", committee_id="ccpi", committee="Committee", date=day)


def item(day, number, text="Hello"):
    return Item(
        id=f"ccpi-{day}/{number}",
        meeting_id=f"ccpi-{day}",
        number=str(number),
        order=number,
        title=f"Item {number}",
        blocks=[Block("paragraph", text)],
    )


DAYS = [f"2015-{month:02d}-{day:02d}" for month in (1, 2, 3) for day in (5, 12, 19, 26)]


@pytest.fixture
def store(tmp_path):
    store = Store.open(tmp_path / "db")
    with store.transaction() as writer:
        for day in DAYS:
            writer.put_meeting(meeting(day))
            writer.put_items([item(day, 2), item(day, 1)])
    return store


def part_files(root):
    return sorted(path.name for path in (root / TABLES_DIR).iterdir())


def test_a_meeting_and_its_items_share_a_part():
    assert part_of("ccpi-2015-01-05") == part_of("ccpi-2015-01-05/7")
    assert len({part_of(f"ccpi-{day}") for day in DAYS}) > 1


def test_importing_one_meeting_rewrites_only_its_parts(store, tmp_path):
    root = tmp_path / "db"
    before = set(part_files(root))
    with store.transaction() as writer:
        writer.put_meeting(meeting("2016-01-01"))
        writer.put_items([item("2016-01-01", 1)])
    new = set(part_files(root)) - before
    number = part_of("ccpi-2016-01-01")
    assert sorted(name.rsplit("-", 2)[0] for name in new) == ["items", "meetings"]
    assert {int(name.rsplit("-", 2)[1]) for name in new} == {number}


def test_a_reader_parses_only_the_parts_it_needs(store, tmp_path):
    reader = Store.open(tmp_path / "db")
    assert reader.summary(f"ccpi-{DAYS[0]}/1").title == "Item 1"
    table = reader.index_storage.table("items")
    assert set(table.parts) == {part_of(f"ccpi-{DAYS[0]}")}
    assert reader.counts() == (12, 24)
    assert set(table.parts) == {part_of(f"ccpi-{DAYS[0]}")}
    assert [s.title for s in reader.summaries(f"ccpi-{DAYS[3]}")] == ["Item 1", "Item 2"]


def test_table_rows_is_a_snapshot(store):
    before = store.table_rows("meetings")
    assert len(before) == 12
    with store.transaction() as writer:
        writer.put_meeting(meeting("2016-01-01"))
        writer.remove_rows("meetings", [f"ccpi-{DAYS[0]}"])
    assert len(before) == 12 and f"ccpi-{DAYS[0]}" in before
    after = store.table_rows("meetings")
    assert len(after) == 12 and f"ccpi-{DAYS[0]}" not in after and "ccpi-2016-01-01" in after
    assert dict(after) == {row["id"]: row for row in after.values()}


def test_writes_are_seen_inside_the_transaction_and_dropped_on_failure(store):
    with pytest.raises(RuntimeError):
        with store.transaction() as writer:
            writer.put_items([item(DAYS[0], 3)])
            assert [s.number for s in store.summaries(f"ccpi-{DAYS[0]}")] == ["1", "2", "3"]
            assert store.item(f"ccpi-{DAYS[0]}/3").blocks[0].text == "Hello"
            raise RuntimeError("boom")
    assert [s.number for s in store.summaries(f"ccpi-{DAYS[0]}")] == ["1", "2"]
    assert store.item(f"ccpi-{DAYS[0]}/3") is None


def test_parts_two_versions_old_are_deleted_and_a_stale_reader_moves_on(store, tmp_path):
    root = tmp_path / "db"
    stale = Store.open(root)
    rows = stale.table_rows("items")
    first = set(part_files(root))
    for text in ("second", "third"):
        with store.transaction() as writer:
            writer.put_items([item(day, 1, text) for day in DAYS])
    assert not first <= set(part_files(root))
    # Its parts were deleted: the stale view reads the current ones instead.
    assert rows[f"ccpi-{DAYS[0]}/1"]["body"] == store.table_rows("items")[f"ccpi-{DAYS[0]}/1"]["body"]
    assert stale.item(f"ccpi-{DAYS[0]}/1").blocks[0].text == "third"


def test_the_backup_manifest_names_parts_that_exist(store, tmp_path):
    root = tmp_path / "db"
    with store.transaction() as writer:
        writer.put_items([item(DAYS[0], 1, "changed")])
    backup = orjson.loads((root / f"{INDEX_NAME}.bak").read_bytes())
    named = {entry[0] for parts in backup["tables"].values() for entry in parts.values()}
    assert named <= set(part_files(root))


def test_a_store_of_the_old_format_asks_for_a_new_import(tmp_path):
    root = tmp_path / "db"
    root.mkdir()
    (root / INDEX_NAME).write_bytes(b'{"meetings": {"x": {"id": "x"}}, "items": {}}')
    with pytest.raises(StoreError, match="earlier version .* import the documents again"):
        Store.open(root)


def test_a_damaged_part_is_named(store, tmp_path):
    root = tmp_path / "db"
    number = part_of(f"ccpi-{DAYS[0]}")
    damaged = next(
        path for path in (root / TABLES_DIR).iterdir() if path.name.startswith(f"items-{number:03d}-")
    )
    damaged.write_bytes(b'{"ccpi-2015')
    with pytest.raises(StoreCorrupt, match=damaged.name):
        Store.open(root).summary(f"ccpi-{DAYS[0]}/1")


def test_a_manifest_naming_a_file_outside_the_store_is_corrupt(tmp_path):
    root = tmp_path / "db"
    root.mkdir()
    bad = {"format": 2, "tables": {"items": {"0": ["../../etc/passwd", 1]}}}
    (root / INDEX_NAME).write_bytes(orjson.dumps(bad))
    with pytest.raises(StoreCorrupt, match="not a store index"):
        Store.open(root)


def test_a_transaction_parses_the_manifest_again_only_if_another_writer_changed_it(
    store, tmp_path, monkeypatch
):
    from store import storage

    parsed = []
    parse = storage.PartedIndex._parse_manifest
    monkeypatch.setattr(
        storage.PartedIndex,
        "_parse_manifest",
        lambda self, data: parsed.append(self) or parse(self, data),
    )
    reader = Store.open(tmp_path / "db")
    mine = reader.index_storage
    assert reader.counts() == (12, 24)
    assert parsed.count(mine) == 1
    with reader.transaction() as writer:
        writer.put_meeting(meeting("2016-01-01"))
    assert parsed.count(mine) == 1, "the same manifest is not parsed again"
    with store.transaction() as writer:
        writer.put_meeting(meeting("2016-02-01"))
    with reader.transaction():
        assert "ccpi-2016-02-01" in reader.table_rows("meetings")
    assert parsed.count(mine) == 2


def test_derived_data_is_kept_with_its_version_of_the_table(store):
    made = []

    def make():
        made.append(1)
        return object()

    first = store.table_rows("items").derived("probe", make)
    assert store.table_rows("items").derived("probe", make) is first
    assert len(made) == 1
    with store.transaction() as writer:
        # The transaction's own version changes in place: nothing is kept.
        assert store.table_rows("items").derived("probe", make) is not first
        writer.put_items([item(DAYS[0], 3)])
    after = store.table_rows("items").derived("probe", make)
    assert after is not first  # a new version of the table
    assert store.table_rows("items").derived("probe", make) is after
