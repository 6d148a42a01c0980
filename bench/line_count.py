"""How big the data layer's storage and index code is (issue 12: at most half
of the ~3,300 lines the engine of our own had).

Every file of ``store/`` is in one group below. ``storage and index`` is
what keeps records and derived indexes: the TinyDB files and their atomic
storage, the layout and its migration, the SQLite index and its catch-up,
the search, topic and across-meetings tables, and retrieval (the query side
of the search tables). The other groups are what the issue leaves out —
importers, policy (how topics thread, how search parses, ranks and cuts
snippets, what people, decisions, follow-ups and diffs are), export and the
models — and the public face.

Run ``python -m bench.line_count``: each file's lines (``wc -l``) and code
lines (not blank, not a comment, not a docstring), and each group's total.
"""

from __future__ import annotations

import argparse
import io
import tokenize
from pathlib import Path

STORE = Path(__file__).parents[1] / "store"

#: The group of each file or folder of ``store/`` (a folder: every file in it
#: not named on its own).
GROUPS: dict[str, str] = {
    "storage.py": "storage and index",
    "database.py": "storage and index",
    "lockfile.py": "storage and index",
    "layout.py": "storage and index",
    "migrate.py": "storage and index",
    "index.py": "storage and index",
    "search/tables.py": "storage and index",
    "search/retrieve.py": "storage and index",
    "topics/tables.py": "storage and index",
    "across_tables.py": "storage and index",
    "across_records.py": "storage and index",
    "importer.py": "importers",
    "dating.py": "importers",
    "merging.py": "importers",
    "ingest": "importers",
    "topics": "policy",
    "search": "policy",
    "people.py": "policy",
    "followups.py": "policy",
    "decisions.py": "policy",
    "diff.py": "policy",
    "export.py": "export",
    "across_export.py": "export",
    "models.py": "models",
    "text.py": "models",
    "__init__.py": "public face",
}
COUNTED = "storage and index"
#: The size of the engine the issue asked to halve.
BEFORE = 3300


def group_of(path: Path) -> str | None:
    """The group of a file of ``store/`` (None: in none)."""
    name = path.relative_to(STORE).as_posix()
    if name in GROUPS:
        return GROUPS[name]
    return GROUPS.get(name.split("/", 1)[0]) if "/" in name else None


def code_lines(source: str) -> int:
    """Lines holding code: not blank, not only a comment, not a docstring."""
    lines: set[int] = set()
    previous = tokenize.NEWLINE
    skipped = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT}
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type in skipped or token.type == tokenize.ENDMARKER:
            if token.type in (tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT):
                previous = token.type
            continue
        starts_statement = previous in (tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT)
        previous = token.type
        if token.type == tokenize.STRING and starts_statement:
            continue  # a docstring (or a bare string, which is one too)
        lines.update(range(token.start[0], token.end[0] + 1))
    return len(lines)


def count() -> dict[str, list[tuple[str, int, int]]]:
    """Each group's files with their lines and code lines."""
    found: dict[str, list[tuple[str, int, int]]] = {}
    for path in sorted(STORE.rglob("*.py")):
        group = group_of(path)
        if group is None:
            raise SystemExit(f"{path} is in no group of bench/line_count.py; add it.")
        source = path.read_text(encoding="utf-8")
        row = (path.relative_to(STORE.parent).as_posix(), len(source.splitlines()), code_lines(source))
        found.setdefault(group, []).append(row)
    return found


def main(argv: list[str] | None = None) -> int:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--all", action="store_true", help="list every group's files")
    args = parser.parse_args(argv)
    groups = count()
    for group, rows in groups.items():
        if group == COUNTED or args.all:
            print(f"{group}:")
            for name, lines, code in rows:
                print(f"  {lines:6} {code:6}  {name}")
    print(f"{'':2}{'lines':>6} {'code':>6}  group")
    for group, rows in groups.items():
        lines, code = sum(row[1] for row in rows), sum(row[2] for row in rows)
        print(f"  {lines:6} {code:6}  {group}")
    counted = sum(row[1] for row in groups[COUNTED])
    print(f"{COUNTED}: {counted} lines, {counted / BEFORE:.0%} of the {BEFORE:,} before (target 50%)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
