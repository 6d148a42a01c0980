"""ccpi-tui: a keyboard-first terminal browser for committee meeting records."""

from pathlib import Path

__version__ = "0.1.0"


def samples_dir() -> Path:
    """The bundled sample documents (installed copy, else the checkout's)."""
    bundled = Path(__file__).with_name("samples")
    if bundled.is_dir():
        return bundled
    return Path(__file__).resolve().parent.parent / "samples"
