"""Titles reduced to what they are about, and compared.

Titles of one recurring topic drift over the years: "Quarterly Corporate
Performance Monitoring Report - Quarter 2 2015/16" becomes "... Quarter 1
2018/19". A title's *key* is its words with periods, dates, numbers and
filler taken out, plurals folded, in their original order (case references
such as "RCC/2010/0071" and "No. 12" stay: they are the identity)::

    >>> title_key("Quarterly Corporate Performance Monitoring Report - Quarter 2 2015/16").text
    'quarterly corporate performance monitoring'

Keys are compared word by word with a weighted Dice score. Words such as
"performance" or "service" appear in titles of many unrelated topics, so they
weigh less than the words that name a topic ("ofsted", "customer"); words
that differ only by a typo or a spelling variant are matched with rapidfuzz.
Titles that share most words but each have one of their own ("... Moor Lane,
Clitheroe" and "... Moor Lane, Hyndburn"), or swap two ("Care Homes", "Home
Care"), name different things and score low whatever they share.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz

#: Longest title (characters) looked at; the rest cannot change the topic.
MAX_TITLE = 300

_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|"
    r"november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)"
)
_ORDINAL = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"

#: Patterns of periods and dates, each with the word used in reasons.
_PERIODS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "quarter",
        re.compile(
            r"\b(?:quarters?|qtrs?)\s+(?:ending|ended|to)\b"
            r"|\b(?:quarters?|qtrs?)\s*(?:\d|one|two|three|four)"
            r"(?:\s*(?:and|&|to|-|–|,)\s*(?:\d|one|two|three|four)\b)*"
            r"|\bq[1-4](?:\s*(?:and|&|to|-|–)\s*q?[1-4]\b)*"
            r"|\b(?:first|second|third|fourth|1st|2nd|3rd|4th|final)\s+quarter"
            r"|\b(?:half|mid)[\s-]?year(?:ly)?|\b(?:six|6)[\s-]month(?:ly)?"
        ),
    ),
    (
        "date",
        re.compile(
            rf"\b{_ORDINAL}\s+(?:of\s+)?{_MONTH}\b(?:\s*,?\s*{_YEAR}\b)?"
            rf"|\b{_MONTH}\s+{_ORDINAL}\b(?:\s*,?\s*{_YEAR}\b)?"
            rf"|\b{_MONTH}\b(?:\s*,?\s*{_YEAR}\b)?"
            r"|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b"
        ),
    ),
    ("year", re.compile(rf"\b{_YEAR}\s*[/\-–]\s*(?:{_YEAR}|\d{{2}})\b|\b{_YEAR}\b")),
)

#: Case references ("RCC/2010/0071", "LCC/19/0123/01"): they are what
#: tells one planning application from the next, so they stay, as one word.
_REFERENCE = re.compile(r"\b([a-z]{1,6})/(\d{2,4})/(\d{1,6})(?:/(\d{1,4}))?\b")
#: "Footpath No. 12", "Application Number 4": the number is the identity.
_NUMBERED = re.compile(r"\b(no|number)\.?\s*(\d{1,6})\b")
_WEEKDAY = re.compile(r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b")
#: "(Appendix 'A' refers)", "(Appendices 'A' and 'B' refer)", "(Item 4)".
_ASIDE = re.compile(r"\([^()]{0,80}\b(?:appendi|refer|item\b)[^()]{0,80}\)")
#: "Report to the Cabinet Committee on ... – Title": keep the title.
_ADDRESSED = re.compile(r"^\s*report\s+(?:to|of)\s+(?:the\s+)?[^–—-]{0,120}?\s[–—-]+\s*")
#: Link residue from saved web pages.
_RESIDUE = re.compile(r"\bpdf icon\b.*$|\b\d+\s*kb\b")
_WORD = re.compile(r"[^\W_]+")
_NUMBERISH = re.compile(r"^\d+(?:st|nd|rd|th)?$")

#: Words that say nothing about the topic.
FILLER = frozenset(
    """a an the of on and or for to in at by with from as into about re regarding
    concerning its our their this that these those per vs v no s
    report reports reporting update updates updated item items paper papers verbal
    presentation note notes""".split()
)

#: Words common to titles of unrelated topics: they count, but little.
GENERIC = frozenset(
    """performance service council county corporate monitoring management quarterly
    annual monthly weekly yearly summary overview progress review plan strategy policy
    framework programme program post key general committee cabinet improvement
    information position issue action development proposal lancashire district local
    authority public new current latest interim final draft full outcome result
    arrangement director head chief executive officer member portfolio consultation
    response task group steering working party briefing option matter statement
    scheme""".split()
)

#: Weight of a ``GENERIC`` word; every other word weighs 1.
GENERIC_WEIGHT = 0.3

#: rapidfuzz ``ratio`` at which two words of a title count as the same word.
SAME_WORD = 85


def _stem(word: str) -> str:
    """Fold plurals and possessives: ``services`` -> ``service``."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@dataclass(frozen=True, slots=True)
