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

import heapq
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from operator import itemgetter
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
    words = _WORD.findall(text[:MAX_TEXT].casefold())
    if len(_FOLDED) > _FOLDED_MAX:
        _FOLDED.clear()
    folded = _FOLDED
    for word in set(words).difference(folded):
        folded[word] = _fold(word)
    # Counted in C, each word as folded, in the order first found; the
    # common words, folded to "", go.
    counts = Counter(map(folded.__getitem__, words))
    counts.pop("", None)
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


#: Words in a signature: the few that characterise a text or a thread.
SIGNATURE = 16

#: ``(word, weight)`` -> ``(weight, word)``: heaviest first, then by word.
_BY_WEIGHT = itemgetter(1, 0)


def signature(
    counts: Counter[str], weight: Callable[[str], float], size: int = SIGNATURE
) -> dict[str, int]:
    """The words that characterise a text, each with a weight from 1 to 9.

    A word weighs its count times ``weight`` (how rare it is in the
    archive): a text's topic is what it keeps talking about, in words other
    texts seldom use. The ``size`` heaviest words are kept; one-digit
    weights keep the stored signature small.
    """
    weights = {w: n * weight(w) for w, n in counts.items()}
    top = heapq.nlargest(size, weights.items(), key=_BY_WEIGHT)
    total = sum(value for _, value in top)
    if not total:
        return {}
    return {w: max(1, min(9, round(3 * size * value / total))) for w, value in top if value}


def merge_signatures(a: dict[str, int], b: dict[str, int], size: int = SIGNATURE) -> dict[str, int]:
    """One signature for two: each word at its higher weight, the heaviest
    ``size`` kept (adding the same text twice changes nothing)."""
    merged = dict(a)
    for word, value in b.items():
        merged[word] = max(value, merged.get(word, 0))
    return dict(heapq.nlargest(size, merged.items(), key=_BY_WEIGHT))


def coverage(words: Collection[str], sig: dict[str, int]) -> tuple[float, list[str]]:
    """How much of a signature a text's words cover (0-1), and the words
    covered, heaviest first (for a reason shown to people)."""
    total = sum(sig.values())
    if not total:
        return 0.0, []
    covered = sorted((w for w in sig if w in words), key=lambda w: (-sig[w], w))
    return sum(sig[w] for w in covered) / total, covered


def short_name(name: str) -> str:
    """"Donna Talbot, Head of Service" -> "Donna Talbot"."""
    return re.split(r"[,–—(]| - ", name, maxsplit=1)[0].strip()


def _name_key(name: str) -> str:
    """First two words of a name: "Donna Talbot, Head of ..." -> "donna talbot"."""
    words = re.findall(r"[^\W\d_]+", name.casefold())
    return " ".join(words[:2])


def shared_presenters(a: Iterable[str], b: Iterable[str]) -> list[str]:
    """Names (first two words) presenting both items, as printed in ``a``."""
    theirs = {_name_key(name) for name in b} - {""}
    return [name for name in a if _name_key(name) in theirs]
