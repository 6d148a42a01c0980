"""The data layer stands alone: no module under store/ pulls in Textual, Rich or the app."""

import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import store

MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages([str(Path(store.__file__).parent)], prefix="store.")
)


def test_every_store_module_is_listed():
    assert "store.database" in MODULES and "store.importer" in MODULES


@pytest.mark.parametrize("module", MODULES)
def test_store_module_does_not_import_textual_rich_or_the_app(module):
    code = (
        f"import sys, {module}; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich', 'ccpi_tui')); "
        "print(','.join(bad))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"{module} imports {result.stdout.strip()}"
