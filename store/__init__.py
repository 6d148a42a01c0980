"""The data layer of ccpi-tui: documents in, records out.

Its one public face is ``Archive``, the protocol below: what the app and
the command line ask of a store. ``open_store`` gives today's
implementation, ``store.database.Store`` (TinyDB records, a SQLite index); a
server-backed store (PostgreSQL for a shared, many-council archive) could
sit behind the same protocol without the app changing.

Nothing in this package imports Textual or Rich; everything a clerk can do in
the app can be done from a Python shell through ``open_store``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from store.models import Item, ItemSummary, Meeting, SourceDocument
    from store.search import SearchIndex
    from store.topics import ThreadView

__all__ = ["Archive", "RecordWriter", "open_store"]


class RecordWriter(Protocol):
    """The writes of one transaction, committed together or not at all."""

    def put_meeting(self, meeting: Meeting) -> None:
        """Insert or replace a meeting."""

    def put_source(self, source: SourceDocument) -> None:
        """Insert or replace a source document record."""

    def put_items(self, items: Iterable[Item]) -> None:
        """Insert or replace whole items."""

    def remove_items(self, item_ids: Iterable[str]) -> None:
        """Delete items."""

    def replace_rows(self, table: str, rows: dict[str, dict[str, Any]]) -> None:
        """Insert or replace rows of a small table (corrections, committees) by id."""

    def remove_rows(self, table: str, keys: Iterable[str]) -> None:
        """Delete rows of a small table by id."""

    def set_meta(self, key: str, value: Any) -> None:
        """Store a small setting."""


class Archive(Protocol):
    """A council's meeting records, searchable, with their topic threads."""

    @property
    def generation(self) -> int:
        """The committed version of the records: one more per write."""

    def is_empty(self) -> bool:
        """True when no meeting has been imported."""

    def counts(self) -> tuple[int, int]:
        """Number of meetings and of items."""

    def meetings(self) -> list[Meeting]:
        """All meetings, newest first."""

    def meeting(self, meeting_id: str) -> Meeting | None:
        """One meeting, or None."""

    def summaries(self, meeting_id: str) -> list[ItemSummary]:
        """A meeting's items, lean, in agenda order."""

    def all_summaries(self) -> Iterator[ItemSummary]:
        """Every item's lean row."""

    def summary(self, item_id: str) -> ItemSummary | None:
        """One item's lean row, or None."""

    def item(self, item_id: str) -> Item | None:
        """One whole item, or None."""

    def items(self, meeting_id: str) -> list[Item]:
        """A meeting's whole items, in agenda order."""

    def source(self, source_id: str, meeting_id: str | None = None) -> SourceDocument | None:
        """A source document record, or None (``meeting_id``, the meeting it
        describes, when known: a store may find it faster)."""

    def sources(self) -> list[SourceDocument]:
        """All source document records."""

    def kind_of(self, some_id: str) -> str | None:
        """``"meeting"``, ``"item"`` or None for an id typed by a person."""

    def corrections(self) -> dict[str, dict[str, Any]]:
        """The clerk's topic corrections, by id."""

    def transaction(self) -> AbstractContextManager[RecordWriter]:
        """Write: everything in the block commits at once, or nothing does."""

    def search_index(self) -> SearchIndex:
        """The search over every item (``SearchIndex.search``)."""

    def thread(self, item_id: str) -> ThreadView:
        """An item's topic thread, related items and resolved references."""


def open_store(root: str | Path, *, create: bool = True) -> Archive:
    """Open the store folder ``root`` (see ``store.database.Store.open``)."""
    from store.database import Store

    return Store.open(root, create=create)
