"""Sections of long items that are about another thread's topic.

The performance report has a section "Ofsted Post Inspection Update"; the
2015 item "Report on the 2015 Ofsted Inspection of Services for Children in
Need ..." has a thread of its own. The section is a *part* of that thread
when its heading's distinctive words are in the thread's title key
(``containment``) and its text covers enough of the thread's signature (the
words that characterise its items). Parts are shown as related links both
ways.

Headings are indexed (``topic_heads``) so that a thread appearing later
finds the sections written about it earlier.
"""

from __future__ import annotations

import bisect
import heapq
from collections import Counter
from collections.abc import Callable, Iterator
from functools import lru_cache, partial
from typing import TYPE_CHECKING, Any

from store.models import Item
from store.topics.evidence import coverage, section_text, terms
from store.topics.members import Part, Thread
from store.topics.normalise import (
    TitleKey,
    containment,
    is_boilerplate_heading,
    key_from_text,
    title_key,
)
from store.topics.reader import day_number, sections

if TYPE_CHECKING:
    from store.topics.threads import Threader

#: How much of a heading's distinctive words a thread's key must have.
PART_MATCH = 85
#: Least share of the thread's signature (its characteristic words) the
#: section's text must cover.
PART_TEXT = 0.2
#: Sections written before a thread existed, looked at when it appears.
EARLIER_SECTIONS = 8
#: (heading key, thread key) pairs whose containment is remembered.
CACHED_PAIRS = 1 << 17


def find_in(threader: Threader, item: Item) -> None:
    """Index an item's sections and record those about existing threads."""
    row = threader.state.meeting(item.meeting_id)
    own_key = title_key(item.title).text
    for block, heading in sections(item):
        key = title_key(heading)
        if not key.distinctive or key.text == own_key or is_boilerplate_heading(heading):
            continue
        threader.state.add_head(key.text, [item.id, block, heading])
        if key.text not in row["heads"]:
            row["heads"].append(key.text)
        _match(threader, item.id, block, heading, key, partial(section_text, item.blocks, block), None)


def find_for_rekeyed(threader: Threader) -> None:
    """Record sections elsewhere about the threads whose keys grew.

    Each section's text must be read from its item, so only the
    ``EARLIER_SECTIONS`` sections nearest in date to the thread's first
    item are looked at per thread: a section about a topic is written near
    the time the topic is discussed.
    """
    state = threader.state
    # Each heading's sections by date, sorted once for all the threads.
    by_date: dict[str, _ByDate] = {}
    for thread_id in sorted(threader.rekeyed):
        thread = state.thread(thread_id)
        if thread is None or not thread.members:
            continue
        start = day_number(thread.members[0].date)
        streams = []
        for key_text in thread.keys:
            key = key_from_text(key_text)
            heads: set[str] = set().union(*(state.heads_with(word) for word in key.distinctive))
            for head in heads:
                if contained(head, key_text) >= PART_MATCH:
                    dated = by_date.get(head)
                    if dated is None:
                        dated = by_date[head] = _by_date(threader, head)
                    streams += _outwards(key_from_text(head), dated, start)
        # The nearest few usable sections (a heading named by two keys
        # counts twice, as when each key's sections were listed), walked
        # outwards from the thread's start: not every section under a
        # common heading looked at.
        nearest = []
        for _, head_key, entry in heapq.merge(*streams, key=_distance):
            owner = entry[0]
            if thread_id in _parts_of(threader, owner) or threader.excluded(owner, thread_id):
                continue
            nearest.append((head_key, entry))
            if len(nearest) == EARLIER_SECTIONS:
                break
        for head_key, (owner, block, heading) in nearest:
            text = partial(_section_of, threader, owner, block)
            _match(threader, owner, block, heading, head_key, text, thread_id)
    threader.rekeyed.clear()


#: A heading's sections sorted by (day, item, block), and their days.
_ByDate = tuple[list[int], list[list[Any]]]
#: A section met walking out from a day: its (distance in days, item,
#: block), heading key and entry.
_Met = tuple[tuple[int, str, int], TitleKey, list[Any]]


def _by_date(threader: Threader, head: str) -> _ByDate:
    day = threader.reader.day
    entries = sorted(threader.state.head_entries(head), key=lambda e: (day(e[0]), e[0], e[1]))
    return [day(entry[0]) for entry in entries], entries


