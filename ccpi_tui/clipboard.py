"""Copying text to the clipboard of the terminal the person sits at.

OSC 52 asks the terminal itself to set its clipboard, so it works over SSH:
the text travels with the screen output to the person's own machine, and
nothing is ever put on the clipboard of the server running the app.

Inside tmux the sequence is sent twice: once plain, which tmux takes when
its ``set-clipboard`` option is on, and once wrapped for passthrough
(``\\ePtmux;...\\e\\\\``), which reaches the outer terminal when
``allow-passthrough`` is on. Whichever setting the person has, one of them
lands; both carry the same text.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping

#: Largest text sent, in bytes of UTF-8. Many terminals drop longer OSC 52
#: sequences without a word (xterm and tmux limits sit near 100 KB of
#: base64), so longer text is refused with a notice instead.
MAX_BYTES = 74_000


class ClipboardError(Exception):
    """The text cannot be copied; the message says why in one sentence."""


def osc52_sequences(text: str, environ: Mapping[str, str]) -> list[str]:
    """The escape sequences that put ``text`` on the terminal's clipboard.

    Args:
        text: What to copy.
        environ: The environment, to tell whether the app runs in tmux.

    Returns:
        The sequences to write, in order.

    Raises:
        ClipboardError: The text is longer than ``MAX_BYTES``.
    """
    data = text.encode("utf-8")
    if len(data) > MAX_BYTES:
        raise ClipboardError(
            f"This is {len(data) // 1000:,} KB of Markdown, more than the "
            f"{MAX_BYTES // 1000} KB a terminal clipboard takes; press e to export it instead."
        )
    encoded = base64.b64encode(data).decode("ascii")
    plain = f"\x1b]52;c;{encoded}\x07"
    if not environ.get("TMUX"):
        return [plain]
    # In passthrough every ESC inside the payload is doubled.
    wrapped = "\x1bPtmux;" + plain.replace("\x1b", "\x1b\x1b") + "\x1b\\"
    return [plain, wrapped]
