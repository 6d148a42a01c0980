"""Helpers for app tests: a fixed archive, and waiting for the app to settle."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from ccpi_tui.app import CouncilApp
from ccpi_tui.widgets.item_document import ItemDocument
from store.database import Store
from store.models import Block, Item, Meeting

COMMITTEE = "Cabinet Committee on Performance Improvement"


def _meeting(day: str, holds: list[str], committee_id: str = "ccpi", committee: str = COMMITTEE) -> Meeting:
    return Meeting(
        id=f"{committee_id}-{day}",
        committee_id=committee_id,
        committee=committee,
        date=day,
        time="10:00",
        venue="Cabinet Room 'B', County Hall, Preston",
        holds=holds,
    )


#: The standing items every fixture meeting opens with: title, kind, text.
_STANDING = (
    ("Apologies for Absence", "apologies", "Apologies were received from County Councillor Mein."),
    ("Disclosure of Pecuniary and Non-Pecuniary Interests", "declarations", "None."),
)


def _standing(meeting_id: str) -> list[Item]:
    return [
        Item(
            id=f"{meeting_id}/{number}",
            meeting_id=meeting_id,
            number=str(number),
            order=number,
            title=title,
            standing=kind,
            blocks=[Block("paragraph", text)],
        )
        for number, (title, kind, text) in enumerate(_STANDING, start=1)
    ]


def _long_report(meeting_id: str) -> Item:
    blocks = [Block("heading", "Executive Summary", level=1)]
    for number in range(1, 41):
        blocks.append(
            Block(
                "paragraph",
                f"Paragraph {number} of the performance report. Sickness absence across the "
                "council stood at 9.8 days per employee, against a target of 8.5 days, and the "
                "directorates reported on the actions taken to bring it down.",
            )
        )
        if number % 10 == 0:
            blocks.append(Block("heading", f"Section {number // 10 + 1}", level=1))
    blocks.append(
        Block(
            "table",
            rows=[
                ["Paper", "Date", "Contact"],
                ["Quarter 3 report", "2 February 2016", "Michael Walder"],
                ["Quarter 2 report", "5 October 2015", "Michael Walder"],
            ],
        )
    )
    return Item(
        id=f"{meeting_id}/r1",
        meeting_id=meeting_id,
        number="",
        order=5,
        title="Corporate Performance Monitoring Report - Quarter 4 2015/16",
        shape="report",
        blocks=blocks,
    )


def build_fixture_store(root: Path) -> Store:
    """A small fixed archive: three meetings of one committee, one of another.

    Built by hand (not by the importer) so snapshots do not move when the
    importer learns something new.
    """
    store = Store.open(root)
    first = _meeting("2015-12-10", ["minutes"])
    second = _meeting("2016-03-01", ["minutes"])
    third = _meeting("2016-06-06", ["minutes", "report"])
    audit = _meeting("2016-01-25", ["minutes"], "ac", "Audit Committee")
    ofsted = Item(
        id=f"{first.id}/4",
        meeting_id=first.id,
        number="4",
        order=4,
        title=(
            "Report on the 2015 Ofsted Inspection of Services for Children in Need of Help "
            "and Protection, Children Looked After and Care Leavers"
        ),
        presenters=["Bob Stott, Director of Children's Services"],
        blocks=[
            Block(
                "paragraph",
                "Bob Stott, Director of Children's Services attended and presented a report on "
                "the outcomes of the Ofsted inspection of Children's Services that took place "
                "between 14 September and 8 October 2015.",
            ),
            Block("heading", "Overall judgement", level=2),
            Block(
                "bullets",
                items=[
                    "Children who need help and protection: inadequate",
                    "Children looked after and achieving permanence: requires improvement",
                    "Leadership, management and governance: inadequate",
                ],
            ),
            Block(
                "resolution",
                "That:",
                items=[
                    "The report be noted.",
                    "A further report be presented to the next meeting of the Committee.",
                ],
            ),
        ],
    )
    budget = Item(
        id=f"{second.id}/4",
        meeting_id=second.id,
        number="4",
        order=4,
        title="Budget Monitoring and Sickness Absence",
        blocks=[
            Block("paragraph", "The Committee considered the latest budget monitoring figures."),
            Block("resolution", "That the report be noted."),
        ],
    )
    followup = Item(
        id=f"{third.id}/4",
        meeting_id=third.id,
        number="4",
        order=4,
        title="Ofsted Post Inspection Update",
        blocks=[Block("paragraph", "An update on the improvement plan after the Ofsted inspection.")],
    )
    audit_item = Item(
        id=f"{audit.id}/3",
        meeting_id=audit.id,
        number="3",
        order=3,
        title="Internal Audit Progress Report",
        blocks=[Block("paragraph", "The Head of Internal Audit presented progress against the plan.")],
    )
    with store.transaction() as writer:
        for meeting in (first, second, third, audit):
            writer.put_meeting(meeting)
        writer.put_items(
            [
                *_standing(first.id),
                ofsted,
                *_standing(second.id),
                budget,
                *_standing(third.id),
                followup,
                _long_report(third.id),
                audit_item,
            ]
        )
    return store


async def wait_for(pilot: Pilot, condition: Callable[[], object], timeout: float = 30.0) -> None:
    """Let the app run until ``condition()`` is true (fails after ``timeout``).

    A wait, not a speed check (the benchmarks measure speed): generous, so a
    loaded 2-core CI machine does not fail it.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {condition}")
        await pilot.pause(0.02)


