"""The shell commands across meetings: people, attendance, decisions, followups, diff.

Same conventions as ``ccpi_tui.cli``: plain text (bold/dim only on a
terminal without ``NO_COLOR``), ``--json`` for scripts, one sentence on
stderr and a non-zero status for bad input, nothing stored changed then.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from ccpi_tui.cli import EXIT_OK, EXIT_USAGE, Out, fail
from store import roman, safe_line

if TYPE_CHECKING:
    from store import Archive


def iso_date(text: str) -> str:
    """An argparse type: an ISO date (YYYY-MM-DD), else one clear sentence."""
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write it as YYYY-MM-DD") from None


def add_parsers(make: Callable[[str, str], argparse.ArgumentParser]) -> None:
    """Add this module's commands through ``command(name, help)`` from ``build_parser``."""
    sub = make("people", "people across meetings: attendance, apologies, chair, substitutions")
    sub.add_argument("name", nargs="?", default="", metavar="NAME", help="part of a name (default: everyone)")
    sub.add_argument("--json", action="store_true", help="JSON for scripts")
    sub.add_argument("--merge-into", metavar="PERSON", help="make NAME (a person id) part of PERSON")
    sub.add_argument("--split", metavar="FORM", help="make the printed FORM of NAME (a person id) a person of its own")

    sub = make("attendance", "a committee's attendance matrix: members x meetings")
    sub.add_argument("committee", nargs="?", default="", metavar="COMMITTEE", help="committee id (default: each)")
    sub.add_argument("--after", type=iso_date, metavar="DATE", help="meetings on or after DATE")
    sub.add_argument("--before", type=iso_date, metavar="DATE", help="meetings on or before DATE")
    sub.add_argument("--json", action="store_true", help="JSON for scripts")

    sub = make("decisions", "the decisions register: every resolution and decision")
    sub.add_argument("text", nargs="*", metavar="WORDS", help="words that must appear")
    sub.add_argument("--committee", default="", metavar="ID")
    sub.add_argument("--after", type=iso_date, metavar="DATE")
    sub.add_argument("--before", type=iso_date, metavar="DATE")
    sub.add_argument("--key", action="store_true", help="key decisions only")
    sub.add_argument("--status", default="", metavar="WORDS", help="status contains WORDS")
    sub.add_argument("--standing", action="store_true", help="include standing items (minutes confirmed ...)")
    sub.add_argument("--json", action="store_true", help="JSON for scripts")

    sub = make("followups", "promised follow-ups: open and overdue first, met ones with the item that met them")
    which = sub.add_mutually_exclusive_group()
    which.add_argument("--open", action="store_const", const="open", dest="which", help="open and overdue (default)")
    which.add_argument("--overdue", action="store_const", const="overdue", dest="which", help="overdue only")
    which.add_argument("--all", action="store_const", const="all", dest="which", help="every status")
    sub.add_argument("--mark", nargs=2, metavar=("ID", "STATUS"), help="mark follow-up ID met, dropped or clear")
    sub.add_argument("--note", default="", help="why, with --mark")
    sub.add_argument("--json", action="store_true", help="JSON for scripts")

    sub = make("diff", "what changed in an item since the previous one of its thread (or OTHER)")
    sub.add_argument("id", metavar="ITEM")
    sub.add_argument("other", nargs="?", metavar="OTHER_ITEM")
    sub.add_argument("--json", action="store_true", help="JSON for scripts")


def run(store: Archive, args: argparse.Namespace) -> int | None:
    """Run this module's command, or None when ``args`` names another."""
    runner = {"people": run_people, "attendance": run_attendance, "decisions": run_decisions,
              "followups": run_followups, "diff": run_diff}.get(args.command)
    return runner(store, args) if runner else None


