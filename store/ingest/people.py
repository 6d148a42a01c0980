"""People in minutes: attendance, apologies, substitutions, officers, presenters.

Names are kept as printed (titles and honours included) with whitespace
normalised; only list headings such as "County Councillors" are dropped.
Attendance is often written as sentences ("Apologies for absence were
received from X and Y", "X replaced Y", "X took the Chair", "It was
confirmed that there were no apologies"): the people are read out of them,
and a sentence itself never lands in an attendance list.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from store.ingest.lines import is_blank, squash
from store.models import Block, Substitution

#: Attendance lines that head a list rather than name someone.
_LIST_HEADINGS = frozenset(
    {"county councillors", "councillors", "county councillor", "councillor", "members",
     "cabinet members", "co-opted members", "present", "present:"}
)
#: A line that switches the attendance block to another list.
_SECTION = re.compile(
    r"^(?P<label>(?:also\s++)?(?:in\s++)?attendance|also\s++present|officers(?:\s++present"
    r"|\s++in\s++attendance)?+|apologies(?:\s++for\s++absence)?+|present)\s*+:?+\s*+",
    re.IGNORECASE,
)
_CHAIR = re.compile(
    r"\(\s*+(?:in\s++the\s++)?+chair(?:man|woman|person)?+\s*+\)", re.IGNORECASE
)
_ROLE_MARK = re.compile(r"\(\s*+(?:vice|deputy)[\s-]*+chair\w*+\s*+\)", re.IGNORECASE)
#: Commas and "and" between names in a list.
_LIST_SEPARATORS = re.compile(r",\s*+(?:and\s++)?|\s++and\s++")
#: "Councillors" or "County Councillors" before a list of names.
_PLURAL_TITLE = re.compile(r"^((?:county\s++)?councillors)\s++", re.IGNORECASE)
#: Verbs that mark a person presenting an item.
_PRESENTING = re.compile(
    r"\b(?:attended|presented|provided|reported|gave|introduced|updated|outlined|informed)\b"
)
#: An officer list whose lead-in uses one of these presented the item.
_PRESENTING_LEAD = re.compile(r"\b(?:presented|provided|reported|gave|introduced|updated)\b")
#: Lower-case words inside names ("Jo de Souza").
_PARTICLES = frozenset({"de", "van", "von", "der", "den", "la", "le", "du", "da", "di", "bin"})
_BY = "presented by "
#: Lead-in to a list of officers or speakers.
_OFFICER_LEAD = re.compile(
    r"\bthe following\b.*\b(?:officers?|speakers?|guests?|representatives?)\b|"
    r"\b(?:officers?|speakers?)\b.*\bthe following\b",
    re.IGNORECASE,
)
#: Where a presenter's name ends: comma or spaced dash.
_NAME_END = re.compile(r",|\s[–—-]\s")
_SENTENCE_STARTS = frozenset(
    "a an the it in this there members member following during also however and as at".split()
)
_SUBSTITUTION = re.compile(r"\s(?:replaced|substituted\s++for|in\s++place\s++of)\s", re.IGNORECASE)
_AT_MEETING = re.compile(r"\s++(?:at|for)\s++(?:this|the)\s++meeting\s*+$", re.IGNORECASE)
_LEADING_CLAUSE = re.compile(r"^it\s++was\s++(?:noted|reported)\s++that\s++", re.IGNORECASE)
_ATTENDED = re.compile(r"\s++(?:attended|was\s++present|sat)$")
#: "X took the Chair", "X was elected Chair for the meeting", "X in the Chair".
_TOOK_CHAIR = re.compile(
    r"\s++(?:took|taking|takes|assumed)\s++the\s++chair\b|\s++(?:was\s++)?+(?:elected|appointed)"
    r"\s++(?:as\s++)?+(?:the\s++)?+chair\w*+\s++for\s++(?:the|this)\s++meeting\b"
    r"|\s*+\(?+\s*+in\s++the\s++chair\s*+\)?+",
    re.IGNORECASE,
)
#: Words that make an attendance line a sentence rather than a list of names.
_SENTENCE_WORDS = re.compile(
    r"\b(?:were|was|been|had|has|have|received|replaced|substituted|took|attended|confirmed"
    r"|noted|elected|appointed)\b|\bno\s++apologies\b|\bin\s++place\s++of\b",
    re.IGNORECASE,
)
#: Where a name in an apologies sentence ends: "A Smith, who was unwell".
_NAME_TAIL = re.compile(
    r"\s*+(?:\(|,?+\s++(?:who|due|because|as\s++(?:she|he|they)|owing|on\s++account)\b).*$",
    re.IGNORECASE,
)


@dataclass(slots=True)
class Attendance:
    """Who the header of a set of minutes says was there."""

    chair: str | None = None
    present: list[str] = field(default_factory=list)
    apologies: list[str] = field(default_factory=list)
    officers: list[str] = field(default_factory=list)
    substitutions: list[Substitution] = field(default_factory=list)


def clean_name(text: str) -> str:
    """A name as printed, whitespace normalised and stray punctuation trimmed."""
    return squash(text).strip(" ,;.")


def read_attendance(lines: Sequence[str]) -> Attendance:
    """Read the attendance block of a minutes header.

    Args:
        lines: Header lines from "Present:" on (the label may be absent).

    Returns:
        The chair (the name marked "(Chair)"), members present (chair
        included), apologies and officers listed in the header.
    """
    found = Attendance()
    target = found.present
    for raw in lines:
        if is_blank(raw):
            continue
        line = squash(raw)
        if is_attendance_sentence(line):
            found.apologies.extend(apologies_in(line))
            found.substitutions.extend(substitutions_in(line))
            found.chair = found.chair or chair_in(line)
            continue
        section = _SECTION.match(line)
        if section and (line.endswith(":") or ":" in line[: section.end()]):
            label = section["label"].lower()
            target = (
                found.apologies
                if label.startswith("apolog")
                else found.present if label == "present" else found.officers
            )
            line = line[section.end() :]
            if not line:
                continue
        is_chair = bool(_CHAIR.search(line))
        line = _ROLE_MARK.sub("", _CHAIR.sub("", line))
        for name in _split_names(line):
            if target is found.present and is_chair and found.chair is None:
                found.chair = name
                is_chair = False
            target.append(name)
    return found


def is_attendance_sentence(line: str) -> bool:
    """True for a sentence about attendance, not a list of names."""
    return len(line.split()) >= 3 and _SENTENCE_WORDS.search(line) is not None


def chair_in(text: str) -> str | None:
    """Who "took the Chair" (or was "in the Chair") by the sentences of ``text``."""
    for sentence in _sentences(text):
        match = _TOOK_CHAIR.search(sentence)
        if match:
            name = clean_name(_LEADING_CLAUSE.sub("", sentence[: match.start()]))
            if _is_name(name) or name.lower().startswith(("councillor", "county councillor")):
                return name
    return None


def _split_names(line: str) -> list[str]:
    """Names on one attendance line, list headings giving none."""
    if squash(line).lower().strip(":") in _LIST_HEADINGS:
        return []
    return _names_in(line)


def apologies_in(text: str) -> list[str]:
    """Members named in "Apologies for absence were received from ..." sentences."""
    found: list[str] = []
    for sentence in _sentences(text):
        lower = sentence.lower()
        if "apolog" not in lower:
            continue
        if "no apolog" in lower:
            continue
        cut = max(lower.rfind(" from "), lower.rfind(" by "))
        if cut != -1:
            listed = _names_in(sentence[cut:].split(maxsplit=1)[-1])
            names = (clean_name(_NAME_TAIL.sub("", name)) for name in listed)
            found.extend(name for name in names if _looks_like_person(name))
    return found


def _looks_like_person(name: str) -> bool:
    """A name, not a clause ("who was unwell") left over from a sentence."""
    return bool(name) and name[:1].isupper() and len(name.split()) <= 8


def _names_in(text: str) -> list[str]:
    """Split "County Councillors A Smith, B Jones and C Brown" into three names.

    A plural title is given, in the singular, to each name from there on
    ("Councillor A Smith, Councillors B Jones and C Brown").
    """
    title = ""
    found = []
    for part in _LIST_SEPARATORS.split(text):
        plural = _PLURAL_TITLE.match(part)
        if plural:
            title = plural[1][:-1] + " "
            part = part[plural.end() :]
        name = clean_name(part)
        if name:
            found.append(title + name)
    return found


def substitutions_in(text: str) -> list[Substitution]:
    """"X replaced Y at this meeting" sentences as substitutions."""
    found: list[Substitution] = []
    for sentence in _sentences(text):
        match = _SUBSTITUTION.search(sentence)
        if not match:
            continue
        member = clean_name(_LEADING_CLAUSE.sub("", sentence[: match.start()]))
        member = _ATTENDED.sub("", member)
        replaced = clean_name(_AT_MEETING.sub("", sentence[match.end() :].rstrip(" .")))
        if member and replaced:
            found.append(Substitution(member, replaced))
    return found


def _sentences(text: str) -> Iterable[str]:
    """Sentences of a text, split at a full stop followed by a space."""
    for line in text.split("\n"):
        yield from (part.strip() for part in re.split(r"(?<=\.)\s++", line) if part.strip())


def officers_in(blocks: Sequence[Block]) -> list[str]:
    """Entries of officer and speaker lists ("The following officers attended:")."""
    return [entry for _, entry in _officer_entries(blocks)]


def _officer_entries(blocks: Sequence[Block]) -> list[tuple[str, str]]:
    """(lead-in text, entry) for every entry of an officer or speaker list."""
    found: list[tuple[str, str]] = []
    for lead, following in zip(blocks, blocks[1:], strict=False):
        if (
            lead.kind == "paragraph"
            and lead.text.endswith(":")
            and following.kind == "bullets"
            and _OFFICER_LEAD.search(lead.text)
        ):
            entries = (clean_name(entry) for entry in following.items)
            found.extend((lead.text, entry) for entry in entries if entry)
    return found


def presenters_in(blocks: Sequence[Block]) -> list[str]:
    """People who presented or reported on an item, by name, without roles.

    Found in paragraphs opening "Name, Role attended and presented ..." or
    "A report was presented by Name – Role ...", and in officer lists whose
    lead-in says they presented or provided something.
    """
    found: list[str] = []
    for block in blocks:
        if block.kind == "paragraph":
            found.extend(_presenters(block.text.split("\n", 1)[0]))
    for lead, entry in _officer_entries(blocks):
        name = _NAME_END.split(entry, maxsplit=1)[0]
        if _PRESENTING_LEAD.search(lead) and _is_name(name):
            found.append(clean_name(name))
    return list(dict.fromkeys(found))


def _presenters(text: str) -> list[str]:
    """The presenters named at the start of a paragraph."""
    first = text.split(". ", 1)[0]
    by = first.lower().find(_BY)
    if by != -1:
        name = _NAME_END.split(first[by + len(_BY) :], maxsplit=1)[0]
        return [clean_name(name)] if _is_name(name) else []
    opening = first.split(None, 1)[:1]
    if not opening or not opening[0][:1].isupper() or opening[0].lower() in _SENTENCE_STARTS:
        return []  # no name opens it (as _is_name below would find, only sooner)
    verb = _PRESENTING.search(first)
    if verb is None:
        return []
    names: list[str] = []
    for index, part in enumerate(first[: verb.start()].split(" and ")):
        end = _NAME_END.search(part)
        if end is None or not _is_name(part[: end.start()]) or not _capitalised(part[end.end() :]):
            if index == 0:
                return []
            continue
        names.append(clean_name(part[: end.start()]))
    return names


def _capitalised(text: str) -> bool:
    return text.lstrip()[:1].isupper()


def _is_name(text: str) -> bool:
    """Two to five capitalised words that do not start a plain sentence."""
    words = text.split()
    if not 2 <= len(words) <= 5 or words[0].lower() in _SENTENCE_STARTS:
        return False
    first, *rest = words
    return first[:1].isupper() and all(word[:1].isupper() or word in _PARTICLES for word in rest)
