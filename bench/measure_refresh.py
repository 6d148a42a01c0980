"""The open app's refresh after a commit elsewhere: what it reads, timed.

Side by side in one run, on a store of ``--meetings`` meetings (one item
each) into which a second ``Store`` commits one more meeting at a time:

* ``whole``: what the app did before, a new ``SearchIndex`` and every
  meeting's row read again;
* ``touched``: what it does now, the change log, the same index caught up
  and only the touched meetings' rows read (``refreshed_rows``).

With ``--store``, end to end instead: the app runs headless on a copy of
that store, a second process imports ``--document`` into it
(``ccpi-tui import``), and the seconds from the commit (the records' file
time) to the toast, and to a search for the document's most distinctive
word on the meeting's date (``distinctive_query``) finding the new
meeting, are printed.

::

    python -m bench.measure_refresh [--meetings 10000] [--repeat 9]
    python -m bench.measure_refresh --store /tmp/pb/s2k --document MEETING.txt [--repeat 3]
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sqlite3
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from bench.results import median, p95
from store.database import Store
from store.models import Block, Item, Meeting


def _meeting(number: int) -> tuple[Meeting, Item]:
    day = f"{2000 + number % 25}-{1 + number % 12:02}-{1 + number % 28:02}"
    meeting = Meeting(
        id=f"c{number % 40}-{day}-{number}",
        committee_id=f"c{number % 40}",
        committee=f"Committee {number % 40}",
        date=day,
        holds=["minutes"],
    )
    item = Item(
        id=f"{meeting.id}/1",
        meeting_id=meeting.id,
        number="1",
        order=1,
        title=f"Budget monitoring {number}",
        blocks=[Block("paragraph", f"The committee noted the budget figures for period {number}.")],
    )
    return meeting, item


def _commit(store: Store, numbers: range) -> None:
    with store.transaction() as writer:
        for number in numbers:
            meeting, item = _meeting(number)
            writer.put_meeting(meeting)
            writer.put_items([item])


def measure(root: Path, meetings: int, repeat: int) -> dict[str, list[float]]:
    """Seconds per refresh, both ways, after each of ``repeat`` commits elsewhere."""
    from ccpi_tui.widgets.meeting_list import MeetingRow, meeting_rows, refreshed_rows
    from store import index
    from store.search import SearchIndex

    _commit(Store.open(root), range(meetings))
    shown = Store.open(root)  # the app's
    SearchIndex.build(shown)
    rows = meeting_rows(shown)
    writer = Store.open(root)  # another process's
    samples: dict[str, list[float]] = {"whole": [], "touched": []}
    for extra in range(repeat):
        generation = shown.generation
        _commit(writer, range(meetings + extra, meetings + extra + 1))
        _ = shown.generation  # the one-second check re-reads the records: not timed

        def whole_way() -> list[MeetingRow]:
            SearchIndex.build(shown)
            return meeting_rows(shown)

        def touched_way(rows: list[MeetingRow] = rows, generation: int = generation) -> list[MeetingRow]:
            found, _ = refreshed_rows(rows, shown, shown.changes_since(generation))
            index.catch_up(shown)
            return found

        # Each goes first in turn, so neither alone pays for a first read.
        ways = [("whole", whole_way), ("touched", touched_way)]
        results = {}
        for name, way in ways if extra % 2 == 0 else reversed(ways):
            started = time.perf_counter()
            results[name] = way()
            samples[name].append(time.perf_counter() - started)
        rows, whole = results["touched"], results["whole"]
        assert rows == whole
    return samples


async def _app_sees_import(root: Path, document: Path, query: str) -> tuple[float, float]:
    """Seconds from a second process's commit to the open app's toast and
    to its search for ``query`` finding the new meeting.

    The searches run one after another in a thread, as the search box runs
    them, so that the event loop (which shows the toast) is never held by
    one; the time taken is the end of the first search that finds it.
    """
    from ccpi_tui.app import CouncilApp
    from ccpi_tui.options import AppOptions

    app = CouncilApp(AppOptions(root, root.parent / "exports"))
    async with app.run_test(size=(100, 30)) as pilot:
        while app.search_index is None:
            await pilot.pause(0.05)
        await pilot.pause(1.0)
        shown = {row.id for row in app.browser.rows}
        index = app.search_index
        assert not any(hit.meeting_id not in shown for hit in index.search(query)), "the word finds it already"
        started = time.time()
        importer = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "ccpi_tui", "--db", str(root), "import", str(document),
            stdout=asyncio.subprocess.DEVNULL,
        )

        def found_new() -> bool:
            return any(hit.meeting_id not in shown for hit in index.search(query))

        async def search_until_found() -> float:
            while not await asyncio.to_thread(found_new):
                if time.time() - started > 120:
                    raise SystemExit("the app did not find the meeting imported elsewhere in 120 s")
                await asyncio.sleep(0.01)
            return time.time()

        async def toast_shown() -> float:
            while not any("imported elsewhere" in n.message for n in list(app._notifications)):
                if time.time() - started > 120:
                    raise SystemExit("the app did not say a meeting was imported elsewhere in 120 s")
                await asyncio.sleep(0.01)
            return time.time()

        toast, found = await asyncio.gather(toast_shown(), search_until_found())
        await importer.wait()
        committed = (root / "records.json").stat().st_mtime
        return toast - committed, found - committed


def distinctive_query(store: Path, document: Path) -> str:
    """What a clerk would type to find ``document``'s meeting: the word of
    it that the index of ``store`` holds in the fewest items (the longest
    of those, letters only), within a day of the meeting's date (a
    generated archive has no word of its own: every one is in hundreds)."""
    from store import index
    from store.ingest import parse_document
    from store.search import words

    parsed = parse_document(document.read_bytes(), document.name)
    found = {word for item in parsed.items for word in words(f"{item.title} {item.plain_text()}") if word.isalpha()}
    with sqlite3.connect(store / index.INDEX_FILE) as db:
        held = dict(db.execute("SELECT term, doc FROM search_words").fetchall())
    word = min(found, key=lambda word: (held.get(word, 0), -len(word), word))
    day = date.fromisoformat(parsed.meeting.date)
    return f"{word} after:{day - timedelta(days=1)} before:{day + timedelta(days=1)}"


def measure_app(store: Path, document: Path, repeat: int) -> dict[str, list[float]]:
    """``_app_sees_import`` on a fresh copy of ``store``, ``repeat`` times."""
    query = distinctive_query(store, document)
    print(f"searching for {query!r}", file=sys.stderr)
    samples: dict[str, list[float]] = {"toast": [], "search": []}
    with tempfile.TemporaryDirectory(prefix="ccpi-refresh-") as folder:
        for _ in range(repeat):
            root = Path(folder) / "store"
            shutil.rmtree(root, ignore_errors=True)
            shutil.copytree(store, root)
            toast, found = asyncio.run(_app_sees_import(root, document, query))
            samples["toast"].append(toast)
            samples["search"].append(found)
    return samples


def main(argv: list[str] | None = None) -> int:
    """Print the two ways' median and p95 and their ratio."""
    parser = argparse.ArgumentParser(prog="python -m bench.measure_refresh", description=__doc__.split("\n")[0])
    parser.add_argument("--meetings", type=int, default=10_000, help="meetings in the store (default 10,000)")
    parser.add_argument("--repeat", type=int, default=9, help="commits elsewhere to refresh after (default 9)")
    parser.add_argument("--store", type=Path, help="end to end: the app on a copy of this store")
    parser.add_argument("--document", type=Path, help="with --store: the meeting another process imports")
    args = parser.parse_args(argv)
    if args.store is not None:
        if args.document is None:
            parser.error("--store needs --document, the meeting to import elsewhere")
        found = measure_app(args.store, args.document, args.repeat)
        print(f"one meeting imported elsewhere into a copy of {args.store}, {args.repeat} runs, seconds from the commit")
        for what, values in found.items():
            print(f"{what}: median {median(values):.2f}, max {max(values):.2f}")
        return 0
    with tempfile.TemporaryDirectory(prefix="ccpi-refresh-") as folder:
        samples = measure(Path(folder) / "store", args.meetings, args.repeat)
    print(f"refresh after one meeting imported elsewhere, {args.meetings:,} meetings, {args.repeat} runs")
    print("| way | median ms | p95 ms |")
    print("|-----|----------:|-------:|")
    for way, values in samples.items():
        print(f"| {way} | {median(values) * 1000:.1f} | {p95(values) * 1000:.1f} |")
    print(f"ratio whole/touched (medians): {median(samples['whole']) / median(samples['touched']):.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
