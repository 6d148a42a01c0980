"""Moving a store written by the previous version to today's layout.

The previous version kept its tables in ``index.json`` (a manifest naming
part files in ``tables/``) and whole items in ``bodies/NNN.json``. Its
records (committees, meetings, sources, items, clerk corrections, meta) are
read once with plain JSON and written in one transaction; the old files are
deleted only after that commit, so a crash in between migrates again.

A store of this layout written before the bodies were packed by meeting (one
plain ``bodies`` row per item) has them packed, also in one transaction
(``pack_bodies_if_old``); one that kept its meetings and sources in
``records.json`` has them moved to the meeting shards (``shard_meetings_if_old``).
"""

from __future__ import annotations

import shutil
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from store.layout import BODIES_FORMAT, BODIES_META, OLD_MANIFEST, SHARDS, shard_of
from store.models import Item
from store.storage import StoreCorrupt, fsync_dir, read_json

if TYPE_CHECKING:
    from store.database import Store

OLD_FOLDERS = ("tables", "bodies", "search")
#: Tables of the previous layout that are records (the rest were derived).
KEPT = ("committees", "meetings", "sources", "topic_corrections", "meta")
#: Meta rows that named the previous search index.
DERIVED_META = ("search_commit",)


def migrate(store: Store) -> str | None:
    """Move ``store`` to this layout if it is older; say so in one sentence."""
    # In this order: each later step reads the layout the earlier one writes.
    sentences = [migrate_if_old(store), shard_meetings_if_old(store), pack_bodies_if_old(store)]
    return next((sentence for sentence in sentences if sentence), None)


def migrate_if_old(store: Store) -> str | None:
    """Migrate ``store`` if it is in the previous layout; say so in one sentence."""
    root = store.root
    manifest_path = root / OLD_MANIFEST
    if not manifest_path.exists():
        return None
    if store.is_empty() and store.generation == 0:
        tables = _read_old_tables(manifest_path)
        items = list(_old_items(root, tables.get("items", {})))
        with store.transaction() as writer:
            for name in KEPT:
                rows = {
                    key: {k: v for k, v in row.items() if k != "id"}
                    for key, row in tables.get(name, {}).items()
                    if not (name == "meta" and key in DERIVED_META)
                }
                if rows:
                    writer.replace_rows(name, rows)
            writer.put_items(items)
        sentence = (
            f"The store at {root} was written by an earlier version of ccpi-tui and has "
            f"been moved to the new layout: {len(tables.get('meetings', {}))} meetings, "
            f"{len(items)} items and {len(tables.get('topic_corrections', {}))} clerk "
            "corrections kept."
        )
    else:
        sentence = None  # migrated already; a crash kept the old files
    manifest_path.unlink()
    manifest_path.with_name(OLD_MANIFEST + ".bak").unlink(missing_ok=True)
    for name in OLD_FOLDERS:
        shutil.rmtree(root / name, ignore_errors=True)
    fsync_dir(root)
    return sentence


def shard_meetings_if_old(store: Store) -> str | None:
    """Move the meetings and sources a store keeps in ``records.json`` to
    their shards, in one transaction; say so in one sentence (None:
    nothing to move).

    The change log names no meeting for it: the records are the same, so
    the index has nothing to catch up.
    """
    def old_rows() -> dict[str, dict[str, dict[str, Any]]]:
        return {table: rows for table in ("meetings", "sources") if (rows := store._records.rows(table))}

    if not old_rows():
        return None
    with store.transaction() as writer:
        found = old_rows()  # another process may have moved them while this one waited
        for table, rows in found.items():
            writer.replace_rows(table, {key: {k: v for k, v in row.items() if k != "id"} for key, row in rows.items()})
            store._records.put(table, dict.fromkeys(rows))
        writer.touched.clear()
    if not found:
        return None
    return (
        f"The store at {store.root} was written by an earlier version of ccpi-tui: its "
        f"{len(found.get('meetings', {}))} meetings and {len(found.get('sources', {}))} sources "
        "are now stored by shard, so an import rewrites only small files, and nothing was lost."
    )


def pack_bodies_if_old(store: Store) -> str | None:
    """Pack the bodies of a store that holds one plain row per item; say so
    in one sentence (None: nothing to pack)."""
    def packed() -> bool:
        return store.meta(BODIES_META) == BODIES_FORMAT or store.is_empty()

    if packed():
        return None
    with store.transaction() as writer:
        if packed():  # another process packed them while this one waited
            return None
        for number in range(SHARDS):
            plain = list(store._rows("bodies", number).values())
            meetings: dict[str, dict[str, bytes]] = defaultdict(dict)
            for row in plain:
                if "item" in row:
                    meetings[row["id"].split("/", 1)[0]][row["id"]] = orjson.dumps(row["item"])
            for meeting_id, payloads in meetings.items():
                writer.put_bodies(meeting_id, payloads, drop=payloads)
    return (
        f"The store at {store.root} was written by an earlier version of ccpi-tui: "
        "its items are now stored packed by meeting, in less space, and nothing was lost."
    )


def _read_old_tables(manifest_path: Path) -> dict[str, dict[str, dict[str, Any]]]:
    """Every row of every table the old manifest names, by table and key."""
    manifest = read_json(manifest_path)
    if not isinstance(manifest, dict) or not isinstance(manifest.get("tables"), dict):
        raise StoreCorrupt(manifest_path, "not a store index of the earlier version")
    tables: dict[str, dict[str, dict[str, Any]]] = {}
    for name, parts in manifest["tables"].items():
        rows = tables.setdefault(name, {})
        for file, _count in parts.values():
            part = read_json(manifest_path.parent / "tables" / Path(file).name)
            if not isinstance(part, dict):
                raise StoreCorrupt(manifest_path.parent / "tables" / file, "not a table of rows")
            rows.update(part)
    return tables


def _old_items(root: Path, rows: dict[str, dict[str, Any]]) -> Any:
    """The whole items of the old layout, read from their body shards."""
    shards: dict[int, dict[str, Any]] = {}
    for item_id, row in rows.items():
        number = shard_of(row["meeting_id"])
        if number not in shards:
            path = root / "bodies" / f"{number:03d}.json"
            shards[number] = read_json(path).get("bodies", {}) if path.exists() else {}
        body = shards[number].get(row["body"])
        if body is None:
            raise StoreCorrupt(root / "bodies", f"the text of item {item_id} is missing")
        yield Item.from_dict(body)
