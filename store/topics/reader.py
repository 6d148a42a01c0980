"""What the threading reads: lean rows always, bodies seldom.

Titles, orders, shapes, dates and committees come from the topic tables'
own rows of the items already threaded (``store.topics.tables``). Bodies
(the meeting being imported, and earlier sections a new topic may be about)
are read one at a time and kept in small caches, so threading a whole
archive never holds it in memory.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from store.models import Item
from store.topics.evidence import item_text, signature, terms
from store.topics.glossary import Glossary
from store.topics.normalise import TitleKey, looks_standing, title_key

if TYPE_CHECKING:
    from store import Archive
    from store.database import ItemSpill
    from store.topics.tables import TopicState

#: Bodies kept at once.
CACHED_BODIES = 256
#: Word counts and signatures kept at once (far smaller than bodies).
CACHED_WORDS = 4096

_APPENDIX = re.compile(
    r"\bappendix\s+'?[a-z0-9]{1,2}'?\s*[–—-]\s*([^.;:\n()]{4,80})", re.IGNORECASE
)

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


def sections(item: Item) -> Iterator[tuple[int, str]]:
    """Parts of a long item: ``(block index, heading)`` for each heading,
    and for each appendix named in the text ("Appendix B – Ofsted Post
    Inspection Update"). A part's text is ``section_text`` of its block,
    worked out only for the few headings that name a thread."""
    for index, block in enumerate(item.blocks):
        if block.kind == "heading" and block.text.strip():
            yield index, block.text.strip()
        elif block.kind == "paragraph":
            text = block.text[:2000]
            # Whatever _APPENDIX matches has these letters in some case:
            # most paragraphs are ruled out without running it.
            if "append" in text.lower():
                for match in _APPENDIX.finditer(text):
                    yield index, match.group(1).strip()


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

    def __init__(
        self, store: Archive, state: TopicState, idf: Callable[[], dict[str, float]]
    ) -> None:
        """Read ``store`` and the topic tables ``state``; weigh words with
        ``idf`` (asked once per signature, for words' weights as they are)."""
        self.store = store
        self.state = state
        self._idf = idf
        #: Acronyms written out in titles before they are keyed (see
        #: ``store.topics.glossary``); set by the caller.
        self.glossary = Glossary()
        #: Bodies of the meeting being threaded (see ``remember``).
        self._recent: dict[str, Item] = {}
        self._load = lru_cache(maxsize=CACHED_BODIES)(self._read)
        self._spill: ItemSpill | None = None
        self.words: Callable[[str], Counter[str]] = lru_cache(maxsize=CACHED_WORDS)(self._count)
        self.signature: Callable[[str], dict[str, int]] = lru_cache(maxsize=CACHED_WORDS)(
            self._signature
        )

    def read_from(self, spill: ItemSpill | None) -> None:
        """Read bodies from ``spill`` when it has them (None: from the store)."""
        self._spill = spill
        self._load.cache_clear()

    def _read(self, item_id: str) -> Item | None:
        if self._spill is not None and item_id in self._spill:
            return self._spill.item(item_id)
        return self.store.item(item_id)

    def begin_meeting(self, items: list[Item]) -> None:
        """Keep the bodies of the meeting about to be threaded, and only them."""
        self._recent = {item.id: item for item in items}

    def remember(self, item: Item) -> None:
        """Keep a body just read."""
        self._recent[item.id] = item

    def body(self, item_id: str) -> Item | None:
        """A whole item."""
        found = self._recent.get(item_id)
        return found if found is not None else self._load(item_id)

    def _count(self, item_id: str) -> Counter[str]:
        item = self.body(item_id)
        return terms(item_text(item)) if item else Counter()

    def _signature(self, item_id: str) -> dict[str, int]:
        counts = self.words(item_id)
        return signature(counts, self._idf().__getitem__) if counts else {}

    def meeting_of(self, item_id: str) -> str:
        """The meeting an item belongs to (its id says: ``<meeting>/<key>``)."""
        return item_id.rpartition("/")[0]

    def known(self, item_id: str) -> bool:
        """True if the item has been threaded (it is in the records)."""
        return self.state.item_row(item_id) is not None

    def meeting_date(self, meeting_id: str) -> str:
        """A meeting's ISO date."""
        return self.state.meeting(meeting_id)["date"]

    def date(self, item_id: str) -> str:
        """An item's meeting date."""
        return self.meeting_date(self.meeting_of(item_id))

    def day(self, item_id: str) -> int:
        """An item's meeting date as a day count, for distances."""
        return day_number(self.date(item_id))

    def sort_key(self, item_id: str) -> tuple[str, int, str]:
        """Oldest first, then agenda order."""
        row = self.state.item_row(item_id)
        return (self.date(item_id), row[0] if row else 0, item_id)

    def key(self, item_id: str) -> TitleKey:
        """An item's title key."""
        return self.title_key(self.title(item_id))

    @property
    def glossary(self) -> Glossary:
        """The acronyms written out in titles before they are keyed."""
        return self._glossary

    @glossary.setter
    def glossary(self, glossary: Glossary) -> None:
        self._glossary = glossary
        self.title_key: Callable[[str], TitleKey] = lru_cache(maxsize=CACHED_WORDS)(
            self._title_key
        )

    def _title_key(self, title: str) -> TitleKey:
        """A title's key, its acronyms written out first (``title_key``
        keeps the keys, this the expansions, which cost two regular
        expressions per title)."""
        return title_key(self._glossary.expand(title))

    def title(self, item_id: str) -> str:
        """An item's title."""
        row = self.state.item_row(item_id)
        return row[1] if row else ""

    def family(self, item_id: str) -> str:
        """``minutes``, ``report`` or ``decision``."""
        row = self.state.item_row(item_id)
        return family(row[2]) if row else ""

    def features(self, item: Item) -> Features:
        """What placing needs from ``item`` (kept as the latest body)."""
        self.remember(item)
        date = self.meeting_date(item.meeting_id)
        key = self.title_key(item.title)
        return Features(item, key, item.meeting_id, family(item.shape), date)

    def committee(self, meeting_id: str) -> str:
        """A meeting's committee id."""
        return self.state.meeting(meeting_id)["committee"]
