"""The benchmark's rows, their targets, and the one table they print as.

Every row the runner measures is declared here, in table order, with the
target from ``docs/performance.md`` (if it has one) and the row it is
compared with in the same run (if any). A ``Result`` holds one row's
samples, or why there are none; ``table`` turns them into a markdown table
with median, p95, the ratio, the target and whether it is met.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Target:
    """What a row must reach; every limit given must hold.

    Attributes:
        text: The target as printed in the table.
        p95: Upper limit on the 95th percentile.
        median: Upper limit on the median.
        max: Upper limit on the worst sample.
        ratio: Upper limit on the ratio to the compared row.
        strictly_below: The ratio must be below ``ratio``, not just reach it
            ("faster than grep").
    """

    text: str
    p95: float | None = None
    median: float | None = None
    max: float | None = None
    ratio: float | None = None
    strictly_below: bool = False


@dataclass(frozen=True, slots=True)
class Spec:
    """One row of the table.

    Attributes:
        key: Short name the measuring code reports under.
        what: What is measured, as printed (keep it short: the table must
            fit in 100 columns).
        unit: ``s`` for seconds, ``B`` for bytes.
        target: The target, or None for a reference row.
        versus: Key of the row this one is compared with, as a ratio of
            medians.
        versus_name: How the ratio column names that row.
    """

    key: str
    what: str
    unit: str = "s"
    target: Target | None = None
    versus: str | None = None
    versus_name: str = ""


MS = 1e-3
MB = 1e6

SPECS: tuple[Spec, ...] = (
    Spec("archive_size", "archive text", "B"),
    Spec("import_all", "import whole archive", target=Target("≤ 60 s", p95=60)),
    Spec("import_one", "import one more meeting", target=Target("≤ 200 ms", p95=200 * MS)),
    Spec("import_one_cpu", "  same, CPU (user + system)"),
    Spec("import_one_inproc", "  same, in-process"),
    Spec(
        "store_size",
        "store size on disk",
        "B",
        target=Target("≤ 1.5× text", ratio=1.5),
        versus="archive_size",
        versus_name="text",
    ),
    Spec("index_size", "  of which records.json", "B", versus="archive_size", versus_name="text"),
    Spec("paint_trivial", "trivial app first paint"),
    Spec(
        "paint",
        "first paint",
        target=Target("≤ 300 ms, ≤ 1.3×", p95=300 * MS, ratio=1.3),
        versus="paint_trivial",
        versus_name="trivial",
    ),
    Spec("listed", "meetings listed"),
    Spec("searchable", "searchable after start", target=Target("≤ 500 ms", p95=500 * MS)),
    Spec(
        "keystroke",
        "keystroke → results",
        target=Target("≤ 80, max 150 ms", p95=80 * MS, max=150 * MS),
    ),
    Spec("burst", "typed burst → results"),
    Spec("open_screen", "open item, on screen"),
    Spec("rss", "memory (RSS) browsing", "B", target=Target("≤ 300 MB", p95=300 * MB)),
    Spec("rss_peak", "  peak (VmHWM)", "B"),
    Spec("index_build", "search index ready"),
    Spec("fts_build", "SQLite FTS5 build"),
    Spec("title_search", "title search compute", target=Target("≤ 15 ms", p95=15 * MS)),
    Spec(
        "fulltext",
        "full-text search compute",
        target=Target("≤ 50, max 150 ms", median=50 * MS, max=150 * MS),
        versus="fts_query",
        versus_name="FTS5",
    ),
    Spec("fts_query", "SQLite FTS5 query"),
    Spec("open_item", "open item + related", target=Target("≤ 50 ms", p95=50 * MS)),
    Spec("follow_link", "follow a topic link", target=Target("≤ 50 ms", p95=50 * MS)),
    Spec("export", "export one item", target=Target("≤ 10 ms", p95=10 * MS)),
    Spec("get_ours", "get item row by id", versus="get_tinydb", versus_name="TinyDB"),
    Spec("get_tinydb", "stock TinyDB get by id"),
    Spec("scan_ours", "title regex scan", versus="scan_tinydb", versus_name="TinyDB"),
    Spec("scan_tinydb", "stock TinyDB search"),
    Spec("write_tinydb", "stock TinyDB write, once"),
    Spec(
        "shell_search",
        "ccpi-tui search process",
        target=Target("faster than grep", ratio=1.0, strictly_below=True),
        versus="grep",
        versus_name="grep",
    ),
    Spec("grep", "grep -ril, same words"),
    Spec("import_plain", "import, no across tables"),
    Spec(
        "import_across",
        "import, across tables",
        target=Target("≤ 1.15×", ratio=1.15),
        versus="import_plain",
        versus_name="without",
    ),
    Spec("across_people", "people (everyone)", target=Target("≤ 100 ms", median=100 * MS)),
    Spec("across_person", "people NAME", target=Target("≤ 100 ms", median=100 * MS)),
    Spec("across_attendance", "attendance COMMITTEE", target=Target("≤ 100 ms", median=100 * MS)),
    Spec("across_decisions_all", "decisions, all rows"),
    Spec("across_decisions", "decisions: page+count", target=Target("≤ 100 ms", median=100 * MS),
         versus="across_decisions_all", versus_name="all"),
    Spec("across_followups_all", "follow-ups, all rows"),
    Spec("across_followups", "follow-ups: page+count", target=Target("≤ 100 ms", median=100 * MS),
         versus="across_followups_all", versus_name="all"),
    Spec("across_diff", "diff ITEM", target=Target("≤ 100 ms", median=100 * MS)),
)

SPEC_BY_KEY = {spec.key: spec for spec in SPECS}


@dataclass(slots=True)
class Result:
    """What one row measured.

    Attributes:
        samples: Seconds or bytes, one per run (or per query and run).
        timeout: Set when a sample did not finish within this many seconds.
        note: Why the row has no samples, or what else to know about it.
        skipped: Left out of this run on purpose (``--reuse``): neither
            met nor missed.
    """

    samples: list[float] = field(default_factory=list)
    timeout: float | None = None
    note: str = ""
    skipped: bool = False

    @property
    def measured(self) -> bool:
        """True when there are samples and nothing timed out."""
        return bool(self.samples) and self.timeout is None


def median(samples: list[float]) -> float:
    """The median of ``samples`` (not empty)."""
    return statistics.median(samples)


def p95(samples: list[float]) -> float:
    """The 95th percentile of ``samples`` (nearest rank; not empty)."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def ratio(results: dict[str, Result], spec: Spec) -> float | None:
    """Median of the row over median of the row it is compared with."""
    if spec.versus is None:
        return None
    ours, theirs = results.get(spec.key), results.get(spec.versus)
    if ours is None or theirs is None or not ours.measured or not theirs.measured:
        return None
    base = median(theirs.samples)
    return median(ours.samples) / base if base > 0 else None