def _json_or_none(out: Out, as_json: bool, rows: Sequence[Any], none: str) -> bool:
    """Print ``rows`` as JSON, or the sentence ``none`` when there are none.

    Returns:
        True when that was all there is to print.
    """
    if as_json:
        out.json([row.to_dict() for row in rows])
        return True
    if not rows:
        out.line(none)
        return True
    return False


def _streamed(out: Out, as_json: bool, rows: Iterator[Any], none: str) -> Iterator[Any]:
    """``rows`` to print one by one as they are read; nothing when the JSON
    (``as_json``) or the sentence ``none`` was all there is to print."""
    if as_json:
        out.json([row.to_dict() for row in rows])
        return iter(())
    first = next(rows, None)
    if first is None:
        out.line(none)
        return iter(())
    return itertools.chain((first,), rows)


def run_people(store: Archive, args: argparse.Namespace) -> int:
    """``people [NAME]``: matching people with their meetings and roles."""
    from store import (
        PeopleError,
        find_people,
        list_people,
        merge_people,
        people_summaries,
        split_form,
    )

    try:
        if args.merge_into:
            merge_people(store, args.name, args.merge_into)
            args.name = args.merge_into
        elif args.split:
            args.name = split_form(store, args.name, args.split)
    except PeopleError as error:
        return fail(str(error))
    out = Out()
    if not args.name and not args.json:
        everyone = people_summaries(store)
        if len(everyone) > 5:  # a list of names: each person's row is not read
            for summary in everyone:
                out.row("", out.style(safe_line(summary.name), '1'), f"  {out.style(summary.id, '2')}  {summary.kind}")
            return EXIT_OK
    found = find_people(store, args.name) if args.name else list_people(store)
    if _json_or_none(out, args.json, found, f"No one in the store matches {safe_line(args.name or '')!r}."):
        return EXIT_OK
    detail = len(found) <= 5
    for person in found:
        out.row("", out.style(safe_line(person.name), '1'), f"  {out.style(person.id, '2')}  {person.kind}")
        if not detail:
            continue
        out.row("  printed as: ", safe_line('; '.join(person.forms)))
        for m in person.meetings:
            extra = [f"substituted for {s}" for s in m.substituted_for] + [f"substituted by {s}" for s in m.substituted_by]
            extra += [f"presented {item}" for item in m.presented]
            roles = ", ".join(m.roles + extra) or "-"
            out.row(f"  {m.date}  {m.meeting_id}  ", safe_line(roles))
        for reason in person.evidence:
            out.row("  why: ", safe_line(reason))
        out.line()
    return EXIT_OK


def run_attendance(store: Archive, args: argparse.Namespace) -> int:
    """``attendance [COMMITTEE]``: members x meetings, C P S A R marks."""
    from store import attendance

    committees = sorted({m.committee_id for m in store.meetings()})
    if args.committee and args.committee not in committees:
        return fail(f"There is no committee with the id {args.committee!r}; the store holds: {', '.join(committees) or 'none'}.")
    chosen = [args.committee] if args.committee else committees
    tables = [attendance(store, cid, args.after, args.before) for cid in chosen]
    out = Out()
    if args.json:
        out.json([
            {"committee_id": t.committee_id,
             "meetings": [{"meeting_id": mid, "date": date} for mid, date in t.meetings],
             "members": [{"id": p.id, "name": p.name, "marks": t.cells[p.id]} for p in t.members]}
            for t in tables
        ])
        return EXIT_OK
    for table in tables:
        count = len(table.meetings)
        out.row(out.style(f"{table.committee_id}: {len(table.members)} people, {count} meeting{'s' if count != 1 else ''}", "1"))
        width = max((len(p.name) for p in table.members), default=4)
        # A matrix wider than the terminal is cut at its right edge, one row a line.
        out.row(" " * width + "  " + " ".join(date[2:] for _, date in table.meetings))
        for person in table.members:
            marks = " ".join(table.cells[person.id].get(mid, ".").center(8) for mid, _ in table.meetings)
            out.row(f"{safe_line(person.name):<{width}}  {marks}")
        out.wrapped("C chair  P present  S substitute  A apologies  R replaced by a substitute  . not recorded")
    return EXIT_OK


