"""Names in a store folder, and how a reader tells a file changed.

Layout of a store folder::

    records.json         committees, clerk corrections, meta, the change log
                         and the shard maps (``MAPS``: each shard's current
                         file); replaced last, so the commit point (the
                         previous version is kept as ``records.json.bak``)
    meetings/NNN-G.json  the meetings of shard NNN (``shard_of`` their id)
    sources/NNN-G.json   their source documents
    items/NNN-G.json     their items: a lean row each (``items``) and, a row
                         per meeting, its whole items packed (``bodies``)
    index.sqlite         the search and topic indexes, derived from the records
    .lock                the writers' inter-process lock

Every JSON file is a stock TinyDB database. A shard file is written under a
new name (G, the generation writing it) before ``records.json`` names it
(``store.database``).

Importable without TinyDB or orjson: ``ccpi-tui search`` checks here
whether the index is current before it decides to read the records at all
(see ``store.index.current_connection``).
"""

from __future__ import annotations

import os
import zlib
from pathlib import Path

#: The records of record.
RECORDS_NAME = "records.json"
#: What marks a store of the previous layout (see ``store.migrate``).
OLD_MANIFEST = "index.json"
SHARDS = 256
ITEMS_DIR, MEETINGS_DIR, SOURCES_DIR = "items", "meetings", "sources"
#: Each folder of shard files, and the table of the records naming each
#: shard's file: ``{"id": "NNN", "file": "NNN-G.json", <folder>: its rows}``.
MAPS = {ITEMS_DIR: "shards", MEETINGS_DIR: "meeting_shards", SOURCES_DIR: "source_shards"}
#: The folder of each table kept in shards (the others are in the records).
FOLDER = {"items": ITEMS_DIR, "bodies": ITEMS_DIR, "meetings": MEETINGS_DIR, "sources": SOURCES_DIR}
#: ``meta`` row saying the bodies are packed by meeting (a store without it
#: holds one plain body row per item: ``migrate.pack_bodies_if_old``).
BODIES_META, BODIES_FORMAT = "bodies", "packed by meeting"

#: A file's inode, modification time and size: files of the store are
#: replaced whole (``os.replace``), never written in place, so the same
#: stamp means the same file.
Stamp = tuple[int, int, int]


def stamp(path: Path) -> Stamp | None:
    """The stamp of the file at ``path`` now (None if there is none)."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    return (info.st_ino, info.st_mtime_ns, info.st_size)


def shard_of(meeting_id: str) -> int:
    """The shard that holds a meeting, its sources and its items."""
    return zlib.crc32(meeting_id.encode("utf-8", "surrogatepass")) % SHARDS


def generation_of(name: str) -> int:
    """The generation that wrote shard file ``NNN-G.json`` (-1: not one)."""
    written = name.removesuffix(".json").rpartition("-")[2]
    return int(written) if written.isdigit() else -1
