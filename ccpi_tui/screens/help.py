"""The help screen, generated from the key bindings themselves.

Nothing here is written by hand: each section lists the bindings a class
really has (its own and inherited), so the help cannot drift from the keys.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingsMap
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Static

#: What the meeting list's columns mean (the one thing keys cannot tell).
LEGEND = (
    "Meeting list columns: date, committee, and what the record holds "
    "(minutes, report, decision, agenda; min, rep, dec, agd when the list is narrow). "
    "Standing items (apologies, declarations, previous minutes, urgent business, next "
    "meeting) are drawn quieter in the agenda. Letters and digits typed in the meeting "
    "list narrow it; commands there use Ctrl keys, symbols, Enter and Esc. "
    "Search filters leave out the period named: before:2017 is before 2017-01-01, "
    "after:2017 after 2017-12-31, before:2017-06 before 2017-06-01, after:2017-06 "
    "after 2017-06-30; year:2017 keeps 2017."
)


def bindings_of(node_class: type[DOMNode]) -> list[Binding]:
    """Every binding ``node_class`` has, inherited ones included.

    A subclass's binding for a key replaces its base class's, as in Textual.
    """
    merged: dict[str, Binding] = {}
    for cls in reversed(node_class.__mro__):
        if "BINDINGS" not in cls.__dict__:
            continue
        for key, binding in BindingsMap(cls.__dict__["BINDINGS"]):
            merged[key] = binding
    return list(merged.values())


def key_rows(bindings: Sequence[Binding]) -> list[tuple[str, str, str]]:
    """``(keys, title, help)`` rows, one per action, keys of an action joined.

    The last binding of an action names it, so an app's own wording wins
    over Textual's for the same action.
    """
    keys: dict[str, list[str]] = {}
    names: dict[str, tuple[str, str]] = {}
    for binding in bindings:
        if binding.system or not binding.description:
            continue
        keys.setdefault(binding.action, []).append(binding.key)
        names[binding.action] = (binding.description, binding.tooltip)
    return [(", ".join(keys[action]), *names[action]) for action in keys]


class HelpScreen(ModalScreen[None]):
    """Every key of every part of the app; Esc, q or ? closes it."""

    BINDINGS = [Binding("escape,q,question_mark", "close", "Close")]

    def __init__(self, sections: Sequence[tuple[str, type[DOMNode]]]) -> None:
        """List the keys of each ``(heading, class)`` section, in order."""
        super().__init__()
        self._sections = sections

    def _keys(self) -> Group:
        sections: list[RenderableType] = []
        seen: set[tuple[str, str]] = set()
        for heading, node_class in self._sections:
            rows = [row for row in key_rows(bindings_of(node_class)) if row[:2] not in seen]
            if not rows:
                continue
            grid = Table.grid(padding=(0, 2))
            grid.add_column(no_wrap=True, style="bold")
            grid.add_column()
            for keys, title, tooltip in rows:
                seen.add((keys, title))
                shown = Text(title)
                if tooltip:
                    shown.append(f" — {tooltip}", "dim")
                grid.add_row(Text(self._display(keys)), shown)
            sections += [Text(heading, "bold underline"), grid, Text("")]
        sections.append(Text(LEGEND, "dim"))
        return Group(*sections)

    def _display(self, keys: str) -> str:
        return ", ".join(self.app.get_key_display(Binding(key, "")) for key in keys.split(", "))

    def compose(self) -> ComposeResult:
        """A scrolling table of keys."""
        with VerticalScroll(id="help-box"):
            yield Static(self._keys(), id="help-keys")

    def on_mount(self) -> None:
        """Title the box and focus it so it scrolls with the keys."""
        box = self.query_one("#help-box")
        box.border_title = "Keys"
        box.border_subtitle = "Esc to close"
        box.focus()

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)
