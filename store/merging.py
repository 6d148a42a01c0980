"""Two documents' versions of one item, merged part by part.

An "Agenda and minutes" page is saved before the meeting (agenda text
only) and after it (agenda text and minutes), and the printed minutes say
the same again. Each copy keeps what it alone holds: an item's agenda text
comes first, then its minutes under the level-2 "Minutes" heading, whatever
the order the copies were imported in. Blocks two copies share are kept
once, from the copy whose shape comes first in ``SHAPE_ORDER``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import replace

from store.models import Block, Item, ParsedDocument

#: When two documents give the same numbered item, the blocks of the shape
#: listed first are kept first.
SHAPE_ORDER = ("minutes", "agenda", "report", "decision")


def is_minutes_heading(block: Block) -> bool:
    """True for the heading an agenda page puts over an item's minutes."""
    return block.kind == "heading" and block.level == 2 and block.text == "Minutes"


def holds_minutes(document: ParsedDocument) -> bool:
    """True if the document holds minute text (a page saved after the meeting)."""
    if document.shape != "agenda":
        return document.shape in ("minutes", "decision")
    return any(is_minutes_heading(block) for item in document.items for block in item.blocks)


def parts(item: Item) -> tuple[list[Block], list[Block], Block | None]:
    """An item's agenda text, its minutes and the heading between them."""
    if item.shape == "minutes":
        return [], list(item.blocks), None
    for index, block in enumerate(item.blocks):
        if item.shape == "agenda" and is_minutes_heading(block):
            return list(item.blocks[:index]), list(item.blocks[index + 1 :]), block
    return list(item.blocks), [], None


def merge_item(old: Item, new: Item) -> tuple[Item, set[str]]:
    """Combine two documents' versions of one item.

    Returns:
        The merged item, and what ``new`` added to ``old``: ``minutes``,
        ``agenda text`` (either, both or neither).
    """
    first, second = (
        (old, new) if SHAPE_ORDER.index(old.shape) <= SHAPE_ORDER.index(new.shape) else (new, old)
    )
    old_text = {block_text(block) for block in old.blocks}
    new_agenda, new_minutes, _ = parts(new)
    added = {
        name
        for name, blocks in (("agenda text", new_agenda), ("minutes", new_minutes))
        if any(block_text(block) not in old_text for block in blocks)
    }
    agenda, minutes, heading = parts(first)
    more_agenda, more_minutes, more_heading = parts(second)
    seen = {block_text(block) for block in first.blocks}
    agenda += [block for block in more_agenda if block_text(block) not in seen]
    minutes += [block for block in more_minutes if block_text(block) not in seen]
    heading = heading or more_heading
    between = [heading] if heading is not None and agenda and minutes else []
    merged = replace(first, id=old.id, blocks=[*agenda, *between, *minutes])
    merged.number = first.number or second.number
    merged.agenda_number = first.agenda_number or second.agenda_number
    # The agenda page lists every item; printed minutes may leave some out.
    merged.order = next((i.order for i in (first, second) if i.shape == "agenda"), first.order)
    if not first.title or first.title.startswith("Item "):
        merged.title = second.title or first.title
    merged.presenters = list(dict.fromkeys([*first.presenters, *second.presenters]))
    known = {(ref.kind, ref.text) for ref in first.references}
    merged.references = [
        *first.references,
        *(ref for ref in second.references if (ref.kind, ref.text) not in known),
    ]
    return merged, added


def describe_additions(added: Counter[str]) -> str:
    """ "added minutes to 5 items and 2 new items", or "added nothing new"."""
    phrases = [
        f"{name} to {n} item{'s' if n != 1 else ''}"
        for name, n in sorted(added.items())
        if name != "new"
    ]
    if added["new"]:
        phrases.append(f"{added['new']} new item{'s' if added['new'] != 1 else ''}")
    if not phrases:
        return "added nothing new"
    return "added " + (", ".join(phrases[:-1]) + " and " + phrases[-1] if len(phrases) > 1 else phrases[0])


def block_text(block: Block) -> str:
    """What a block says, for telling repeats apart (case and source aside)."""
    return " ".join(
        [block.kind, block.text, *block.items, *("\t".join(row) for row in block.rows)]
    ).casefold()


#: Share of one text's word triples the other must hold for two documents
#: under one title to be one report (a corrected version, another copy).
SAME_TEXT = 0.8


def same_text(old: Iterable[Block], new: Iterable[Block]) -> bool:
    """Whether two documents of one title at one meeting are one report:
    a corrected version or another copy of it shares most of its word
    triples with the first (either way: a version may add or drop a part),
    a second report of that title (two agenda items may share one, as two
    "Review of the Winter Pressures") shares little beside its headings."""
    olds, news = _triples(old), _triples(new)
    if not olds or not news:
        return olds == news
    shared = len(olds & news)
    return shared >= SAME_TEXT * min(len(olds), len(news))


def _triples(blocks: Iterable[Block]) -> set[tuple[str, ...]]:
    """Every run of three words in the blocks, case aside."""
    found: set[tuple[str, ...]] = set()
    for block in blocks:
        words = block_text(block).split()[1:]  # the kind aside
        found.update(zip(words, words[1:], words[2:], strict=False))
    return found
