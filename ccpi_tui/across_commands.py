"""The across-meetings commands of the app, defined once (see ``ccpi_tui.commands``).

Ctrl keys, so that none is a letter someone typing into a filter would
press; kept out of the footer (it is full), all four are in the command
palette and the help screen.
"""

from __future__ import annotations

from ccpi_tui.commands import Command

ACROSS_COMMANDS = (
    Command("people", "ctrl+n", "People", "People and attendance",
            "Search a councillor or officer by name: their meetings, apologies, chairs and substitutions.",
            show=False),
    Command("decisions", "ctrl+r", "Decisions", "Decisions register",
            "Every resolution and decision, filtered by words, committee, dates, status or key:.", show=False),
    Command("followups", "ctrl+o", "Follow-ups", "Follow-ups",
            "Promises to report back, overdue and open first, with why each is met or not.", show=False),
    Command("what_changed", "ctrl+t", "Changes", "What changed since the last one",
            "Compare the open item with the previous item of its topic thread: changed words and figures.",
            show=False),
)
