"""``ccpi-tui serve`` started and answering, timed (the 3 s promise).

The serve tests check that the page is served at all (within a 15 s
liveness wait); how soon is measured here, on the samples, and printed::

    python -m bench.measure_serve [--repeat 5]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from bench.results import median, p95

#: Seconds from starting ``serve`` to the page being served.
LIMIT = 3.0


def measure(root: Path, repeat: int) -> list[float]:
    """Seconds until GET / answered, for ``repeat`` fresh ``serve`` processes."""
    from tests.serve.served import serve

    samples = []
    for _ in range(repeat):
        with serve(root) as served:
            samples.append(served.ready_after)
    return samples


def main(argv: list[str] | None = None) -> int:
    """Import the samples into a fresh store, then time ``serve``'s start-up."""
    from ccpi_tui import samples_dir
    from store.database import Store
    from store.importer import import_paths

    parser = argparse.ArgumentParser(prog="python -m bench.measure_serve", description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="server starts to time (default 5)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ccpi-serve-") as folder:
        root = Path(folder) / "store"
        import_paths(Store.open(root), [samples_dir()])
        samples = measure(root, args.repeat)
    met = "yes" if p95(samples) <= LIMIT else "NO"
    print("| row | median ms | p95 ms | limit ms | met |")
    print("|-----|----------:|-------:|---------:|:---:|")
    print(f"| serve: GET / answered after start | {median(samples) * 1000:.0f} | {p95(samples) * 1000:.0f} | {LIMIT * 1000:.0f} | {met} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
