"""The shell commands: import, meetings, show, search, export, thread.

Each command takes an open ``Archive`` and parsed arguments, writes to
stdout, and returns an exit status. Output is plain text when stdout is not
a terminal or ``NO_COLOR`` is set; ``--json`` gives scripts a stable shape.
Nothing here imports Textual, so look-ups over SSH start quickly.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from ccpi_tui.widths import cells, fit_row, output_width, wrap
from store import blocks_to_text, safe_line, safe_text

if TYPE_CHECKING:
    # Annotations only: ``search`` runs without TinyDB (see ``run_search``).
    from store import Archive, Item, Meeting

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def color_enabled(stream: Any) -> bool:
    """True when ``stream`` is a terminal and ``NO_COLOR`` is not set."""
    return stream.isatty() and not os.environ.get("NO_COLOR")


class Out:
    """stdout with optional bold/dim, and the width rows must fit.

    ``width`` is ``COLUMNS`` or the terminal's width, ``None`` when piped
    with no ``COLUMNS`` (rows whole, ``show`` unwrapped); see ``widths``.
    """

    def __init__(self, stream: Any = None) -> None:
        """Wrap ``stream`` (stdout by default)."""
        self.stream = stream or sys.stdout
        self.color = color_enabled(self.stream)
        self.width = output_width(self.stream)

    def style(self, text: str, code: str) -> str:
        """``text`` in an SGR style (``1`` bold, ``2`` dim) when colour is on."""
        return f"\x1b[{code}m{text}\x1b[0m" if self.color else text

    def line(self, text: str = "") -> None:
        """Write one line as it is."""
        self.stream.write(text + "\n")

    def row(self, lead: str, title: str = "", tail: str = "") -> None:
        """Write one row fitted to ``width``: ``title`` cut with … first (``widths.fit_row``)."""
        self.stream.write(fit_row(self.width, lead, title, tail) + "\n")

    def wrapped(self, text: str, indent: str = "", code: str = "") -> None:
        """Write prose wrapped at spaces to ``width`` (at most 100 on a terminal), else unwrapped.

        Never mid-word: a word longer than the width stays whole on its own
        line. ``code`` styles each line (see ``style``).
        """
        width = self.width
        if width is not None and self.stream.isatty():
            width = min(width, 100)
        for line in wrap(text, width, indent):
            self.stream.write((self.style(line, code) if code and line else line) + "\n")

    def json(self, value: Any) -> None:
        """Write ``value`` as indented JSON."""
        self.stream.write(orjson.dumps(value, option=orjson.OPT_INDENT_2).decode() + "\n")


def fail(message: str, status: int = EXIT_FAILED) -> int:
    """Print one sentence to stderr and return ``status``."""
    sys.stderr.write(f"ccpi-tui: {safe_line(message)}\n")
    return status


# -- import --------------------------------------------------------------


@contextmanager
def _progress(total_hint: int, label: str = "Reading documents") -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on stderr for long work on a terminal."""
    if total_hint < 20 or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def _count_hint(paths: list[Path]) -> int:
    return sum(100 if path.is_dir() else 1 for path in paths)