class TitleKey:
    """What a title is about.

    Attributes:
        words: The key words, in title order, without repeats.
        removed: Which kinds of period were taken out (``quarter``,
            ``date``, ``year``), for reasons shown to people.
        weight: Sum of the words' weights.
        distinctive: The words that are not ``GENERIC``.
    """

    words: tuple[str, ...]
    removed: frozenset[str] = frozenset()
    weight: float = field(init=False, compare=False)
    distinctive: tuple[str, ...] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "weight", sum(word_weight(word) for word in self.words))
        object.__setattr__(self, "distinctive", tuple(w for w in self.words if w not in GENERIC))

    @property
    def text(self) -> str:
        """The key as one string (how it is stored)."""
        return " ".join(self.words)


def word_weight(word: str) -> float:
    """How much a key word counts when comparing titles."""
    return GENERIC_WEIGHT if word in GENERIC else 1.0


@lru_cache(maxsize=1 << 16)
def title_key(title: str) -> TitleKey:
    """Reduce a title to its key: no periods, dates, numbers or filler.

    Args:
        title: A title as printed (only its first ``MAX_TITLE`` characters
            are read).

    Returns:
        The key, and which kinds of period were removed.
    """
    text = title[:MAX_TITLE].casefold().replace("’", "'").replace("'s", "")
    text = _REFERENCE.sub(lambda match: " " + "".join(filter(None, match.groups())) + " ", text)
    text = _NUMBERED.sub(lambda match: f" no{match.group(2)} ", text)
    text = _ADDRESSED.sub("", text)
    text = _RESIDUE.sub(" ", _ASIDE.sub(" ", text))
    removed = set()
    for kind, pattern in _PERIODS:
        text, count = pattern.subn(" ", text)
        if count:
            removed.add(kind)
    text = _WEEKDAY.sub(" ", text.replace("'", ""))
    words: list[str] = []
    for word in _WORD.findall(text):
        if word in FILLER or _NUMBERISH.match(word):
            continue
        stem = _stem(word)
        if stem not in words and stem not in FILLER:
            words.append(stem)
    return TitleKey(tuple(words), frozenset(removed))


@lru_cache(maxsize=1 << 18)
def key_from_text(text: str) -> TitleKey:
    """A ``TitleKey`` back from its stored ``text``."""
    return TitleKey(tuple(text.split()))


@dataclass(slots=True)
class _Pairing:
    """How the words of two keys pair up."""

    weight_a: float = 0.0
    weight_b: float = 0.0
    shared: list[str] = field(default_factory=list)
    #: Word of ``b`` each paired word of ``a`` went with.
    partner: dict[str, str] = field(default_factory=dict)
    unpaired_b: list[str] = field(default_factory=list)


def _match_words(
    a: tuple[str, ...], b: tuple[str, ...], weights: dict[str, float] | None = None
) -> _Pairing:
    """Pair the words of two keys: exact matches first, then near spellings.

    Args:
        a: One key's words.
        b: The other's.
        weights: Weight of every word of both (``word_weight`` if None).
    """
    weight = weights.__getitem__ if weights is not None else word_weight
    pairing = _Pairing(unpaired_b=[word for word in b if word not in a])
    for word in a:
        other = word if word in b else _near(word, pairing.unpaired_b)
        if other is None:
            continue
        if other != word:
            pairing.unpaired_b.remove(other)
        pairing.weight_a += weight(word)
        pairing.weight_b += weight(other)
        pairing.shared.append(word)
        pairing.partner[word] = other
    return pairing


def _near(word: str, candidates: list[str]) -> str | None:
    """The candidate spelled most like ``word`` ("organisation" for
    "organization"), if any is close enough."""
    if len(word) < 5:
        return None
    best, best_score = None, 0.0
    for other in candidates:
        if other[0] != word[0] or len(other) < 5:
            continue
        score = fuzz.ratio(word, other)
        if score >= SAME_WORD and score > best_score:
            best, best_score = other, score
    return best


