"""What changed in an item since the previous instance of its thread."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from ccpi_tui import glyphs
from ccpi_tui.history import ScreenPlace
from ccpi_tui.screens.across import WritesMarkdown
from ccpi_tui.screens.failures import ReportsWorkerFailures
from store import safe_line

if TYPE_CHECKING:
    from store import Archive, ItemDiff


#: Around removed and added words, as ``git diff --word-diff`` writes them:
#: the marks survive ``NO_COLOR``, a monochrome terminal and a copy as text.
REMOVED = ("[-", "-]")
ADDED = ("{+", "+}")


def diff_text(result: ItemDiff) -> Text:
    """Figures first, then each changed part: removed words in ``[-…-]``
    (also struck), added words in ``{+…+}`` (also bold-underlined).

    Marks, not colours or styles only, so the change reads under
    ``NO_COLOR`` and where a terminal draws no strike or underline.
    """
    out = Text()
    if result.older is None:
        out.append(safe_line(result.note), "bold")
        return out
    out.append(f"What changed: {result.older} → {result.newer}\n\n", "bold")
    if result.figures:
        out.append("Figures\n", "bold")
        for figure in result.figures:
            out.append(f"  {safe_line(str(figure))}\n")
        out.append("\n")
    removed = sum(len(words.split()) for change in result.changes for op, words in change.ops if op == "-")
    added = sum(len(words.split()) for change in result.changes for op, words in change.ops if op == "+")
    out.append(f"Text: {len(result.changes)} changed part{'s' if len(result.changes) != 1 else ''}", "bold")
    out.append(f" · {removed:,} word{'s' if removed != 1 else ''} removed {REMOVED[0]}…{REMOVED[1]}"
               f" · {added:,} added {ADDED[0]}…{ADDED[1]}\n")
    for change in result.changes:
        out.append("• ")
        if change.key:
            out.append(safe_line(change.key) + ": ", "dim")
        for op, words in change.ops:
            if op == "=":
                out.append(safe_line(words))
            else:
                opening, closing = REMOVED if op == "-" else ADDED
                out.append(opening + safe_line(words) + closing, "strike dim" if op == "-" else "bold underline")
            out.append(" ")
        out.append("\n")
    return out


class ChangesScreen(WritesMarkdown, ReportsWorkerFailures, Screen[None]):
    """The word-level diff of two instances of a recurring item."""

    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="Back to the item.", id="changes_back"),
        Binding("ctrl+e", "export", "Export", tooltip="Write this diff as Markdown to the export folder.", id="changes_export"),
        Binding("ctrl+y", "copy", "Copy", tooltip="Copy this diff as Markdown to the clipboard.", id="changes_copy"),
        Binding("ctrl+g", "go_to", "Go to", tooltip="Back to the browser, asking for a date or id to go to.",
                id="changes_go_to", show=False),
        Binding("enter", "open_older", "Open earlier", tooltip="Read the earlier instance; Back returns here.",
                id="changes_open_older"),
    ]

    def __init__(self, store: Archive, item_id: str, other_id: str | None = None) -> None:
        """Compare ``item_id`` with ``other_id`` (default: the previous instance)."""
        super().__init__()
        self.store = store
        self.item_id = item_id
        self.other_id = other_id
        #: The earlier item compared, once the diff is made.
        self.older: str | None = None

    @property
    def target(self) -> str:
        """The export target of this diff."""
        return f"diff:{self.item_id}" + (f"..{self.other_id}" if self.other_id else "")

    def compose(self) -> ComposeResult:
        """A scrolling diff."""
        with VerticalScroll(id="changes-box"):
            yield Static(Text(f"Comparing{glyphs.GLYPHS.ellipsis}", "dim"), id="changes-text", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        """Compute the diff in a worker."""
        self.query_one("#changes-box").focus()
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _load(self) -> None:
        from store import item_diff

        result = item_diff(self.store, self.item_id, self.other_id)
        self.app.call_from_thread(self._show, result)

    def _show(self, result: ItemDiff) -> None:
        self.older = result.older
        self.query_one("#changes-text", Static).update(diff_text(result))

    def place(self) -> ScreenPlace:
        """This diff, for Back (``query`` holds the two ids)."""
        return ScreenPlace("changes", f"{self.item_id}..{self.other_id or ''}")

    def action_open_older(self) -> None:
        """Read the earlier instance in the browser; Back comes back to this diff."""
        from ccpi_tui.messages import OpenTarget

        if self.older is None:
            return
        browser = self.app.browser  # type: ignore[attr-defined]
        place = self.place()
        self.app.pop_screen()
        browser.post_message(OpenTarget(self.older, origin=place))

    def action_back(self) -> None:
        """Back to the item."""
        self.app.pop_screen()

    def export_target(self) -> str:
        """This diff."""
        return self.target
