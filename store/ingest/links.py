"""Link residue of saved web pages: "pdf icon PDF 120 KB" after a document title.

Such residue marks the words before it as a link to a document; the words
are kept as a ``document`` reference and the residue is dropped.
"""

from __future__ import annotations

import re

from store.ingest.lines import squash
from store.models import Reference

_RESIDUE = re.compile(r"\s*+(?:pdf\s++icon\s*+)?+pdf\s++[\d.,]++\s*+[kmg]?b\b\.?+", re.IGNORECASE)


def has_link(text: str) -> bool:
    """True if ``text`` carries PDF link residue."""
    return _RESIDUE.search(text) is not None


def strip_link(text: str) -> str:
    """``text`` without link residue, whitespace normalised."""
    return squash(_RESIDUE.sub(" ", text))


def document_reference(text: str) -> Reference:
    """A ``document`` reference named by the words of a link."""
    return Reference("document", strip_link(text))
