"""Search results: date, meeting, number and title, then a snippet with the
matched words highlighted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets.option_list import Option

from ccpi_tui.widgets.pick_list import PickList
from store import safe_line

if TYPE_CHECKING:
    from store import Hit


class HitList(PickList):
    """A list of search hits (at most what the search returned)."""

    COMPONENT_CLASSES = PickList.COMPONENT_CLASSES | {"hit-list--match", "hit-list--meta"}

    def __init__(self, *, id: str | None = None) -> None:
        """Make an empty list."""
        super().__init__(id=id)
        self.hits: list[Hit] = []

    def _prompt(self, hit: Hit) -> Text:
        meta = self.get_component_rich_style("hit-list--meta")
        prompt = Text(no_wrap=True, overflow="ellipsis")
        prompt.append(safe_line(hit.date), "bold")
        prompt.append(f" {safe_line(hit.committee_id)}", meta)
        if hit.number:
            prompt.append(f" {safe_line(hit.number)}.", meta)
        prompt.append(" " + (safe_line(hit.title) or "Untitled item"))
        snippet = Text(safe_line(hit.snippet), meta, no_wrap=True, overflow="ellipsis")
        match = self.get_component_rich_style("hit-list--match")
        for start, end in hit.spans:
            snippet.stylize(match, start, end)
        prompt.append("\n")
        prompt.append_text(Text("  ") + snippet)
        return prompt

    def show_hits(self, hits: list[Hit], *, keep: bool = False) -> None:
        """Replace the list with ``hits``, the first one highlighted (or, with
        ``keep``, the one highlighted before: more results of the same query)."""
        was = self.highlighted if keep else None
        self.hits = hits
        self.set_options([Option(self._prompt(hit)) for hit in hits])
        self.highlighted = (min(was or 0, len(hits) - 1)) if hits else None

    @property
    def chosen(self) -> Hit | None:
        """The highlighted hit, if any."""
        index = self.highlighted
        return self.hits[index] if index is not None and index < len(self.hits) else None
