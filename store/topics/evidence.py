"""What two texts share: distinctive words and the people presenting.

A title says what an item is called; the text says what it is about. Two
items whose titles are only somewhat alike belong together when their texts
share many distinctive words ("reablement", "rosebud", "ofsted") or the same
officer presents both. Council minutes share a lot of ordinary words
("members", "noted", "county", "service"), so those are left out, and a word
must be at least four letters long to count.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable

from store.models import Block, Item
from store.topics.normalise import FILLER

#: Most characters of one text looked at (a long report's first pages say
#: what it is about).
MAX_TEXT = 60_000

_WORD = re.compile(r"[^\W\d_]{4,}")

#: Words of ordinary English and of every council document.
COMMON = frozenset(
    """
    about above across after again against also although among another any anyone
    around available back based been before being below between both brought came
    cannot case cases could currently days does done down during each either else
    even every following forward from further given going good great have having
    here high however into just known last later least less like likely long made
    main make many more most much must need needed needs next none only other others
    over part past place places point possible provide provided providing rather
    really received recent recently regard relation relating same second several
    shall should show shown since some still such take taken than that their them
    then there therefore these they thing things this those three through time
    times together total towards under until upon used using very well were what
    when where whether which while whilst will with within without work worked
    working would year years your first four five higher highest level levels
    number numbers figure figures increase increased increasing reduce reduced
    continue continued continues ongoing current
    council councils county councillor councillors committee cabinet chair member
    members meeting meetings report reports reported reporting resolved noted note
    notes presented presenting attended agreed agree update updates updated
    information service services officer officers director head team teams staff
    performance quarter quarters lancashire authority local government public
    people person general corporate manager management appendix including include
    includes included detail details detailed process support supported
    approach discussed discussion queried query asked confirmed informed advised
    explained highlighted outlined requested request raised stated wished thanks
    record table item items paper papers page data target targets overall
    """.split()
)


def _fold(word: str) -> str:
    return word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith("ss") else word


def terms(text: str) -> Counter[str]:
    """Distinctive words of a text with their counts."""
    counts: Counter[str] = Counter()
    for word in _WORD.findall(text[:MAX_TEXT].casefold()):
        if word in COMMON or word in FILLER:
            continue
        counts[_fold(word)] += 1
    return counts


def item_text(item: Item) -> str:
    """An item's title and text, for ``terms``."""
    return item.title + "\n" + item.plain_text()


def section_text(blocks: list[Block], start: int) -> str:
    """The text under the heading at ``blocks[start]``, up to the next
    heading of the same or a higher level."""
    level = blocks[start].level or 1
    parts = [blocks[start].text]
    for block in blocks[start + 1 :]:
        if block.kind == "heading" and (block.level or 1) <= level:
            break
        parts.extend([block.text, *block.items, *("\t".join(row) for row in block.rows)])
    return "\n".join(parts)


def cosine_weighted(a: Counter[str], b: Counter[str], weight: Callable[[str], float]) -> float:
    """Cosine similarity (0-1) of two word counts.

    Counts are dampened by log and each word is weighted by ``weight``
    (how rare it is in the archive), so shared rare words count most.
    """
    if not a or not b:
        return 0.0
    va = {w: (1 + math.log(n)) * weight(w) for w, n in a.items()}
    vb = {w: (1 + math.log(n)) * weight(w) for w, n in b.items()}
    dot = sum(value * vb[w] for w, value in va.items() if w in vb)
    if not dot:
        return 0.0
    norm = math.sqrt(sum(v * v for v in va.values())) * math.sqrt(sum(v * v for v in vb.values()))
    return dot / norm


def shared_terms(
    a: Counter[str], b: Counter[str], weight: Callable[[str], float], limit: int = 3
) -> list[str]:
    """The distinctive words two texts share most, for a reason shown to
    people."""
    shared = [((1 + math.log(min(n, b[w]))) * weight(w) ** 2, w) for w, n in a.items() if w in b]
    shared.sort(key=lambda pair: (-pair[0], pair[1]))
    return [w for score, w in shared[:limit] if score > 0]


def _name_key(name: str) -> str:
    """First two words of a name: "Donna Talbot, Head of ..." -> "donna talbot"."""
    words = re.findall(r"[^\W\d_]+", name.casefold())
    return " ".join(words[:2])


def shared_presenters(a: Iterable[str], b: Iterable[str]) -> list[str]:
    """Names (first two words) presenting both items, as printed in ``a``."""
    theirs = {_name_key(name) for name in b} - {""}
    return [name for name in a if _name_key(name) in theirs]
