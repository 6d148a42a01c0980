"""Snippets: the passage of an item's text around its best match, one safe line.

Cut here in Python from the item's text and the query's words (``passage``),
not by FTS5's ``snippet()``: a snippet needs only the text and the query,
however the index stores its text, and a match deep in a long report gets a
snippet from where it matched (``snippet()`` takes time growing with the
square of an item's matches, so long items used to be windowed from the top).

The best passage is the one holding the most of the query's different
words (a phrase counts as one, and when the query has phrases only a
passage holding one of them will do), then the most matches, then the
earliest. The matched words come back as ``(start, end)`` spans of the
line, never as markup.

``match_pattern`` is the one definition of "where the words matched": the
item viewer highlights with it too.
"""

from __future__ import annotations

import heapq
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

from store.search.query import runs, words
from store.search.tables import CLOSE, OPEN
from store.text import safe_line

#: Characters a snippet shows at most (ellipses aside; a phrase longer than
#: the window is shown whole).
SNIPPET_WIDTH = 110
#: Matches looked at in one text (a common word can match tens of thousands
#: of times in a long report; the best passage is among the first ones).
MAX_MATCHES = 5_000

ELLIPSIS = "…"

_FORGED = str.maketrans({OPEN: " ", CLOSE: " "})
_SPACES = re.compile(r"\s+")
#: Between two words of a phrase: anything that is not a letter or digit
#: (as FTS5's tokenizer sees it: "treasury-management" holds the run).
_GAP = r"[\W_]+"
_EDGE_BEFORE = r"(?<![^\W_])"
_EDGE_AFTER = r"(?![^\W_])"


def fold(text: str) -> str:
    """``text`` with accents taken off its letters, one character for one,
    so positions in the result are positions in ``text`` (``café`` ->
    ``cafe``, as the index folds them)."""
    if text.isascii():
        return text
    table = {}
    for char in set(text):
        if not char.isascii():
            base = unicodedata.normalize("NFD", char)[0]
            if base != char and len(base) == 1:
                table[ord(char)] = base
    return text.translate(table) if table else text


def match_pattern(
    terms: Iterable[str], phrases: Iterable[Sequence[str]] = (), *, whole_words: bool = True
) -> re.Pattern[str] | None:
    """A pattern matching the words and phrases in a ``fold``-ed text
    (case ignored), longest first; None when there is nothing to match.

    With ``whole_words`` (search results) a word matches only whole, as the
    index matched it; without (finding within an item, as ``less`` does) it
    matches anywhere, so ``treas`` finds ``treasury``.
    """
    before, after = (_EDGE_BEFORE, _EDGE_AFTER) if whole_words else ("", "")
    runs = [_GAP.join(re.escape(fold(word)) for word in phrase) for phrase in phrases if phrase]
    singles = sorted({fold(term) for term in terms if term}, key=len, reverse=True)
    alternatives = runs + [re.escape(word) for word in singles]
    if not alternatives:
        return None
    return re.compile(before + "(?:" + "|".join(alternatives) + ")" + after, re.IGNORECASE)


def typed_pattern(typed: str) -> re.Pattern[str] | None:
    """The pattern of words typed to find within an item (``less``'s habit:
    parts of words match, quoted words and words joined by punctuation as a
    run, case ignored)."""
    phrases = runs(typed)  # quoted words, and words joined by punctuation (``2007/08``)
    rest = re.sub(r'"[^"]*"?', " ", typed)
    alone = [word for chunk in rest.split() for word in words(chunk) if len(words(chunk)) == 1]
    return match_pattern(alone, phrases, whole_words=False)


