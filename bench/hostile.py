"""Hostile inputs, timed: the figures the tests check by behaviour instead.

The tests prove what a hostile input does: refused in one sentence, memory
bounded, the slow parser never reached, each marker counted once. How long
that takes depends on the machine and its load, so it is measured here and
printed, one row per input, against the limit the tests used to assert::

    python -m bench.hostile [--repeat 5] [--check]

``--check`` exits 1 when a row's worst sample is over its limit.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.results import median, p95
from store.ingest import Rejected, parse_document

#: Bytes written into a sample by one mutation.
_MUTATION_BYTES = 8


@dataclass(frozen=True, slots=True)
class Case:
    """One hostile input.

    Attributes:
        name: The row's name.
        limit: Seconds one run may take (the worst sample is compared).
        prepare: Builds the input (not timed) and returns the timed run.
        runs: Runs to time, for a row of many inputs (one each); 0 for ``--repeat``.
    """

    name: str
    limit: float
    prepare: Callable[[Path], Callable[[], object]]
    runs: int = 0


def _rejected(data: bytes) -> Callable[[], object]:
    def run() -> object:
        try:
            return parse_document(data)
        except Rejected as error:
            return str(error)

    return run


def _parsed(text: str) -> Callable[[Path], Callable[[], object]]:
    """Parsing ``text`` in memory (refused, or read)."""
    return lambda _: _rejected(text.encode())


def _imported(name: str, data: Callable[[], bytes]) -> Callable[[Path], Callable[[], object]]:
    """Importing ``data()`` as file ``name`` into a fresh store each run."""

    def prepare(work: Path) -> Callable[[], object]:
        from store.database import Store
        from store.importer import import_paths

        path = work / name
        path.write_bytes(data())
        runs = iter(range(1_000_000))

        def run() -> object:
            return import_paths(Store.open(work / f"store-{next(runs)}"), [path])

        return run

    return prepare


@contextmanager
def _pdf_limit(limit: int) -> Iterator[None]:
    from store.ingest import pdf

    saved = pdf.MAX_INFLATED
    pdf.MAX_INFLATED = limit
    try:
        yield
    finally:
        pdf.MAX_INFLATED = saved


def _pdf_bomb(work: Path) -> Callable[[], object]:
    from tests.store.documents import pdf_bomb

    run = _imported("bomb.pdf", lambda: pdf_bomb(20))(work)

    def lowered() -> object:
        with _pdf_limit(16 * 1024 * 1024):  # as the test: the check is the same
            return run()

    return lowered


def _mutated(bases: list[bytes], pieces: list[bytes], seed: int, count: int) -> list[bytes]:
    """``count`` copies of the bases, each with a few pieces and random bytes inserted."""
    chance = random.Random(seed)
    found = []
    for _ in range(count):
        data = bytearray(chance.choice(bases))
        for _ in range(chance.randint(1, 12)):
            at = chance.randint(0, len(data))
            piece = chance.choice(pieces) if chance.random() < 0.7 else chance.randbytes(_MUTATION_BYTES)
            data[at:at] = piece
        found.append(bytes(data))
    return found


def _one_at_a_time(inputs: list[bytes]) -> Callable[[], object]:
    """Each run parses the next input (the row's samples are per input)."""
    pending = iter(inputs)
    return lambda: _rejected(next(pending))()


def _mutated_samples(work: Path) -> Callable[[], object]:
    from tests.store.test_ingest_properties import SAMPLE_BYTES, STRUCTURE

    return _one_at_a_time(_mutated(SAMPLE_BYTES, [piece.encode() for piece in STRUCTURE], 1, 200))


def _mutated_formats(work: Path) -> Callable[[], object]:
    from tests.store.test_ingest_formats_properties import DOCX, PDF
    from tests.store.test_ingest_html import AGENDA_PAGE
    from tests.store.test_ingest_xml import GET_MEETING

    bases = [PDF, DOCX, AGENDA_PAGE.encode(), GET_MEETING.encode()]
    pieces = [b"<", b"</div>", b"<table>", b"&amp;", b"<![CDATA[", b"<!--", b"\x00", b"stream\n"]
    return _one_at_a_time(_mutated(bases, pieces, 2, 100))


def _cleaned(build: Callable[[], str]) -> Callable[[Path], Callable[[], object]]:
    def prepare(work: Path) -> Callable[[], object]:
        from store.text import clean_document, safe_line, safe_text

        line = build()
        return lambda: [clean(line) for clean in (safe_text, safe_line, clean_document)]

    return prepare


def _opened_in_app(work: Path) -> Callable[[], object]:
    """Opening the hostile item (a 1 MB line and all) in the real app, headless."""
    from ccpi_tui.app import CouncilApp
    from ccpi_tui.options import AppOptions
    from tests.app.helpers import loaded, settle
    from tests.app.test_hostile_text import build_hostile_store

    build_hostile_store(work / "hostile")
    exports = work / "exports"
    exports.mkdir()

    async def session() -> float:
        app = CouncilApp(AppOptions(work / "hostile", exports))
        async with app.run_test(size=(100, 30)) as pilot:
            await loaded(pilot)
            started = time.perf_counter()
            await pilot.press("enter", "enter")
            await settle(pilot)
            return time.perf_counter() - started

    return lambda: asyncio.run(session())


def _cases() -> list[Case]:
    from tests.store.documents import zip_bomb
    from tests.store.test_ingest_minutes import HEADER
    from tests.store.test_ingest_xml import BILLION_LAUGHS

    deep = "<!DOCTYPE html><html><body>{}deep"  # as the tests
    megabyte = 1_000_000
    lines: dict[str, Callable[[], str]] = {  # as the tests
        "ascii": lambda: "a" * megabyte,
        "punctuation": lambda: "x’–" * (megabyte // 3),
        "zalgo": lambda: "e" + "\u0301" * megabyte,
        "controls": lambda: "\x1b[2J\u202e" * (megabyte // 5),
        "many-marks": lambda: "".join(chr(0x300 + n % 0x70) for n in range(megabyte)),
        "breaks": lambda: "\udcff\r\n\u2028" * (megabyte // 4),
    }
    return [
        Case("xml billion laughs, imported", 5, _imported("meeting.xml", BILLION_LAUGHS.encode)),
        Case("pdf 20 MB stream over a 16 MB limit, imported", 5, _pdf_bomb),
        Case("docx zip bomb 64 MB, imported", 5, _imported("bomb.docx", lambda: zip_bomb(64))),
        *(Case(f"html {opening} x 50,000 deep", 5, _parsed(deep.format(opening * 50_000))) for opening in ("<div>", "<b>", "<span><table>")),
        Case("minutes 5,000 nested markers", 2, _parsed(HEADER + "<AI1>" * 5000 + "text" + "</AI1>" * 5000)),
        *(Case(f"1 MB line cleaned 3 ways: {name}", 2, _cleaned(line)) for name, line in lines.items()),
        Case("mutated samples, each of 200", 2, _mutated_samples, runs=200),
        Case("mutated pdf/docx/html/xml, each of 100", 3, _mutated_formats, runs=100),
        Case("app: open the item with a 1 MB line", 5, _opened_in_app),
    ]


def measure(case: Case, repeat: int) -> list[float]:
    """Seconds for each of ``repeat`` runs of ``case`` (a run may time itself)."""
    samples = []
    with tempfile.TemporaryDirectory(prefix="ccpi-hostile-") as folder:
        run = case.prepare(Path(folder))
        for _ in range(repeat):
            started = time.perf_counter()
            result = run()
            elapsed = time.perf_counter() - started
            samples.append(result if isinstance(result, float) else elapsed)
    return samples


def main(argv: list[str] | None = None) -> int:
    """Time every case; print one row each: median, p95, worst, limit, met."""
    parser = argparse.ArgumentParser(prog="python -m bench.hostile", description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs of each input (default 5)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a row's worst run is over its limit")
    args = parser.parse_args(argv)
    cases = _cases()
    width = max(len(case.name) for case in cases)
    print(f"| {'input':<{width}} | median ms | p95 ms | worst ms | limit ms | met |")
    print(f"|{'-' * (width + 2)}|----------:|-------:|---------:|---------:|:---:|")
    missed = 0
    for case in cases:
        samples = measure(case, case.runs or args.repeat)
        met = max(samples) <= case.limit
        missed += not met
        print(
            f"| {case.name:<{width}} | {median(samples) * 1000:9.1f} | {p95(samples) * 1000:6.1f}"
            f" | {max(samples) * 1000:8.1f} | {case.limit * 1000:8.0f} | {'yes' if met else 'NO'} |",
            flush=True,
        )
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
