"""Whole processes, timed from the outside: import, store size, shell search.

* the real command line imports the whole archive into a new store, and
  then single meetings (documents of dates the archive does not have) into
  a copy of the full store;
* the store's size on disk, and its records.json's;
* ``ccpi-tui search WORD`` against ``grep -ril WORD`` over the archive's
  files, word for word, one process each, alternating.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench.generate import Manifest, generate
from bench.measure_pty import program_environment
from bench.results import Result
from store.database import RECORDS_NAME


def ccpi(store: Path, *args: str) -> list[str]:
    """The real command line on ``store``."""
    return [sys.executable, "-m", "ccpi_tui", "--db", str(store), *args]


class Failed(Exception):
    """A process exited with an error."""


def run_process(argv: list[str], timeout: float, cwd: Path, *, ok: tuple[int, ...] = (0,)) -> float | None:
    """Seconds ``argv`` takes to run, output discarded; None if it timed out.

    Raises:
        Failed: It exited with a status not in ``ok``.
    """
    started = time.perf_counter()
    try:
        done = subprocess.run(
            argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=timeout, check=False,
            env=program_environment(),
        )
    except subprocess.TimeoutExpired:
        return None
    seconds = time.perf_counter() - started
    if done.returncode not in ok:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise Failed(f"{' '.join(argv[2:4])} exited with {done.returncode}: {(message or [''])[-1]}")
    return seconds


def import_archive(archive: Path, store: Path, runs: int, timeout: float, cwd: Path) -> Result:
    """Import the archive into a new store ``runs`` times; keep the last store.

    Each run writes into a fresh folder next to ``store`` that replaces
    ``store`` once the import has finished.
    """
    result = Result()
    for _ in range(runs):
        fresh = store.with_name(store.name + ".importing")
        shutil.rmtree(fresh, ignore_errors=True)
        try:
            seconds = run_process(ccpi(fresh, "import", str(archive)), timeout, cwd)
        except Failed as error:
            result.note = str(error)
            return result
        if seconds is None:
            result.timeout = timeout
            return result
        result.samples.append(seconds)
        shutil.rmtree(store, ignore_errors=True)
        fresh.rename(store)
    return result


def extra_meetings(manifest: Manifest, count: int, seed: int, folder: Path) -> list[Path]:
    """``count`` documents, each of one meeting the archive does not hold.

    Each comes from a one-meeting archive generated with another seed; a
    seed whose meeting falls on a day its committee already met is skipped.
    """
    held = {(doc.committee, doc.date) for doc in manifest.documents}
    shutil.rmtree(folder, ignore_errors=True)
    found: list[Path] = []
    attempt = 0
    while len(found) < count:
        attempt += 1
        extra = generate(folder / f"seed-{attempt}", meetings=1, seed=seed * 1000 + attempt)
        (document,) = extra.documents
        if (document.committee, document.date) not in held:
            held.add((document.committee, document.date))
            found.append(extra.out / document.path)
    return found


def link_copy(store: Path, copy: Path) -> None:
    """Copy a store folder: the records by hard links (their files are only
    ever replaced whole), the SQLite index by bytes (SQLite writes it in
    place, so a link would let the copy change the original)."""
    shutil.rmtree(copy, ignore_errors=True)

    def link_or_copy(source: str, target: str) -> object:
        if Path(source).name.startswith("index.sqlite"):
            return shutil.copy2(source, target)
        return os.link(source, target)

    shutil.copytree(store, copy, copy_function=link_or_copy, ignore=shutil.ignore_patterns(".lock"))


def import_one(
    store: Path, documents: list[Path], work: Path, timeout: float, cwd: Path, cpu: Result | None = None
) -> Result:
    """Import each document, one process each, into one copy of the full store;
    ``cpu`` gets each process's CPU seconds (user and system)."""
    copy = work / "one-more-process"
    link_copy(store, copy)
    # The copied index is some hundreds of MB the kernel has not written yet:
    # the first import's checkpoint would wait for all of it (the copy's
    # cost, not the import's).
    os.sync()
    result = Result()
    try:
        for document in documents:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            seconds = run_process(ccpi(copy, "import", str(document)), timeout, cwd)
            if seconds is None:
                result.timeout = timeout
                break
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            result.samples.append(seconds)
            if cpu is not None:
                cpu.samples.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    except Failed as error:
        result.note = str(error)
    shutil.rmtree(copy, ignore_errors=True)
    return result


def store_sizes(store: Path) -> dict[str, Result]:
    """Bytes on disk of the whole store and of its records.json."""
    total = sum(path.stat().st_size for path in store.rglob("*") if path.is_file())
    return {
        "store_size": Result([float(total)]),
        "index_size": Result([float((store / RECORDS_NAME).stat().st_size)]),
    }


def shell_search(
    store: Path, archive: Path, words: list[str], runs: int, timeout: float, cwd: Path
) -> dict[str, Result]:
    """``ccpi-tui search WORD`` and ``grep -ril WORD ARCHIVE``, alternating.

    Each is run once untimed first, so both read a warm page cache. Our
    row stops sampling once it has spent ``timeout`` seconds.
    """
    ours, grep = Result(), Result()
    commands = {
        word: (ccpi(store, "search", word), ["grep", "-ril", "--", word, str(archive)]) for word in words
    }
    try:
        started = time.perf_counter()
        for run in range(runs + 1):
            for word, (search, scan) in commands.items():
                seconds = run_process(search, timeout, cwd)
                if seconds is None:
                    ours.timeout = timeout
                    return {"shell_search": ours, "grep": grep}
                # grep exits 1 when nothing matches, which is an answer too.
                scanned = run_process(scan, timeout, cwd, ok=(0, 1))
                if run and scanned is not None:
                    ours.samples.append(seconds)
                    grep.samples.append(scanned)
            if run and time.perf_counter() - started > timeout:
                break
    except Failed as error:
        ours.note = str(error)
    return {"shell_search": ours, "grep": grep}
