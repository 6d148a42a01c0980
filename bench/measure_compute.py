"""Compute timings in-process: store reads, search, export, and their rivals.

These rows call the data layer directly and time each call with
``time.perf_counter``: opening an item, following a topic link, exporting,
readying the search index as the app does at start (``SearchIndex.build``)
and answering title and full-text queries; and,
side by side, stock TinyDB (default JSON storage) doing the same reads and
SQLite FTS5 answering the same queries over the same texts.

They run in a child process (``python -m bench.measure_compute PLAN``) that
reports each sample as a JSON line the moment it is taken (and, during long
preparations, that it is still busy), so the runner can stop a row that
takes too long without losing the others: ``run`` starts the child, reads
its lines, and kills it if no line comes within the row timeout.
"""

from __future__ import annotations

import gc
import json
import os
import re
import select
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bench.results import Result

#: Results shown per query, as in the app's search screen.
SEARCH_LIMIT = 50
#: Characters of a hit line and of its snippet awaited on screen.
LINE_MARK = 60
SNIPPET_MARK = 40
#: Hits per typed prefix whose lines must all be on screen.
TOP_HITS = 3


@dataclass(slots=True)
class Plan:
    """What the child measures.

    Attributes:
        store: The imported store (only read, or copied by hard links).
        work: A scratch folder for TinyDB, FTS5 and store copies.
        runs: Samples per row (per query, for the search rows).
        timeout: Seconds a row may take before it stops sampling.
        extra: Document files of meetings the store does not hold, for
            importing one more meeting into a copy of it.
        title_queries: Queries for the title search (``in:title`` added).
        fulltext_queries: Queries for the full-text search and FTS5.
        typed: Queries typed in the app, one key at a time: the screen
            each prefix should give is worked out here.
        scan_words: Words for the regex scan over titles (ours vs TinyDB).
    """

    store: str
    work: str
    runs: int
    timeout: float
    extra: list[str] = field(default_factory=list)
    title_queries: list[str] = field(default_factory=list)
    fulltext_queries: list[str] = field(default_factory=list)
    typed: list[str] = field(default_factory=list)
    scan_words: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Screenful:
    """What the search screen should show once a typed prefix is answered.

    Attributes:
        prefix: What is in the search box.
        lines: The first characters of the top hits' lines.
        snippet: The first characters of the top hit's snippet.
        count: How many hits the search gives (0: "Nothing found").
    """

    prefix: str
    lines: list[str]
    snippet: str
    count: int


# -- the child ----------------------------------------------------------------


def emit(**fields: Any) -> None:
    """Write one JSON line to the runner."""
    sys.stdout.write(json.dumps(fields) + "\n")
    sys.stdout.flush()


class Rows:
    """Takes samples for one row at a time, reporting each as it is taken."""

    def __init__(self, plan: Plan) -> None:
        """Report samples of ``plan``'s rows, each row cut off after ``plan.timeout``."""
        self.plan = plan

    def sample(self, key: str, calls: Iterator[Callable[[], float]]) -> None:
        """Run ``calls`` (each returns the seconds it took) in turn.

        The row stops early, after the call during which ``plan.timeout``
        seconds had passed since it started, so a slow row still gives a
        sample or two and never runs for much more than twice the timeout.
        """
        emit(start=key)
        started = time.perf_counter()
        for call in calls:
            emit(sample=key, value=call())
            if time.perf_counter() - started > self.plan.timeout:
                break
        emit(done=key)


