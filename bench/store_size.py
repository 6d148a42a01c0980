"""Where a store's bytes go: each kind of file, and each table of the index.

``python -m bench.store_size STORE [--text BYTES | --archive FOLDER]`` prints
the bytes of ``records.json``, the item shards and the index files (log and
shared memory included, as ``bench.measure_shell.store_sizes`` counts them),
then the index's tables, each with its indexes (SQLite's ``dbstat``: whole
pages, so what a table's rows leave empty counts too), biggest first, and,
given the text's size, each as a multiple of it (the ``store_size`` row's
target is 1.5× the text in all).
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections import defaultdict
from pathlib import Path

from store.database import RECORDS_NAME
from store.index import INDEX_FILE


def file_sizes(store: Path) -> dict[str, int]:
    """Bytes on disk by kind of file: records, each folder of shards, index, the rest."""
    sizes: dict[str, int] = defaultdict(int)
    for path in store.rglob("*"):
        if not path.is_file():
            continue
        if path.name.startswith(RECORDS_NAME):
            kind = "records.json"
        elif path.parent != store:  # items/, meetings/, sources/: the shards
            kind = f"{path.parent.relative_to(store)}/"
        elif path.name.startswith(INDEX_FILE):
            kind = "index.sqlite"
        else:
            kind = "other"
        sizes[kind] += path.stat().st_size
    return dict(sizes)


def table_sizes(index: Path) -> dict[str, int]:
    """Bytes of each table of the index database, its indexes and (for an
    FTS5 table) its shadow tables included."""
    db = sqlite3.connect(f"file:{index}?mode=ro", uri=True)
    try:
        owner = dict(db.execute("SELECT name, tbl_name FROM sqlite_master").fetchall())
        virtual = [name for name, sql in db.execute("SELECT name, sql FROM sqlite_master")
                   if (sql or "").upper().startswith("CREATE VIRTUAL")]
        sizes: dict[str, int] = defaultdict(int)
        for name, size in db.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name"):
            table = owner.get(name, name)
            for parent in virtual:
                if table.startswith(parent + "_"):
                    table = parent
            sizes[table] += size
        return dict(sizes)
    finally:
        db.close()


def text_bytes(archive: Path) -> int:
    """Bytes of the files of an archive folder (the ``archive_size`` row)."""
    return sum(path.stat().st_size for path in archive.rglob("*") if path.is_file())


def report(store: Path, text: int | None) -> str:
    """The lines ``main`` prints."""
    def line(name: str, size: int) -> str:
        share = f"  {size / text:5.2f}× text" if text else ""
        return f"{name:32s} {size / 1e6:9.2f} MB{share}"

    files = file_sizes(store)
    lines = [line("store", sum(files.values()))]
    lines += [line("  " + kind, size) for kind, size in sorted(files.items(), key=lambda kv: -kv[1])]
    if (store / INDEX_FILE).is_file():
        tables = table_sizes(store / INDEX_FILE)
        lines += [line("    " + name, size) for name, size in sorted(tables.items(), key=lambda kv: -kv[1])]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.store_size", description=__doc__.split("\n")[0])
    parser.add_argument("store", type=Path)
    given = parser.add_mutually_exclusive_group()
    given.add_argument("--text", type=int, metavar="BYTES", help="the text's size in bytes")
    given.add_argument("--archive", type=Path, metavar="FOLDER", help="the archive the store was imported from")
    args = parser.parse_args(argv)
    if not (args.store / RECORDS_NAME).is_file():
        sys.stderr.write(f"{args.store} is not a store: it has no {RECORDS_NAME}.\n")
        return 1
    text = args.text if args.text else (text_bytes(args.archive) if args.archive else None)
    print(report(args.store, text))
    return 0


if __name__ == "__main__":
    sys.exit(main())
