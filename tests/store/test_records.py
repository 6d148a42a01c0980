"""The records as files: stock TinyDB reads them, an older store moves over, one face.

These check the layout from outside ``Store`` where they can: what a
newcomer's ``TinyDB(path)`` sees, what an older version left behind, and
which modules import which.
"""

from __future__ import annotations

import ast
import base64
import inspect
import json
import shutil
import zlib
from pathlib import Path

import orjson
import pytest
from tinydb import Query, TinyDB

import store as store_package
from store import Archive, open_store
from store.database import (
    BODIES_META,
    ITEMS_DIR,
    MEETINGS_DIR,
    RECORDS_NAME,
    SOURCES_DIR,
    Store,
    pack_bodies,
    shard_of,
    unpack_bodies,
)
from store.importer import import_paths
from store.models import Block, Item, Meeting
from store.storage import StoreCorrupt

SAMPLES = Path(__file__).parents[2] / "samples"


@pytest.fixture(scope="module")
def samples_store(tmp_path_factory) -> Store:
    store = Store.open(tmp_path_factory.mktemp("samples") / "db")
    import_paths(store, [SAMPLES])
    return store


def test_stock_tinydb_lists_every_meeting_and_item_of_the_samples(samples_store, tmp_path):
    copy = shutil.copytree(samples_store.root, tmp_path / "copy")
    records = TinyDB(copy / RECORDS_NAME, access_mode="r")
    titles = {s.id: s.title for s in samples_store.all_summaries()}
    meetings, sources = set(), set()
    for shard in records.table("meeting_shards").all():
        found = {row["id"] for row in TinyDB(copy / MEETINGS_DIR / shard["file"], access_mode="r").table("meetings").all()}
        assert len(found) == shard["meetings"]
        meetings |= found
    for shard in records.table("source_shards").all():
        sources_db = TinyDB(copy / SOURCES_DIR / shard["file"], access_mode="r")
        sources |= {row["id"] for row in sources_db.table("sources").search(Query().meeting_id.one_of(list(meetings)))}
        assert len(sources_db.table("sources")) == shard["sources"]
    assert meetings == {meeting.id for meeting in samples_store.meetings()}
    assert len(meetings) == 5
    assert sources == {source for meeting in samples_store.meetings() for source in meeting.sources}
    assert records.table("meetings").all() == [] and records.table("sources").all() == []
    items, bodies = set(), set()
    for shard in records.table("shards").all():
        items_db = TinyDB(copy / ITEMS_DIR / shard["file"], access_mode="r")
        found = {row["id"] for row in items_db.table("items").all()}
        assert len(found) == shard["items"]
        items |= found
        for row in items_db.table("bodies").all():
            # A meeting's items, packed with the standard library's zlib and base64.
            packed = json.loads(zlib.decompress(base64.b64decode(row["items"])))
            assert {key.split("/")[0] for key in packed} == {row["id"]}
            bodies |= {key for key, body in packed.items() if body["title"] == titles[key]}
    expected = {s.id for m in samples_store.meetings() for s in samples_store.summaries(m.id)}
    assert items == bodies == expected
    assert len(items) == samples_store.counts()[1] > 20


def test_each_commit_is_one_generation_and_the_log_names_its_meetings(samples_store):
    before = samples_store.generation
    meeting = samples_store.meetings()[0]
    assert samples_store.changes_since(before) == set()
    with samples_store.transaction() as writer:
        writer.set_meta("probe", before)
    with samples_store.transaction() as writer:
        writer.put_items([samples_store.item(samples_store.summaries(meeting.id)[0].id)])
    with samples_store.transaction() as writer:
        writer.remove_items([samples_store.summaries(meeting.id)[-1].id])
    assert samples_store.generation == before + 2  # an unchanged item writes nothing
    assert samples_store.changes_since(before) == {meeting.id}
    assert samples_store.changes_since(before + 1) == {meeting.id}
    assert Store.open(samples_store.root).changes_since(-5) is None


