"""Compare the topic tables of two stores' index databases, row for row.

A change to the threading that should not change its results is checked by
importing one archive with the old code and the new and running::

    python -m bench.compare_topics OLD_STORE NEW_STORE [--items 200]

Every ``topic_*`` table is read whole, sorted, and compared; then
``ccpi-tui thread ID --json`` of a sample of items (every n-th threaded
item) is compared too, OLD read by the checkout ``--old-code`` names if
given. Exits 1 and names the first differences if any.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
from pathlib import Path


def _index(store: Path) -> Path:
    found = sorted(store.rglob("index.sqlite"))
    if not found:
        raise SystemExit(f"No index.sqlite under {store}.")
    return found[0]


def dump(store: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every topic table of a store's index, its rows sorted."""
    db = sqlite3.connect(f"file:{_index(store)}?mode=ro", uri=True)
    try:
        names = [
            row[0]
            for row in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'topic%'"
                " ORDER BY name"
            )
        ]
        return {name: sorted(db.execute(f"SELECT * FROM {name}").fetchall(), key=repr) for name in names}
    finally:
        db.close()


def _threaded(store: Path, every: int) -> list[str]:
    db = sqlite3.connect(f"file:{_index(store)}?mode=ro", uri=True)
    try:
        ids = [row[0] for row in db.execute("SELECT id FROM topic_items WHERE thread IS NOT NULL ORDER BY id")]
    finally:
        db.close()
    return ids[::every]


def _thread_json(store: Path, item_id: str, code: Path | None = None) -> object:
    out = subprocess.run(
        [sys.executable, "-m", "ccpi_tui", "--db", str(store), "thread", item_id, "--json"],
        capture_output=True,
        text=True,
        check=False,
        cwd=code,
    )
    return (out.returncode, json.loads(out.stdout) if out.stdout.strip() else out.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--items", type=int, default=30, help="items whose thread --json is compared")
    parser.add_argument("--old-code", type=Path, help="checkout whose ccpi_tui reads OLD (default: this one)")
    args = parser.parse_args(argv)
    old, new = dump(args.old), dump(args.new)
    differ = 0
    for name in sorted(old.keys() | new.keys()):
        a, b = old.get(name, []), new.get(name, [])
        if a == b:
            print(f"same   {name} ({len(a)} rows)")
            continue
        differ += 1
        sa, sb = set(a), set(b)
        print(f"DIFFER {name}: {len(a)} vs {len(b)} rows; {len(sa - sb)} only old, {len(sb - sa)} only new")
        for row in sorted(sa - sb, key=repr)[:3]:
            print("   old:", repr(row)[:300])
        for row in sorted(sb - sa, key=repr)[:3]:
            print("   new:", repr(row)[:300])
    if args.items:
        ids = _threaded(args.old, 1)
        sample = ids[:: max(1, len(ids) // args.items)][: args.items]
        bad = [i for i in sample if _thread_json(args.old, i, args.old_code) != _thread_json(args.new, i)]
        print(f"thread --json: {len(sample) - len(bad)} of {len(sample)} items the same")
        differ += len(bad)
        for item_id in bad[:5]:
            print("   differs:", item_id)
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
