"""Time the across-meetings answers: people, attendance, decisions, follow-ups, diff.

``python -m bench.measure_across --meetings 1000`` generates (or reuses) a
synthetic archive, imports it once, then times each answer after the store
is open: the first call (which computes, reading every meeting's items) and
the next ones (answered from the per-generation cache). Figures are
printed, not asserted: the targets are in docs/performance.md.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def timed(call: Callable[[], object], runs: int) -> tuple[float, float]:
    """Milliseconds of the first call and the median of the next ``runs``."""
    start = time.perf_counter()
    call()
    first = (time.perf_counter() - start) * 1000
    later = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        later.append((time.perf_counter() - start) * 1000)
    later.sort()
    return first, later[len(later) // 2]


def main(argv: list[str] | None = None) -> int:
    """Generate, import, measure, print."""
    parser = argparse.ArgumentParser(prog="python -m bench.measure_across", description=__doc__)
    parser.add_argument("--meetings", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "ccpi-bench-across")
    args = parser.parse_args(argv)

    from bench.generate import generate
    from store.database import Store
    from store.importer import import_paths

    archive = args.work / f"archive-{args.meetings}"
    root = args.work / f"store-{args.meetings}"
    if not root.exists():
        if not archive.exists():
            generate(archive, args.meetings)
        start = time.perf_counter()
        import_paths(Store.open(root), [archive])
        print(f"import {args.meetings} meetings: {time.perf_counter() - start:.1f} s")

    from store.decisions import DecisionFilter, decisions
    from store.diff import diff
    from store.followups import followups
    from store.people import attendance, find_people, people

    store = Store.open(root)
    meetings = store.meetings()
    committee = meetings[0].committee_id
    recurring = next(
        (s.id for m in meetings[:50] for s in store.summaries(m.id) if s.standing is None), None
    )
    rows = {
        "people (all)": lambda: people(store),
        "people NAME": lambda: find_people(store, "smith"),
        "attendance COMMITTEE": lambda: attendance(store, committee),
        "decisions": lambda: decisions(store),
        "decisions key: text": lambda: decisions(store, DecisionFilter(key_only=True, text="report")),
        "followups": lambda: followups(store),
    }
    if recurring:
        rows["diff ITEM"] = lambda: diff(store, recurring)
    print(f"{len(meetings):,} meetings; first call computes, later calls use the cache")
    print(f"{'answer':<24} {'first':>10} {'later':>10}")
    for name, call in rows.items():
        first, later = timed(call, args.runs)
        print(f"{name:<24} {first:>8.0f} ms {later:>8.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
