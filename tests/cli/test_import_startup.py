"""``ccpi-tui import`` of a text file loads only what importing needs: not
the app (Textual, Rich), the web server, the search's query side, the
readers of other formats, nor ``filelock`` (``store.lockfile`` locks)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ccpi_tui import samples_dir

#: Top-level packages and modules an import of a text file must not load.
UNNEEDED = (
    "textual",
    "rich",
    "textual_serve",
    "aiohttp",
    "filelock",
    "platformdirs",
    "ccpi_tui.app",
    "ccpi_tui.serve",
    "store.search.retrieve",
    "store.search.rank",
    "store.ingest.pdf",
    "store.ingest.docx",
    "store.ingest.xml",
)

PROBE = """
import sys
from ccpi_tui.__main__ import main
status = main(sys.argv[1:])
loaded = sorted(
    name for name in {unneeded!r}
    if name in sys.modules or any(m.startswith(name + ".") for m in sys.modules)
)
print("loaded:" + ",".join(loaded))
sys.exit(status)
"""


def _import(store: Path, document: Path) -> str:
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(unneeded=UNNEEDED), "--db", str(store), "import", str(document)],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    (line,) = [line for line in result.stdout.splitlines() if line.startswith("loaded:")]
    return line.removeprefix("loaded:")


def test_importing_text_files_loads_nothing_unneeded(tmp_path: Path) -> None:
    first, second = sorted(samples_dir().glob("*.txt"))[:2]
    store = tmp_path / "store"
    # The first import builds the index; the second catches it up by one meeting.
    assert _import(store, first) == ""
    assert _import(store, second) == ""