async def settle(pilot: Pilot, rounds: int = 50) -> None:
    """Wait until every worker has finished and the screen is drawn.

    A worker's result may start another worker (an id is looked up, then
    the item is read; a search finishes, then the latest text is searched),
    so this waits round after round until none is left.
    """
    app = pilot.app
    for _ in range(rounds):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if all(worker.is_finished for worker in app.workers):
            await pilot.pause()
            return
    raise AssertionError(f"workers were still starting after {rounds} rounds")


async def press(pilot: Pilot, *keys: str) -> None:
    """Press ``keys``, then wait until the app has settled (``settle``)."""
    await pilot.press(*keys)
    await settle(pilot)


async def loaded(pilot: Pilot) -> None:
    """Wait until the store is open, the index built and all is drawn."""
    app = pilot.app
    assert isinstance(app, CouncilApp)
    await wait_for(pilot, lambda: app.search_index is not None and app.store is not None)
    await settle(pilot)


async def open_two_items(pilot: Pilot, document: ItemDocument) -> Item:
    """On the fixture store: open 2016-06-06 item 4 by keys, then an
    audit item by search; return the first item opened."""
    await press(pilot, "enter", "j", "j", "enter")  # 2016-06-06, item 4
    first = document.item
    assert first is not None and first.id == "ccpi-2016-06-06/4"
    # Esc first: "/" in the item text finds within the item (issue 11).
    await press(pilot, "escape", "slash", *"internal audit", "enter")
    assert document.item is not None and document.item.id == "ac-2016-01-25/3"
    return first


def highlighted(document: ItemDocument) -> list[str]:
    """The text of the cells drawn in reverse video on screen, run by run."""
    runs: list[str] = []
    for y in range(document.scrollable_content_region.height):
        run = ""
        for segment in document.render_line(y):
            if segment.style is not None and segment.style.reverse and segment.text.strip():
                run += segment.text
            elif run:
                runs.append(run)
                run = ""
        if run:
            runs.append(run)
    return runs


def subtitle(app: CouncilApp) -> str:
    """The item viewer's border subtitle (where the find is: "match 1 of 2 ...")."""
    return str(app.screen.query_one("#viewer-pane").border_subtitle or "")


async def open_first_result(pilot: Pilot, app: CouncilApp, query: str, matches: int | None = None) -> ItemDocument:
    """Search for ``query`` from the browser, open the first result and wait
    until its viewer has ``matches`` highlighted (when given)."""
    await pilot.press("slash", *query)
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    document = app.screen.query_one(ItemDocument)
    if matches is not None:
        await wait_for(pilot, lambda: document.match_count == matches)
        await settle(pilot)
    return document


async def on_the_second_walder(pilot: Pilot, app: CouncilApp) -> ItemDocument:
    """On the fixture store: open the report naming Michael Walder twice by a
    search, and go to its second match with ``n``."""
    document = await open_first_result(pilot, app, "walder", matches=2)
    await press(pilot, "n")
    assert subtitle(app).startswith("match 2 of 2")
    return document


def screen_text(app: CouncilApp) -> str:
    """What the screen shows now, as plain text lines."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def pilot_test(scenario: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async test scenario in its own event loop (fixtures pass through)."""

    @functools.wraps(scenario)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(scenario(*args, **kwargs))

    return run
