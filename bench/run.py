"""Measure every row of the performance targets in one run, and print one table.

``python -m bench.run --meetings 1000`` generates a synthetic archive (see
``bench.generate``), imports it with the real command line, and measures,
side by side in the same run:

* import of the whole archive and of one more meeting, and the store's size
  (``bench.measure_shell``);
* store reads, search and export computed in-process, against stock TinyDB
  and SQLite FTS5 doing the same (``bench.measure_compute``);
* the real app in a pseudo-terminal: first paint against a trivial Textual
  app, time until searchable, keystroke to results, opening a result and
  memory (``bench.measure_app``);
* ``ccpi-tui search`` against ``grep -ril`` over the same files;
* the across-meetings answers (people, attendance, decisions, follow-ups,
  diff) after the store is open, and the whole-archive import without and
  with their tables (``bench.measure_across``).

Each row gives the median and p95 of its samples, the ratio to what it is
compared with, its target from ``docs/performance.md`` and whether it is
met; a row that cannot finish within ``--timeout`` seconds is reported as a
timeout and counts as missed. ``--check`` exits 1 when a target is missed.
The archive and its store are kept in ``--work``, named by size and seed,
so ``--reuse`` can skip generating and importing them again.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from bench.generate import DocumentFact, Manifest, Probe, generate
from bench.machine import describe, describe_lines
from bench.measure_across import answers as across_answers
from bench.measure_across import imports as across_imports
from bench.measure_app import AppPlan, measure_app
from bench.measure_compute import Plan, Screenful, prefixes
from bench.measure_compute import run as measure_compute
from bench.measure_shell import (
    extra_meetings,
    import_archive,
    import_one,
    shell_search,
    store_sizes,
)
from bench.results import Result, as_json, missed, table
from store.database import RECORDS_NAME, Store

ROOT = Path(__file__).resolve().parents[1]
#: The smallest archive that holds every kind of probe the rows type.
MIN_MEETINGS = 15
#: Keys of the rows measured in the app's sessions.
APP_KEYS = (
    "paint_trivial", "paint", "listed", "searchable", "keystroke", "burst", "open_screen", "rss", "rss_peak",
)


# -- the archive, kept between runs ------------------------------------------------


def save_manifest(manifest: Manifest, path: Path) -> None:
    """Write ``manifest`` as JSON."""
    path.write_text(json.dumps(asdict(manifest), default=str, indent=1))


def load_manifest(path: Path) -> Manifest:
    """Read a manifest written by ``save_manifest``."""
    data = json.loads(path.read_text())
    return Manifest(
        out=Path(data["out"]),
        meetings=data["meetings"],
        items=data["items"],
        bytes=data["bytes"],
        documents=[
            DocumentFact(Path(doc["path"]), doc["shape"], doc["committee"], doc["date"], tuple(doc["titles"]))
            for doc in data["documents"]
        ],
        probes=[Probe(**probe) for probe in data["probes"]],
        committees=data["committees"],
    )


def prepare_archive(work: Path, meetings: int, seed: int, reuse: bool) -> Manifest:
    """The archive for ``meetings`` and ``seed``: kept from before if ``reuse``."""
    archive = work / f"archive-{meetings}-s{seed}"
    saved = work / f"manifest-{meetings}-s{seed}.json"
    if reuse and saved.exists() and archive.is_dir():
        return load_manifest(saved)
    saved.unlink(missing_ok=True)
    shutil.rmtree(archive, ignore_errors=True)
    manifest = generate(archive, meetings, seed)
    save_manifest(manifest, saved)
    return manifest


# -- what is typed and searched ----------------------------------------------------------


@dataclass(slots=True)
class Queries:
    """Queries made from the archive's probes (``bench.generate.Probe``).

    Attributes:
        typed: Typed into the app one key at a time: the misspelt title,
            a word found in one item's text, the start of a recurring title.
        searchable: A rare word typed to see when search starts answering.
        title: Title searches: the probe titles, the misspelt one, and the
            typed title queries key by key.
        fulltext: Every probe query and every typed prefix.
        words: Single words for ``grep -ril`` and ``ccpi-tui search``.
        scan: Title words for the regex scan (our store vs stock TinyDB).
    """

    typed: list[str]
    searchable: str
    title: list[str]
    fulltext: list[str]
    words: list[str]
    scan: list[str]

    @classmethod
    def from_probes(cls, probes: list[Probe]) -> Queries:
        """Make the queries; the archive must have every kind of probe."""
        kinds: dict[str, list[Probe]] = {}
        for probe in probes:
            kinds.setdefault(probe.kind, []).append(probe)
        typo, rare, titles = kinds["typo"][0], kinds["rare-word"], kinds["title"]
        recurring = max(titles, key=lambda probe: probe.count)
        typed = [typo.query, rare[0].query, " ".join(recurring.query.split()[:3])]
        scan = list(dict.fromkeys(w for p in titles for w in p.query.split() if len(w) >= 5))[:3]
        return cls(
            typed=typed,
            searchable=rare[-1].query,
            title=[*(p.query for p in titles), typo.query, *prefixes(typed[0]), *prefixes(typed[2])],
            fulltext=[*(p.query for p in probes), *(p for q in typed for p in prefixes(q))],
            words=[*(p.query for p in rare), *scan[:1]],
            scan=scan,
        )


# -- the run ------------------------------------------------------------------------------


def say(message: str) -> None:
    """Progress on stderr, so a long run shows where it is."""
    sys.stderr.write(f"[bench {time.strftime('%H:%M:%S')}] {message}\n")
    sys.stderr.flush()


def build_parser() -> argparse.ArgumentParser:
    """The command line."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.run",
        description="Generate a synthetic archive, import it, and measure every row of the "
        "performance targets (docs/performance.md) in one run.",
    )
    parser.add_argument("--meetings", type=int, default=1000,
                        help=f"archive size, at least {MIN_MEETINGS} (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="archive seed (default 1)")
    parser.add_argument("--runs", type=int, default=5, help="samples per row (default 5)")
    parser.add_argument("--import-runs", type=int, default=1,
                        help="whole-archive imports to time (default 1: they are slow)")
    parser.add_argument("--timeout", type=float, default=120.0,
                        help="seconds a row may take before it counts as a timeout (default 120)")
    parser.add_argument("--import-timeout", type=float, default=3600.0,
                        help="seconds one whole-archive import may take (default 3600)")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "ccpi-bench",
                        help="folder for archives and stores, kept between runs")
    parser.add_argument("--reuse", action="store_true",
                        help="reuse the archive and store of an earlier run of this size and seed")
    parser.add_argument("--no-across-imports", action="store_true",
                        help="skip the two extra whole imports (without and with the across tables)")
    parser.add_argument("--check", action="store_true", help="exit 1 if any target is missed")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write every row as JSON")
    return parser


