"""The committee and date of a document that prints none, from what the archive says.

A page saved or copied from below its heading ("Agenda and minutes" down)
names neither. They are found, in order of trust:

* ``import --committee NAME --date YYYY-MM-DD`` (``given``);
* the page's "Minutes of the Meeting held on X" item: this meeting is the
  one after X, that is the committee's next stored meeting after X (unless
  its own minutes item confirms another meeting), or the date the minutes
  of X give as the "Date of Next Meeting";
* the page's own "Date of Next Meeting" N: the stored meeting on N confirms
  the minutes of this meeting, or a stored meeting names N as its next one;
* a stored decision page "Decided at meeting" on an item of the same title.

Every clue that answers must agree (``inferred``). A next-meeting date alone
never makes a meeting: the page must point at a meeting the archive holds.
Nothing is written here; the importer stores what this decides.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from store import Archive
from store.ingest import Rejected
from store.ingest.committees import same_committee
from store.models import Item, Meeting, ParsedDocument

#: How many stored meetings after X are read to find the one after X.
_LOOK_AHEAD = 3


@dataclass(slots=True)
class Dated:
    """Where a document belongs.

    Attributes:
        committee: The committee's name.
        date: ISO date of the meeting.
        source: ``heading``, ``given`` or ``inferred``.
        how: For an inferred date, the clue that gave it, in words.
    """

    committee: str
    date: str
    source: str
    how: str = ""


def date_document(
    store: Archive, document: ParsedDocument, committee: str | None = None, date: str | None = None
) -> Dated:
    """The committee and date of ``document``: printed, given or inferred.

    Args:
        store: The archive the document is imported into.
        document: The parsed document; ``committee``/``meeting.date`` may be "".
        committee: The committee the clerk named (``--committee``), if any.
        date: The ISO date the clerk named (``--date``), if any.

    Raises:
        Rejected: The given values contradict the document, or nothing pins
            the date down.
    """
    printed = document.meeting.date
    if date and printed and date != printed:
        raise Rejected(f"Its heading gives the date {printed}, not the --date {date} given.")
    if committee and document.committee and not same_committee(committee, document.committee):
        raise Rejected(
            f"Its heading names the committee '{document.committee}', not the --committee given."
        )
    name = document.committee or committee or ""
    if printed:
        if not name:
            raise Rejected("It names no committee: give it with --committee NAME.")
        return Dated(name, printed, "heading")
    if date:
        if not name:
            raise Rejected("The page names no committee: give it with --committee NAME too.")
        return Dated(name, date, "given")
    return _infer(store, document, name)


def _infer(store: Archive, document: ParsedDocument, name: str) -> Dated:
    meetings: dict[str, list[Meeting]] = defaultdict(list)
    for meeting in sorted(store.meetings(), key=lambda m: m.date):
        if not name or same_committee(meeting.committee, name):
            meetings[meeting.committee_id].append(meeting)
    clues = _Clues(store, document)
    found: dict[tuple[str, str], str] = {}
    for held in meetings.values():
        for date, how in clues.answers(held):
            found.setdefault((held[0].committee, date), how)
    if len(found) == 1:
        ((committee, date), how), *_ = found.items()
        return Dated(name or committee, date, "inferred", how)
    if found:
        listed = " or ".join(f"{date} ({how})" for (_, date), how in sorted(found.items()))
        raise Rejected(
            f"The page prints no date and the archive is unclear: {listed};"
            " give it with --date YYYY-MM-DD."
        )
    missing = "date" if name else "committee or date"
    raise Rejected(
        f"The page prints no {missing} (no 'Committee - Tuesday, 3rd May, 2021' heading) and"
        " nothing in it or in the archive pins them down; give them with"
        " --committee NAME --date YYYY-MM-DD."
    )


class _Clues:
    """What a headless document says about its meeting, read against one committee."""

    def __init__(self, store: Archive, document: ParsedDocument) -> None:
        self.store = store
        self.previous = _previous_minutes(document.items)
        self.next = document.meeting.next_meeting
        self.titles = {item.title.casefold() for item in document.items if not item.standing}
        self._confirms: dict[str, str | None] = {}

    def answers(self, held: list[Meeting]) -> list[tuple[str, str]]:
        """``(date, how)`` for each clue that names a meeting of this committee."""
        return [*self._after_previous(held), *self._before_next(held), *self._decisions(held)]

    def confirms(self, meeting: Meeting) -> str | None:
        """The date of the meeting whose minutes ``meeting`` confirmed."""
        if meeting.id not in self._confirms:
            self._confirms[meeting.id] = _previous_minutes(self.store.items(meeting.id))
        return self._confirms[meeting.id]

    def _after_previous(self, held: list[Meeting]) -> list[tuple[str, str]]:
        previous = self.previous
        if previous is None:
            return []
        before = next((m for m in held if m.date == previous), None)
        named = before.next_meeting if before is not None else None
        if named is not None and (named <= previous or (self.next and named >= self.next)):
            named = None
        for meeting in [m for m in held if m.date > previous][:_LOOK_AHEAD]:
            if self.next and meeting.date >= self.next:
                break
            confirmed = self.confirms(meeting)
            if confirmed == previous:
                return [(meeting.date, f"the stored meeting that confirms the minutes of {previous}")]
            if named and meeting.date > named or confirmed is not None and confirmed > previous:
                break
            if confirmed is None and before is not None:
                return [(meeting.date, f"the committee's next stored meeting after {previous}")]
        if named is not None:
            return [(named, f"the minutes of {previous} name it as the next meeting")]
        return []

    def _before_next(self, held: list[Meeting]) -> list[tuple[str, str]]:
        following = self.next
        if following is None:
            return []
        found = []
        after = next((m for m in held if m.date == following), None)
        confirmed = self.confirms(after) if after is not None else None
        if confirmed is not None and confirmed < following and _after(confirmed, self.previous):
            found.append((confirmed, f"the meeting of {following} confirms its minutes"))
        for meeting in held:
            if meeting.next_meeting == following and _after(meeting.date, self.previous):
                found.append((meeting.date, f"it also names {following} as the next meeting"))
        return found

    def _decisions(self, held: list[Meeting]) -> list[tuple[str, str]]:
        if not self.titles:
            return []
        found = []
        for meeting in held:
            if "decision" not in meeting.holds:
                continue
            for item in self.store.items(meeting.id):
                decided = item.decision.decided_at if item.decision else None
                if decided and item.title.casefold() in self.titles:
                    found.append((decided, f"the decision '{item.title}' was decided then"))
        return found


def _after(date: str, previous: str | None) -> bool:
    return previous is None or date > previous


def _previous_minutes(items: Sequence[Item]) -> str | None:
    """The date of the meeting a "Minutes of the Meeting held on X" item confirms."""
    for item in items:
        for reference in item.references:
            if reference.kind == "previous-minutes" and reference.date:
                return reference.date
    return None
