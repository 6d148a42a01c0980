"""Markdown of a person, the decisions register, the follow-ups and a diff.

``export`` names these with targets beside item and meeting ids:
``person:ID``, ``decisions``, ``followups`` and ``diff:ITEM`` (or
``diff:ITEM..OTHER``). Document text is escaped as in ``store.export``.
"""

from __future__ import annotations

from pathlib import Path

from store import Archive
from store.decisions import Decision, decisions
from store.diff import DiffError, ItemDiff, diff
from store.export import (
    ExportError,
    md_escape,
    md_inline,
    safe_filename,
    write_exactly,
    write_in_folder,
)
from store.followups import FollowUp, followups
from store.people import Person, person_by_id
from store.text import roman

TARGETS = ("person:ID", "decisions", "followups", "diff:ITEM", "diff:ITEM..OTHER")


def is_target(name: str) -> bool:
    """True when ``name`` is one of the across-meetings export targets."""
    return name in ("decisions", "followups") or name.startswith(("person:", "diff:"))


def person_markdown(person: Person) -> str:
    """One person's meetings and roles."""
    lines = [f"# {md_inline(person.name)}", "", f"*{person.kind}*; printed as: "
             + "; ".join(md_inline(form) for form in person.forms), ""]
    lines += ["| Date | Meeting | Roles | Substituted for | Substituted by | Presented |", "|---|---|---|---|---|---|"]
    for m in person.meetings:
        cells = [m.date, m.meeting_id, ", ".join(m.roles), "; ".join(m.substituted_for),
                 "; ".join(m.substituted_by), ", ".join(m.presented)]
        lines.append("| " + " | ".join(md_inline(cell) or " " for cell in cells) + " |")
    if person.evidence:
        lines += ["", "## Why these forms are one person", ""]
        lines += [f"- {md_escape(reason)}" for reason in person.evidence]
    return "\n".join(lines) + "\n"


def _decision(row: Decision) -> list[str]:
    facts = [f"{row.date}", row.committee, f"item {row.number}" if row.number else "", row.status]
    if row.key_decision is not None:
        facts.append("key decision" if row.key_decision else "not a key decision")
    if row.call_in is not None:
        facts.append("call-in applies" if row.call_in else "call-in does not apply")
    lines = [f"## {md_inline(row.title)}", "", md_inline(" · ".join(f for f in facts if f)) + f" · `{row.item_id}`", ""]
    if row.text:
        lines.append(md_escape(row.text))
    for number, clause in enumerate(row.clauses, start=1):
        lines.append(f"({roman(number)}) {md_escape(clause)}")
    return [*lines, ""]


def register_markdown(rows: list[Decision]) -> str:
    """The decisions register."""
    lines = ["# Decisions register", ""]
    for row in rows:
        lines += _decision(row)
    return "\n".join(lines) + ("" if rows else "No decisions.\n")


def followups_markdown(rows: list[FollowUp]) -> str:
    """Follow-ups with status and reason."""
    lines = ["# Follow-ups", ""]
    for row in rows:
        p = row.promise
        lines += [f"## {row.status.upper()}: {md_inline(p.title)}", "",
                  f"{p.date} · `{p.item_id}` · `{row.id}`", "", f"> {md_escape(p.text)}", "",
                  f"*{md_inline(row.reason)}*", ""]
    return "\n".join(lines) + ("" if rows else "No follow-ups.\n")


def diff_markdown(result: ItemDiff) -> str:
    """A diff: changed figures first, then changed text (removed ~~struck~~, added **bold**)."""
    if result.older is None:
        return f"# What changed in {result.newer}\n\n{md_escape(result.note)}\n"
    lines = [f"# What changed: `{result.older}` → `{result.newer}`", ""]
    if result.figures:
        lines += ["## Figures", ""] + [f"- {md_escape(str(f))}" for f in result.figures] + [""]
    lines += ["## Text", ""]
    for change in result.changes:
        words = []
        for op, text in change.ops:
            shown = md_inline(text)
            words.append(shown if op == "=" else f"~~{shown}~~" if op == "-" else f"**{shown}**")
        label = f"{md_inline(change.key)}: " if change.key else ""
        lines += [f"- {label}{' '.join(words)}"]
    if not result.changes:
        lines.append("The two texts are the same.")
    return "\n".join(lines) + "\n"


def markdown_of(store: Archive, target: str) -> tuple[str, str]:
    """The file name and Markdown of an export target.

    Raises:
        ExportError: The target names no person or item.
    """
    if target == "decisions":
        return safe_filename("decisions-register"), register_markdown(decisions(store))
    if target == "followups":
        return safe_filename("follow-ups"), followups_markdown(followups(store))
    if target.startswith("person:"):
        wanted = target.removeprefix("person:")
        person = person_by_id(store, wanted)
        if person is None:
            raise ExportError(f"There is no person with the id {wanted!r} (list them with: ccpi-tui people).")
        return safe_filename("person", person.name), person_markdown(person)
    newer, _, older = target.removeprefix("diff:").partition("..")
    try:
        result = diff(store, newer, older or None)
    except DiffError as error:
        raise ExportError(str(error)) from None
    return safe_filename("diff", newer, result.older or "first"), diff_markdown(result)


def export_target(store: Archive, target: str, path: Path | None, *, explicit: bool = True) -> tuple[Path | None, str]:
    """Write a target's Markdown to a folder or a new file, or return it.

    Returns:
        The path written (None when ``path`` is None) and the Markdown.
    """
    name, content = markdown_of(store, target)
    if path is None:
        return None, content
    if path.is_dir():
        return write_in_folder(path, name, content, explicit=explicit), content
    return write_exactly(path, content), content
