"""Typo-tolerant search over item titles and text, in SQLite FTS5.

* ``query`` parses a raw query into words and filters, once per keystroke;
* ``retrieve`` expands the words against the vocabulary and asks FTS5;
* ``rank`` is the one formula ordering results;
* ``snippets`` cuts the passage around the best match from an item's text
  (one safe line, the matched words as spans), and defines where words match;
* ``tables`` holds the schema and keeps the tables up to date (called by
  ``store.index`` as the records change).

The names below are imported on first use: the app's first frame imports
``snippets`` (through this package), and must not pay for ``retrieve``'s
rapidfuzz and SQLite.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from store.search.query import Query, parse_query, words
    from store.search.retrieve import Hit, Results, SearchIndex

__all__ = ["Hit", "Query", "Results", "SearchIndex", "parse_query", "words"]

#: The module of each name.
_HOMES = {
    "Query": "query",
    "parse_query": "query",
    "words": "query",
    "Hit": "retrieve",
    "Results": "retrieve",
    "SearchIndex": "retrieve",
}


def __getattr__(name: str) -> object:
    """The named class or function, from its module."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{home}"), name)
