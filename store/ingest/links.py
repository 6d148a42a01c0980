"""Link residue of saved web pages, turned into ``document`` references.

A saved ModernGov page leaves the words of its links in the text: "pdf icon
PDF 120 KB" after a document title (cut short as "pdf ic" when the title
was truncated), and "View the background to item 5" or "View the reasons
why item 6 was urgent" under an item title. Such residue marks a link: the
words are kept as a ``document`` reference and dropped from titles.
"""

from __future__ import annotations

import re

from store.ingest.lines import squash
from store.models import Reference

#: "pdf icon PDF 120 KB", or a cut-short "pdf icon PDF 12" / "pdf ic" at the end.
_RESIDUE = re.compile(
    r"\s*+(?:pdf\s++icon\s*+)?+pdf\s++[\d.,]++\s*+[kmg]?b\b\.?+"
    r"|\s++pdf\s++i(?:c(?:on?+)?+)?+(?:\s++pdf(?:\s++[\d.,]++\s*+[kmg]?+)?+)?+\s*+$",
    re.IGNORECASE,
)
#: ModernGov's item links: "View the background to item 5", "... why item 6 was urgent".
_VIEW = re.compile(
    r"\s*+\bview\s++the\s++(?:background\s++to|reasons?\s++why)\s++item\s++[\w/.]+?"
    r"(?:\s++(?:was|were|is)\s++urgent)?+\s*+[.:]?+\s*+$",
    re.IGNORECASE,
)


def has_link(text: str) -> bool:
    """True if ``text`` carries link residue."""
    return _RESIDUE.search(text) is not None or _VIEW.search(text) is not None


def strip_link(text: str) -> str:
    """``text`` without link residue, whitespace normalised."""
    return squash(_VIEW.sub(" ", _RESIDUE.sub(" ", text)))


def view_link(text: str) -> str | None:
    """The "View the background to item N" words ending ``text``, if any."""
    match = _VIEW.search(text)
    return squash(match[0]).rstrip(".:") if match else None


def title_references(title: str) -> tuple[str, list[Reference]]:
    """A title without its link residue, and the links it carried.

    "Budget pdf icon PDF 77 KB" links the paper "Budget"; "Urgent Business
    View the reasons why item 6 was urgent" links those reasons.
    """
    if not has_link(title):
        return title, []
    references: list[Reference] = []
    view = view_link(title)
    clean = strip_link(title)
    if _RESIDUE.search(title):
        references.append(Reference("document", clean))
    if view:
        references.append(Reference("document", view))
    return clean, references


def document_reference(text: str) -> Reference:
    """A ``document`` reference named by the words of a link line."""
    return Reference("document", strip_link(text) or view_link(text) or squash(text))