def run_import(
    store: Archive, paths: list[Path], committee: str | None = None, date: str | None = None
) -> int:
    """``import PATH...``: one line per file; 0 only if nothing was rejected.

    ``committee`` and ``date`` (``--committee``, ``--date``) place documents
    that print neither.
    """
    from store import import_paths

    out = Out()
    with _progress(_count_hint(paths)) as progress:
        results = import_paths(store, paths, progress=progress, committee=committee, date=date)
    if not results:
        return fail("No files were found to import.")
    width = max(len(result.status) for result in results)
    # The format column: "pdf", "html", "docx", "xml", "text", or "-" when unread.
    kinds = max(len(result.format or "-") for result in results)
    for result in results:
        name = safe_line(str(result.path))
        lead = f"{result.status:<{width}}  {result.format or '-':<{kinds}}"
        if result.ok:
            target = f" -> {result.meeting_id}" if result.meeting_id else ""
            if result.added:
                target += f" ({result.added})"
            out.row(f"{lead}  ", name, target)
            for warning in result.warnings:
                out.wrapped(f"warning: {safe_line(warning)}", " " * (width + 2 + kinds + 2))
        elif out.width is None or cells(f"{lead}  {result.message}: ") + 8 <= out.width:
            out.row(f"{lead}  ", name, f": {safe_line(result.message)}")
        else:
            # The reason is the advice: never cut; the path gives way, the reason wraps below it.
            out.row(f"{lead}  ", f"{name}:")
            out.wrapped(safe_line(result.message), " " * (width + 2 + kinds + 2))
    rejected = sum(not result.ok for result in results)
    summary = {status: sum(r.status == status for r in results) for status in ("imported", "merged", "unchanged", "rejected")}
    sys.stderr.write(", ".join(f"{n} {status}" for status, n in summary.items() if n) + "\n")
    return EXIT_FAILED if rejected else EXIT_OK


# -- meetings ----------------------------------------------------------


def run_meetings(store: Archive, as_json: bool) -> int:
    """``meetings``: newest first."""
    out = Out()
    meetings = store.meetings()
    counts = {meeting.id: len(store.summaries(meeting.id)) for meeting in meetings}
    if as_json:
        out.json(
            [
                {
                    "id": m.id,
                    "date": m.date,
                    "committee": m.committee,
                    "committee_id": m.committee_id,
                    "holds": m.holds,
                    "items": counts[m.id],
                }
                for m in meetings
            ]
        )
        return EXIT_OK
    if not meetings:
        out.line("The store holds no meetings yet; add some with: ccpi-tui import PATH")
        return EXIT_OK
    id_width = max(len(m.id) for m in meetings)
    for m in meetings:
        holds = "+".join(m.holds)
        out.row(
            f"{out.style(m.id.ljust(id_width), '1')}  {m.date}  ",
            safe_line(m.committee),
            f"  [{holds}]  {counts[m.id]} item{'s' if counts[m.id] != 1 else ''}",
        )
    return EXIT_OK


# -- show ----------------------------------------------------------------


def _wrap(out: Out, text: str, indent: str = "") -> None:
    out.wrapped(text, indent)


def meeting_facts(meeting: Meeting) -> list[tuple[str, str]]:
    """Label/value pairs describing a meeting, empty values left out."""
    facts = [
        ("Date", meeting.date + (f" at {meeting.time}" if meeting.time else "")),
        ("Venue", meeting.venue or ""),
        ("Record", ", ".join(meeting.holds)),
        ("Chair", meeting.chair or ""),
        ("Present", ", ".join(meeting.present)),
        ("Apologies", ", ".join(meeting.apologies)),
        ("Substitutions", "; ".join(f"{s.member} replaced {s.replaced}" for s in meeting.substitutions)),
        ("Officers", ", ".join(meeting.officers)),
        ("Next meeting", meeting.next_meeting or ""),
    ]
    return [(label, safe_line(value)) for label, value in facts if value]


def _show_meeting(store: Archive, meeting: Meeting, as_json: bool) -> int:
    out = Out()
    items = store.summaries(meeting.id)
    if as_json:
        data = meeting.to_dict()
        data["items"] = [{"id": s.id, "number": s.number, "title": s.title} for s in items]
        out.json(data)
        return EXIT_OK
    out.wrapped(safe_line(meeting.committee), code="1")
    out.line(f"Meeting {meeting.id}")
    for label, value in meeting_facts(meeting):
        _wrap(out, f"{label}: {value}")
    out.line()
    out.line(out.style("Agenda", "1"))
    for summary in items:
        number = f"{summary.number}." if summary.number else "-"
        quiet = " (standing item)" if summary.standing else ""
        out.row(f"  {number:>5} ", safe_line(summary.title), quiet)
        out.line(f"        {out.style(summary.id, '2')}")
    return EXIT_OK


