"""People across meetings, and a committee's attendance matrix."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from ccpi_tui.screens.across import ACROSS_SCREEN_BINDINGS, AcrossScreen, lines
from ccpi_tui.screens.failures import ReportsWorkerFailures
from store import safe_line

if TYPE_CHECKING:
    from store import Archive, Attendance, PersonSummary


class PeopleScreen(AcrossScreen):
    """Search a name; see the person's meetings, roles and the evidence."""

    BINDINGS = [
        *ACROSS_SCREEN_BINDINGS,
        Binding("alt+a", "attendance", "Attendance", tooltip="The committee's members × meetings grid.", id="attendance",
                priority=True),
    ]
    KIND = "people"
    TITLE_TEXT = "People"
    PLACEHOLDER = "Type part of a name"

    def load(self) -> list[Any]:
        """Everyone in the store, as the list shows them (the detail is read on highlight)."""
        from store import people_summaries

        return people_summaries(self.store)

    def words(self, entry: PersonSummary) -> str:
        """Name, id and printed forms."""
        return " ".join((entry.name, entry.id, *entry.forms)).lower()

    def label(self, entry: PersonSummary) -> Text:
        """Name, kind and how many meetings."""
        label = Text(safe_line(entry.name), "bold")
        label.append(f"  {entry.kind} · {entry.meetings} meeting{'s' if entry.meetings != 1 else ''}", "dim")
        return label

    def detail(self, summary: PersonSummary) -> Text:
        """Each meeting with the roles held, then why the forms are one person
        (one person's row of the index, read by id)."""
        from store import person_by_id

        entry = person_by_id(self.store, summary.id)
        if entry is None:
            return lines(f"{summary.name} is no longer in the store.")
        rows: list[Any] = [[(entry.name, "bold"), (f"  {entry.id}", "dim")], "Printed as: " + "; ".join(entry.forms)]
        if entry.roles:
            rows.append("Roles: " + "; ".join(entry.roles))
        rows.append("")
        for m in entry.meetings:
            done = list(m.roles) + [f"substituted for {s}" for s in m.substituted_for]
            done += [f"substituted by {s}" for s in m.substituted_by] + [f"presented {i}" for i in m.presented]
            rows.append([(m.date, "bold"), (f"  {', '.join(done) or '-'}", "")])
        if entry.evidence:
            rows += ["", [("Why these forms are one person", "bold")], *entry.evidence]
        return lines(*rows)

    def export_target(self) -> str:
        """The highlighted person."""
        person = self.current
        return f"person:{person.id}" if person is not None else "person:"

    def chosen(self, entry: Any) -> None:
        """Open the person's latest meeting in the browser."""
        if entry.last_meeting:
            self.open_target(entry.last_meeting)

    def action_attendance(self) -> None:
        """The attendance matrix of the committee the highlighted person sat on."""
        person = self.current
        self.app.push_screen(AttendanceScreen(self.store, person.last_committee if person is not None else None))


class AttendanceScreen(ReportsWorkerFailures, Screen[None]):
    """Members × meetings of one committee: a DataTable, virtual, with names fixed."""

    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="Back to People.", id="attendance_back"),
    ]

    def __init__(self, store: Archive, committee_id: str | None) -> None:
        """Show ``committee_id``'s matrix (the first committee when None)."""
        super().__init__()
        self.store = store
        self.committee_id = committee_id

    def compose(self) -> ComposeResult:
        """Title, the grid, the key."""
        yield Static(id="attendance-title", markup=False)
        yield DataTable(id="attendance-grid", zebra_stripes=True, cursor_type="cell")
        yield Static(Text("C chair · P present · S substitute · A apologies · R replaced · blank: not recorded", "dim"))
        yield Footer()

    def on_mount(self) -> None:
        """Read the matrix in a worker."""
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _load(self) -> None:
        from store import attendance

        committee = self.committee_id or min((m.committee_id for m in self.store.meetings()), default="")
        table = attendance(self.store, committee)
        self.app.call_from_thread(self._show, table)

    def _show(self, table: Attendance) -> None:
        title = f"Attendance · {table.committee_id} · {len(table.members)} people × {len(table.meetings)} meetings"
        self.query_one("#attendance-title", Static).update(Text(safe_line(title), "bold"))
        grid = self.query_one(DataTable)
        grid.fixed_columns = 1
        grid.add_column(Text("Member"), key="member")
        for meeting_id, date in table.meetings:
            grid.add_column(Text(date), key=meeting_id)
        for person in table.members:
            marks = table.cells[person.id]
            grid.add_row(Text(safe_line(person.name)), *(Text(marks.get(mid, "")) for mid, _ in table.meetings), key=person.id)
        grid.focus()

    def action_back(self) -> None:
        """Back to People."""
        self.app.pop_screen()