def _different_things(a: TitleKey, b: TitleKey, pairing: _Pairing) -> bool:
    """True when two alike titles still name different things.

    * Each has a distinctive word the other lacks: "... from Moor Lane to
      Station Road, Clitheroe" and "... Hyndburn"; "Lancashire Enterprise
      Partnership" and "Lancashire Skills Partnership".
    * Two distinctive words are swapped: "Care Homes" and "Home Care".
    """
    lonely_a = any(w not in pairing.partner and w not in GENERIC for w in a.words)
    lonely_b = any(w not in GENERIC for w in pairing.unpaired_b)
    if lonely_a and lonely_b:
        return True
    adjacent_b = set(zip(b.words, b.words[1:], strict=False))
    for first, second in zip(a.words, a.words[1:], strict=False):
        if first in GENERIC or second in GENERIC:
            continue
        if first in pairing.partner and second in pairing.partner:
            if (pairing.partner[second], pairing.partner[first]) in adjacent_b:
                return True
    return False


#: Highest score of two titles that name different things (see
#: ``_different_things``): too low for any text to make them one topic.
DIFFERENT = 50.0


def _reach(a: tuple[str, ...], b: tuple[str, ...], weights: dict[str, float]) -> float:
    """The most weight two keys could pair up: the words they share, and
    the words of each that some word of the other might be a near spelling
    of (same first letter, lengths close enough for ``SAME_WORD``)."""
    common = set(a) & set(b)
    reach = 2 * sum(weights[w] for w in common)
    lonely_a = [w for w in a if w not in common and len(w) >= 5]
    lonely_b = [w for w in b if w not in common and len(w) >= 5]
    near_b: set[str] = set()
    for word in lonely_a:
        near = [o for o in lonely_b if o[0] == word[0] and _close_lengths(len(word), len(o))]
        if near:
            reach += weights[word]
            near_b.update(near)
    return reach + sum(weights[w] for w in near_b)


def _surely_different(a: TitleKey, b: TitleKey) -> bool:
    """True if each key has a distinctive word that cannot pair with any
    word of the other, not even as a near spelling: the titles name
    different things (``_different_things``) whatever else they share."""
    lonely_a = [word for word in a.words if word not in b.words]
    lonely_b = [word for word in b.words if word not in a.words]
    return any(_stuck(word, lonely_b) for word in lonely_a) and any(
        _stuck(word, lonely_a) for word in lonely_b
    )


def _stuck(word: str, others: list[str]) -> bool:
    """True for a distinctive word none of ``others`` can be a near
    spelling of (see ``_near``)."""
    if word in GENERIC:
        return False
    if len(word) < 5:
        return True
    return not any(
        o[0] == word[0] and len(o) >= 5 and _close_lengths(len(word), len(o)) for o in others
    )


def _close_lengths(m: int, n: int) -> bool:
    """True if words of these lengths can have a ``fuzz.ratio`` of
    ``SAME_WORD`` (it is at most ``200 * min / (m + n)``)."""
    return 200 * min(m, n) >= SAME_WORD * (m + n)


def title_score(
    a: TitleKey,
    b: TitleKey,
    weight: Callable[[str], float] | None = None,
    at_least: float = 0.0,
) -> tuple[float, list[str]]:
    """How alike two keys are, 0-100, and the words they share.

    A weighted Dice score: the weight of the words both keys have, over the
    weight of all their words, held down to ``DIFFERENT`` when the titles
    name different things however many words they share. Two empty keys
    ("Update", "Report") share nothing: an empty title says nothing about
    its topic.

    Args:
        a: One key.
        b: The other.
        weight: Each word's weight; by default ``word_weight``. The
            threading also weighs down words found in very many titles of
            the archive (see ``TopicState.title_weights``).
        at_least: Scores that cannot reach this may come back as 0 (the
            slow pairing of near spellings is skipped for them).
    """
    if not a.words or not b.words:
        return 0.0, []
    if a.words == b.words:
        return 100.0, list(a.words)
    weigh = weight or word_weight
    weights = {word: weigh(word) for word in (*a.words, *b.words)}
    total = sum(weights[w] for w in a.words) + sum(weights[w] for w in b.words)
    if at_least and 100.0 * _reach(a.words, b.words, weights) / total < at_least:
        return 0.0, []
    pairing = _match_words(a.words, b.words, weights)
    score = 100.0 * (pairing.weight_a + pairing.weight_b) / total
    if score > DIFFERENT and _different_things(a, b, pairing):
        score = DIFFERENT
    return score, pairing.shared


def _class(word: str) -> str:
    """A word's spelling class: a short word itself; a longer one its first
    letter and length (what ``_near`` needs of a near spelling), as
    ``"p:7"`` (no key word has a colon). Interned: keys share them."""
    return sys.intern(word if len(word) < 5 else f"{word[0]}:{len(word)}")


