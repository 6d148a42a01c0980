"""Markdown export of items and meetings, and safe export files.

The Markdown is CommonMark with YAML front matter. Document text is
escaped so that nothing in it becomes a link, an image, raw HTML or a
heading it was not; control characters were removed at import and are
removed again here. File names come from titles, so they are built from a
conservative alphabet, capped at 200 bytes, and written with ``O_EXCL |
O_NOFOLLOW`` so that no existing file, and no symlink planted at the name,
is ever written through.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from store import Archive
from store.models import Block, Item, Meeting
from store.text import roman, safe_line

MAX_NAME_BYTES = 200
_WINDOWS_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"] + [f"com{n}" for n in range(1, 10)] + [f"lpt{n}" for n in range(1, 10)]
)
#: ASCII punctuation that can start Markdown syntax inside a line.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~!&])")
#: Line starts that Markdown reads as a heading, quote, list or rule.
_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])")


class ExportError(Exception):
    """An export could not be written; the message is one sentence."""


def md_inline(text: str) -> str:
    """Escape document text for use after a Markdown marker (``# ``, ``| ``)."""
    return _INLINE_SPECIAL.sub(r"\\\1", safe_line(text).strip())


def md_escape(text: str) -> str:
    """Escape document text so Markdown shows it literally as a line of its own."""
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), md_inline(text))


def _cell(text: str) -> str:
    return md_inline(text) or " "


def _table(rows: list[list[str]]) -> str:
    width = max(len(row) for row in rows)
    padded = [row + [""] * (width - len(row)) for row in rows]
    lines = ["| " + " | ".join(_cell(cell) for cell in padded[0]) + " |"]
    lines.append("|" + "---|" * width)
    lines += ["| " + " | ".join(_cell(cell) for cell in row) + " |" for row in padded[1:]]
    return "\n".join(lines)


def block_markdown(block: Block) -> str:
    """One block as Markdown."""
    if block.kind == "heading":
        return f"{'#' * (block.level + 1)} {md_inline(block.text)}"
    if block.kind == "bullets":
        return "\n".join(f"- {md_escape(entry)}" for entry in block.items)
    if block.kind == "table" and block.rows:
        return _table(block.rows)
    if block.kind == "resolution":
        lines = [f"> **Resolved:** {md_escape(block.text)}"]
        for number, clause in enumerate(block.items, start=1):
            lines += [">", f"> ({roman(number)}) {md_escape(clause)}"]
        return "\n".join(lines)
    return md_escape(block.text)


#: Characters a renderer that does not know front matter would read as raw
#: HTML, an entity or a link, written as JSON escapes (YAML reads them back).
_FRONT_MATTER_ESCAPES = {ord(char): f"\\u{ord(char):04x}" for char in "<>[]&"}


def _front_matter(fields: dict[str, str]) -> str:
    # JSON strings are valid YAML double-quoted scalars.
    lines = [
        f"{key}: {json.dumps(safe_line(value), ensure_ascii=False).translate(_FRONT_MATTER_ESCAPES)}"
        for key, value in fields.items()
    ]
    return "---\n" + "\n".join(lines) + "\n---\n"


def _links(store: Archive, item: Item) -> list[str]:
    from store.topics import thread_view

    view = thread_view(store, item.id)
    # A long thread lists hundreds of links but far fewer distinct titles
    # and reasons (a recurring report, "same title"): each is escaped once.
    escape = lru_cache(maxsize=None)(md_escape)
    lines = []
    for ref in view.references:
        where = f"`{ref.target}`" if ref.target else "not in this archive"
        when = f" ({ref.date})" if ref.date else ""
        lines.append(f"- {escape(ref.text)}{when}: {where}")
    for link in [*view.thread, *view.related]:
        if link.id != item.id:
            lines.append(f"- {link.date} {escape(link.title)}: `{link.id}` ({escape(link.reason)})")
    return lines


def _item_body(store: Archive, item: Item, meeting: Meeting, level: int) -> list[str]:
    number = f"{item.number}. " if item.number else ""
    parts = [f"{'#' * level} {md_inline(number + item.title)}"]
    if item.presenters:
        parts.append("**Presented by:** " + md_escape("; ".join(item.presenters)))
    for block in item.blocks:
        if block.kind == "heading":
            block = Block("heading", block.text, level=block.level + level - 1)
        parts.append(block_markdown(block))
    links = _links(store, item)
    if links:
        parts += [f"{'#' * (level + 1)} Links to other meetings", "\n".join(links)]
    return parts


