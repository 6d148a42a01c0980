"""NO_COLOR and the Linux console: focus shown by more than a shade, and
only glyphs the console's font has when ``TERM=linux``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.segment import Segment
from textual.app import App, ComposeResult

from ccpi_tui import glyphs
from ccpi_tui.app import CouncilApp
from ccpi_tui.widgets.related_links import RelatedLinks
from store.topics import Link, ThreadView
from tests.app.helpers import loaded, pilot_test, press, screen_text

#: What the Linux console's fonts draw: ASCII, Latin-1, the CP437 boxes,
#: arrows and blocks.
CONSOLE_FONT = (
    {chr(code) for code in range(32, 127)}
    | {chr(code) for code in range(0xA0, 0x100)}
    | set("─│┌┐└┘├┤┬┴┼═║╔╗╚╝╠╣╦╩╬▲▼►◄█░▒▓▀▄·")
)


@pytest.fixture(autouse=True)
def fancy_afterwards() -> Iterator[None]:
    """Leave the fancy set in use for the tests that follow."""
    yield
    glyphs.select("xterm-256color")


def outside_console_font(app: CouncilApp) -> set[str]:
    """The characters on screen that the console's font does not have."""
    return set(screen_text(app).replace("\n", "")) - CONSOLE_FONT


def reversed_text(app: CouncilApp) -> list[str]:
    """Each screen line's text drawn in reverse video (lines with none left out)."""
    lines = []
    for strip in app.screen._compositor.render_strips():
        segments: list[Segment] = list(strip)
        text = "".join(segment.text for segment in segments if segment.style and segment.style.reverse)
        if text.strip():
            lines.append(text)
    return lines


def test_the_console_set_is_chosen_by_term_only_for_the_console() -> None:
    assert glyphs.select("linux") is glyphs.CONSOLE
    assert glyphs.select("linux-16color") is glyphs.CONSOLE
    assert glyphs.select("xterm-256color") is glyphs.FANCY
    assert glyphs.select("") is glyphs.FANCY
    for glyph in (glyphs.CONSOLE.marker, glyphs.CONSOLE.node, glyphs.CONSOLE.node_open, glyphs.CONSOLE.header_icon):
        assert set(glyph) <= CONSOLE_FONT
    assert all(set(mark) <= CONSOLE_FONT for mark in glyphs.CONSOLE.parts.values())


def test_what_the_console_cannot_draw_becomes_one_cell_it_can() -> None:
    text = "╭─ “Budget” — 10 → 12… ▏⭘ 東"
    drawn = glyphs.console_text(text)
    assert set(drawn) <= CONSOLE_FONT
    assert drawn == "┌─ \"Budget\" - 10 ► 12. │· ??"


@pilot_test
async def test_on_the_linux_console_every_glyph_is_in_its_font(
    fixture_root: Path, app_for, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TERM", "linux")
    app = app_for(fixture_root)
    async with app.run_test(size=(160, 40)) as pilot:
        await loaded(pilot)
        seen = outside_console_font(app)
        assert "Type to narrow..." in screen_text(app)  # the console's own set, not just the filter
        for keys in (("enter",), ("j", "l"), ("enter",), ("question_mark",), ("escape", "slash", *"audit")):
            await press(pilot, *keys)
            seen |= outside_console_font(app)
        assert seen == set()


@pilot_test
async def test_elsewhere_the_fancy_glyphs_stay(fixture_root: Path, app_for, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "xterm-256color")
    app = app_for(fixture_root)
    async with app.run_test(size=(160, 40)) as pilot:
        await loaded(pilot)
        text = screen_text(app)
        assert "⭘" in text and "╭" in text and "Type to narrow…" in text


@pilot_test
async def test_without_colour_focus_and_cursor_show_by_border_and_reverse(
    fixture_root: Path, app_for, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm-256color")
    app = app_for(fixture_root)
    async with app.run_test(size=(160, 40)) as pilot:
        await loaded(pilot)
        lines = screen_text(app).splitlines()
        assert lines[1].startswith("╔═ Meetings")  # the focused pane's double border
        assert "╭─ Agenda" in lines[1]
        assert any(line.startswith("2016-06-06 ccpi") for line in reversed_text(app))

        await press(pilot, "enter")  # the meeting's agenda takes the focus
        lines = screen_text(app).splitlines()
        assert "╔═ Agenda" in lines[1] and lines[1].startswith("╭─ Meetings")
        assert "1. Apologies for Absence" in reversed_text(app)  # the tree cursor

        await press(pilot, "slash", *"internal audit")  # the focus stays in the box
        assert any("Internal Audit Progress Report" in line for line in reversed_text(app))


class _RelatedOnly(App[None]):
    def compose(self) -> ComposeResult:
        yield RelatedLinks(id="related")


@pilot_test
async def test_on_the_console_the_current_link_is_marked_in_its_font() -> None:
    thread = ThreadView("t", [Link(f"i{n}", f"2016-01-{n + 1:02}", f"Budget ({n})", 90.0, "") for n in range(30)])
    glyphs.select("linux")
    async with _RelatedOnly().run_test(size=(100, 40)) as pilot:
        related = pilot.app.query_one(RelatedLinks)
        related.show_links(thread, "i15")
        prompts = [str(related.get_option_at_index(n).prompt) for n in range(related.option_count)]
        assert any(prompt.startswith("> 2016-01-16") for prompt in prompts)
        assert not any("▶" in prompt or "…" in prompt for prompt in prompts)
        assert any(prompt.startswith("  ... ") and prompt.endswith(" earlier") for prompt in prompts)
