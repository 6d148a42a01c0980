"""The data layer of ccpi-tui: documents in, records out.

This package's names (``__all__``) are its one public face: what the app and
the command line use, and all they may import (a test holds ``ccpi_tui`` to
it). ``Archive`` is the protocol of a store; ``open_store`` gives today's
implementation, ``store.database.Store`` (TinyDB records, a SQLite index). A
server-backed store (PostgreSQL for a shared, many-council archive) could
sit behind the same protocol without the app changing.

The names are imported on first use (``__getattr__``): the app's first
frame needs the models and the text helpers, not TinyDB, SQLite, rapidfuzz
or the importers.

Nothing in this package imports Textual or Rich; everything a clerk can do in
the app can be done from a Python shell through ``open_store``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import AbstractContextManager
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from store.across_export import export_target, is_target, markdown_of
    from store.database import ItemSpill
    from store.decisions import (
        Decision,
        DecisionFilter,
        count_decisions,
        iter_decisions,
        parse_filter,
    )
    from store.decisions import decisions as list_decisions
    from store.diff import DiffError, ItemDiff
    from store.diff import diff as item_diff
    from store.export import (
        ExportError,
        ensure_folder,
        export_name,
        export_to_file,
        export_to_folder,
        markdown_for,
        plain_text_for,
    )
    from store.followups import (
        DROPPED,
        MET,
        OPEN,
        OVERDUE,
        FollowUp,
        FollowUpError,
        count_followups,
        iter_followups,
    )
    from store.followups import mark as mark_followup
    from store.importer import import_paths
    from store.index import catch_up, current_connection, newest_meetings
    from store.index import generation as index_generation
    from store.index import rebuild as rebuild_index
    from store.layout import OLD_MANIFEST, RECORDS_NAME, Stamp
    from store.models import Block, Item, ItemSummary, Meeting, SourceDocument
    from store.people import (
        Attendance,
        PeopleError,
        PersonSummary,
        attendance,
        find_people,
        merge_people,
        people_summaries,
        person_by_id,
        split_form,
    )
    from store.people import people as list_people
    from store.search import Hit, SearchIndex, parse_query
    from store.search.snippets import fold, match_pattern, typed_pattern
    from store.storage import StoreError
    from store.text import blocks_to_text, roman, safe_line, safe_text
    from store.topics import (
        Link,
        ThreadView,
        confirm_link,
        gist,
        move_item,
        reject_link,
        thread_view,
    )

__all__ = [
    "Archive",
    "Attendance",
    "Block",
    "DROPPED",
    "Decision",
    "DecisionFilter",
    "DiffError",
    "ExportError",
    "FollowUp",
    "FollowUpError",
    "Hit",
    "Item",
    "ItemDiff",
    "ItemSummary",
    "Link",
    "MET",
    "Meeting",
    "OLD_MANIFEST",
    "OPEN",
    "OVERDUE",
    "PeopleError",
    "PersonSummary",
    "RECORDS_NAME",
    "RecordWriter",
    "SearchIndex",
    "SourceDocument",
    "StoreError",
    "ThreadView",
    "attendance",
    "blocks_to_text",
    "catch_up",
    "confirm_link",
    "count_decisions",
    "count_followups",
    "current_connection",
    "index_generation",
    "ensure_folder",
    "export_name",
    "export_target",
    "export_to_file",
    "export_to_folder",
    "find_people",
    "fold",
    "gist",
    "import_paths",
    "is_target",
    "item_diff",
    "iter_decisions",
    "iter_followups",
    "list_decisions",
    "list_people",
    "mark_followup",
    "markdown_for",
    "markdown_of",
    "match_pattern",
    "merge_people",
    "move_item",
    "newest_meetings",
    "open_store",
    "parse_filter",
    "parse_query",
    "people_summaries",
    "person_by_id",
    "plain_text_for",
    "rebuild_index",
    "reject_link",
    "roman",
    "safe_line",
    "safe_text",
    "split_form",
    "thread_view",
    "typed_pattern",
]

#: Each public name's module, and its name there: a name that is also one of
#: this package's submodules (``store.diff``) is renamed, as importing the
#: submodule rebinds it.
_HOMES: dict[str, tuple[str, str]] = {
    "Block": ("store.models", "Block"),
    "Item": ("store.models", "Item"),
    "ItemSummary": ("store.models", "ItemSummary"),
    "Meeting": ("store.models", "Meeting"),
    "SourceDocument": ("store.models", "SourceDocument"),
    "blocks_to_text": ("store.text", "blocks_to_text"),
    "roman": ("store.text", "roman"),
    "safe_line": ("store.text", "safe_line"),
    "safe_text": ("store.text", "safe_text"),
    "StoreError": ("store.storage", "StoreError"),
    "OLD_MANIFEST": ("store.layout", "OLD_MANIFEST"),
    "RECORDS_NAME": ("store.layout", "RECORDS_NAME"),
    "import_paths": ("store.importer", "import_paths"),
    "catch_up": ("store.index", "catch_up"),
    "current_connection": ("store.index", "current_connection"),
    "newest_meetings": ("store.index", "newest_meetings"),
    "Hit": ("store.search", "Hit"),
    "SearchIndex": ("store.search", "SearchIndex"),
    "parse_query": ("store.search", "parse_query"),
    "fold": ("store.search.snippets", "fold"),
    "match_pattern": ("store.search.snippets", "match_pattern"),
    "typed_pattern": ("store.search.snippets", "typed_pattern"),
    "Link": ("store.topics", "Link"),
    "ThreadView": ("store.topics", "ThreadView"),
    "confirm_link": ("store.topics", "confirm_link"),
    "gist": ("store.topics", "gist"),
    "move_item": ("store.topics", "move_item"),
    "reject_link": ("store.topics", "reject_link"),
    "thread_view": ("store.topics", "thread_view"),
    "ExportError": ("store.export", "ExportError"),
    "ensure_folder": ("store.export", "ensure_folder"),
    "export_name": ("store.export", "export_name"),
    "export_to_file": ("store.export", "export_to_file"),
    "export_to_folder": ("store.export", "export_to_folder"),
    "markdown_for": ("store.export", "markdown_for"),
    "plain_text_for": ("store.export", "plain_text_for"),
    "export_target": ("store.across_export", "export_target"),
    "is_target": ("store.across_export", "is_target"),
    "markdown_of": ("store.across_export", "markdown_of"),
    "DiffError": ("store.diff", "DiffError"),
    "ItemDiff": ("store.diff", "ItemDiff"),
    "Decision": ("store.decisions", "Decision"),
    "DecisionFilter": ("store.decisions", "DecisionFilter"),
    "count_decisions": ("store.decisions", "count_decisions"),
    "iter_decisions": ("store.decisions", "iter_decisions"),
    "parse_filter": ("store.decisions", "parse_filter"),
    "Attendance": ("store.people", "Attendance"),
    "PeopleError": ("store.people", "PeopleError"),
    "PersonSummary": ("store.people", "PersonSummary"),
    "attendance": ("store.people", "attendance"),
    "find_people": ("store.people", "find_people"),
    "merge_people": ("store.people", "merge_people"),
    "people_summaries": ("store.people", "people_summaries"),
    "person_by_id": ("store.people", "person_by_id"),
    "split_form": ("store.people", "split_form"),
    "DROPPED": ("store.followups", "DROPPED"),
    "MET": ("store.followups", "MET"),
    "OPEN": ("store.followups", "OPEN"),
    "OVERDUE": ("store.followups", "OVERDUE"),
    "FollowUp": ("store.followups", "FollowUp"),
    "FollowUpError": ("store.followups", "FollowUpError"),
    "count_followups": ("store.followups", "count_followups"),
    "iter_followups": ("store.followups", "iter_followups"),
    "item_diff": ("store.diff", "diff"),  # "diff": the submodule
    "list_decisions": ("store.decisions", "decisions"),  # "decisions": the submodule
    "list_people": ("store.people", "people"),  # "people": the submodule
    "mark_followup": ("store.followups", "mark"),
    "rebuild_index": ("store.index", "rebuild"),
    "index_generation": ("store.index", "generation"),
}


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

    def remove_sources(self, meeting_id: str, source_ids: Iterable[str]) -> None:
        """Delete source document records of one meeting."""

    def set_meta(self, key: str, value: Any) -> None:
        """Store a small setting."""


class Archive(Protocol):
    """A council's meeting records, searchable, with their topic threads."""

    @property
    def root(self) -> Path:
        """The store's folder."""

    @property
    def migrated(self) -> str | None:
        """One sentence for the user when opening moved an older store's
        records to this layout."""

    @property
    def generation(self) -> int:
        """The committed version of the records: one more per write."""

    @property
    def records_stamp(self) -> Stamp | None:
        """The stamp of the records ``generation`` was last read from (an
        index compares it with its own to tell it is current)."""

    def changes_since(self, generation: int) -> set[str] | None:
        """Meetings touched after ``generation``; None if that is too far back."""

    def table_rows(self, table: str) -> Mapping[str, dict[str, Any]]:
        """A records table's rows by id, as stored (do not change them)."""

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

    def items_by_shard(self, meeting_ids: Iterable[str]) -> Iterator[tuple[str, list[Item]]]:
        """Each of these meetings with its whole items (agenda order), in the
        order that reads the records fastest."""

    def summaries_by_shard(
        self, meeting_ids: Iterable[str]
    ) -> Iterator[tuple[str, list[ItemSummary]]]:
        """Each of these meetings with its lean items (agenda order), in the
        order that reads the records fastest."""

    def spill(self, meeting_ids: Iterable[str]) -> ItemSpill:
        """The whole items of many meetings, to be read in any order."""

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


def __getattr__(name: str) -> object:
    """A public name, from its module (imported on first use). Not kept
    here: the name stays its module's, so patching it there is seen."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(home[0]), home[1])