def met(results: dict[str, Result], spec: Spec) -> bool | None:
    """Whether the row meets its target; None for a row without one.

    A row that timed out or has no samples does not meet its target,
    unless it was skipped on purpose.
    """
    target = spec.target
    result = results.get(spec.key)
    if target is None or (result is not None and result.skipped):
        return None
    if result is None or not result.measured:
        return False
    samples = result.samples
    limits = (
        (target.p95, p95(samples)),
        (target.median, median(samples)),
        (target.max, max(samples)),
    )
    if any(limit is not None and value > limit for limit, value in limits):
        return False
    if target.ratio is not None:
        value = ratio(results, spec)
        if value is None:
            return False
        return value < target.ratio if target.strictly_below else value <= target.ratio
    return True


def missed(results: dict[str, Result]) -> list[str]:
    """Keys of the rows that have a target and do not meet it."""
    return [spec.key for spec in SPECS if met(results, spec) is False]


def format_value(value: float, unit: str) -> str:
    """``0.0123`` s -> ``12.3 ms``; ``12_300_000`` B -> ``12.3 MB``."""
    if unit == "B":
        return f"{value / MB:.1f} MB"
    if value < 1e-3:
        return f"{value * 1e6:.1f} µs"
    if value < 0.01:
        return f"{value * 1e3:.2f} ms"
    if value < 0.1:
        return f"{value * 1e3:.1f} ms"
    if value < 1:
        return f"{value * 1e3:.0f} ms"
    if value < 100:
        return f"{value:.2f} s"
    return f"{value:.0f} s"