def _show_item(store: Archive, item: Item, as_json: bool) -> int:
    out = Out()
    meeting = store.meeting(item.meeting_id)
    if as_json:
        out.json(
            {
                "id": item.id,
                "meeting_id": item.meeting_id,
                "number": item.number,
                "title": item.title,
                "standing": item.standing,
                "shape": item.shape,
                "presenters": item.presenters,
                "text": safe_text(item.plain_text()),
            }
        )
        return EXIT_OK
    committee = safe_line(meeting.committee) if meeting else ""
    date = meeting.date if meeting else ""
    number = f"{item.number}. " if item.number else ""
    out.wrapped(f"{number}{safe_line(item.title)}", code="1")
    out.wrapped(f"{committee}, {date}  [{item.id}]")
    if item.presenters:
        _wrap(out, "Presented by: " + safe_line("; ".join(item.presenters)))
    out.line()
    _wrap(out, safe_text(blocks_to_text(item.blocks)))
    return EXIT_OK


def run_show(store: Archive, some_id: str, as_json: bool) -> int:
    """``show ID``: an item as text, or a meeting with its agenda."""
    meeting = store.meeting(some_id)
    if meeting is not None:
        return _show_meeting(store, meeting, as_json)
    item = store.item(some_id)
    if item is not None:
        return _show_item(store, item, as_json)
    return fail(f"There is no meeting or item with the id {some_id!r} (list them with: ccpi-tui meetings).")


# -- search --------------------------------------------------------------


def run_search(store: Archive | Path, query: str, limit: int, as_json: bool) -> int:
    """``search QUERY``: ranked fuzzy results.

    The rows go to stdout; how many matched in all ("20 of 340 matches")
    goes to stderr, where it neither breaks ``| head`` nor counts in
    ``| wc -l``. ``--json`` gives ``{"total": N, "results": [...]}``.

    Answered from the store's index database alone (see ``store.index``):
    the records' bodies are read only if the index must catch up first.
    """
    from store import SearchIndex, parse_query

    problems = parse_query(query).problems
    if problems:
        return fail(problems[0] + ".")
    index = SearchIndex.open(store) if isinstance(store, Path) else SearchIndex.build(store)
    try:
        hits = index.search(query, limit=limit)
    finally:
        index.close()
    out = Out()
    if as_json:
        out.json(
            {
                "total": hits.total,
                "results": [
                    {
                        "id": hit.id,
                        "meeting_id": hit.meeting_id,
                        "date": hit.date,
                        "number": hit.number,
                        "title": hit.title,
                        "score": hit.score,
                        "snippet": hit.snippet,
                        "spans": [list(span) for span in hit.spans],
                    }
                    for hit in hits
                ],
            }
        )
        return EXIT_OK
    if not hits:
        out.line(f"Nothing matches {safe_line(query)!r}.")
        return EXIT_OK
    for rank, hit in enumerate(hits, start=1):
        number = f"{hit.number}. " if hit.number else ""
        out.row(f"{rank:>3}. {out.style(hit.id, '1')}  {hit.date}  {hit.committee_id}  {number}", safe_line(hit.title))
        snippet = hit.snippet
        if out.color:
            for start, end in reversed(hit.spans):
                snippet = snippet[:start] + out.style(snippet[start:end], "1") + snippet[end:]
        out.row("     ", snippet)
    out.stream.flush()
    sys.stderr.write(f"{_matches(len(hits), hits.total)}\n")
    return EXIT_OK


def _matches(shown: int, total: int) -> str:
    """``20 of 340 matches`` (or ``3 matches`` when all are shown)."""
    noun = "match" if total == 1 else "matches"
    return f"{total} {noun}" if shown >= total else f"{shown} of {total} {noun} (more with --limit)"


# -- reindex -------------------------------------------------------------


def run_reindex(store: Archive) -> int:
    """``reindex``: build the derived index (search, topics) again from the records."""
    from store import rebuild_index

    with _progress(len(store.meetings()), "Indexing meetings") as progress:
        rebuild_index(store, progress=progress)
    meetings, items = store.counts()
    sys.stderr.write(f"Indexed {meetings} meetings and {items} items again from the records.\n")
    return EXIT_OK