def timed(call: Callable[[], object]) -> float:
    """Seconds ``call()`` takes."""
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def spread(values: list[str], count: int) -> list[str]:
    """``count`` values picked evenly through ``values`` (repeating if short)."""
    if not values:
        return []
    return [values[(i * len(values)) // count % len(values)] for i in range(count)]


def hit_line(hit: Any) -> str:
    """A hit's first line as the search screen prints it."""
    number = f" {hit.number}." if hit.number else ""
    return f"{hit.date} {hit.committee_id}{number} {hit.title or 'Untitled item'}"


def prefixes(query: str) -> list[str]:
    """What the box holds after each key of ``query``, spaces left out
    (a space changes no results, so it is typed but not timed)."""
    return [query[:end] for end in range(1, len(query) + 1) if query[end - 1] != " "]


def fresh_store(root: Path) -> Any:
    """A newly opened store whose index is parsed but whose bodies are not:
    the state of the app after start, before an item is opened."""
    from store.database import Store

    store = Store.open(root, create=False)
    store.counts()
    return store


def measure(plan: Plan) -> None:
    """Take every in-process row, printing JSON lines (see module doc)."""
    from store.search import parse_query

    rows = Rows(plan)
    # First, while the process holds nothing else that the import would
    # share its memory and garbage collector with.
    measure_import_one(plan, rows)
    store = fresh_store(Path(plan.store))
    items = store.table_rows("items")
    substantive = sorted(key for key, row in items.items() if row.get("standing") is None)
    chosen = spread(substantive, plan.runs)
    # As the app does once it has loaded (ccpi_tui.app): what is loaded
    # stays, so the collector's full passes, which walk all of it (some
    # 200 ms here), are kept off the rows timed below.
    gc.collect()
    gc.freeze()
    measure_reads(plan, rows, store, chosen)
    measure_tinydb(plan, rows, list(items.values()), chosen)
    measure_search(plan, rows)
    terms = [parse_query(query).terms for query in plan.fulltext_queries]
    measure_fts(plan, rows, archive_texts(store), terms)


def measure_reads(plan: Plan, rows: Rows, store: Any, chosen: list[str]) -> None:
    """Open an item, follow a topic link, export, get a row, scan titles.

    Opening and following start from a fresh store, as the app's first
    open does: the item's body shard is read from disk.
    """
    from store import topics
    from store.export import item_markdown

    root = Path(plan.store)

    def open_item(item_id: str) -> float:
        cold = fresh_store(root)
        return timed(lambda: (cold.item(item_id), topics.thread_view(cold, item_id)))

    def follow_link(item_id: str) -> float:
        cold = fresh_store(root)
        view = topics.thread_view(cold, item_id)
        links = [link.id for link in (*view.thread, *view.related) if link.id != item_id]
        target = links[0] if links else item_id
        return timed(lambda: (cold.item(target), topics.thread_view(cold, target)))

    def export(item_id: str) -> float:
        # The app exports the item on screen: its body has been read and its
        # Related links (the topic rows the export lists too) looked up.
        store.item(item_id)
        topics.thread_view(store, item_id)
        return timed(lambda: item_markdown(store, item_id))

    def scan(pattern: re.Pattern[str]) -> list[dict[str, Any]]:
        return [row for row in store.table_rows("items").values() if pattern.search(row["title"])]

    patterns = [re.compile(re.escape(word), re.IGNORECASE) for word in plan.scan_words]
    rows.sample("open_item", (lambda i=i: open_item(i) for i in chosen))
    rows.sample("follow_link", (lambda i=i: follow_link(i) for i in chosen))
    rows.sample("export", (lambda i=i: export(i) for i in chosen))
    rows.sample("get_ours", (lambda i=i: timed(lambda: store.summary(i)) for i in chosen))
    rows.sample(
        "scan_ours",
        (lambda p=p: timed(lambda: scan(p)) for _ in range(plan.runs) for p in patterns),
    )


def measure_import_one(plan: Plan, rows: Rows) -> None:
    """Import each extra meeting in-process into a copy of the full store
    (``link_copy``: the records linked, the index copied)."""
    from bench.measure_shell import link_copy
    from store.database import Store
    from store.importer import import_paths

    copy = Path(plan.work) / "one-more"
    link_copy(Path(plan.store), copy)

    def import_one(path: str) -> float:
        return timed(lambda: import_paths(Store.open(copy), [Path(path)]))

    rows.sample("import_one_inproc", (lambda p=p: import_one(p) for p in plan.extra))
    shutil.rmtree(copy, ignore_errors=True)


def measure_search(plan: Plan, rows: Rows) -> None:
    """Ready the search index as the app does, then answer title and
    full-text queries; and report what each typed prefix should show."""
    from store.search import SearchIndex

    built: list[SearchIndex] = []

    def build() -> float:
        cold = fresh_store(Path(plan.store))
        started = time.perf_counter()
        built.append(SearchIndex.build(cold))
        return time.perf_counter() - started

    rows.sample("index_build", (build for _ in range(plan.runs)))
    search = built[-1]
    for query in plan.typed:
        for prefix in prefixes(query):
            hits = search.search(prefix, limit=SEARCH_LIMIT)
            screen = Screenful(
                prefix=prefix,
                lines=[hit_line(hit)[:LINE_MARK] for hit in hits[:TOP_HITS]],
                snippet=hits[0].snippet[:SNIPPET_MARK] if hits else "",
                count=hits.total,
            )
            emit(expect=asdict(screen))
    rows.sample(
        "title_search",
        (
            lambda q=q: timed(lambda: search.search(f"in:title {q}", limit=SEARCH_LIMIT))
            for _ in range(plan.runs)
            for q in plan.title_queries
        ),
    )
    rows.sample(
        "fulltext",
        (
            lambda q=q: timed(lambda: search.search(q, limit=SEARCH_LIMIT))
            for _ in range(plan.runs)
            for q in plan.fulltext_queries
        ),
    )


def measure_tinydb(plan: Plan, rows: Rows, lean: list[dict[str, Any]], chosen: list[str]) -> None:
    """Stock TinyDB (default JSON storage) holding the same lean rows:
    write them once, then get by id and search titles."""
    from tinydb import TinyDB, where

    path = Path(plan.work) / "stock-tinydb.json"
    path.unlink(missing_ok=True)
    db = TinyDB(path)
    doc_ids: list[int] = []
    rows.sample("write_tinydb", iter([lambda: timed(lambda: doc_ids.extend(db.insert_multiple(lean)))]))
    number = {row["id"]: doc_id for row, doc_id in zip(lean, doc_ids, strict=True)}
    rows.sample("get_tinydb", (lambda i=i: timed(lambda: db.get(doc_id=number[i])) for i in chosen))

    def search(word: str) -> float:
        db.clear_cache()  # stock TinyDB caches query results; time the read
        return timed(lambda: db.search(where("title").search(re.escape(word), flags=re.IGNORECASE)))

    rows.sample(
        "scan_tinydb",
        (lambda w=w: search(w) for _ in range(plan.runs) for w in plan.scan_words),
    )
    db.close()
    path.unlink()


def fts_query(terms: list[str]) -> str:
    """An FTS5 query like ours: any of the words, the last one as a prefix."""
    quoted = ['"' + term.replace('"', '""') + '"' for term in terms]
    if quoted:
        quoted[-1] += "*"
    return " OR ".join(quoted)


def archive_texts(store: Any) -> list[tuple[str, str, str]]:
    """Every item of ``store`` as ``(id, title, plain text)``.

    Meetings are read shard by shard, so each body shard is parsed once;
    a line now and then tells the runner the child is still busy.
    """
    from store.database import shard_of

    meetings = sorted(store.table_rows("meetings"), key=lambda meeting_id: (shard_of(meeting_id), meeting_id))
    texts: list[tuple[str, str, str]] = []
    for done, meeting_id in enumerate(meetings):
        if done % 100 == 0:
            emit(busy="reading every item's text for FTS5")
        texts.extend((item.id, item.title, item.plain_text()) for item in store.items(meeting_id))
    return texts


def measure_fts(plan: Plan, rows: Rows, texts: list[tuple[str, str, str]], queries: list[list[str]]) -> None:
    """SQLite FTS5 over the same items (title and text): build, then query."""
    path = Path(plan.work) / "fts5.sqlite"

    def build() -> float:
        path.unlink(missing_ok=True)
        started = time.perf_counter()
        connection = sqlite3.connect(path)
        connection.execute("CREATE VIRTUAL TABLE items USING fts5(id UNINDEXED, title, body)")
        connection.executemany("INSERT INTO items VALUES (?, ?, ?)", texts)
        connection.commit()
        connection.close()
        return time.perf_counter() - started

    rows.sample("fts_build", iter([build]))
    connection = sqlite3.connect(path)
    statement = "SELECT id FROM items WHERE items MATCH ? ORDER BY rank LIMIT ?"

    def query(terms: list[str]) -> float:
        return timed(lambda: connection.execute(statement, (fts_query(terms), SEARCH_LIMIT)).fetchall())

    rows.sample(
        "fts_query",
        (lambda t=t: query(t) for _ in range(plan.runs) for t in queries if t),
    )
    connection.close()
    path.unlink()


# -- the runner's side ----------------------------------------------------------


@dataclass(slots=True)
class Outcome:
    """What the child reported.

    Attributes:
        results: Samples (or a timeout) per row key.
        screens: For each typed prefix, what the search screen should show.
    """

    results: dict[str, Result] = field(default_factory=dict)
    screens: dict[str, Screenful] = field(default_factory=dict)


def lines(stream: int, timeout: float) -> Iterator[str | None]:
    """Lines read from the file descriptor ``stream``, as they come.

    Yields None (and stops) when no line came within ``timeout`` seconds,
    and stops at end of file. Reads the descriptor directly: a buffered
    reader could hold lines that ``select`` does not see.
    """
    pending = b""
    while True:
        while b"\n" not in pending:
            ready, _, _ = select.select([stream], [], [], timeout)
            if not ready:
                yield None
                return
            chunk = os.read(stream, 1 << 16)
            if not chunk:
                return
            pending += chunk
        line, pending = pending.split(b"\n", 1)
        yield line.decode("utf-8")


def run(plan: Plan, cwd: Path) -> Outcome:
    """Run the child on ``plan``; a call that outlasts ``plan.timeout`` is killed.

    A row whose call was killed is reported as a timeout, and the rows
    after it as not run; so are the rest if the child fails.
    """
    plan_path = Path(plan.work) / "compute-plan.json"
    plan_path.write_text(json.dumps(asdict(plan)))
    errors = Path(plan.work) / "compute-errors.txt"
    outcome = Outcome()
    current: str | None = None
    busy = ""
    note = ""
    with errors.open("wb") as stderr:
        child = subprocess.Popen(
            [sys.executable, "-m", "bench.measure_compute", str(plan_path)],
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=stderr,
        )
        assert child.stdout is not None
        for line in lines(child.stdout.fileno(), plan.timeout):
            if line is None:
                child.kill()
                if current is not None:
                    outcome.results[current].timeout = plan.timeout
                    note = "not run: an earlier in-process row timed out"
                else:
                    note = f"not run: the in-process child took over {plan.timeout:g} s {busy}".rstrip()
                break
            event = json.loads(line)
            busy = event.get("busy", "")
            if "start" in event:
                current = event["start"]
                outcome.results[current] = Result()
            elif "sample" in event:
                outcome.results[event["sample"]].samples.append(event["value"])
            elif "done" in event:
                current = None
            elif "expect" in event:
                screen = Screenful(**event["expect"])
                outcome.screens[screen.prefix] = screen
        child.stdout.close()
        if child.wait() and not note:
            note = f"not run: the in-process child failed (see {errors})"
            if current is not None:
                outcome.results[current].note = f"failed (see {errors})"
    if note:
        for key in COMPUTE_KEYS:
            outcome.results.setdefault(key, Result(note=note))
    return outcome


#: Every row the child reports, in the order it measures them.
COMPUTE_KEYS = (
    "import_one_inproc",
    "open_item",
    "follow_link",
    "export",
    "get_ours",
    "scan_ours",
    "write_tinydb",
    "get_tinydb",
    "scan_tinydb",
    "index_build",
    "title_search",
    "fulltext",
    "fts_build",
    "fts_query",
)


def query_tails(store: Path, queries: list[str], runs: int = 3) -> list[tuple[float, str, int]]:
    """Each query's CPU time in ``search`` (the median of ``runs``; the
    process's, not the wall clock's, so other work on the machine counts
    little), its query and how many it matched: the slowest first. What a
    row's p95 is made of."""
    from store.search import SearchIndex

    search = SearchIndex.open(store)
    search.read_words()
    gc.collect()
    gc.freeze()
    found: list[tuple[float, str, int]] = []
    for query in dict.fromkeys(queries):
        spent: list[float] = []
        for _ in range(runs):
            started = time.process_time()
            total = search.search(query, limit=SEARCH_LIMIT).total
            spent.append(time.process_time() - started)
        found.append((sorted(spent)[len(spent) // 2], query, total))
    return sorted(found, reverse=True)


def print_tails(manifest: Path, store: Path, count: int) -> None:
    """Print the ``count`` slowest of the bench's title and full-text queries
    (and of every prefix typed in the app) on ``store``, with their CPU times."""
    from bench.run import Queries, load_manifest

    queries = Queries.from_probes(load_manifest(manifest).probes)
    typed = [prefix for query in [*queries.typed, queries.searchable] for prefix in prefixes(query)]
    asked = [*(f"in:title {query}" for query in queries.title), *queries.fulltext, *typed]
    for spent, query, total in query_tails(store, asked)[:count]:
        print(f"{spent * 1000:8.1f} ms CPU  {total:>7,} matches  {query}")


def main(argv: list[str]) -> int:
    """Child entry point: ``python -m bench.measure_compute PLAN.json``.

    ``python -m bench.measure_compute --tails MANIFEST STORE [N]`` prints
    instead the N (default 15) slowest queries of the bench's search rows
    on an imported store (``print_tails``): it only reads it, though SQLite
    readers touch the index's ``-shm`` file (give it a copy of a shared store).
    """
    if argv and argv[0] == "--tails":
        print_tails(Path(argv[1]), Path(argv[2]), int(argv[3]) if len(argv) > 3 else 15)
        return 0
    plan = Plan(**json.loads(Path(argv[0]).read_text()))
    measure(plan)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