def measure_imports(
    args: argparse.Namespace, manifest: Manifest, store: Path, extra: list[Path]
) -> dict[str, Result]:
    """Import the archive (unless ``--reuse`` finds its store), then each
    ``extra`` meeting into a copy of it; and the store's size."""
    results: dict[str, Result] = {"archive_size": Result([float(manifest.bytes)])}
    if args.reuse and (store / RECORDS_NAME).exists():
        results["import_all"] = Result(note="not run: the store of an earlier run was reused", skipped=True)
        # A store an earlier version wrote moves to today's layout before any row is timed.
        moved = Store.open(store, create=False).migrated
        if moved:
            say(moved)
    else:
        say(f"importing {manifest.files} files")
        results["import_all"] = import_archive(
            manifest.out, store, args.import_runs, args.import_timeout, ROOT
        )
    if (store / RECORDS_NAME).exists():
        held = Store.open(store, create=False).counts()[1]
        if held != manifest.stored_items:  # an item lost or split by the importer
            say(f"the store holds {held:,} items; the generator wrote {manifest.stored_items:,}")
        say("importing one more meeting")
        results["import_one_cpu"] = Result()
        results["import_one"] = import_one(store, extra, args.work, args.timeout, ROOT, results["import_one_cpu"])
        results.update(store_sizes(store))
    return results