# -- export --------------------------------------------------------------


def run_export(store: Archive, some_id: str, target: Path | None, folder: tuple[Path, bool] | None = None) -> int:
    """``export ID [-o PATH]``: Markdown to stdout, a file, or a folder.

    ``folder`` (the export folder, and whether the clerk named it) is used
    when there is no ``-o``; without it the Markdown goes to stdout.
    """
    from store import (
        ExportError,
        ensure_folder,
        export_to_file,
        export_to_folder,
        is_target,
        markdown_for,
    )

    if is_target(some_id):
        return _export_across(store, some_id, target)
    if store.kind_of(some_id) is None:
        return fail(f"There is no meeting or item with the id {some_id!r} (list them with: ccpi-tui meetings).")
    try:
        if target is None and folder is not None:
            written = export_to_folder(store, some_id, ensure_folder(*folder), explicit=folder[1])
        elif target is None:
            sys.stdout.write(markdown_for(store, some_id))
            return EXIT_OK
        elif target.is_dir():
            written = export_to_folder(store, some_id, target, explicit=True)
        else:
            written = export_to_file(store, some_id, target)
    except ExportError as error:
        return fail(str(error))
    sys.stderr.write(f"Wrote {safe_line(str(written.absolute()))}\n")
    return EXIT_OK


def _export_across(store: Archive, name: str, target: Path | None) -> int:
    """``export person:ID|decisions|followups|diff:ITEM[..OTHER]``."""
    from store import ExportError, export_target

    try:
        written, content = export_target(store, name, target)
    except ExportError as error:
        return fail(str(error))
    if written is None:
        sys.stdout.write(content)
    else:
        sys.stderr.write(f"Wrote {safe_line(str(written))}\n")
    return EXIT_OK


# -- thread --------------------------------------------------------------


def run_thread(store: Archive, args: argparse.Namespace) -> int:
    """``thread ID``: the item's topic timeline and references; corrections."""
    from store import confirm_link, move_item, reject_link, thread_view

    item_id = args.id
    if store.kind_of(item_id) != "item":
        return fail(f"There is no item with the id {item_id!r}; thread takes an item id like ccpi-2015-12-10/4.")
    if args.confirm:
        confirm_link(store, item_id, args.confirm)
    if args.reject:
        reject_link(store, item_id, args.reject)
    if args.move:
        move_item(store, item_id, args.move)
    view = thread_view(store, item_id)
    out = Out()
    if args.json:
        out.json(
            {
                "thread_id": view.thread_id,
                "thread": [_link_json(link) for link in view.thread],
                "related": [_link_json(link) for link in view.related],
                "references": [
                    {"kind": ref.kind, "text": ref.text, "date": ref.date, "target": ref.target}
                    for ref in view.references
                ],
            }
        )
        return EXIT_OK
    out.line(out.style(f"Thread {view.thread_id or '(none)'}", "1"))
    for link in view.thread:
        mark = "*" if link.id == item_id else " "
        out.row(f" {mark} {link.date}  {out.style(link.id, '1')}  ", safe_line(link.title))
        if link.id != item_id:
            out.row(f"      {link.score:.0f}: ", safe_line(link.reason))
    if view.related:
        out.line()
        out.line(out.style("Related", "1"))
        for link in view.related:
            out.row(f"   {link.date}  {out.style(link.id, '1')}  ", safe_line(link.title))
            out.row(f"      {link.score:.0f}: ", safe_line(link.reason))
    if view.references:
        out.line()
        out.line(out.style("References", "1"))
        for ref in view.references:
            where = ref.target or "not in this archive"
            when = f" ({ref.date})" if ref.date else ""
            out.row(f"   {ref.kind}: ", safe_line(ref.text), f"{when} -> {where}")
    return EXIT_OK


def _link_json(link: Any) -> dict[str, Any]:
    return {
        "id": link.id,
        "date": link.date,
        "title": link.title,
        "score": link.score,
        "reason": link.reason,
        "status": link.status,
    }
