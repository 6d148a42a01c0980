"""The agenda tree: one meeting's items, and under each item its parts.

Parts (sub-headings, resolutions, appendices, tables) come from the lean
index's outline, so the tree never reads an item's text; they are added
when an item is first expanded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from ccpi_tui import glyphs
from ccpi_tui.messages import AgendaEntryChosen, MeetingNodeChosen
from store import ItemSummary, safe_line


@dataclass(frozen=True, slots=True)
class AgendaEntry:
    """What a tree node stands for.

    Attributes:
        item_id: The item.
        block: The block a part starts at; None for the item itself.
        standing: True for a standing (procedural) item.
        outline: The item's parts, ``[kind, label, block]`` triples.
    """

    item_id: str
    block: int | None = None
    standing: bool = False
    outline: tuple[tuple[Any, ...], ...] = ()


def item_label(summary: ItemSummary) -> Text:
    """The tree label of an item: its display number and title."""
    title = safe_line(summary.title) or "Untitled item"
    if summary.number:
        return Text(f"{safe_line(summary.number)}. {title}")
    if summary.shape in ("report", "decision"):
        return Text(f"{summary.shape.capitalize()}: {title}")
    return Text(title)


class AgendaTree(Tree[AgendaEntry]):
    """A meeting's agenda; choosing an item or a part posts ``AgendaEntryChosen``,
    choosing the meeting itself ``MeetingNodeChosen``."""

    COMPONENT_CLASSES = Tree.COMPONENT_CLASSES | {"agenda-tree--standing"}

    BINDINGS = [
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("right,l", "expand", "Show parts", show=False),
        Binding("left,h", "collapse", "Hide parts", show=False),
        Binding("home,g", "first", "First line", show=False),
        Binding("end,G", "last", "Last line", show=False),
        Binding("enter", "select_cursor", "Open"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        """Make an empty tree (fill it with ``show_meeting``)."""
        super().__init__(Text("Choose a meeting"), id=id)
        self.auto_expand = False
        self.guide_depth = 3
        self.ICON_NODE = glyphs.GLYPHS.node
        self.ICON_NODE_EXPANDED = glyphs.GLYPHS.node_open
        if glyphs.GLYPHS.console:  # the console font has no heavy or double guides
            self.LINES = dict.fromkeys(Tree.LINES, Tree.LINES["default"])

    def show_meeting(self, heading: Text, summaries: list[ItemSummary]) -> None:
        """Replace the tree with a meeting's items, in agenda order."""
        self.clear()
        self.root.set_label(heading)
        for summary in summaries:
            entry = AgendaEntry(
                summary.id,
                standing=summary.standing is not None,
                outline=tuple(tuple(part) for part in summary.outline),
            )
            self.root.add(item_label(summary), entry, allow_expand=bool(entry.outline))
        self.root.expand()
        self.cursor_line = 1 if summaries else 0
        if not summaries:
            self.root.add_leaf(Text("This meeting has no items."))

    def show_message(self, message: str) -> None:
        """Empty the tree and say why."""
        self.clear()
        self.root.set_label(Text(message))

    @property
    def entry(self) -> AgendaEntry | None:
        """What the cursor is on (None for the meeting itself)."""
        node = self.cursor_node
        return node.data if node is not None else None

    def move_to(self, item_id: str, block: int | None = None) -> bool:
        """Put the cursor on an item, or on one of its parts."""
        for node in self.root.children:
            if node.data is None or node.data.item_id != item_id:
                continue
            target = node
            if block is not None:
                self._add_parts(node)
                node.expand()
                target = next(
                    (child for child in node.children if child.data and child.data.block == block),
                    node,
                )
            self.call_after_refresh(self.move_cursor, target, animate=False)
            return True
        return False

    def action_first(self) -> None:
        """Move to the meeting at the top."""
        self.cursor_line = 0

    def action_last(self) -> None:
        """Move to the last line."""
        self.cursor_line = self.last_line

    def action_expand(self) -> None:
        """Show the parts of the item under the cursor."""
        node = self.cursor_node
        if node is not None and node.allow_expand:
            self._add_parts(node)
            node.expand()

    def action_collapse(self) -> None:
        """Hide the parts, or go up from a part to its item."""
        node = self.cursor_node
        if node is None:
            return
        if node.is_expanded and node.children and node is not self.root:
            node.collapse()
        elif node.parent is not None and node.parent is not self.root:
            self.move_cursor(node.parent, animate=False)

    def _add_parts(self, node: TreeNode[AgendaEntry]) -> None:
        entry = node.data
        if entry is None or node.children or not entry.outline:
            return
        for kind, label, block in entry.outline:
            mark = glyphs.GLYPHS.parts.get(str(kind), "")
            text = safe_line(str(label)) or str(kind).capitalize()
            node.add_leaf(
                Text(mark + text),
                AgendaEntry(entry.item_id, int(block), standing=entry.standing),
            )

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[AgendaEntry]) -> None:
        """Add an item's parts the first time it is opened."""
        self._add_parts(event.node)

    def on_tree_node_selected(self, event: Tree.NodeSelected[AgendaEntry]) -> None:
        """Turn a chosen node into ``AgendaEntryChosen`` (``MeetingNodeChosen`` for the root)."""
        event.stop()
        entry = event.node.data
        if entry is not None:
            self.post_message(AgendaEntryChosen(entry.item_id, entry.block))
        elif event.node is self.root:
            self.post_message(MeetingNodeChosen())

    def render_label(self, node: TreeNode[AgendaEntry], base_style: Style, style: Style) -> Text:
        """Draw standing items quieter than the rest."""
        if node.data is not None and node.data.standing:
            style = self.get_component_rich_style("agenda-tree--standing", partial=True) + style
        return super().render_label(node, base_style, style)
