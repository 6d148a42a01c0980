"""The one place a failed worker becomes a sentence on screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.worker import Worker, WorkerState

from store import safe_line

if TYPE_CHECKING:
    from textual.app import App


class ReportsWorkerFailures:
    """Mixin for the app and every screen that runs workers.

    Worker state messages do not bubble, so each node that starts workers
    needs this handler; the wording lives here once.
    """

    app: App[None]

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Show a failed worker's error as one clear sentence."""
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        detail = safe_line(str(error)) or type(error).__name__
        self.app.notify(f"Something went wrong: {detail}", severity="error", markup=False, timeout=10)
