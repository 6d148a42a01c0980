"""An item's text as Rich renderables: headings, paragraphs, lists, tables.

Document text only ever goes into ``Text`` objects, never into markup, and
always through ``safe_text``/``safe_line`` first, so nothing in a document
can style itself, run an action or reach the terminal raw.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.style import Style
from rich.table import Table
from rich.text import Text

from store import Block, Item, Meeting, roman, safe_line, safe_text

#: Longest stretch of one block drawn; the rest is summarised (a 1 MB line
#: would otherwise take seconds to wrap, and nobody reads it on screen).
MAX_BLOCK_CHARS = 20_000

#: Style names the renderer asks for (the viewer resolves them from CSS).
STYLE_NAMES = ("title", "meta", "heading", "subheading", "resolution", "table-header", "muted")


def long_date(iso: str) -> str:
    """``2015-12-10`` as ``Thursday 10 December 2015`` (unchanged if not a date)."""
    return _spelled(iso, "%A", "%B %Y")


def short_date(iso: str) -> str:
    """``2015-12-10`` as ``Thu 10 Dec 2015`` (unchanged if not a date)."""
    return _spelled(iso, "%a", "%b %Y")


def _spelled(iso: str, weekday: str, month_year: str) -> str:
    try:
        day = date.fromisoformat(iso)
    except ValueError:
        return safe_line(iso)
    return f"{day:{weekday}} {day.day} {day:{month_year}}"


def _capped(text: str, style: Style) -> Text:
    shown = Text(safe_text(text[:MAX_BLOCK_CHARS]))
    if len(text) > MAX_BLOCK_CHARS:
        shown.append(
            f" … {len(text) - MAX_BLOCK_CHARS:,} more characters are not shown; "
            "export the item (e) to read them all.",
            style,
        )
    return shown


def heading_renderables(item: Item, meeting: Meeting | None, styles: Mapping[str, Style]) -> list[RenderableType]:
    """The block above the text: committee, date, number, title, presenters."""
    meta = styles["meta"]
    lines: list[RenderableType] = []
    if meeting is not None:
        lines.append(Text(safe_line(meeting.committee), meta))
        when = [long_date(meeting.date)]
        if meeting.time:
            when.append(safe_line(meeting.time))
        if meeting.venue:
            when.append(safe_line(meeting.venue))
        lines.append(Text(" · ".join(when), meta))
    if item.number:
        lines.append(Text(f"Item {safe_line(item.number)}", meta))
    elif item.shape in ("report", "decision"):
        lines.append(Text(item.shape.capitalize(), meta))
    lines.append(Text(safe_line(item.title) or "Untitled item", styles["title"]))
    if item.presenters:
        lines.append(Text("Presented by " + "; ".join(safe_line(p) for p in item.presenters), meta))
    if item.report is not None and item.report.author:
        lines.append(Text(safe_line(item.report.author), meta))
    if item.decision is not None:
        facts = [item.decision.maker, item.decision.status]
        if item.decision.decision_date:
            facts.append(f"decided {long_date(item.decision.decision_date)}")
        shown = " · ".join(safe_line(fact) for fact in facts if fact)
        if shown:
            lines.append(Text(f"Decision: {shown}", meta))
    return lines


def _bullets(entries: list[str]) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=1, no_wrap=True)
    grid.add_column(ratio=1)
    for entry in entries:
        grid.add_row("•", Text(safe_text(entry[:MAX_BLOCK_CHARS])))
    return grid


def _table(rows: list[list[str]], styles: Mapping[str, Style]) -> Table:
    width = max(len(row) for row in rows)
    table = Table(
        box=box.SIMPLE_HEAD,
        header_style=styles["table-header"],
        show_edge=False,
        pad_edge=False,
    )
    header = rows[0] + [""] * (width - len(rows[0]))
    for cell in header:
        table.add_column(Text(safe_line(cell)), overflow="fold")
    for row in rows[1:]:
        cells = row + [""] * (width - len(row))
        table.add_row(*(Text(safe_line(cell[:MAX_BLOCK_CHARS])) for cell in cells))
    return table


def _resolution(block: Block, styles: Mapping[str, Style]) -> Panel:
    parts: list[RenderableType] = [_capped(block.text or "That:", styles["muted"])]
    if block.items:
        clauses = Table.grid(padding=(0, 1))
        clauses.add_column(no_wrap=True, justify="right")
        clauses.add_column(ratio=1)
        for number, clause in enumerate(block.items, start=1):
            clauses.add_row(f"({roman(number)})", Text(safe_text(clause[:MAX_BLOCK_CHARS])))
        parts.append(clauses)
    return Panel(
        Group(*parts),
        title=Text("Resolved"),  # a string would be parsed as markup (and load Rich's emoji table)
        title_align="left",
        box=box.ROUNDED,
        border_style=styles["resolution"],
        padding=(0, 1),
    )


def block_renderable(block: Block, styles: Mapping[str, Style]) -> RenderableType:
    """One block of an item's text, drawn for its kind."""
    if block.kind == "heading":
        style = styles["heading"] if block.level <= 1 else styles["subheading"]
        return Text(safe_line(block.text[:MAX_BLOCK_CHARS]), style)
    if block.kind == "bullets" and block.items:
        return _bullets(block.items)
    if block.kind == "table" and block.rows:
        return _table(block.rows, styles)
    if block.kind == "resolution":
        return _resolution(block, styles)
    return _capped(block.text, styles["muted"])


def item_renderables(
    item: Item, meeting: Meeting | None, styles: Mapping[str, Style]
) -> list[tuple[int | None, RenderableType]]:
    """The whole item, each renderable paired with its block index.

    The heading block has index None; the viewer uses the indices to scroll
    to a part chosen in the agenda tree.
    """
    parts: list[tuple[int | None, RenderableType]] = [
        (None, Group(*heading_renderables(item, meeting, styles)))
    ]
    if not item.blocks:
        parts.append((None, Text("This item has no text.", styles["muted"])))
    parts.extend((index, block_renderable(block, styles)) for index, block in enumerate(item.blocks))
    return parts