def _near_classes(word: str) -> frozenset[str]:
    """The classes of the words ``word`` may pair with: itself, or a near
    spelling (same first letter, lengths close enough for ``SAME_WORD``)."""
    if len(word) < 5:
        return frozenset((sys.intern(word),))
    n = len(word)
    low = max(5, -(-SAME_WORD * n // (200 - SAME_WORD)))
    return frozenset(
        sys.intern(f"{word[0]}:{m}") for m in range(low, n * 200 // SAME_WORD) if _close_lengths(n, m)
    )


#: A stored key's classes: of its distinctive words, and of all its words.
_KeyClasses = tuple[tuple[str, ...], tuple[str, ...]]


def _key_classes(text: str) -> _KeyClasses:
    words = text.split()
    return tuple(_class(w) for w in words if w not in GENERIC), tuple(_class(w) for w in words)


@lru_cache(maxsize=1024)
def _title_classes(text: str) -> tuple[frozenset[str], tuple[frozenset[str], ...]]:
    """What a title's key text pairs with: the classes near any of its
    words, and those near each of its distinctive words."""
    words = text.split()
    near = frozenset().union(*(_near_classes(w) for w in words))
    return near, tuple(_near_classes(w) for w in words if w not in GENERIC)


class KeyIndex:
    """A thread's keys with the spelling classes of their words
    (``_class``), so that ``best_match`` need not look at the keys
    ``_surely_different`` would rule out.

    When each of two keys has a distinctive word that no word of the other
    can pair with (not the same word, not a near spelling), the titles name
    different things and score at most ``DIFFERENT``. A few set tests of
    small sets tell; scoring would pair the words one by one. Case series
    ("... Moor Lane, Clitheroe", "... Mill Lane, Garstang") give their
    thread a key per case, and each new case meets them all.
    """

    __slots__ = ("keys", "size", "classes")

    def __init__(self, keys: list[str]) -> None:
        """Index ``keys`` (a thread's list: grown by ``extend``)."""
        self.keys = keys
        self.size = 0
        self.classes: list[_KeyClasses] = []
        self.extend()

    def extend(self) -> None:
        """Index the keys appended to ``keys`` since."""
        self.classes += [_key_classes(text) for text in self.keys[self.size :]]
        self.size = len(self.keys)

    def alike(self, a: TitleKey) -> list[str]:
        """The keys, in their order, that may score more than ``DIFFERENT``
        with ``a`` (every key scoring more is among them): each distinctive
        word of the key, or each of ``a``'s, may pair with a word of the
        other."""
        near, nears = _title_classes(a.text)
        found = [
            key
            for key, (distinctive, every) in zip(self.keys, self.classes, strict=True)
            if near.issuperset(distinctive) or all(not n.isdisjoint(every) for n in nears)
        ]
        return found if len(found) < self.size else self.keys


@dataclass(slots=True)
class MatchCache:
    """What ``best_match`` worked out about (key, stored key) pairs under
    one set of title weights: the scores, and the bounds of the pairs it
    did not need to score (a recurring title meets the same keys again).
    The caller empties it when the weights change."""

    scores: dict[tuple[str, str], float] = field(default_factory=dict)
    bounds: dict[tuple[str, str], float] = field(default_factory=dict)

    def clear(self) -> None:
        """Forget every pair."""
        self.scores.clear()
        self.bounds.clear()


def best_match(
    a: TitleKey,
    keys: list[str],
    weights: Callable[[], dict[str, float]],
    at_least: float,
    cache: MatchCache,
) -> tuple[float, str]:
    """The stored key most like ``a``, and its ``title_score``.

    Keys that cannot beat the best so far, or reach ``at_least``, are not
    scored: a bound from the words they share with ``a`` and the words that
    could be near spellings of one of its (``_reach``) rules most out
    cheaply. ``cache`` remembers the scores and bounds worked out.

    Args:
        a: The key of the title being placed.
        keys: The stored keys to compare it with.
        weights: Gives the weight of every word (a mapping that fills
            itself); asked once, and only when ``a`` has words.
        at_least: Scores below this are of no use.
        cache: Pairs worked out before, under the same weights.

    Returns:
        The best score and key; ``(0.0, "")`` when no key reaches
        ``at_least``.
    """
    best, best_key = 0.0, ""
    if not a.words:
        return best, best_key
    weight = weights()
    scores, bounds = cache.scores, cache.bounds
    own = sum([weight[word] for word in a.words])
    mine = a.text
    for text in keys:
        pair = (mine, text)
        score = scores.get(pair)
        if score is None:
            bound = bounds.get(pair)
            if bound is None:
                b = key_from_text(text)
                theirs = sum([weight[word] for word in b.words])
                bound = 100.0 * _reach(a.words, b.words, weight) / (own + theirs)
                if bound < at_least or (at_least > DIFFERENT and _surely_different(a, b)):
                    scores[pair] = 0.0
                    continue
                bounds[pair] = bound
            if bound < best - 1e-9:
                continue
            score = scores[pair] = title_score(a, key_from_text(text), weight.__getitem__, at_least)[0]
        if score > best:
            best, best_key = score, text
    return (best, best_key) if best >= at_least else (0.0, "")


def _possible(words: tuple[str, ...], other: tuple[str, ...]) -> int:
    """How many of ``words`` are in ``other`` or may be near spellings of
    one of its words."""
    found = 0
    for word in words:
        if word in other or (
            len(word) >= 5
            and any(
                o[0] == word[0] and len(o) >= 5 and _close_lengths(len(word), len(o))
                for o in other
            )
        ):
            found += 1
    return found


def containment(part: TitleKey, whole: TitleKey, at_least: float = 0.0) -> float:
    """How much of ``part``'s distinctive words ``whole`` has, 0-100.

    Used for a heading inside a long item ("Ofsted Post Inspection Update")
    against a thread's title, which may say much more. Generic words of the
    heading are left out: a heading of generic words only scores 0. One
    word in common is not enough ("Public Health" is not about a "Human
    Resources Health Check") unless it is half of what ``whole`` is about
    ("Highways" and "Highways Maintenance"). A score that cannot reach
    ``at_least`` may come back as 0 (without pairing near spellings).
    """
    distinctive = part.distinctive
    if not distinctive:
        return 0.0
    if at_least and 100.0 * _possible(distinctive, whole.words) / len(distinctive) < at_least:
        return 0.0
    pairing = _match_words(distinctive, whole.words)
    if len(pairing.shared) < 2 and 2 * len(pairing.shared) < len(whole.distinctive):
        return 0.0
    return 100.0 * pairing.weight_a / len(distinctive)


_STANDING = re.compile(
    r"^\W*(?:"
    r"apolog"
    r"|(?:declarations?|disclosures?)\s+of\b.*\binterests?"
    r"|(?:confirmation\s+of\s+(?:the\s+)?)?minutes\s+of\s+(?:the\s+)?(?:last\s+|previous\s+)?meeting"
    r"|(?:confirmation\s+of\s+)?(?:the\s+)?(?:previous\s+)?minutes\s*$"
    r"|(?:any\s+other\s+)?urgent\s+business|any\s+other\s+business"
    r"|(?:date|time|dates)\s+(?:and\s+\w+\s+)?of\s+(?:the\s+)?next\s+meeting"
    r"|exclusion\s+of\s+(?:the\s+)?press"
    r")"
)


def looks_standing(title: str) -> bool:
    """True for a procedural title the parser may not have marked."""
    return bool(_STANDING.match(title[:MAX_TITLE].casefold()))


#: Report sections every report has: never a topic of their own.
_BOILERPLATE = re.compile(
    r"^(?:executive\s+summary|summary|recommendations?|background(?:\s+and\s+advice)?"
    r"|consultations?|implications?|risk\s+management|financial(?:\s+\w+)?|legal(?:\s+\w+)?"
    r"|list\s+of\s+background\s+papers?|background\s+papers?|local\s+government\b.*"
    r"|appendi(?:x|ces)\b.*|introduction|conclusions?|purpose|contents|equality\b.*"
    r"|personnel\b.*|property\b.*|reasons?\s+for\b.*|alternative\s+options\b.*"
    r"|actions?\s+taken\b.*|next\s+steps|decisions?|resolved|part\s+[ivx]+|minutes:?"
    r"|progress\s+to\s+date|agenda|additional\s+documents:?)$"
)


def is_boilerplate_heading(heading: str) -> bool:
    """True for a standard report section (Executive Summary, Appendix A ...)."""
    return bool(_BOILERPLATE.match(" ".join(heading[:MAX_TITLE].casefold().split())))


def slug(key: TitleKey, fallback: str) -> str:
    """A readable thread id from a key: ``t-customer-access-performance``."""
    words = key.words or tuple(_WORD.findall(fallback.casefold()))
    text = ""
    for word in words:
        candidate = f"{text}-{word}" if text else word
        if len(candidate) > 30:
            break
        text = candidate
    return f"t-{text or 'topic'}"
