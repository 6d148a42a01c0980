"""Committee names as printed, and when two names mean one committee.

Headings carry words about the meeting, not the committee: "Virtual
meeting, Cabinet Committee on ...", "Extraordinary meeting", "(rescheduled)",
"Agenda and draft minutes - ...". ``committee_name`` takes them off so a
prefix never makes a second committee. ``same_committee`` says whether two
names are one committee: the same words (case, "&"/"and", "The" and
punctuation aside), or an acronym and the name it stands for ("CCPI",
"Cabinet Committee on Performance Improvement (CCPI)").
"""

from __future__ import annotations

import re

from store.ingest.lines import squash

_KINDS = r"(?:virtual|remote|hybrid|extraordinary|special|informal|additional|reconvened|adjourned)"
#: "Virtual meeting, ", "Extraordinary meeting of the ", "Agenda and draft minutes - ".
_PREFIX = re.compile(
    rf"^(?:{_KINDS}(?:\s++{_KINDS})*+\s++meeting(?:\s++of(?:\s++the)?+)?+"
    r"|agenda(?:\s*+(?:,|and)\s*+(?:draft\s++)?+(?:minutes|decisions))*+(?:\s++for)?+"
    r"|(?:draft\s++)?+minutes(?:\s++(?:for|of(?:\s++the)?+))?+)\s*+(?:[,:;–—-]\s*+)?+",
    re.IGNORECASE,
)
#: "(rescheduled)", "(Extraordinary Meeting)", "- Virtual meeting" at the end.
_SUFFIX = re.compile(
    rf"\s*+(?:\(\s*+(?:{_KINDS}|rescheduled|postponed)(?:\s++meeting)?+\s*+\)"
    rf"|[,–—-]\s*+{_KINDS}\s++meeting)\s*+$",
    re.IGNORECASE,
)
#: "(CCPI)" after a full name.
_ACRONYM = re.compile(r"\s*+\(\s*+([A-Z][A-Za-z&]{1,9})\s*+\)\s*+$")
_MINOR_WORDS = frozenset({"of", "on", "the", "and", "for", "to", "in", "&"})


def committee_name(text: str) -> str:
    """The committee in a heading's words, meeting words taken off both ends."""
    name = squash(text)
    for _ in range(3):
        shorter = _SUFFIX.sub("", _PREFIX.sub("", name, count=1), count=1).strip(" ,;:–—-")
        if shorter == name or not shorter:
            break
        name = shorter
    return name


def meeting_note(text: str) -> str:
    """``text`` (a venue, say) without a trailing "(rescheduled)" or similar."""
    return _SUFFIX.sub("", text).strip()


def _words(name: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", name.casefold().replace("&", " and "))


def _folded(name: str) -> str:
    words = _words(_ACRONYM.sub("", name))
    return " ".join(words[1:] if words[:1] == ["the"] else words)


def _initials(name: str) -> str:
    return "".join(word[0] for word in _words(_ACRONYM.sub("", name)) if word not in _MINOR_WORDS)


def _acronyms(name: str) -> set[str]:
    """What ``name`` may be called for short: its bracketed acronym, or itself."""
    found = set()
    match = _ACRONYM.search(name)
    if match:
        found.add(match[1].casefold())
    bare = name.strip()
    if re.fullmatch(r"[A-Z][A-Z&]{1,9}", bare):
        found.add(bare.casefold().replace("&", ""))
    return found


def same_committee(one: str, other: str) -> bool:
    """True when two printed names are one committee.

    Same words, or one is an acronym of the other: "CCPI" is "Cabinet
    Committee on Performance Improvement" (its initials) and so is
    "Cabinet Committee on Performance Improvement (CCPI)".
    """
    if _folded(one) == _folded(other):
        return True
    short_one, short_other = _acronyms(one), _acronyms(other)
    if short_one & short_other:
        return True
    return _initials(other) in short_one or _initials(one) in short_other