def run_decisions(store: Archive, args: argparse.Namespace) -> int:
    """``decisions [WORDS]``: the register, newest first, filtered in SQL and
    printed as the rows are read."""
    from store import DecisionFilter, iter_decisions

    wanted = DecisionFilter(committee=args.committee, after=args.after, before=args.before,
                            key_only=args.key, status=args.status, text=" ".join(args.text), standing=args.standing)
    out = Out()
    rows = _streamed(out, args.json, iter_decisions(store, wanted), "No decisions match.")
    for row in rows:
        flags = [row.status]
        if row.key_decision is not None:
            flags.append("key" if row.key_decision else "not key")
        if row.call_in is not None:
            flags.append("call-in" if row.call_in else "no call-in")
        elif row.shape == "decision":
            flags.append("call-in not stated")
        out.row(f"{row.date}  {out.style(row.item_id, '1')}  ", safe_line(row.title))
        out.row(f"    {safe_line(' · '.join(flags))}: ", safe_line(row.text))
        for number, clause in enumerate(row.clauses, start=1):
            out.row(f"    ({roman(number)}) ", safe_line(clause))
    return EXIT_OK


def run_followups(store: Archive, args: argparse.Namespace) -> int:
    """``followups``: promises with status and reason."""
    from store import DROPPED, MET, OPEN, OVERDUE, FollowUpError, iter_followups, mark_followup

    if args.mark:
        followup_id, status = args.mark
        try:
            mark_followup(store, followup_id, None if status == "clear" else status, args.note)
        except FollowUpError as error:
            return fail(str(error))
    which = args.which or ("all" if args.mark else "open")
    keep = {"open": {OPEN, OVERDUE}, "overdue": {OVERDUE}, "all": {OPEN, OVERDUE, MET, DROPPED}}[which]
    out = Out()
    rows = _streamed(out, args.json, iter_followups(store, statuses=keep), f"No follow-ups ({which}).")
    for row in rows:
        status = out.style(row.status.upper(), "1") + " " * max(0, 8 - len(row.status))
        out.row(f"{status} {row.promise.date}  {row.id}  ", safe_line(row.promise.title))
        out.row("    “", safe_line(row.promise.text), "”")
        out.row("    ", safe_line(row.reason))
    return EXIT_OK


def run_diff(store: Archive, args: argparse.Namespace) -> int:
    """``diff ITEM [OTHER]``: changed figures, then changed text."""
    from store import DiffError, item_diff

    try:
        result = item_diff(store, args.id, args.other)
    except DiffError as error:
        return fail(str(error))
    out = Out()
    if args.json:
        out.json(result.to_dict())
        return EXIT_OK
    if result.older is None:
        out.line(safe_line(result.note))
        return EXIT_OK
    out.row(out.style(f"What changed: {result.older} -> {result.newer}", "1"))
    if result.figures:
        out.line("Figures:")
        for figure in result.figures:
            out.row("  ", safe_line(str(figure)))
    out.line(f"Text: {len(result.changes)} changed part{'s' if len(result.changes) != 1 else ''}")
    for change in result.changes:
        words = []
        for op, text in change.ops:
            shown = safe_line(text)
            words.append(shown if op == "=" else out.style(f"[-{shown}-]", "2") if op == "-" else out.style(f"{{+{shown}+}}", "1"))
        label = f"{safe_line(change.key)}: " if change.key else ""
        # Prose: wrapped to the terminal at spaces (never cut: every change counts).
        out.wrapped(f"{label}{' '.join(words)}", "  ")
    if not result.changes:
        out.line("  The two texts are the same.")
    return EXIT_OK


__all__ = ["EXIT_USAGE", "add_parsers", "run"]
