"""What the threading reads: lean rows always, bodies seldom.

Titles, dates, shapes and meetings come from the index's lean rows. Bodies
(the meeting being imported, and earlier sections a new topic may be about)
are read one at a time and kept in small bounded caches, so threading a
whole archive never holds it in memory.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar

from store.database import Store
from store.models import Item
from store.topics.evidence import item_text, section_text, signature, terms
from store.topics.normalise import TitleKey, looks_standing, title_key

#: Bodies kept at once.
CACHED_BODIES = 256
#: Word counts and signatures kept at once (far smaller than bodies).
CACHED_WORDS = 4096

_APPENDIX = re.compile(
    r"\bappendix\s+'?[a-z0-9]{1,2}'?\s*[–—-]\s*([^.;:\n()]{4,80})", re.IGNORECASE
)

K = TypeVar("K")
V = TypeVar("V")


class Bounded(Generic[K, V]):
    """A dict that forgets its oldest entries beyond a size."""

    def __init__(self, size: int, load: Callable[[K], V]) -> None:
        """Keep at most ``size`` values, made by ``load`` when missing."""
        self._size = size
        self._load = load
        self._data: dict[K, V] = {}

    def get(self, key: K) -> V:
        """The value for ``key``, loaded if needed."""
        if key in self._data:
            return self._data[key]
        value = self._load(key)
        self.put(key, value)
        return value

    def put(self, key: K, value: V) -> None:
        """Remember a value."""
        self._data[key] = value
        if len(self._data) > self._size:
            del self._data[next(iter(self._data))]


@dataclass(slots=True)
class Features:
    """What the threading looks at in one item being placed."""

    item: Item
    key: TitleKey
    meeting_id: str
    family: str
    date: str


def family(shape: str) -> str:
    """Agenda and minutes describe the same items; reports and decisions
    are documents of their own."""
    return "minutes" if shape in ("minutes", "agenda") else shape


def substantive(item: Item) -> bool:
    """True for an item that belongs in a topic thread."""
    return item.standing is None and not looks_standing(item.title)


def people(item: Item) -> list[str]:
    """Who presented, wrote or is the contact for an item."""
    found = list(item.presenters)
    if item.report is not None and item.report.contact:
        found.append(item.report.contact)
    if item.decision is not None:
        found += [name for name in (item.decision.author, item.decision.contact) if name]
    return found


def sections(item: Item) -> Iterator[tuple[int, str, str]]:
    """Parts of a long item: ``(block index, heading, text)`` for each
    heading, and for each appendix named in the text ("Appendix B – Ofsted
    Post Inspection Update")."""
    for index, block in enumerate(item.blocks):
        if block.kind == "heading" and block.text.strip():
            yield index, block.text.strip(), section_text(item.blocks, index)
        elif block.kind == "paragraph":
            for match in _APPENDIX.finditer(block.text[:2000]):
                yield index, match.group(1).strip(), section_text(item.blocks, index)


@lru_cache(maxsize=1 << 16)
def day_number(day: str) -> int:
    """An ISO date as a day count (0 when missing), for distances."""
    try:
        year, month, date = (int(part) for part in day.split("-"))
    except ValueError:
        return 0
    return year * 372 + month * 31 + date


class ArchiveReader:
    """Lean-row look-ups and cached bodies of one store."""

    def __init__(self, store: Store, idf: Callable[[str], float]) -> None:
        """Read ``store``; weigh words with ``idf``."""
        self.store = store
        self.items = store.table_rows("items")
        self.meetings = store.table_rows("meetings")
        self._idf = idf
        self._bodies: Bounded[str, Item | None] = Bounded(CACHED_BODIES, store.item)
        self._words: Bounded[str, Counter[str]] = Bounded(CACHED_WORDS, self._count)
        self._signatures: Bounded[str, dict[str, int]] = Bounded(CACHED_WORDS, self._signature)

    def remember(self, item: Item) -> None:
        """Keep a body just read (the importer's items, say)."""
        self._bodies.put(item.id, item)

    def body(self, item_id: str) -> Item | None:
        """A whole item."""
        return self._bodies.get(item_id)

    def words(self, item_id: str) -> Counter[str]:
        """An item's distinctive words."""
        return self._words.get(item_id)

    def signature(self, item_id: str) -> dict[str, int]:
        """The words that characterise an item (see ``evidence.signature``)."""
        return self._signatures.get(item_id)

    def _count(self, item_id: str) -> Counter[str]:
        item = self.body(item_id)
        return terms(item_text(item)) if item else Counter()

    def _signature(self, item_id: str) -> dict[str, int]:
        return signature(self.words(item_id), self._idf)

    def meeting_of(self, item_id: str) -> str:
        """The meeting an item belongs to (its id says: ``<meeting>/<key>``)."""
        return item_id.rpartition("/")[0]

    def date(self, item_id: str) -> str:
        """An item's meeting date."""
        row = self.meetings.get(self.meeting_of(item_id))
        return row["date"] if row else ""

    def day(self, item_id: str) -> int:
        """An item's meeting date as a day count, for distances."""
        return day_number(self.date(item_id))

    def sort_key(self, item_id: str) -> tuple[str, int, str]:
        """Oldest first, then agenda order."""
        row = self.items.get(item_id)
        return (self.date(item_id), row["order"] if row else 0, item_id)

    def key(self, item_id: str) -> TitleKey:
        """An item's title key."""
        row = self.items.get(item_id)
        return title_key(row["title"]) if row else TitleKey(())

    def title(self, item_id: str) -> str:
        """An item's title."""
        row = self.items.get(item_id)
        return row["title"] if row else ""

    def family(self, item_id: str) -> str:
        """``minutes``, ``report`` or ``decision``."""
        row = self.items.get(item_id)
        return family(row["shape"]) if row else ""

    def features(self, item: Item) -> Features:
        """What placing needs from ``item`` (kept as the latest body)."""
        self.remember(item)
        date = self.meetings.get(item.meeting_id, {}).get("date", "")
        return Features(item, title_key(item.title), item.meeting_id, family(item.shape), date)

    def committee(self, meeting_id: str) -> str:
        """A meeting's committee id."""
        return self.meetings.get(meeting_id, {}).get("committee_id", "")
