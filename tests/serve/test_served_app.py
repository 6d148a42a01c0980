"""The served app in a real Chromium: the list, a search, many sessions, hostile text.

Marked slow: each test starts a server and browser sessions (a few seconds).
"""

from __future__ import annotations

import pytest

from store.database import Store
from store.models import Block, Item, Meeting
from tests.serve.served import rss_kib, serve

pytestmark = pytest.mark.slow

def test_serve_answers_get(sample_store):
    # ``serve`` fails unless the page is served within its 15 s liveness
    # wait; the 3 s promise is measured by ``python -m bench.measure_serve``.
    with serve(sample_store.root) as served:
        print(f"\nGET / answered {served.ready_after * 1000:.0f} ms after start")
        assert served.process.poll() is None


def test_served_page_lists_the_samples_and_finds_ofsted(sample_store, open_session):
    with serve(sample_store.root) as served:
        session = open_session(served.url)
        meetings = sample_store.meetings()
        assert len(meetings) == 5
        for meeting in meetings:
            session.wait_for(f"{meeting.date} {meeting.committee_id} ")
        session.type("/ofstd")
        shown = session.wait_for("2015 Ofsted")
        assert "Ofsted Inspection" in shown
        assert all(address.startswith(served.url) for address in session.requests), session.requests


def test_ten_sessions_each_show_the_list_and_end_with_their_tabs(sample_store, open_session):
    with serve(sample_store.root) as served:
        sessions = [open_session(served.url) for _ in range(10)]
        for session in sessions:
            session.wait_for("2015-12-10 ccpi")
        pids = served.wait_for_sessions(10)
        sizes = sorted(rss_kib(pid) for pid in pids)
        print(
            f"\n10 browser sessions: RSS per session process median {sizes[5] / 1024:.1f} MiB,"
            f" largest {sizes[-1] / 1024:.1f} MiB, all {sum(sizes) / 1024:.0f} MiB;"
            f" server {rss_kib(served.process.pid) / 1024:.1f} MiB"
        )
        for session in sessions[:5]:
            session.close()
        served.wait_for_sessions(5)


#: Document text that a browser would obey if it ever reached the page as
#: HTML, or Textual if it were ever markup; each short enough for one line.
SCRIPT = '<script>window.ccpiOwned="script"</script>'
IMAGE = "<img src=x onerror=\"window.ccpiOwned='img'\">"
BOLD = "<b>bold</b> <a href=https://evil.example>a</a>"
MARKUP = "[@click=app.quit]quit[/] [bold]Budget [/] 2024"
ESCAPES = "\x1b]0;owned title\x07 \x1b]8;;https://evil.example/osc\x1b\\osc link\x1b]8;;\x1b\\ \x1b[2J"
ADDRESS = "https://evil.example/plain"
LITERAL = [SCRIPT, IMAGE, BOLD, MARKUP, ADDRESS]


def hostile_store(root) -> Store:
    """One meeting whose item title and body are hostile, written as an old store could hold it."""
    store = Store.open(root)
    meeting = Meeting(
        id="ccpi-2024-01-01", committee_id="ccpi", committee="Committee", date="2024-01-01", holds=["minutes"]
    )
    item = Item(
        id="ccpi-2024-01-01/1",
        meeting_id=meeting.id,
        number="1",
        order=1,
        title=f"Zebrafish {SCRIPT}",
        blocks=[Block("paragraph", text) for text in [*LITERAL, f"Escapes {ESCAPES} end"]],
    )
    with store.transaction() as writer:
        writer.put_meeting(meeting)
        writer.put_items([item])
    return store


def test_hostile_text_shows_literally_and_nothing_is_obeyed(tmp_path, open_session):
    store = hostile_store(tmp_path / "store")
    with serve(store.root) as served:
        session = open_session(served.url)
        session.wait_for("2024")
        scripts, title = session.page.evaluate("document.scripts.length"), page_title(session)
        session.type("/zebrafish")
        session.wait_for("Zebrafish <script>")
        shown = session.open_result(MARKUP)
        for text in LITERAL:
            assert text in shown
        assert "Escapes" in shown and "\x1b" not in shown
        page = session.page
        assert page.evaluate("window.ccpiOwned") is None
        assert page.evaluate("document.scripts.length") == scripts
        assert page.evaluate("document.querySelectorAll('img, b, a').length") == 0
        assert page_title(session) == title
        click_on(session, ADDRESS)
        page.wait_for_timeout(500)
        assert len(session.context.pages) == 1, [p.url for p in session.context.pages]
        assert all(address.startswith(served.url) for address in session.requests), session.requests
        assert served.sessions(), "the session ended: a hostile text quit the app"


def page_title(session) -> str:
    """The page's title (an OSC 0 sequence that got through would set it)."""
    return session.page.title()


def click_on(session, text: str) -> None:
    """Click the terminal where ``text`` is shown (xterm.js opens addresses on click)."""
    rows = session.screen().split("\n")
    row = next(number for number, line in enumerate(rows) if text in line)
    column = rows[row].index(text) + 3
    box = session.page.locator(".xterm-screen").bounding_box()
    cols = session.page.evaluate("window.ccpiTerminals[0].cols")
    session.page.mouse.click(
        box["x"] + (column + 0.5) * box["width"] / cols,
        box["y"] + (row + 0.5) * box["height"] / len(rows),
    )