def write_old_layout(new: Store, root: Path, corrections: dict[str, dict]) -> None:
    """Write ``new``'s records in the previous version's layout at ``root``."""
    tables: dict[str, dict[str, dict]] = {
        "meetings": {m.id: m.to_dict() for m in new.meetings()},
        "sources": {s.id: s.to_dict() for s in new.sources()},
        "committees": {k: {"name": r["name"]} for k, r in new.table_rows("committees").items()},
        "topic_corrections": corrections,
        "meta": {"search_commit": {"value": "abc"}},
        "items": {},
    }
    bodies: dict[int, dict[str, dict]] = {}
    for meeting in new.meetings():
        for item in new.items(meeting.id):
            key = f"{item.id}@0123456789ab"
            tables["items"][item.id] = {"id": item.id, "meeting_id": meeting.id, "body": key}
            bodies.setdefault(shard_of(meeting.id), {})[key] = item.to_dict()
    (root / "tables").mkdir(parents=True)
    (root / "bodies").mkdir()
    manifest: dict[str, dict] = {}
    for name, rows in tables.items():
        file = f"{name}-000-{'0' * 16}.json"
        (root / "tables" / file).write_bytes(orjson.dumps(rows))
        manifest[name] = {"0": [file, len(rows)]}
    for number, shard in bodies.items():
        (root / "bodies" / f"{number:03d}.json").write_bytes(orjson.dumps({"bodies": shard}))
    (root / "index.json").write_bytes(orjson.dumps({"format": 2, "tables": manifest}))


def test_a_store_of_the_previous_version_is_migrated_with_its_corrections(samples_store, tmp_path):
    root = tmp_path / "old"
    first, second = sorted(s.id for s in samples_store.all_summaries())[:2]
    key = f"confirm:{first}|{second}"
    corrections = {key: {"kind": "confirm", "item": first, "other": second}}
    write_old_layout(samples_store, root, corrections)
    migrated = Store.open(root)
    assert migrated.migrated is not None
    assert "earlier version" in migrated.migrated and "1 clerk corrections kept" in migrated.migrated
    assert [m.id for m in migrated.meetings()] == [m.id for m in samples_store.meetings()]
    for meeting in samples_store.meetings():
        assert migrated.items(meeting.id) == samples_store.items(meeting.id)
    assert migrated.corrections() == {key: {"id": key, **corrections[key]}}
    assert "search_commit" not in migrated.table_rows("meta")
    assert not any((root / name).exists() for name in ("index.json", "tables", "bodies"))
    again = Store.open(root)
    assert again.migrated is None and again.counts() == migrated.counts()


def test_a_corrupt_store_of_the_previous_version_is_refused_and_kept(tmp_path):
    root = tmp_path / "old"
    root.mkdir()
    (root / "index.json").write_bytes(b'{"format": 2, "tables": {"meetings": ')
    with pytest.raises(StoreCorrupt, match="index.json is corrupt"):
        Store.open(root)
    assert (root / "index.json").exists() and not (root / RECORDS_NAME).exists()


def test_the_store_has_every_method_of_the_public_face(tmp_path):
    store = open_store(tmp_path / "db")
    for name, member in inspect.getmembers(Archive):
        if name.startswith("_"):
            continue
        assert hasattr(store, name), name
        if inspect.isfunction(member):
            expected = list(inspect.signature(member).parameters)
            assert list(inspect.signature(getattr(Store, name)).parameters) == expected, name


