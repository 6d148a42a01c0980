"""Time the across-meetings answers, and what computing them adds to an import.

Rows (see ``bench.results``), measured in-process in one run:

* each screen's and command's answer after the store is open — people
  (the list the People screen and ``people`` show), people NAME,
  attendance, decisions, follow-ups, diff — each sample on a
  newly opened store (its index connection opened by the answer itself),
  read from the index's across-meetings tables (``store.across_tables``);
* the whole-archive import without those tables (``store.index.ACROSS``
  off) and with them, alternating, into new stores: the ratio is what
  computing people, decisions and promises adds.

``python -m bench.measure_across --meetings 1000`` runs these rows alone on
a generated archive; ``python -m bench.run`` includes them. Figures are
printed, not asserted: the targets are in docs/performance.md.
"""

from __future__ import annotations

import argparse
import gc
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.results import Result

#: The rows, as ``bench.results`` names them.
ANSWER_KEYS = (
    "across_people", "across_person", "across_attendance", "across_decisions_all", "across_decisions",
    "across_followups_all", "across_followups", "across_diff",
)
#: Rows a page, as the Decisions and Follow-ups screens read them.
PAGE = 200
IMPORT_KEYS = ("import_plain", "import_across")


def _fresh(root: Path) -> Any:
    from store.database import Store

    store = Store.open(root, create=False)
    store.counts()
    return store


def answers(root: Path, runs: int) -> dict[str, Result]:
    """Median-ready samples of each answer, each on a newly opened store."""
    from store.decisions import count_decisions, decisions
    from store.diff import diff
    from store.followups import count_followups, followups, iter_followups
    from store.people import attendance, find_people, people_summaries

    probe = _fresh(root)
    meetings = probe.meetings()
    committee = meetings[0].committee_id
    everyone = people_summaries(probe)
    surname = max(everyone, key=lambda p: p.meetings).name.split()[-1] if everyone else "smith"
    recurring = next(
        (s.id for m in meetings[:50] for s in probe.summaries(m.id) if s.standing is None), None
    )
    calls: dict[str, Callable[[Any], object]] = {
        "across_people": people_summaries,
        "across_person": lambda store: find_people(store, surname),
        "across_attendance": lambda store: attendance(store, committee),
        "across_decisions_all": decisions,
        # What the screens ask for first: how many in all, and the first page.
        "across_decisions": lambda store: (count_decisions(store), decisions(store, limit=PAGE)),
        "across_followups_all": followups,
        "across_followups": lambda store: (count_followups(store), list(iter_followups(store, limit=PAGE))),
    }
    if recurring:
        calls["across_diff"] = lambda store: diff(store, recurring)
    results = {key: Result() for key in ANSWER_KEYS}
    if not recurring:
        results["across_diff"].note = "no recurring item in the first 50 meetings"
    for _ in range(runs):
        for key, call in calls.items():
            store = _fresh(root)
            started = time.perf_counter()
            call(store)
            results[key].samples.append(time.perf_counter() - started)
    sys.stderr.write(f"[across] people NAME is people {surname!r}; {len(everyone):,} people in all\n")
    return results


def _cpu() -> float:
    """CPU seconds of this process and of its children that ended (threading runs in some)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def imports(archive: Path, work: Path, runs: int, keep: Path | None = None) -> dict[str, Result]:
    """The whole-archive import in-process, without and with the across
    tables, alternating; ``keep``: where to keep the last store made with them.

    Each runs with Python's cycle collector off, as ``ccpi-tui import`` does
    (``ccpi_tui.__main__.collector_off``): with it on, the collections walk
    the records read (some 4 s of a 2,000-meeting import), and the rows
    differ by more than the across tables cost. The CPU seconds of each
    pair, and their ratio, are written to stderr: wall-clock figures on a
    busy machine say little.
    """
    from store import index
    from store.database import Store
    from store.importer import import_paths

    plain, across = Result(), Result()
    for _ in range(runs):
        cpu: list[float] = []
        for result, on in ((plain, False), (across, True)):
            root = work / f"across-import-{'on' if on else 'off'}"
            shutil.rmtree(root, ignore_errors=True)
            index.ACROSS = on
            was_enabled = gc.isenabled()
            gc.disable()
            try:
                started, used = time.perf_counter(), _cpu()
                import_paths(Store.open(root), [archive])
                result.samples.append(time.perf_counter() - started)
                cpu.append(_cpu() - used)
            finally:
                index.ACROSS = True
                if was_enabled:
                    gc.enable()
                gc.collect()
            if on and keep is not None:
                shutil.rmtree(keep, ignore_errors=True)
                root.rename(keep)
            shutil.rmtree(root, ignore_errors=True)
        sys.stderr.write(f"[across] import CPU without/with the across tables: {cpu[0]:.2f}/{cpu[1]:.2f} s"
                         f" ({cpu[1] / cpu[0]:.2f}x)\n")
    return {"import_plain": plain, "import_across": across}


def main(argv: list[str] | None = None) -> int:
    """Generate (or reuse) an archive, import it, measure, print the rows."""
    parser = argparse.ArgumentParser(prog="python -m bench.measure_across", description=__doc__)
    parser.add_argument("--meetings", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--import-runs", type=int, default=1)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "ccpi-bench-across")
    args = parser.parse_args(argv)

    from bench.generate import generate
    from bench.results import table

    archive = args.work / f"archive-{args.meetings}"
    root = args.work / f"store-{args.meetings}"
    if not archive.exists():
        generate(archive, args.meetings)
    results = imports(archive, args.work, args.import_runs, keep=root)
    results.update(answers(root, args.runs))
    print(table(results, keys=(*IMPORT_KEYS, *ANSWER_KEYS)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