def item_markdown(store: Archive, item_id: str, *, now: datetime | None = None) -> str:
    """An item as a Markdown document with front matter.

    Raises:
        ExportError: No such item.
    """
    item = store.item(item_id)
    meeting = store.meeting(item.meeting_id) if item else None
    if item is None or meeting is None:
        raise ExportError(f"There is no item with the id {safe_line(item_id)!r}.")
    source = store.source(item.source, item.meeting_id)
    front = _front_matter(
        {
            "committee": meeting.committee,
            "meeting_date": meeting.date,
            "item_number": item.number,
            "title": item.title,
            "id": item.id,
            "source_file": source.name if source else "",
            "exported_at": _stamp(now),
        }
    )
    return front + "\n" + "\n\n".join(_item_body(store, item, meeting, 1)) + "\n"


def meeting_markdown(store: Archive, meeting_id: str, *, now: datetime | None = None) -> str:
    """A whole meeting (attendance, then every item) as Markdown.

    Raises:
        ExportError: No such meeting.
    """
    meeting = store.meeting(meeting_id)
    if meeting is None:
        raise ExportError(f"There is no meeting with the id {safe_line(meeting_id)!r}.")
    sources = [store.source(source_id, meeting.id) for source_id in meeting.sources]
    front = _front_matter(
        {
            "committee": meeting.committee,
            "meeting_date": meeting.date,
            "id": meeting.id,
            "source_file": ", ".join(source.name for source in sources if source),
            "exported_at": _stamp(now),
        }
    )
    parts = [f"# {md_inline(meeting.committee)}: {meeting.date}"]
    facts = [
        ("Time", meeting.time or ""),
        ("Venue", meeting.venue or ""),
        ("Chair", meeting.chair or ""),
        ("Present", ", ".join(meeting.present)),
        ("Apologies", ", ".join(meeting.apologies)),
        (
            "Substitutions",
            "; ".join(f"{s.member} replaced {s.replaced}" for s in meeting.substitutions),
        ),
        ("Officers", ", ".join(meeting.officers)),
        ("Next meeting", meeting.next_meeting or ""),
    ]
    parts += ["\n".join(f"- **{name}:** {md_escape(value)}" for name, value in facts if value)]
    for item in store.items(meeting_id):
        parts += _item_body(store, item, meeting, 2)
    return front + "\n" + "\n\n".join(part for part in parts if part) + "\n"


