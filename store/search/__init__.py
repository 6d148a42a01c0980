"""Typo-tolerant search over item titles and text, in SQLite FTS5.

* ``query`` parses a raw query into words and filters, once per keystroke;
* ``retrieve`` expands the words against the vocabulary and asks FTS5;
* ``rank`` is the one formula ordering results;
* ``snippets`` cuts the passage around the best match from an item's text
  (one safe line, the matched words as spans), and defines where words match;
* ``tables`` holds the schema and keeps the tables up to date (called by
  ``store.index`` as the records change).
"""

from store.search.query import Query, parse_query, words
from store.search.retrieve import Hit, Results, SearchIndex

__all__ = ["Hit", "Query", "Results", "SearchIndex", "parse_query", "words"]
