"""The decisions register, filtered as you type."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from ccpi_tui.screens.across import AcrossScreen, lines
from store import Decision, roman, safe_line


class DecisionsScreen(AcrossScreen):
    """Every resolution and decision; Enter opens its item."""

    KIND = "decisions"
    TITLE_TEXT = "Decisions register"
    PLACEHOLDER = "Words, key:, status:approved, committee:ID, after:2017-01-01, before:…"

    PAGE = 200

    def page(self, query: str, offset: int, limit: int) -> list[Any]:
        """One page of the register through ``store.decisions.parse_filter``, newest first, from SQL."""
        from store import list_decisions, parse_filter

        return list_decisions(self.store, parse_filter(query)[0], offset, limit)

    def count(self, query: str) -> int:
        """How many rows of the register the filter keeps."""
        from store import count_decisions, parse_filter

        return count_decisions(self.store, parse_filter(query)[0])

    def check(self, query: str) -> None:
        """Keep the filter's malformed dates for ``problem``."""
        from store import parse_filter

        self._problems = tuple(parse_filter(query)[1])

    _problems: tuple[str, ...] = ()

    def problem(self) -> str:
        """The first malformed date in the filter, as a sentence."""
        return self._problems[0] + "." if self._problems else ""

    def label(self, entry: Decision) -> Text:
        """Date, status flags and title."""
        label = Text(entry.date, "bold")
        flags = entry.status + (" · key" if entry.key_decision else "")
        label.append(f"  {safe_line(flags)}  ", "dim")
        label.append(safe_line(entry.title))
        return label

    def detail(self, entry: Decision) -> Text:
        """Every field, then the resolution and its clauses."""
        def known(value: bool | None, yes: str, no: str) -> str:
            return "not stated" if value is None else yes if value else no

        rows: list[Any] = [
            [(entry.title, "bold")],
            " · ".join((entry.date, entry.committee, *([f"item {entry.number}"] if entry.number else []), entry.item_id)),
            f"Maker: {entry.maker}",
            f"Status: {entry.status}",
            f"Key decision: {known(entry.key_decision, 'yes', 'no')} · Call-in: {known(entry.call_in, 'applies', 'does not apply')}",
            "",
            entry.text,
        ]
        rows += [f"({roman(n)}) {clause}" for n, clause in enumerate(entry.clauses, start=1)]
        return lines(*rows)

    def export_target(self) -> str:
        """The whole register."""
        return "decisions"

    def chosen(self, entry: Any) -> None:
        """Open the highlighted decision's item in the browser."""
        self.open_target(entry.item_id)
