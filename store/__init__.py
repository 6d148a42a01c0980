"""The data layer of ccpi-tui: documents in, records out.

This package's names (``__all__``) are its one public face: what the app and
the command line use, and all they may import (a test holds ``ccpi_tui`` to
it). ``Archive`` is the protocol of a store; ``open_store`` gives today's
implementation, ``store.database.Store`` (TinyDB records, a SQLite index). A
server-backed store (PostgreSQL for a shared, many-council archive) could
sit behind the same protocol without the app changing.

The public names are listed once, as the imports of the ``TYPE_CHECKING``
block below (what a type checker sees); ``__all__`` and ``__getattr__`` read
that block (``_homes``). The names are imported on first use: the app's
first frame needs the models and the text helpers, not TinyDB, SQLite,
rapidfuzz or the importers.

Nothing in this package imports Textual or Rich; everything a clerk can do in
the app can be done from a Python shell through ``open_store``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import AbstractContextManager
from functools import cache
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

# The public names, each from its module: the one list of them (``_homes``).
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


#: The names defined here, beside those the ``TYPE_CHECKING`` block imports.
_OWN = ("Archive", "RecordWriter", "open_store")


@cache
def _homes() -> dict[str, tuple[str, str]]:
    """Each name the ``TYPE_CHECKING`` block above imports: its module, and
    its name there. Read from this file's text, so that block is the one
    list of the public names, for a type checker and for ``__getattr__``
    alike. A name that is also one of this package's submodules
    (``store.diff``) is imported renamed (``diff as item_diff``), as
    importing the submodule rebinds it."""
    text = Path(__file__).read_text(encoding="utf-8")
    start = text.index("\nif TYPE_CHECKING:\n")
    end = text.index("\n\n\n", start)
    # One line for each statement: the names in parentheses joined.
    block = _PARENS.sub(lambda names: names[1].replace("\n", " "), text[start:end])
    homes: dict[str, tuple[str, str]] = {}
    for module, names in _FROM.findall(block):
        for spelled in names.split(","):
            name, _, alias = spelled.strip().partition(" as ")
            if name:
                homes[alias or name] = (module, name)
    return homes


_PARENS = re.compile(r"\(([^)]*)\)")
_FROM = re.compile(r"^    from (store[\w.]*) import (.+)$", re.MULTILINE)


def __getattr__(name: str) -> object:
    """A public name, from its module (imported on first use), or
    ``__all__``: every public name. Not kept here: the name stays its
    module's, so patching it there is seen."""
    if name == "__all__":
        return [*_OWN, *_homes()]
    home = _homes().get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(home[0]), home[1])
