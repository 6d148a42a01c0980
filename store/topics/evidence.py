"""Evidence for links: what two texts share, and the record of a finding.

A title says what an item is called; the text says what it is about. Two
items whose titles are only somewhat alike belong together when their texts
share many distinctive words ("reablement", "rosebud", "ofsted") or the same
officer presents both. Council minutes share a lot of ordinary words
("members", "noted", "county", "service"), so those are left out, a word
must be at least four letters long to count, and words are weighted by how
rare they are in the archive.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from store.models import Block, Item
from store.topics.normalise import FILLER

@dataclass(slots=True)
class Evidence:
    """Why an item belongs with another: a score (0-100), a reason code
    (see ``store.topics.reasons``), through which item, and the words for
    the reason."""

    score: float
    code: str
    via: str | None
    extra: dict[str, Any] = field(default_factory=dict)


#: Most characters of one text looked at: the first pages of a long report
#: say what it is about, and counting words is the costliest step of
#: threading a whole archive.
MAX_TEXT = 6_000

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


#: Word as found -> word as counted ("" for a common word), remembered:
#: an archive's vocabulary is far smaller than its text.
_FOLDED: dict[str, str] = {}
_FOLDED_MAX = 200_000


def _fold(word: str) -> str:
    if word in COMMON or word in FILLER:
        return ""
    return word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith("ss") else word


def terms(text: str) -> Counter[str]:
    """Distinctive words of a text with their counts."""
    raw = Counter(_WORD.findall(text[:MAX_TEXT].casefold()))
    counts: Counter[str] = Counter()
    if len(_FOLDED) > _FOLDED_MAX:
        _FOLDED.clear()
    for word, count in raw.items():
        folded = _FOLDED.get(word)
        if folded is None:
            folded = _FOLDED[word] = _fold(word)
        if folded:
            counts[folded] += count
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


@dataclass(slots=True)
class Vector:
    """Word weights of one text, ready for ``cosine``."""

    weights: dict[str, float]
    norm: float


def vector(counts: Counter[str], weight: Callable[[str], float]) -> Vector:
    """Counts dampened by log, each word weighted by ``weight`` (how rare it
    is in the archive), so shared rare words count most."""
    weights = {w: (1 + math.log(n)) * weight(w) for w, n in counts.items()}
    return Vector(weights, math.sqrt(sum(v * v for v in weights.values())))


def cosine(a: Vector, b: Vector) -> float:
    """Cosine similarity (0-1) of two vectors."""
    if not a.norm or not b.norm:
        return 0.0
    small, large = (a.weights, b.weights) if len(a.weights) <= len(b.weights) else (b.weights, a.weights)
    dot = sum(value * large[w] for w, value in small.items() if w in large)
    return dot / (a.norm * b.norm)


def shared_terms(
    a: Counter[str], b: Counter[str], weight: Callable[[str], float], limit: int = 3
) -> list[str]:
    """The distinctive words two texts share most, for a reason shown to
    people."""
    shared = [(math.sqrt(n * b[w]) * weight(w), w) for w, n in a.items() if w in b]
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