def measure_app_rows(
    args: argparse.Namespace, store: Path, queries: Queries, screens: dict[str, Screenful]
) -> dict[str, Result]:
    """The app's sessions, if the in-process search said what to expect."""
    wanted = {queries.searchable, *(prefix for query in queries.typed for prefix in prefixes(query))}
    if not wanted <= screens.keys():
        note = "not run: the in-process search did not say which results to expect"
        return {key: Result(note=note) for key in APP_KEYS}
    say("the app in a pseudo-terminal")
    newest = Store.open(store, create=False).meetings()[0]
    app = AppPlan(
        store=store,
        newest=f"{newest.date} {newest.committee_id}",
        probe=queries.searchable,
        typed=queries.typed,
        screens=screens,
        timeout=args.timeout,
        work=args.work,
    )
    return measure_app(app, args.runs, ROOT)


def measure(args: argparse.Namespace) -> tuple[Manifest, dict[str, Result]]:
    """Take every row; see the module docstring."""
    args.work.mkdir(parents=True, exist_ok=True)
    say(f"archive of {args.meetings} meetings in {args.work}")
    manifest = prepare_archive(args.work, args.meetings, args.seed, args.reuse)
    store = args.work / f"store-{args.meetings}-s{args.seed}"
    extra = extra_meetings(manifest, args.runs, args.seed, args.work / "extra")
    results = measure_imports(args, manifest, store, extra)
    if not (store / RECORDS_NAME).exists():
        return manifest, results
    queries = Queries.from_probes(manifest.probes)
    say("in-process timings")
    plan = Plan(
        store=str(store),
        work=str(args.work),
        runs=args.runs,
        timeout=args.timeout,
        extra=[str(path) for path in extra],
        title_queries=queries.title,
        fulltext_queries=queries.fulltext,
        # The search screens worked out are those of every prefix of these.
        typed=[*queries.typed, queries.searchable],
        scan_words=queries.scan,
    )
    computed = measure_compute(plan, ROOT)
    results.update(computed.results)
    results.update(measure_app_rows(args, store, queries, computed.screens))
    say("ccpi-tui search against grep -ril")
    results.update(shell_search(store, manifest.out, queries.words, args.runs, args.timeout, ROOT))
    say("across meetings: each answer, then the import without and with its tables")
    results.update(across_answers(store, args.runs))
    if not args.no_across_imports:
        results.update(across_imports(manifest.out, args.work, args.import_runs))
    return manifest, results


def describe_archive(manifest: Manifest, seed: int) -> str:
    """One line about the archive measured."""
    return (
        f"archive: {manifest.meetings:,} meetings, {manifest.stored_items:,} items stored, "
        f"{manifest.files:,} files, {manifest.bytes / 1e6:.1f} MB (seed {seed})"
    )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; print the table; 1 if ``--check`` and a target is missed."""
    args = build_parser().parse_args(argv)
    if args.meetings < MIN_MEETINGS or args.runs < 1 or args.import_runs < 1:
        build_parser().error(
            f"--meetings must be at least {MIN_MEETINGS}, --runs and --import-runs at least 1"
        )
    args.work = args.work.resolve()
    manifest, results = measure(args)
    lines = [table(results), "", describe_archive(manifest, args.seed), *describe_lines()]
    lines.append(f"runs: {args.runs} per row, timeout {args.timeout:g} s per row")
    print("\n".join(lines))
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "archive": {
                        "meetings": manifest.meetings,
                        "items": manifest.stored_items,
                        "files": manifest.files,
                        "bytes": manifest.bytes,
                        "seed": args.seed,
                    },
                    "machine": describe(),
                    "runs": args.runs,
                    "timeout": args.timeout,
                    "rows": as_json(results),
                },
                indent=1,
            )
        )
    failed = missed(results)
    if args.check and failed:
        sys.stderr.write(f"missed: {', '.join(failed)}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
