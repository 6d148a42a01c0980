"""ccpi-tui: a keyboard-first terminal browser for committee meeting records."""

__version__ = "0.1.0"
