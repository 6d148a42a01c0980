"""Store worker processes for the crash and concurrency tests.

The tests run this file as a real subprocess, so that ``kill -9``, a
file-size limit or a second writer hit a real process::

    python crash_writer.py write ROOT --tag T --start N --transactions K
    python crash_writer.py read ROOT --tag T --stop FILE
    python crash_writer.py fsize ROOT --limit BYTES --text-bytes N [--default-signal]

Every record is made from its id alone (``meeting_record``, ``item_text``),
so a test can check what it reads back without asking the writer.
"""

from __future__ import annotations

import argparse
import errno
import hashlib
import importlib
import json
import random
import resource
import signal
import sys
from datetime import date, timedelta
from pathlib import Path

# Run as a script, this file's folder comes first on the path: put the
# checkout before it, so the code under test is this checkout's, never an
# installed copy.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from store.database import Store, StoreError  # noqa: E402
from store.models import Block, Item, Meeting, SourceDocument  # noqa: E402

ITEMS_PER_MEETING = 3
#: Text of one item: a few KB, so that a transaction takes real time.
TEXT_BYTES = 2048
#: Meta row every writer increments once per transaction (read-modify-write).
COUNT_KEY = "transactions"


def meeting_id(tag: str, number: int) -> str:
    """The id of meeting ``number`` of writer ``tag``."""
    return f"{tag}-{date(2000, 1, 1) + timedelta(days=number)}"


def item_ids(tag: str, number: int) -> list[str]:
    """The ids of the items of meeting ``number``."""
    return [f"{meeting_id(tag, number)}/{key}" for key in range(1, ITEMS_PER_MEETING + 1)]


