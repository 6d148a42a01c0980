"""OSC 52 sequences: plain, through tmux, and refused when too long."""

from __future__ import annotations

import base64

import pytest

from ccpi_tui.clipboard import MAX_BYTES, ClipboardError, osc52_sequences


def _payload(sequence: str) -> str:
    start = sequence.index("52;c;") + len("52;c;")
    end = sequence.index("\x07", start)
    return base64.b64decode(sequence[start:end]).decode("utf-8")


def test_plain_terminal_gets_one_osc52_sequence() -> None:
    (sequence,) = osc52_sequences("Budget – £5m", {})
    assert sequence.startswith("\x1b]52;c;") and sequence.endswith("\x07")
    assert _payload(sequence) == "Budget – £5m"


def test_inside_tmux_the_sequence_also_goes_through_passthrough() -> None:
    plain, wrapped = osc52_sequences("minutes", {"TMUX": "/tmp/tmux-0/default,1,0"})
    assert _payload(plain) == "minutes"
    assert wrapped.startswith("\x1bPtmux;\x1b\x1b]52;c;") and wrapped.endswith("\x1b\\")
    inner = wrapped[len("\x1bPtmux;") : -len("\x1b\\")]
    assert inner.replace("\x1b\x1b", "\x1b") == plain


def test_text_over_the_limit_is_refused_with_a_sentence() -> None:
    assert osc52_sequences("x" * MAX_BYTES, {})
    with pytest.raises(ClipboardError, match="export"):
        osc52_sequences("x" * (MAX_BYTES + 1), {})


def test_payload_never_carries_raw_control_characters() -> None:
    (sequence,) = osc52_sequences("\x1b]0;owned\x07\x9b", {})
    body = sequence[len("\x1b]52;c;") : -1]
    assert body.isascii() and body.isprintable()
