"""What the app is started with: one object for the command line, serve and the tests.

Nothing here imports Textual or the store, so the command line can build
it before deciding whether to start the app at all.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ccpi_tui.startup import IndexRead

#: The environment variable that marks a process as a browser session; its
#: value is ``read-only`` or ``edits``.
WEB_ENV = "CCPI_WEB"


@dataclass(frozen=True)
class WebMode:
    """What a browser session may do.

    Attributes:
        allow_edits: Importing and clerk corrections are allowed.
    """

    allow_edits: bool

    #: The one sentence a refused change gets.
    REFUSAL = "This archive is shared read-only in the browser; ask the clerk to restart it with serve --allow-edits to change it."

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] = os.environ) -> WebMode | None:
        """The mode ``CCPI_WEB`` gives, or None outside a browser session.

        An unknown value is read as read-only: a typo must not open the
        archive to changes.
        """
        value = environ.get(WEB_ENV)
        if not value:
            return None
        return cls(allow_edits=value == "edits")


@dataclass(frozen=True, slots=True)
class AppOptions:
    """How to start the app.

    Attributes:
        store_root: The store folder.
        export_dir: Where ctrl+e writes Markdown files.
        export_dir_explicit: True when the person named the folder.
        notice: A sentence to show once at start, or None.
        web: What a browser session (``serve``) may do, or None in a terminal.
        settings_file: Where a changed theme is kept, or None to keep nothing.
        theme: The theme to start with (from the settings), or None.
        index_read: The newest meetings being read from the index since
            the command line started (``IndexRead.start``), or None: the
            app reads them itself after its first frame.
    """

    store_root: Path
    export_dir: Path
    export_dir_explicit: bool = False
    notice: str | None = None
    web: WebMode | None = None
    settings_file: Path | None = None
    theme: str | None = None
    index_read: IndexRead | None = None