def format_ratio(value: float) -> str:
    """``1.234`` -> ``1.23×``; ``0.0002`` -> ``1/5000×``; ``2e-6`` -> ``1/5e+05×``."""
    if value >= 100:
        return f"{value:.0f}×"
    if value >= 10:
        return f"{value:.1f}×"
    if value >= 0.01:
        return f"{value:.2f}×"
    inverse = 1 / value
    return f"1/{inverse:.0f}×" if inverse < 99_999.5 else f"1/{inverse:.0e}×"


def row_cells(results: dict[str, Result], spec: Spec) -> list[str]:
    """The table cells of one row: what, median, p95, n, ratio, target, met."""
    result = results.get(spec.key) or Result(note="not run")
    if result.timeout is not None:
        middle, high = "timeout", f">{result.timeout:g} s"
    elif result.samples:
        middle = format_value(median(result.samples), spec.unit)
        high = format_value(p95(result.samples), spec.unit)
    else:
        middle, high = "not run", "—"
    value = ratio(results, spec)
    shown_ratio = f"{format_ratio(value)} {spec.versus_name}" if value is not None else "—"
    verdict = {None: "—", True: "yes", False: "NO"}[met(results, spec)]
    target = spec.target.text if spec.target else "—"
    return [spec.what, middle, high, str(len(result.samples)), shown_ratio, target, verdict]


HEADER = ["what", "median", "p95", "n", "ratio", "target", "met"]
#: Columns written flush right (the numbers).
RIGHT = {1, 2, 3}


def table(results: dict[str, Result], keys: tuple[str, ...] | None = None) -> str:
    """Every row (or the rows of ``keys``) as a markdown table, then a note
    for each row that has one."""
    specs = [spec for spec in SPECS if keys is None or spec.key in keys]
    rows = [row_cells(results, spec) for spec in specs]
    widths = [max(len(row[column]) for row in [HEADER, *rows]) for column in range(len(HEADER))]

    def line(cells: list[str]) -> str:
        padded = [
            cell.rjust(width) if column in RIGHT else cell.ljust(width)
            for column, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ]
        return "| " + " | ".join(padded) + " |"

    rule = "|" + "|".join(
        "-" * (width + 1) + ":" if column in RIGHT else "-" * (width + 2)
        for column, width in enumerate(widths)
    ) + "|"
    out = [line(HEADER), rule, *(line(row) for row in rows)]
    notes = [
        f"- {spec.what.strip()}: {results[spec.key].note}"
        for spec in specs
        if spec.key in results and results[spec.key].note
    ]
    return "\n".join(out + ([""] + notes if notes else []))


def as_json(results: dict[str, Result]) -> list[dict[str, object]]:
    """Every row as a JSON-ready dict, the numbers unformatted."""
    rows: list[dict[str, object]] = []
    for spec in SPECS:
        result = results.get(spec.key) or Result(note="not run")
        samples = result.samples
        rows.append(
            {
                "key": spec.key,
                "what": spec.what.strip(),
                "unit": spec.unit,
                "samples": samples,
                "median": median(samples) if samples else None,
                "p95": p95(samples) if samples else None,
                "max": max(samples) if samples else None,
                "timeout": result.timeout,
                "note": result.note,
                "ratio": ratio(results, spec),
                "versus": spec.versus,
                "target": spec.target.text if spec.target else None,
                "met": met(results, spec),
            }
        )
    return rows
