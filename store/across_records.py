"""The across-meetings features' only contact with how the store keeps records.

People, decisions, follow-ups and diffs are computed from the public reads
of ``Store`` (``meetings()``, ``items()`` ...). What they keep of their own
is the clerk's corrections (a person's name form assigned to a person, a
follow-up marked met or dropped), kept here as rows of two tables written
through ``Store.transaction()``. What is computed from the records is kept
in the index (``store.across_tables``), rebuilt with it. When the storage
layer changes, this is the one file to adapt.
"""

from __future__ import annotations

from typing import Any

from store import Archive

#: Rows ``{form key: {"form": key, "person": person id}}``.
PEOPLE_CORRECTIONS = "people_corrections"
#: Rows ``{follow-up id: {"id": ..., "status": "met"|"dropped", "note": ...}}``.
FOLLOWUP_MARKS = "followup_marks"


def rows(store: Archive, table: str) -> dict[str, dict[str, Any]]:
    """A copy of every row of ``table`` by key (empty when it has none)."""
    return {key: dict(row) for key, row in store.table_rows(table).items()}


def put_row(store: Archive, table: str, key: str, row: dict[str, Any]) -> None:
    """Insert or replace one row, committed at once."""
    with store.transaction() as writer:
        writer.replace_rows(table, {key: row})


def remove_row(store: Archive, table: str, key: str) -> None:
    """Delete one row (nothing happens when it is not there)."""
    with store.transaction() as writer:
        writer.remove_rows(table, [key])
