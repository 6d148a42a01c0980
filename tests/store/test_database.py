"""The store folder: lean index, sharded bodies, transactions."""

import pytest

from store.database import Store, StoreCorrupt, StoreError
from store.models import Block, Item, Meeting


def meeting(day="2015-12-10"):
    return Meeting(id=f"ccpi-{day}", committee_id="ccpi", committee="Committee", date=day)


def item(day="2015-12-10", number="1", text="Hello", title="Apologies"):
    return Item(
        id=f"ccpi-{day}/{number}",
        meeting_id=f"ccpi-{day}",
        number=number,
        order=int(number),
        title=title,
        blocks=[Block("paragraph", text), Block("heading", "Highways", level=2)],
    )


@pytest.fixture
def store(tmp_path):
    return Store.open(tmp_path / "db")


def test_items_round_trip_and_read_on_demand(store):
    with store.transaction() as writer:
        writer.put_meeting(meeting())
        writer.put_items([item(), item(number="2", title="Minutes")])
    assert store.counts() == (1, 2)
    assert [s.title for s in store.summaries("ccpi-2015-12-10")] == ["Apologies", "Minutes"]
    assert store.summaries("ccpi-2015-12-10")[0].outline == [["heading", "Highways", 1]]
    assert store.item("ccpi-2015-12-10/2").blocks[0].text == "Hello"
    assert store.kind_of("ccpi-2015-12-10") == "meeting"
    assert store.kind_of("ccpi-2015-12-10/1") == "item"
    assert store.kind_of("nope") is None


def test_a_second_store_object_sees_committed_writes(store, tmp_path):
    other = Store.open(tmp_path / "db")
    assert other.is_empty()
    with store.transaction() as writer:
        writer.put_meeting(meeting())
        writer.put_items([item()])
    assert other.item("ccpi-2015-12-10/1").title == "Apologies"


def test_nothing_reaches_disk_when_a_transaction_fails(store, tmp_path):
    with pytest.raises(RuntimeError):
        with store.transaction() as writer:
            writer.put_meeting(meeting())
            writer.put_items([item()])
            raise RuntimeError("boom")
    assert Store.open(tmp_path / "db").is_empty()
    assert store.is_empty()


def test_a_shard_keeps_its_last_two_versions_only(store, tmp_path):
    for text in ("first", "second", "third"):
        with store.transaction() as writer:
            writer.put_meeting(meeting())
            writer.put_items([item(text=text)])
    shards = sorted(p.name for p in (tmp_path / "db" / "items").iterdir())
    assert len(shards) == 2
    assert [b"first" in (tmp_path / "db" / "items" / name).read_bytes() for name in shards] == [
        False,
        False,
    ]
    assert store.item("ccpi-2015-12-10/1").blocks[0].text == "third"


def test_unchanged_rows_write_nothing(store, tmp_path):
    with store.transaction() as writer:
        writer.put_meeting(meeting())
        writer.put_items([item()])
    index = tmp_path / "db" / "records.json"
    before = index.stat().st_mtime_ns, index.read_bytes()
    with store.transaction() as writer:
        writer.put_meeting(meeting())
        writer.put_items([item()])
    assert (index.stat().st_mtime_ns, index.read_bytes()) == before


def test_a_file_where_the_folder_should_be_is_one_sentence(tmp_path):
    (tmp_path / "db").write_text("x")
    with pytest.raises(StoreError, match="is a file, not a folder"):
        Store.open(tmp_path / "db")


def test_a_corrupt_index_is_refused_at_open(tmp_path):
    root = tmp_path / "db"
    root.mkdir()
    (root / "records.json").write_bytes(b'{"meetings": {"x": ')
    with pytest.raises(StoreCorrupt, match="records.json is corrupt"):
        Store.open(root)
    assert (root / "records.json").read_bytes() == b'{"meetings": {"x": '


def test_stale_temporaries_are_cleaned_by_the_next_writer(store, tmp_path):
    leftover = tmp_path / "db" / ".tmp-abc"
    leftover.write_bytes(b"half")
    with store.transaction() as writer:
        writer.put_meeting(meeting())
    assert not leftover.exists()


def test_a_commit_serves_its_own_shards_from_memory_and_keeps_a_few(store, monkeypatch):
    """The files a commit wrote are read back without parsing them again; a
    commit of many shards leaves no more item shards parsed than ``KEPT``."""
    from store import database, storage

    monkeypatch.setattr(database, "KEPT", {**database.KEPT, database.ITEMS_DIR: 3})
    days = [f"2015-{month:02d}-{day:02d}" for month in range(1, 13) for day in (1, 15)]
    monkeypatch.setattr("store.index.catch_up", lambda store: None)
    with store.transaction() as writer:
        for day in days:
            writer.put_meeting(meeting(day))
            writer.put_items([item(day)])
    assert len({database.shard_of(meeting(day).id) for day in days}) > 3
    assert len(store._open[database.ITEMS_DIR]) == 3
    parsed: list = []
    real_read = storage.read_json
    monkeypatch.setattr(storage, "read_json", lambda path: parsed.append(path) or real_read(path))
    assert len(store.meetings()) == len(days)
    with store.transaction() as writer:  # the last meeting's shard: among those kept
        writer.put_items([item(days[-1], text="Changed")])
    assert store.item(f"ccpi-{days[-1]}/1").blocks[0].text == "Changed"
    assert [path.name for path in parsed] == ["records.json"]  # re-read by the transaction
