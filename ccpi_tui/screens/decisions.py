"""The decisions register, filtered as you type."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from ccpi_tui.screens.across import AcrossScreen, lines
from store.decisions import Decision
from store.text import roman, safe_line


class DecisionsScreen(AcrossScreen):
    """Every resolution and decision; Enter opens its item."""

    KIND = "decisions"
    TITLE_TEXT = "Decisions register"
    PLACEHOLDER = "Words, key:, status:approved, committee:ID, after:2017-01-01, before:…"

    def load(self) -> list[Any]:
        """The whole register, newest first (standing items included; the filter drops them)."""
        from store.decisions import DecisionFilter, decisions

        return decisions(self.store, DecisionFilter(standing=True))

    def keep(self, entries: list[Any], query: str) -> list[Any]:
        """The register through ``store.decisions.parse_filter``."""
        from store.decisions import parse_filter

        wanted, problems = parse_filter(query)
        self._problems = tuple(problems)
        return [row for row in entries if wanted.matches(row)]

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
