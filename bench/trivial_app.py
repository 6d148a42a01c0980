"""The yardstick for first paint: a trivial Textual app.

A header, one line of text and a footer, nothing loaded. The runner starts
it in a pseudo-terminal exactly as it starts ccpi-tui, in the same run, so
the app's first paint can be given as a ratio to this one's.
"""

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

#: What the runner waits for on screen.
GREETING = "A trivial Textual app is on screen."


class TrivialApp(App[None]):
    """Shows ``GREETING`` between a header and a footer."""

    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        """A header, the greeting and a footer."""
        yield Header()
        yield Static(GREETING)
        yield Footer()


if __name__ == "__main__":
    TrivialApp().run()