def module_imports(path: Path, name: str, modules: set[str]) -> set[str]:
    """The store modules ``path`` imports when it loads (not inside functions
    or ``TYPE_CHECKING``, which run later or never)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def visit(body: list[ast.stmt]) -> None:
        for node in body:
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                continue
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*parts, *([node.module] if node.module else [])])
                for alias in node.names:
                    sub = f"{base}.{alias.name}"
                    found.add(sub if sub in modules else base)
            elif isinstance(node, (ast.ClassDef, ast.If, ast.Try, ast.With)):
                for field in ("body", "orelse", "finalbody"):
                    visit(getattr(node, field, []))
                for handler in getattr(node, "handlers", []):
                    visit(handler.body)

    visit(ast.parse(path.read_text(encoding="utf-8")).body)
    return {module for module in found if module in modules and module != name}


def import_graph() -> dict[str, set[str]]:
    root = Path(store_package.__file__).parent
    paths = {}
    for path in root.rglob("*.py"):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        paths[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return {name: module_imports(path, name, set(paths)) for name, path in paths.items()}


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every import circle a depth-first walk meets."""
    found: list[list[str]] = []
    state: dict[str, str] = {}

    def walk(module: str, path: list[str]) -> None:
        state[module] = "open"
        for other in sorted(graph[module]):
            if state.get(other) == "open":
                found.append([*path[path.index(other) :], other])
            elif other not in state:
                walk(other, [*path, other])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            walk(module, [module])
    return found


def test_the_circle_finder_finds_a_circle():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == [["a", "b", "c", "a"]]


def test_store_has_no_import_circles():
    graph = import_graph()
    assert "store.models" in graph["store.database"]
    assert circles(graph) == []


def test_items_are_stored_without_their_defaults_and_read_back_whole(samples_store, tmp_path):
    copy = Path(shutil.copytree(samples_store.root, tmp_path / "copy"))
    records = TinyDB(copy / RECORDS_NAME, access_mode="r")
    blocks = []
    for shard in records.table("shards").all():
        for row in TinyDB(copy / ITEMS_DIR / shard["file"], access_mode="r").table("bodies").all():
            blocks += [block for body in unpack_bodies(row["items"]).values() for block in body["blocks"]]
    assert len(blocks) > 50
    # No block repeats an empty list, a zero level or its item's source.
    assert not any(block.get("items") == [] or block.get("rows") == [] for block in blocks)
    assert not any("level" in block and block["level"] == 0 for block in blocks)
    assert sum("source" in block for block in blocks) < len(blocks) / 2
    reopened = Store.open(copy)
    for summary in samples_store.all_summaries():
        item = reopened.item(summary.id)
        assert item is not None and item.blocks
        assert all(block.source for block in item.blocks)  # filled from the item's


def test_a_store_whose_items_carry_every_field_still_reads(samples_store, tmp_path):
    """Stores written before items dropped their defaults hold them whole."""
    copy = Path(shutil.copytree(samples_store.root, tmp_path / "copy"))
    records = TinyDB(copy / RECORDS_NAME, access_mode="r")
    for shard in records.table("shards").all():
        path = copy / ITEMS_DIR / shard["file"]
        data = orjson.loads(path.read_bytes())
        for row in data["bodies"].values():
            whole = {key: samples_store.item(key).to_dict() for key in unpack_bodies(row["items"])}
            assert all("level" in block for body in whole.values() for block in body["blocks"])
            row["items"] = pack_bodies({key: orjson.dumps(body) for key, body in whole.items()})
        path.write_bytes(orjson.dumps(data))
    old = Store.open(copy)
    for summary in samples_store.all_summaries():
        assert old.item(summary.id) == samples_store.item(summary.id)


def write_plain_bodies(root: Path) -> None:
    """Turn the store at ``root`` into one written before the bodies were
    packed: one plain row per item, and no ``bodies`` row in ``meta``."""
    records_path = root / RECORDS_NAME
    records = orjson.loads(records_path.read_bytes())
    records["meta"] = {k: row for k, row in records["meta"].items() if row["id"] != BODIES_META}
    records_path.write_bytes(orjson.dumps(records))
    for shard in records["shards"].values():
        path = root / ITEMS_DIR / shard["file"]
        data = orjson.loads(path.read_bytes())
        plain = [
            {"id": key, "item": body}
            for row in data["bodies"].values()
            for key, body in unpack_bodies(row["items"]).items()
        ]
        data["bodies"] = {str(n): row for n, row in enumerate(plain, start=1)}
        path.write_bytes(orjson.dumps(data))