def _outwards(head_key: TitleKey, dated: _ByDate, start: int) -> list[Iterator[_Met]]:
    """A heading's sections nearest ``start`` first, as two streams (on or
    after it; before it), each in (distance, item, block) order."""
    days, entries = dated
    at = bisect.bisect_left(days, start)

    def later() -> Iterator[_Met]:
        for n in range(at, len(days)):
            entry = entries[n]
            yield (days[n] - start, entry[0], entry[1]), head_key, entry

    def earlier() -> Iterator[_Met]:
        last = at - 1
        while last >= 0:
            first = last
            while first and days[first - 1] == days[last]:
                first -= 1
            for n in range(first, last + 1):
                entry = entries[n]
                yield (start - days[n], entry[0], entry[1]), head_key, entry
            last = first - 1

    return [later(), earlier()]


def _distance(met: _Met) -> tuple[int, str, int]:
    return met[0]


def _parts_of(threader: Threader, item_id: str) -> list[str]:
    """The threads an item has parts in."""
    return threader.state.meeting(threader.reader.meeting_of(item_id))["parts"].get(item_id, [])


def _match(
    threader: Threader,
    owner: str,
    block: int,
    heading: str,
    key: TitleKey,
    text: Callable[[], str],
    only: str | None,
) -> None:
    """Record a section as a part of each thread its heading names and its
    text backs (of ``only``, if given; one part per item and thread). The
    section's ``text`` is worked out only once a heading matches."""
    state, reader = threader.state, threader.reader
    own = threader.thread_of(owner)
    if only is not None:
        candidates = {only}
    else:
        # Containment needs (nearly) every distinctive word of the heading.
        smallest, *rest = sorted((state.threads_with(w) for w in key.distinctive), key=len)
        candidates = set(smallest).intersection(*rest)
    words: Counter[str] | None = None
    owned = state.meeting(reader.meeting_of(owner))["parts"]
    for thread_id in sorted(candidates):
        if thread_id == own or thread_id in owned.get(owner, ()):
            continue
        if threader.excluded(owner, thread_id):
            continue
        keys = state.thread_keys(thread_id)[0]
        best = max((contained(key.text, k) for k in keys), default=0.0)
        if best < PART_MATCH:
            continue
        if words is None:
            # The heading itself is what matched: the support must come
            # from what the section says.
            words = terms(text())
            words -= terms(heading)
        covered, shared = coverage(words, state.thread_text(thread_id)[0])
        if covered < PART_TEXT:
            continue
        thread = state.thread(thread_id)
        assert thread is not None
        score = round(min(100, 0.75 * best + 50 * covered))
        date, title = reader.date(owner), reader.title(owner)
        thread.parts.append(Part(owner, block, heading, score, shared[:3], date, title))
        owned[owner] = [*owned.get(owner, []), thread_id]


@lru_cache(maxsize=CACHED_PAIRS)
def contained(part: str, whole: str) -> float:
    """``containment`` of the key text ``part`` in the key text ``whole``
    (0 when it cannot reach ``PART_MATCH``), remembered: the same headings
    ("Budget Monitoring") meet the same thread keys in meeting after
    meeting."""
    return containment(key_from_text(part), key_from_text(whole), PART_MATCH)


def _section_of(threader: Threader, owner: str, block: int) -> str:
    body = threader.reader.body(owner)
    if body is None or block >= len(body.blocks):
        return ""
    return section_text(body.blocks, block)


def remove_of(threader: Threader, item_id: str) -> None:
    """Forget the parts an item's sections made."""
    row = threader.state.meeting(threader.reader.meeting_of(item_id))
    for thread_id in row["parts"].pop(item_id, []):
        thread = threader.state.thread(thread_id)
        if thread is not None:
            thread.parts = [part for part in thread.parts if part.item != item_id]


def forget_heads(threader: Threader, meeting_id: str) -> None:
    """Take a meeting's sections out of the heading index."""
    row = threader.state.meeting(meeting_id)
    for key in row["heads"]:
        entries = threader.state.head_entries(key)
        ids = {entry[0] for entry in entries if threader.reader.meeting_of(entry[0]) == meeting_id}
        threader.state.remove_heads(key, ids)
    row["heads"] = []


def detach_all(threader: Threader, thread: Thread) -> None:
    """A thread is going: its parts no longer point at it."""
    for part in thread.parts:
        owned = threader.state.meeting(threader.reader.meeting_of(part.item))["parts"]
        remaining = [t for t in owned.get(part.item, []) if t != thread.id]
        if remaining:
            owned[part.item] = remaining
        else:
            owned.pop(part.item, None)


def move_all(threader: Threader, source: Thread, target: Thread) -> None:
    """Threads merge: the parts of ``source`` become parts of ``target``."""
    known = {(part.item, part.block) for part in target.parts}
    for part in source.parts:
        owned = threader.state.meeting(threader.reader.meeting_of(part.item))["parts"]
        owned[part.item] = list(
            dict.fromkeys(target.id if t == source.id else t for t in owned.get(part.item, []))
        )
        if (part.item, part.block) not in known:
            target.parts.append(part)
