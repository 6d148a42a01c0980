"""Names in a store folder, and how a reader tells a file changed.

Importable without TinyDB or orjson: ``ccpi-tui search`` checks here
whether the index is current before it decides to read the records at all
(see ``store.index.current_connection``).
"""

from __future__ import annotations

import os
from pathlib import Path

#: The records of record (see ``store.database``).
RECORDS_NAME = "records.json"
#: What marks a store of the previous layout (see ``store.migrate``).
OLD_MANIFEST = "index.json"

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
