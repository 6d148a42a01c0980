"""The one exception the importers' parsing layer raises."""

from __future__ import annotations


class Rejected(Exception):
    """The document cannot be imported.

    ``str(exc)`` is one clear sentence saying what is wrong and where (a line
    number or byte offset), without the file name: the caller prefixes it.
    """
