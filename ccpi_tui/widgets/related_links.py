"""The viewer's Related section: the item's topic thread, related items and
the meetings and papers its text refers to, each one a link to follow.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ccpi_tui import glyphs
from ccpi_tui.messages import LinkChosen
from ccpi_tui.widgets.pick_list import PickList
from store import safe_line

if TYPE_CHECKING:
    from store import Link, ThreadView

#: Most links of the topic thread listed, around the item shown. A topic
#: that recurs at every meeting has a thread of thousands, which would take
#: tens of milliseconds to list and again to lay out each time one of its
#: items opens; the thread timeline (t) shows all of it.
THREAD_SHOWN = 21


def _link_text(link: Link, *, current: bool = False) -> Text:
    text = Text(glyphs.GLYPHS.marker if current else "  ")
    text.append(safe_line(link.date or "          "), "bold")
    text.append("  " + (safe_line(link.title) or "Untitled item"))
    if link.reason and not current:
        text.append(f"  ({safe_line(link.reason)})", "dim")
    return text


class RelatedLinks(PickList):
    """A list of links; choosing one posts ``LinkChosen``."""

    def __init__(self, *, id: str | None = None) -> None:
        """Make an empty section."""
        super().__init__(id=id)
        self._targets: list[str | None] = []

    def on_mount(self) -> None:
        """Say what will appear here."""
        if not self._targets:
            self.show_nothing("Related meetings and items appear here.")

    def show_links(self, view: ThreadView, current_id: str) -> None:
        """Fill the section from a topics ``ThreadView``."""
        options: list[Option] = []
        self._targets = []

        def add(prompt: Text, target: str | None) -> None:
            options.append(Option(prompt, disabled=target is None or target == current_id))
            self._targets.append(target)

        thread = view.thread
        if any(link.id != current_id for link in thread):
            here = next((n for n, link in enumerate(thread) if link.id == current_id), 0)
            start = max(0, min(here - THREAD_SHOWN // 2, len(thread) - THREAD_SHOWN))
            shown = thread[start : start + THREAD_SHOWN]
            later = len(thread) - start - len(shown)
            whole = "" if len(shown) == len(thread) else "; t shows them all"
            add(Text(f"Topic thread ({len(thread)} items, oldest first{whole})", "bold"), None)
            if start:
                add(Text(f"  {glyphs.GLYPHS.ellipsis} {start} earlier", "dim"), None)
            for link in shown:
                add(_link_text(link, current=link.id == current_id), link.id)
            if later:
                add(Text(f"  {glyphs.GLYPHS.ellipsis} {later} later", "dim"), None)
        if view.related:
            add(Text("Related items", "bold"), None)
            for link in view.related:
                add(_link_text(link), link.id)
        if view.references:
            add(Text("Referred to in the text", "bold"), None)
            for reference in view.references:
                label = Text("  " + safe_line(reference.text))
                if reference.target is None:
                    label.append("  (not in this archive)", "dim")
                else:
                    label.append(f"  → {safe_line(reference.target)}", "dim")
                add(label, reference.target)
        if not options:
            add(Text("No related meetings or items found.", "dim"), None)
        self.set_options(options)
        # No highlight until focused, so the section shows from its top.
        self.highlighted = None

    def on_focus(self) -> None:
        """Highlight the first link that can be followed."""
        if self.highlighted is None:
            self.highlighted = next(
                (n for n in range(self.option_count) if not self.get_option_at_index(n).disabled), None
            )

    def show_nothing(self, message: str) -> None:
        """Show one line instead of links."""
        self._targets = [None]
        self.set_options([Option(Text(message, "dim"), disabled=True)])

    @property
    def has_links(self) -> bool:
        """True when at least one link can be followed."""
        return any(
            target is not None and not self.get_option_at_index(index).disabled
            for index, target in enumerate(self._targets)
        )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Turn a chosen option into ``LinkChosen``."""
        event.stop()
        target = self._targets[event.option_index]
        if target is not None:
            self.post_message(LinkChosen(target))
