"""Compare two stores' search answers, query by query.

A change to the search tables that should not change what a search finds
is checked by indexing one archive with the old code and the new and
running::

    python -m bench.compare_search OLD_STORE NEW_STORE [--old-code CHECKOUT] [--words 60]

The queries are made from OLD's vocabulary (``search_words``, read only):
words from the most to the least common, each also as a prefix being
typed, with a typo, with its neighbour as a pair and as a quoted phrase,
with the ``in:title``, ``year:`` and ``committee:`` filters, plus a few
fixed ones (punctuated words, a filter alone). Each store is searched in a
child process of its own code (OLD's from ``--old-code`` if given, else
this checkout), 50 results a query; every field of every hit (id, score,
snippet and its spans, the words and phrases it matched for) and each
total are compared. Exits 1 and names the first differences if any.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

#: The child: searches the store ``argv[1]`` for each query read from stdin
#: (a JSON list) with the code of its working folder; prints a JSON list.
CHILD = """
import json, sys
from dataclasses import asdict
from pathlib import Path
from store import SearchIndex
index = SearchIndex.open(Path(sys.argv[1]))
answers = []
for query in json.load(sys.stdin):
    found = index.search(query, limit=50)
    answers.append({"total": found.total, "hits": [asdict(hit) for hit in found]})
json.dump(answers, sys.stdout)
"""

FIXED = [
    "",
    "year:2019",
    "committee:ccpi",
    '"risk register"',
    "2007/08",
    "A&G",
    "S.151",
    "e-mail",
    "10.2%",
    "treasury management",
    "ofstd inspection",
    "after:2016 before:2018 budget",
]


def queries(store: Path, count: int) -> list[str]:
    """The queries for ``store``: ``count`` of its words (evenly spread from
    the most to the least common), each in several forms, and ``FIXED``."""
    db = sqlite3.connect(f"file:{store / 'index.sqlite'}?mode=ro", uri=True)
    try:
        words = [row[0] for row in db.execute("SELECT term FROM search_words ORDER BY doc DESC, term")]
    finally:
        db.close()
    words = [word for word in words if word.isalpha() and len(word) >= 4]
    if not words:
        return list(FIXED)
    step = max(1, len(words) // max(1, count))
    picked = words[::step][:count]
    found = list(FIXED)
    for at, word in enumerate(picked):
        other = picked[(at + 1) % len(picked)]
        typo = word[:2] + word[3:]  # a letter left out
        found += [
            word,
            word[: max(2, len(word) // 2)],
            typo,
            f"{word} {other}",
            f'"{word} {other}"',
            f"in:title {word}",
            f"year:2017 {word}",
            f"committee:c {word[:3]}",
        ]
    return found


def answers(store: Path, asked: list[str], code: Path) -> list[dict[str, object]]:
    """The answers of ``store`` to ``asked``, searched by the checkout ``code``."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(store.resolve())],
        input=json.dumps(asked), capture_output=True, text=True, cwd=code, check=False,
    )
    if done.returncode:
        raise SystemExit(f"Searching {store} failed: {done.stderr.strip().splitlines()[-1:]}")
    found: list[dict[str, object]] = json.loads(done.stdout)
    return found


def differences(asked: list[str], old: list[dict[str, object]], new: list[dict[str, object]]) -> list[str]:
    """One line per query whose answers differ (what differs first)."""
    lines = []
    for query, one, two in zip(asked, old, new, strict=True):
        if one == two:
            continue
        if one["total"] != two["total"]:
            lines.append(f"{query!r}: total {one['total']} -> {two['total']}")
            continue
        for at, (a, b) in enumerate(zip(one["hits"], two["hits"], strict=False)):  # type: ignore[call-overload]
            if a != b:
                field = next(name for name in a if a[name] != b.get(name))
                lines.append(f"{query!r}: hit {at + 1} {field}: {a[field]!r} -> {b[field]!r}")
                break
        else:
            lines.append(f"{query!r}: {len(one['hits'])} hits -> {len(two['hits'])}")  # type: ignore[arg-type]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.compare_search", description=__doc__.split("\n")[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--old-code", type=Path, help="the checkout that searches OLD (default: this one)")
    parser.add_argument("--words", type=int, default=60, help="vocabulary words to make queries of")
    args = parser.parse_args(argv)
    here = Path(__file__).resolve().parents[1]
    asked = queries(args.old, args.words)
    old = answers(args.old, asked, args.old_code or here)
    new = answers(args.new, asked, here)
    lines = differences(asked, old, new)
    hits = sum(len(answer["hits"]) for answer in old)  # type: ignore[arg-type]
    print(f"{len(asked)} queries, {hits} hits: {len(lines)} differ")
    for line in lines[:20]:
        print("  " + line)
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main())