def test_a_store_with_a_plain_body_per_item_is_packed_on_open(samples_store, tmp_path):
    copy = Path(shutil.copytree(samples_store.root, tmp_path / "copy"))
    write_plain_bodies(copy)
    before = sum(path.stat().st_size for path in (copy / ITEMS_DIR).glob("*.json"))
    packed = Store.open(copy)
    assert packed.migrated is not None and "nothing was lost" in packed.migrated
    for meeting in samples_store.meetings():
        assert packed.items(meeting.id) == samples_store.items(meeting.id)
    records = TinyDB(copy / RECORDS_NAME, access_mode="r")
    files = [copy / ITEMS_DIR / shard["file"] for shard in records.table("shards").all()]
    rows = [row for file in files for row in TinyDB(file, access_mode="r").table("bodies").all()]
    assert {row["id"] for row in rows} == {meeting.id for meeting in samples_store.meetings()}
    assert sum(file.stat().st_size for file in files) < before / 2
    again = Store.open(copy)
    assert again.migrated is None and again.generation == packed.generation


def test_a_transaction_keeps_only_a_few_meetings_unpacked(tmp_path, monkeypatch):
    monkeypatch.setattr("store.database.OPEN_MEETINGS", 2)
    store = Store.open(tmp_path / "db")

    def items(meeting_id: str, word: str) -> list[Item]:
        return [
            Item(id=f"{meeting_id}/{n}", meeting_id=meeting_id, number=str(n), order=n,
                 title=f"Item {n}", blocks=[Block("paragraph", f"{word} {n}")])
            for n in (1, 2)
        ]

    days = [f"2020-01-0{day}" for day in range(1, 7)]
    with store.transaction() as writer:
        for day in days:
            writer.put_meeting(Meeting(id=f"ccpi-{day}", committee_id="ccpi", committee="C", date=day))
            writer.put_items(items(f"ccpi-{day}", "first"))
            assert len(writer.open) <= 2
        assert "ccpi-2020-01-01" not in writer.open  # packed already, and read back packed
        assert store.items("ccpi-2020-01-01") == items("ccpi-2020-01-01", "first")
        writer.put_items(items("ccpi-2020-01-01", "second"))
        writer.remove_items(["ccpi-2020-01-02/2"])
    assert store.items("ccpi-2020-01-01") == items("ccpi-2020-01-01", "second")
    assert store.items("ccpi-2020-01-02") == items("ccpi-2020-01-02", "first")[:1]
    for day in days[2:]:
        assert Store.open(store.root).items(f"ccpi-{day}") == items(f"ccpi-{day}", "first")


def test_a_damaged_packed_row_is_named_in_one_sentence(samples_store, tmp_path):
    copy = Path(shutil.copytree(samples_store.root, tmp_path / "copy"))
    meeting = samples_store.meetings()[0]
    records = TinyDB(copy / RECORDS_NAME, access_mode="r")
    shard = records.table("shards").get(Query().id == f"{shard_of(meeting.id):03d}")
    path = copy / ITEMS_DIR / shard["file"]
    data = orjson.loads(path.read_bytes())
    for row in data["bodies"].values():
        if row["id"] == meeting.id:
            row["items"] = row["items"][:40]
    path.write_bytes(orjson.dumps(data))
    with pytest.raises(StoreCorrupt, match=f"the items of meeting {meeting.id} do not unpack"):
        Store.open(copy).items(meeting.id)


def with_meetings_in_the_records(root: Path) -> None:
    """Rewrite the store at ``root`` as the version before the meeting shards
    kept it: meetings and sources as tables of ``records.json``, in TinyDB's
    shape (rows by document number), and no ``meetings/`` or ``sources/`` folder."""
    records = orjson.loads((root / RECORDS_NAME).read_bytes())
    for folder, name in ((MEETINGS_DIR, "meetings"), (SOURCES_DIR, "sources")):
        rows: dict[str, dict] = {}
        for shard in records.pop(f"{name[:-1]}_shards").values():
            for row in orjson.loads((root / folder / shard["file"]).read_bytes())[name].values():
                rows[str(len(rows) + 1)] = row
        records[name] = rows
        shutil.rmtree(root / folder)
    (root / RECORDS_NAME).write_bytes(orjson.dumps(records))