def _phrase_key(matched: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", matched.casefold()))


def _whole(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` is not part of a longer word."""
    return not (start > 0 and text[start - 1].isalnum()) and not (end < len(text) and text[end].isalnum())


def _lowered(text: str) -> tuple[str, int]:
    """``fold``-ed ``text`` in lower case when that keeps every position (a
    case-sensitive pattern over it is several times faster), and the flags."""
    folded = fold(text)
    lower = folded.lower()
    return (lower, 0) if len(lower) == len(folded) else (folded, re.IGNORECASE)


def _finditer(alternatives: list[str], text: str, flags: int) -> Iterator[re.Match[str]]:
    if not alternatives:
        return iter(())
    return re.compile("|".join(alternatives), flags).finditer(text)


Terms = Iterable["str | Sequence[str]"]


def _groups(terms: Terms) -> dict[str, str]:
    """Each word to find (folded, lower case) and the key of its group: a
    typed word and the words it stands for (typos, completions) are one."""
    key_of: dict[str, str] = {}
    for term in terms:
        group = [term] if isinstance(term, str) else list(term)
        words_ = [fold(word).lower() for word in group if word]
        for word in words_:
            key_of.setdefault(word, words_[0])
    return key_of


def find_matches(
    text: str, terms: Terms, phrases: Sequence[Sequence[str]] = ()
) -> Iterator[tuple[int, int, str]]:
    """Where ``terms`` and ``phrases`` match whole in ``text``, in text order:
    ``(start, end, key)``, ``key`` naming what matched (a term's group, or a
    phrase's words joined by spaces); a phrase's words inside it are not
    listed again. A term is a word or a group of words meaning one."""
    folded, flags = _lowered(text)
    found: list[tuple[int, int, str]] = []
    runs = [_GAP.join(re.escape(fold(word).lower()) for word in phrase) for phrase in phrases if phrase]
    for match in _finditer(runs, folded, flags):
        if _whole(folded, *match.span()):
            found.append((match.start(), match.end(), _phrase_key(match.group())))
            if len(found) >= MAX_MATCHES:
                break
    key_of = _groups(terms)
    singles = sorted(key_of, key=len, reverse=True)

    def single() -> Iterator[tuple[int, int, str]]:
        at = 0
        count = 0
        for match in _finditer([re.escape(word) for word in singles], folded, flags):
            if not _whole(folded, *match.span()):
                continue
            while at < len(found) and found[at][1] <= match.start():
                at += 1
            if at < len(found) and found[at][0] <= match.start():
                continue  # inside a phrase already found
            word = match.group().lower()
            yield match.start(), match.end(), key_of.get(word, word)
            count += 1
            if count >= MAX_MATCHES:
                return

    return heapq.merge(found, single())


def _best_anchor(matches: list[tuple[int, int, str]], anchors: set[str] | None, reach: int) -> int:
    """The index of the match opening the best passage: of the stretches no
    longer than ``reach`` characters, one holding the most different keys
    (and one of ``anchors`` if given), the tightest such, the earliest."""

    def stretches() -> Iterator[tuple[int, int, Counter[str]]]:
        """Per match, the tightest stretch ending there holding every key
        the ``reach`` before it holds (a key's earlier copies dropped)."""
        counts: Counter[str] = Counter()
        left = 0
        for right, (_, end, key) in enumerate(matches):
            counts[key] += 1
            while matches[left][0] < end - reach or (left < right and counts[matches[left][2]] > 1):
                counts[matches[left][2]] -= 1
                if not counts[matches[left][2]]:
                    del counts[matches[left][2]]
                left += 1
            yield left, right, counts

    def wanted(counts: Counter[str]) -> bool:
        return anchors is None or any(key in counts for key in anchors)

    most = max((len(counts) for _, _, counts in stretches() if wanted(counts)), default=0)
    best, tightest = -1, 0
    for left, right, counts in stretches():
        if len(counts) == most and wanted(counts):
            span = matches[right][1] - matches[left][0]
            if best < 0 or span < tightest:
                best, tightest = left, span
    if best < 0 and anchors is not None:
        return next(at for at, match in enumerate(matches) if match[2] in anchors)
    return max(best, 0)


def passage(
    text: str,
    terms: Terms,
    phrases: Sequence[Sequence[str]] = (),
    width: int = SNIPPET_WIDTH,
) -> tuple[str, list[tuple[int, int]]]:
    """The line shown for ``text``: its best passage for the query, and the
    ``(start, end)`` spans of the matched words and phrases in that line.

    ``terms`` are the query's words, each a word or a group of words
    standing for one typed word (its typos and completions).

    With phrases, the passage holds one of them (if the text has any) and
    the phrase is marked as one span. No match at all: the text's opening,
    nothing marked.
    """
    if OPEN in text or CLOSE in text:  # a scan costs far less than a translate of a long text
        text = text.translate(_FORGED)
    terms = list(terms)
    phrase_keys = {" ".join(fold(word).lower() for word in phrase) for phrase in phrases}
    inside = {fold(word).lower() for phrase in phrases for word in phrase}
    every = len(phrase_keys) + len(
        {word for word in _groups(terms).values() if not phrases or word not in inside}
    )
    reach = width * 2 // 3
    matches: list[tuple[int, int, str]] = []
    # The first stretch holding every word (and phrase) will do: stop there.
    window: list[tuple[int, int, str]] = []
    counts: Counter[str] = Counter()
    left = 0
    found: tuple[int, int, str] | None = None
    source = find_matches(text, terms, phrases)
    for match in source:
        matches.append(match)
        if phrases and match[2] in inside and match[2] not in phrase_keys:
            continue  # a phrase's word alone completes nothing
        window.append(match)
        counts[match[2]] += 1
        while left < len(window) - 1 and (
            window[left][0] < match[1] - reach or counts[window[left][2]] > 1
        ):
            counts[window[left][2]] -= 1
            if not counts[window[left][2]]:
                del counts[window[left][2]]
            left += 1
        if len(counts) >= every:
            found = window[left]
            for more in source:  # the rest the passage may show, to mark them too
                if more[0] > found[0] + 2 * width:
                    break
                matches.append(more)
            break
    if not matches:
        return spans_of(_cut(text, 0, width), width)
    anchors = phrase_keys if any(key in phrase_keys for *_, key in matches) else None
    if anchors is not None:  # a phrase's words apart are neither marked nor led up to
        matches = [match for match in matches if match[2] in anchors or match[2] not in inside]
    first = found if found is not None else matches[_best_anchor(matches, anchors, reach)]
    lead = max(0, first[0] - (width // 4 if anchors is None else 0))
    if first[1] <= width * 3 // 4:  # near the top: from the top, as it reads
        lead = 0
    start = 0 if lead == 0 else text.rfind(" ", 0, lead) + 1
    if first[0] - start > width // 2:  # no space near: cut mid-text rather than lose the match
        start = lead
    stop = max(start + width, first[1])
    if stop < len(text):
        space = text.rfind(" ", first[1], stop + 1)
        stop = space if space > first[1] else stop
    marked: list[str] = [ELLIPSIS if start else ""]
    at = start
    for begin, end, _ in matches:
        if begin < start or end > stop or begin < at:
            continue
        marked += [text[at:begin], OPEN, text[begin:end], CLOSE]
        at = end
    marked += [text[at:stop], ELLIPSIS if stop < len(text) else ""]
    return spans_of("".join(marked), max(width, stop - start) + 2)


def _cut(text: str, start: int, width: int) -> str:
    part = text[start : start + width * 2]
    return part + (ELLIPSIS if start + len(part) < len(text) else "")


def spans_of(marked: str, width: int = SNIPPET_WIDTH) -> tuple[str, list[tuple[int, int]]]:
    """The snippet shown and the ``(start, end)`` spans of its matched words,
    from a window marked with ``tables.OPEN``/``tables.CLOSE``, cut to
    ``width`` characters (spaces run together, each piece made safe)."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    length = 0
    inside = False
    for piece in marked.replace(CLOSE, OPEN).split(OPEN):
        clean = _SPACES.sub(" ", safe_line(piece))
        if out and out[-1].endswith(" ") and clean.startswith(" "):
            clean = clean[1:]
        if not out:
            clean = clean.lstrip()
        if inside and clean:
            spans.append((length, length + len(clean)))
        out.append(clean)
        length += len(clean)
        inside = not inside
    text = "".join(out).rstrip()
    if len(text) > width + 2:
        cut = text.rfind(" ", 0, width) if " " in text[:width] else width
        text = text[:cut].rstrip() + ELLIPSIS
        spans = [(start, end) for start, end in spans if end <= cut]
    return text, spans