def _stamp(now: datetime | None) -> str:
    return (now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")


def safe_filename(*parts: str, suffix: str = ".md") -> str:
    """A portable file name from parts such as date, number and title.

    Only ASCII letters, digits and hyphens survive (accents are folded);
    no separators, dots, controls or leading hyphen; Windows reserved names
    get a suffix; the name is at most ``MAX_NAME_BYTES`` bytes.
    """
    folded = unicodedata.normalize("NFKD", " ".join(parts)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", folded).strip("-").casefold() or "export"
    tail = "-file" if slug.split("-", 1)[0] in _WINDOWS_RESERVED else ""
    # Four bytes are left for the "-2" ... "-999" of write_in_folder.
    room = MAX_NAME_BYTES - len(suffix.encode()) - len(tail) - 4
    return slug[:room].rstrip("-") + tail + suffix


def _open_new(path: Path) -> int:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    return os.open(path, flags, 0o644)


def write_new_file(path: Path, content: str) -> None:
    """Create ``path`` with ``content``; never overwrite, never follow links.

    Raises:
        FileExistsError: Something (a file or a link) is already there.
    """
    fd = _open_new(path)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(content)
    except BaseException:
        # Ours since O_EXCL created it: leave no half-written export behind.
        path.unlink(missing_ok=True)
        raise


def write_in_folder(folder: Path, name: str, content: str, *, explicit: bool) -> Path:
    """Write ``content`` under a fresh name in ``folder``.

    ``name`` gets ``-2``, ``-3`` ... before its suffix if taken, its stem
    cut so that the name stays within ``MAX_NAME_BYTES``.

    Args:
        folder: The export folder; must exist.
        name: A name from ``safe_filename``.
        content: The Markdown.
        explicit: The person named this folder; otherwise a folder that is
            a symlink is refused.

    Raises:
        ExportError: The folder is missing, a symlink not named explicitly,
            or cannot be written.
    """
    if folder.is_symlink() and not explicit:
        raise ExportError(f"The export folder {folder} is a symbolic link; name it explicitly to use it.")
    if not folder.is_dir():
        raise ExportError(f"The export folder {folder} does not exist.")
    stem, suffix = os.path.splitext(name)
    for n in range(1, 10_000):
        tag = "" if n == 1 else f"-{n}"
        room = MAX_NAME_BYTES - len(suffix.encode()) - len(tag)
        # Cut on a character boundary so that the name stays within the limit.
        fitted = stem.encode()[:room].decode("utf-8", "ignore")
        candidate = folder / f"{fitted}{tag}{suffix}"
        try:
            write_new_file(candidate, content)
        except FileExistsError:
            continue
        except OSError as error:
            raise ExportError(f"Cannot write {candidate}: {error.strerror}.") from None
        return candidate
    raise ExportError(f"Too many exports named {name} in {folder}.")


def ensure_folder(folder: Path, explicit: bool) -> Path:
    """``folder``, made first (with its parents) when it is the default one.

    A folder the clerk named is not made: a typing mistake should be
    reported by ``write_in_folder``, not turned into a new folder.

    Raises:
        ExportError: The default folder cannot be made.
    """
    if not explicit and not folder.is_symlink():
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise ExportError(f"Cannot make the export folder {folder}: {error.strerror}.") from None
    return folder


def export_name(store: Archive, some_id: str) -> str:
    """The file name for an item or meeting export."""
    item = store.summary(some_id)
    if item is not None:
        meeting = store.meeting(item.meeting_id)
        day = meeting.date if meeting else ""
        return safe_filename(day, item.number or "", item.title)
    meeting = store.meeting(some_id)
    if meeting is None:
        raise ExportError(f"There is no meeting or item with the id {safe_line(some_id)!r}.")
    return safe_filename(meeting.date, meeting.committee_id, "meeting")


def markdown_for(store: Archive, some_id: str) -> str:
    """Markdown of an item or a meeting, by id."""
    if store.kind_of(some_id) == "meeting":
        return meeting_markdown(store, some_id)
    return item_markdown(store, some_id)


def plain_text_for(store: Archive, some_id: str) -> str:
    """An item or a meeting as plain text (no Markdown, no front matter), by id.

    Raises:
        ExportError: No such item or meeting.
    """
    def item_text(item: Item) -> str:
        number = f"{item.number}. " if item.number else ""
        body = item.plain_text()
        return f"{number}{item.title}" + (f"\n\n{body}" if body else "")

    if store.kind_of(some_id) == "meeting":
        meeting = store.meeting(some_id)
        assert meeting is not None
        parts = [f"{meeting.committee}: {meeting.date}", *(item_text(item) for item in store.items(some_id))]
        return "\n\n".join(parts) + "\n"
    item = store.item(some_id)
    if item is None:
        raise ExportError(f"There is no meeting or item with the id {safe_line(some_id)!r}.")
    return item_text(item) + "\n"


def export_to_folder(store: Archive, some_id: str, folder: Path, *, explicit: bool) -> Path:
    """Write the Markdown of an item or meeting into ``folder``; return the path."""
    name = export_name(store, some_id)
    return write_in_folder(folder, name, markdown_for(store, some_id), explicit=explicit)


def export_to_file(store: Archive, some_id: str, path: Path) -> Path:
    """Write the Markdown to exactly ``path`` (refusing to overwrite)."""
    return write_exactly(path, markdown_for(store, some_id))


def write_exactly(path: Path, content: str) -> Path:
    """Write ``content`` to exactly ``path``, never over an existing file;
    a failure is one ``ExportError`` sentence."""
    try:
        write_new_file(path, content)
    except FileExistsError:
        raise ExportError(f"{path} already exists; it was not overwritten.") from None
    except OSError as error:
        raise ExportError(f"Cannot write {path}: {error.strerror}.") from None
    return path


__all__ = [
    "ExportError",
    "ensure_folder",
    "export_to_file",
    "export_to_folder",
    "item_markdown",
    "markdown_for",
    "plain_text_for",
    "meeting_markdown",
    "safe_filename",
]