def item_text(item_id: str, size: int = TEXT_BYTES) -> str:
    """Deterministic text for an item, about ``size`` characters long, that
    does not compress much (the store packs bodies: a size limit must bite)."""
    words = (hashlib.sha256(f"{item_id} {n}".encode()).hexdigest() for n in range(size // 65 + 1))
    return f"{item_id} {' '.join(words)}"[:size]


def meeting_record(tag: str, number: int) -> Meeting:
    """Meeting ``number`` of writer ``tag`` (one source: ``source_record``)."""
    day = date(2000, 1, 1) + timedelta(days=number)
    return Meeting(
        id=meeting_id(tag, number),
        committee_id=tag,
        committee=tag,
        date=day.isoformat(),
        sources=[source_record(tag, number).id],
    )


def source_record(tag: str, number: int) -> SourceDocument:
    """The document meeting ``number`` of writer ``tag`` was imported from."""
    key = hashlib.sha256(meeting_id(tag, number).encode()).hexdigest()[:16]
    return SourceDocument(id=key, name=f"{meeting_id(tag, number)}.txt", shape="minutes", meeting_id=meeting_id(tag, number))


def put_meeting(writer: object, tag: str, number: int, size: int = TEXT_BYTES) -> None:
    """Write meeting ``number`` of writer ``tag``: its record, source and items."""
    writer.put_meeting(meeting_record(tag, number))  # type: ignore[attr-defined]
    writer.put_source(source_record(tag, number))  # type: ignore[attr-defined]
    writer.put_items(item_records(tag, number, size))  # type: ignore[attr-defined]


def item_records(tag: str, number: int, size: int = TEXT_BYTES) -> list[Item]:
    """The items of meeting ``number``, each with ``item_text``."""
    return [
        Item(
            id=item_id,
            meeting_id=meeting_id(tag, number),
            number=str(order),
            order=order,
            title=f"Item {order}",
            blocks=[Block("paragraph", item_text(item_id, size))],
        )
        for order, item_id in enumerate(item_ids(tag, number), start=1)
    ]


def counter_id(tag: str) -> str:
    """The item every transaction of writer ``tag`` rewrites."""
    return f"{tag}-counter/1"


def counter_item(tag: str, value: int) -> Item:
    """The counter item holding ``value``.

    Its text always has the same length, so its shard is replaced by files
    of the same size: the case a reader's staleness check finds hardest.
    """
    return Item(
        id=counter_id(tag),
        meeting_id=f"{tag}-counter",
        number="1",
        order=1,
        title="Counter",
        blocks=[Block("paragraph", f"last meeting {value:09d}; " * 40)],
    )


def counter_value(item: Item) -> int:
    """The value stored in a counter item."""
    return int(item.blocks[0].text.split(";", 1)[0].rsplit(" ", 1)[1])


def write(args: argparse.Namespace) -> int:
    """Commit transactions of ``--meetings`` meetings each; ack each commit."""
    store = Store.open(args.root)
    # Each commit catches the derived index up: load its code before the
    # kills start, so they land in writes rather than in imports.
    importlib.import_module("store.index")
    print("ready", flush=True)
    for done in range(args.transactions):
        first = args.start + done * args.meetings
        last = first + args.meetings - 1
        with store.transaction() as writer:
            for number in range(first, last + 1):
                put_meeting(writer, args.tag, number, args.text_bytes)
            writer.put_items([counter_item(args.tag, last)])
            count = store.table_rows("meta").get(COUNT_KEY, {"value": 0})["value"]
            writer.set_meta(COUNT_KEY, count + 1)
        print(f"ok {first} {last}", flush=True)
    return 0


def _check_item(store: Store, item_id: str, args: argparse.Namespace) -> str | None:
    """Read one item the index lists; return what is wrong with it, or None."""
    item = store.item(item_id)
    if item is None:
        return f"{item_id}: listed but not readable"
    if item_id == counter_id(args.tag):
        counter_value(item)
        return None
    if item.blocks[0].text != item_text(item_id, args.text_bytes):
        return f"{item_id}: wrong text"
    return None


def read(args: argparse.Namespace) -> int:
    """Read in a loop until the stop file appears; print figures as JSON."""
    rng = random.Random(args.seed)
    stop = Path(args.stop)
    reads = failed = loops = 0
    problems: list[str] = []
    sizes: set[int] = set()
    store = Store.open(args.root, create=False)
    print("ready", flush=True)
    while not stop.exists():
        loops += 1
        if loops % 5 == 0:
            store = Store.open(args.root, create=False)
        try:
            meetings = store.meetings()
            sizes.add(len(meetings))
            if len(meetings) % args.meetings:
                # Each commit writes --meetings meetings, often into two shards.
                problems.append(f"{len(meetings)} meetings listed: half a commit")
                failed += 1
            chosen = meetings[:3] + rng.sample(meetings, min(2, len(meetings)))
            ids = []
            for meeting in chosen:
                summaries = store.summaries(meeting.id)
                if len(summaries) != ITEMS_PER_MEETING or store.source(meeting.sources[0], meeting.id) is None:
                    failed += 1
                    problems.append(f"{meeting.id}: listed without its items or source")
                ids += [summary.id for summary in summaries]
            if store.summary(counter_id(args.tag)) is not None:
                ids.append(counter_id(args.tag))
            for item_id in ids:
                reads += 1
                problem = _check_item(store, item_id, args)
                if problem:
                    failed += 1
                    problems.append(problem)
        except Exception as error:  # noqa: BLE001 - every failure is a figure
            failed += 1
            problems.append(f"{type(error).__name__}: {error}")
    print(
        json.dumps(
            {
                "reads": reads,
                "failed": failed,
                "loops": loops,
                "meeting_counts_seen": len(sizes),
                "problems": problems[:10],
            }
        ),
        flush=True,
    )
    return 0


def fsize(args: argparse.Namespace) -> int:
    """One transaction with a big item under ``RLIMIT_FSIZE``.

    Exits 3 after printing ``efbig`` when the commit fails with EFBIG, 0
    after ``committed`` if it fits. Python ignores SIGXFSZ from start-up;
    ``--default-signal`` restores the kernel's default, which kills the
    process mid-write instead.
    """
    store = Store.open(args.root)
    handler = signal.SIG_DFL if args.default_signal else signal.SIG_IGN
    signal.signal(signal.SIGXFSZ, handler)
    resource.setrlimit(resource.RLIMIT_FSIZE, (args.limit, args.limit))
    try:
        with store.transaction() as writer:
            put_meeting(writer, "big", 0, args.text_bytes)
    except StoreError as error:
        if not isinstance(error.__cause__, OSError) or error.__cause__.errno != errno.EFBIG:
            raise
        print("efbig", flush=True)
        return 3
    print("committed", flush=True)
    return 0


def main() -> int:
    """Parse the command line and run one worker."""
    parser = argparse.ArgumentParser(description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    sub = commands.add_parser("write")
    sub.add_argument("root")
    sub.add_argument("--tag", required=True)
    sub.add_argument("--start", type=int, default=0)
    sub.add_argument("--transactions", type=int, default=1_000_000)
    sub.add_argument("--meetings", type=int, default=3)
    sub.add_argument("--text-bytes", type=int, default=TEXT_BYTES)
    sub = commands.add_parser("read")
    sub.add_argument("root")
    sub.add_argument("--tag", required=True)
    sub.add_argument("--stop", required=True)
    sub.add_argument("--meetings", type=int, default=1, help="meetings each commit writes")
    sub.add_argument("--seed", type=int, default=0)
    sub.add_argument("--text-bytes", type=int, default=TEXT_BYTES)
    sub = commands.add_parser("fsize")
    sub.add_argument("root")
    sub.add_argument("--limit", type=int, required=True)
    sub.add_argument("--text-bytes", type=int, required=True)
    sub.add_argument("--default-signal", action="store_true")
    args = parser.parse_args()
    return {"write": write, "read": read, "fsize": fsize}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
