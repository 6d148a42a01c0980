"""Hostile document text in every widget: shown literally, never obeyed.

The store here is written directly, as an old or tampered store could be,
so nothing was cleaned on the way in: every defence must hold at display.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.strip import Strip
from textual.widgets import Input

from ccpi_tui.app import CouncilApp
from ccpi_tui.messages import OpenTarget
from ccpi_tui.screens.search import SearchScreen
from ccpi_tui.screens.thread import ThreadScreen
from ccpi_tui.widgets.item_document import ItemDocument
from ccpi_tui.widgets.related_links import RelatedLinks
from store.database import Store
from store.models import Block, Item, Meeting
from store.topics import Link, ResolvedReference, ThreadView
from tests.app.helpers import loaded, pilot_test, press, settle

MARKUP = [
    "[bold]Budget",
    "Budget [/] 2024",
    "[@click=app.quit]x[/]",
    '[link="https://example.org"]www.gov.uk[/link]',
    ":warning:",
    "[$accent]Ref[/] [Appendix A] a[i] Ref [1][2]",
]
CONTROLS = [
    "\x1b[2J\x1b[H cleared",
    "\x1b]0;owned title\x07",
    "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\",
    "\x1b]52;c;b3duZWQ=\x07",
    "\x1b[6n device query",
    "C1 \x9b31m and \x9d0;x\x9c",
    "bidi \u202egnp.exe\u202c and \u2066isolate\u2069",
    "NUL\x00DEL\x7fBS\x08CR\rover",
]
HOSTILE = " ".join(MARKUP + CONTROLS)
HUGE_LINE = "A" * 1_000_000
COMBINING = "e" + "\u0301" * 5000

#: What must never reach the screen: C0 (no newline in a rendered line),
#: DEL, C1, bidi overrides and isolates, LRM/RLM/ALM.
FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
#: The only escape sequences Textual itself should write: CSI (colours,
#: cursor moves, modes).
CSI = re.compile(r"\x1b\[[0-9;?<=>]*[ -/]*[@-~]")


def build_hostile_store(root: Path) -> Store:
    """One meeting whose every text field is hostile."""
    store = Store.open(root)
    meeting = Meeting(
        id="ccpi-2024-01-01",
        committee_id="ccpi",
        committee=f"Committee {HOSTILE}",
        date="2024-01-01",
        time="10:00",
        venue=f"Room {HOSTILE}",
        holds=["minutes", "[@click=app.quit]x[/]\x1b[2J"],
    )
    blocks = [
        Block("heading", f"Heading {HOSTILE}", level=1),
        Block("paragraph", f"Paragraph {HOSTILE}"),
        Block("bullets", items=[f"Bullet {text}" for text in MARKUP + CONTROLS]),
        Block("table", rows=[[f"Head {HOSTILE}", "[bold]"], ["\x1b]0;x\x07", "[@click=app.quit]q[/]"]]),
        Block("resolution", f"That {HOSTILE}", items=[f"Clause {HOSTILE}"]),
        Block("heading", f"Sub {COMBINING}", level=2),
        Block("paragraph", HUGE_LINE),
        Block("paragraph", COMBINING),
    ]
    items = [
        Item(
            id=f"{meeting.id}/{number}",
            meeting_id=meeting.id,
            number=f"{number}[/]",
            order=number,
            title=title,
            presenters=[f"Presenter {HOSTILE}"],
            blocks=blocks,
        )
        for number, title in enumerate([f"Budget {HOSTILE}", COMBINING, "[@click=app.quit]x[/]"], start=1)
    ]
    with store.transaction() as writer:
        writer.put_meeting(meeting)
        writer.put_items(items)
    return store


def hostile_view(store: Store, item_id: str) -> ThreadView:
    """A thread view whose every link and reference is hostile."""
    links = [
        Link(id=f"ccpi-2024-01-01/{n}", date="2024-01-01", title=f"Link {HOSTILE}", score=90, reason=HOSTILE)
        for n in (1, 2, 3)
    ]
    return ThreadView(
        thread_id="t1",
        thread=links,
        related=links[:1],
        references=[
            ResolvedReference("document", f"Reference {HOSTILE}", None, None),
            ResolvedReference("previous-minutes", HOSTILE, "2024-01-01", "ccpi-2024-01-01"),
        ],
    )


#: What ``assert_screen_is_clean`` has looked at, for the printed figures.
CHECKED = {"screens": 0, "lines": 0, "characters": 0}


def assert_screen_is_clean(app: CouncilApp) -> None:
    """Nothing on screen is a control character, a link or an action."""
    strips: list[Strip] = app.screen._compositor.render_strips()
    CHECKED["screens"] += 1
    CHECKED["lines"] += len(strips)
    CHECKED["characters"] += sum(len(strip.text) for strip in strips)
    for strip in strips:
        assert not FORBIDDEN.search(strip.text), repr(strip.text)
        for segment in strip:
            meta = segment.style.meta if segment.style else {}
            assert not any(str(key).startswith("@click") for key in meta), meta
            assert not (segment.style and segment.style.link), segment
    output = app.screen._compositor.render_full_update().render_segments(app.console)
    rest = CSI.sub("", output)
    assert "\x1b" not in rest
    assert not FORBIDDEN.search(rest.replace("\n", "")), repr(FORBIDDEN.search(rest.replace("\n", "")))


async def click_everywhere(pilot, app: CouncilApp) -> None:
    """Click across the screen, except the footer (whose keys are real)."""
    width, height = app.size
    for y in range(1, height - 1, 5):
        for x in (2, width // 3, 2 * width // 3, width - 3):
            await pilot.click(offset=(x, y))
    await settle(pilot)


@pytest.fixture
def hostile_root(tmp_path: Path, monkeypatch) -> Path:
    """The hostile store, in a folder whose name is hostile too."""
    monkeypatch.setattr("store.topics.thread_view", hostile_view)
    root = tmp_path / "store [bold]\x1b]0;x\x07"
    build_hostile_store(root)
    return root


@pilot_test
async def test_hostile_text_is_shown_literally_in_every_widget(
    hostile_root: Path, app_for, monkeypatch, capsys
) -> None:
    fired: list[str] = []
    CHECKED.update(screens=0, lines=0, characters=0)
    monkeypatch.setattr(CouncilApp, "action_quit", lambda self: fired.append("quit"))
    monkeypatch.setattr(CouncilApp, "open_url", lambda self, *args, **kw: fired.append("open_url"))
    monkeypatch.setattr(CouncilApp, "action_bell", lambda self: fired.append("bell"))
    app = app_for(hostile_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        assert_screen_is_clean(app)  # meeting list, agenda tree, header

        # The first item: the 1 MB line and all (how long it takes to open
        # is measured by ``python -m bench.hostile``).
        await press(pilot, "enter", "enter")
        document = app.browser.query_one(ItemDocument)
        assert document.item is not None
        assert_screen_is_clean(app)
        text = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        assert "[bold]Budget" in text
        await pilot.press(*["pagedown"] * 10)
        assert_screen_is_clean(app)
        await pilot.press("end")
        assert_screen_is_clean(app)

        await press(pilot, "r")  # the Related links
        assert app.focused is app.browser.query_one(RelatedLinks)
        assert_screen_is_clean(app)
        await click_everywhere(pilot, app)
        assert_screen_is_clean(app)

        await press(pilot, "t")  # the thread timeline
        assert isinstance(app.screen, ThreadScreen)
        assert_screen_is_clean(app)
        await pilot.press("escape")

        await pilot.press("slash")  # search results and snippets
        app.screen.query_one("#search-input", Input).value = "budget"
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        assert "[bold]Budget" in "\n".join(s.text for s in app.screen._compositor.render_strips())
        assert_screen_is_clean(app)
        await click_everywhere(pilot, app)
        await settle(pilot)
        if isinstance(app.screen, SearchScreen):
            await pilot.press("escape")

        await press(pilot, "ctrl+p", *"budget")  # the palette's jump list
        assert_screen_is_clean(app)
        await pilot.press("escape")

        app.browser.post_message(OpenTarget(HOSTILE))  # a notification quoting it
        await settle(pilot)
        assert_screen_is_clean(app)

        await press(pilot, "question_mark")
        assert_screen_is_clean(app)
        await pilot.press("escape")
        assert app.is_running
    assert fired == []
    with capsys.disabled():
        print(
            f"\nhostile text: {CHECKED['screens']} screens, {CHECKED['lines']} lines, "
            f"{CHECKED['characters']:,} characters checked; 0 control or bidi characters, "
            f"0 links or click actions rendered; {len(fired)} actions fired"
        )


@pilot_test
async def test_hostile_text_at_80x24_in_the_narrow_layout(hostile_root: Path, app_for) -> None:
    app = app_for(hostile_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        for keys in (("tab",), ("enter",), ("j", "enter"), ("escape", "j", "j", "enter"), ("z",)):
            await press(pilot, *keys)
            assert_screen_is_clean(app)
        assert app.is_running
