"""The clerk's settings file and the default export folder.

``$XDG_CONFIG_HOME/ccpi-tui/settings.toml`` (platformdirs'
``user_config_dir``) keeps two keys::

    export_dir = "~/Documents/council"
    theme = "textual-light"

It is read with ``tomllib``; a file that cannot be read gives one sentence
naming the file and the line, and the defaults. Writing (the theme, when
the clerk changes it) replaces the file atomically. No Textual here.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "ccpi-tui"


@dataclass(frozen=True, slots=True)
class Settings:
    """What the settings file holds; None where it says nothing."""

    export_dir: Path | None = None
    theme: str | None = None


def settings_path() -> Path:
    """Where the settings file lives (``$XDG_CONFIG_HOME/ccpi-tui/settings.toml`` on Linux)."""
    from platformdirs import user_config_path

    return user_config_path(APP_NAME) / "settings.toml"


def load_settings(path: Path) -> tuple[Settings, str | None]:
    """The settings in ``path``, and a sentence if the file could not be used.

    A missing file is no problem: the defaults, and no sentence.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings(), None
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or "it is not UTF-8 text"
        return Settings(), f"The settings file {path} could not be read ({reason}); using the defaults."
    import tomllib  # here: most starts have no settings file to parse

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"line (\d+)", str(error))
        line = found.group(1) if found else "?"
        return Settings(), f"The settings file {path} is not valid TOML at line {line}; using the defaults."
    export_dir, theme = data.get("export_dir"), data.get("theme")
    for key, value in (("export_dir", export_dir), ("theme", theme)):
        if value is not None and not (isinstance(value, str) and value.strip()):
            line = _line_of(text, key)
            return Settings(), (
                f"The settings file {path} has a {key} that is not a text value at line {line}; using the defaults."
            )
    return Settings(Path(export_dir).expanduser() if export_dir else None, theme), None


def _line_of(text: str, key: str) -> str:
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip().startswith(key):
            return str(number)
    return "?"


def _toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(ch if ch >= " " and ch != "\x7f" else f"\\u{ord(ch):04x}" for ch in escaped)
    return f'"{escaped}"'


def save_settings(path: Path, settings: Settings) -> None:
    """Write ``settings`` to ``path`` atomically (a temporary file, then a rename).

    Raises:
        OSError: The folder cannot be made or written.
    """
    lines = ["# ccpi-tui settings"]
    if settings.export_dir is not None:
        lines.append(f"export_dir = {_toml_string(str(settings.export_dir))}")
    if settings.theme is not None:
        lines.append(f"theme = {_toml_string(settings.theme)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".settings-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def save_theme(path: Path, theme: str) -> None:
    """Keep ``theme`` in the settings file, keeping its ``export_dir``.

    A file that cannot be read is not overwritten (the clerk may be
    editing it): nothing is saved then.
    """
    settings, problem = load_settings(path)
    if problem is not None or settings.theme == theme:
        return
    save_settings(path, Settings(settings.export_dir, theme))


def default_export_dir() -> Path:
    """``<documents>/ccpi-tui``, else ``<data folder>/exports``; never the current folder.

    ``XDG_DOCUMENTS_DIR`` is honoured when set, then the desktop's
    ``user-dirs.dirs`` (platformdirs). The folder is not made here.
    """
    from platformdirs import user_data_path, user_documents_path

    documents = os.environ.get("XDG_DOCUMENTS_DIR", "").strip()
    base = Path(documents).expanduser() if documents else user_documents_path()
    if base.is_dir():
        return base / APP_NAME
    return user_data_path(APP_NAME) / "exports"


def export_folder(named: Path | None, settings: Settings) -> tuple[Path, bool]:
    """The export folder, and whether the clerk named it (``--export-dir`` or the settings)."""
    if named is not None:
        return named, True
    if settings.export_dir is not None:
        return settings.export_dir, True
    return default_export_dir(), False