def test_a_store_with_its_meetings_in_the_records_is_moved_to_shards_with_its_corrections(samples_store, tmp_path):
    from store import across_records
    from store.search import SearchIndex

    first, second = sorted(s.id for s in samples_store.all_summaries())[:2]
    root = Path(shutil.copytree(samples_store.root, tmp_path / "old"))
    old = Store.open(root)
    with old.transaction() as writer:
        writer.replace_rows("topic_corrections", {"c1": {"kind": "confirm", "item": first, "other": second}})
        writer.replace_rows(across_records.PEOPLE_CORRECTIONS, {"g-driver": {"form": "g-driver", "person": "geoff-driver"}})
        writer.replace_rows(across_records.FOLLOWUP_MARKS, {f"{first}#1": {"status": "dropped", "note": "by Audit"}})
    kept = {table: dict(old.table_rows(table)) for table in ("topic_corrections", "people_corrections", "followup_marks", "committees")}
    meetings, sources = old.meetings(), sorted(old.sources(), key=lambda source: source.id)
    generation, counts = old.generation, old.counts()
    with_meetings_in_the_records(root)
    assert len(orjson.loads((root / RECORDS_NAME).read_bytes())["meetings"]) == 5

    moved = Store.open(root)
    assert moved.migrated is not None and "earlier version" in moved.migrated
    assert "5 meetings" in moved.migrated and "nothing was lost" in moved.migrated
    assert moved.meetings() == meetings and moved.counts() == counts
    assert sorted(moved.sources(), key=lambda source: source.id) == sources
    assert all(moved.source(s.id, s.meeting_id) == s for s in sources)
    for table, rows in kept.items():
        assert moved.table_rows(table) == rows, table
    for meeting in meetings:
        assert moved.items(meeting.id) == samples_store.items(meeting.id)
    records = orjson.loads((root / RECORDS_NAME).read_bytes())
    assert not records.get("meetings") and not records.get("sources")
    # One commit, naming no meeting: the index has nothing to redo, and finds what it found.
    assert moved.generation == generation + 1 and moved.changes_since(generation) == set()
    assert [hit.id for hit in SearchIndex.open(root).search("budget")] == [
        hit.id for hit in SearchIndex.open(samples_store.root).search("budget")
    ]
    again = Store.open(root)
    assert again.migrated is None and again.meetings() == meetings


def test_the_change_log_stays_short_after_a_big_commit(tmp_path, monkeypatch):
    import store.database as database

    monkeypatch.setattr(database, "CHANGES_MEETINGS", 4)
    store = Store.open(tmp_path / "db")

    def commit(*dates: str) -> None:
        with store.transaction() as writer:
            for day in dates:
                writer.put_meeting(Meeting(id=f"c-{day}", committee_id="c", committee="C", date=day))

    commit(*(f"2020-01-{day:02d}" for day in range(1, 11)))  # ten meetings at once
    assert store.changes_since(0) == {f"c-2020-01-{day:02d}" for day in range(1, 11)}
    commit("2021-01-01")
    # The big commit is no longer the newest: its ten meetings are past the limit.
    assert store.changes_since(0) is None
    assert store.changes_since(1) == {"c-2021-01-01"}
    for month in range(2, 6):
        commit(f"2021-{month:02d}-01")
    log = orjson.loads((store.root / RECORDS_NAME).read_bytes())["changes"]
    assert sorted(int(row["id"]) for row in log.values()) == [2, 3, 4, 5, 6]  # the newest, and four more
    assert store.changes_since(1) == {f"c-2021-{month:02d}-01" for month in range(1, 6)}
    commit("2021-06-01")
    assert store.changes_since(1) is None
    assert store.changes_since(2) == {f"c-2021-{month:02d}-01" for month in range(2, 7)}
