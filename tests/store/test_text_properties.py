"""Properties of ``store.text`` cleaning that hold for any input at all."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from store.text import MAX_COMBINING, clean_document, normalise_newlines, safe_line, safe_text

#: What must never reach a terminal (tab and newline aside): C0, DEL, C1,
#: bidi marks, overrides and isolates, BOM, lone surrogates.
FORBIDDEN = frozenset(
    chr(code)
    for code in (
        *range(0x00, 0x20),
        0x7F,
        *range(0x80, 0xA0),
        0x061C,
        0x200E,
        0x200F,
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
        0xFEFF,
        *range(0xD800, 0xE000),
    )
) - {"\n", "\t"}
LINE_BREAKS = ("\r", "\x0b", "\x0c", "\x85", "\u2028", "\u2029")

#: Pieces that attack a terminal or a line splitter, mixed into any text.
HOSTILE = [
    "\x1b[2J",
    "\x1b]0;title\x07",
    "\x1b]52;c;aGk=\x07",
    "\x1b]8;;https://x.example\x1b\\",
    "\x9b31m",
    "\x00",
    "\x08",
    "\x7f",
    "\r",
    "\r\n",
    "\n",
    "\t",
    "\x0b",
    "\x0c",
    "\x85",
    "\u2028",
    "\u2029",
    "\xa0",
    "\u202e",
    "\u2066",
    "\u061c",
    "\ufeff",
    "\udcff",
    "\u0301" * 7,
    "\u20dd" * 7,
    "\u034f" * 7,
    "\u0903" * 7,
]
hostile_text = st.lists(
    st.one_of(
        st.characters(exclude_categories=()),
        st.sampled_from(HOSTILE),
        st.sampled_from(["a", "e", " ", "£", "’"]),
    ),
    max_size=60,
).map("".join)
#: Text with nothing to clean: printable ASCII, Latin letters, tab, newline.
plain_text = st.text(
    alphabet=st.sampled_from("abcXYZ 019.,;:!?'\"[]()/\\-£é’–\t\n"), max_size=80
)


def longest_mark_run(text: str) -> int:
    """The most Unicode marks (Mn, Mc, Me) in a row."""
    marks = "".join(char for char in set(text) if unicodedata.category(char)[0] == "M")
    if not marks:
        return 0
    return max(len(run) for run in re.findall(f"[{re.escape(marks)}]+", text))


def assert_terminal_safe(text: str) -> None:
    assert not FORBIDDEN & set(text), sorted(hex(ord(c)) for c in FORBIDDEN & set(text))
    assert longest_mark_run(text) <= MAX_COMBINING
    text.encode("utf-8")


@given(hostile_text)
def test_safe_text_leaves_nothing_that_steers_a_terminal(text):
    cleaned = safe_text(text)
    assert_terminal_safe(cleaned)
    assert safe_text(cleaned) == cleaned


@given(hostile_text)
def test_safe_line_is_one_terminal_safe_line(text):
    cleaned = safe_line(text)
    assert_terminal_safe(cleaned)
    assert "\n" not in cleaned and "\t" not in cleaned
    assert safe_line(cleaned) == cleaned


@given(hostile_text)
def test_normalise_newlines_leaves_only_newlines(text):
    normalised = normalise_newlines(text)
    assert not any(brk in normalised for brk in LINE_BREAKS)
    breaks = text.replace("\r\n", "\n")
    assert normalised.count("\n") == sum(breaks.count(brk) for brk in ("\n", *LINE_BREAKS))
    assert normalise_newlines(normalised) == normalised


@given(hostile_text)
def test_clean_document_is_terminal_safe_and_idempotent(text):
    cleaned = clean_document(text)
    assert_terminal_safe(cleaned)
    assert not any(brk in cleaned for brk in (*LINE_BREAKS, "\xa0"))
    assert clean_document(cleaned) == cleaned


@given(plain_text)
def test_text_with_nothing_to_clean_is_left_alone(text):
    assert safe_text(text) == text
    assert clean_document(text) == text
    assert safe_line(text) == text.replace("\n", " ").replace("\t", " ")


def test_every_control_shows_as_a_visible_placeholder():
    cleaned = safe_text("a\x1b[2Jb\x00c\x9bd\u202ee")
    assert cleaned.startswith("a") and cleaned.endswith("e")
    assert len(cleaned) == len("a\x1b[2Jb\x00c\x9bd\u202ee")
    assert "[2J" in cleaned


def test_marks_past_the_cap_are_dropped_but_the_first_kept():
    assert safe_text("e" + "\u0301" * 1000 + "x") == "e" + "\u0301" * MAX_COMBINING + "x"
    assert safe_text("o" + "\u20dd" * 1000) == "o" + "\u20dd" * MAX_COMBINING


MEGABYTE = 1_000_000


@pytest.mark.parametrize(
    "line",
    [
        "a" * MEGABYTE,
        "x’–" * (MEGABYTE // 3),
        "e" + "\u0301" * MEGABYTE,
        "\x1b[2J\u202e" * (MEGABYTE // 5),
        "".join(chr(0x300 + n % 0x70) for n in range(MEGABYTE)),
        "\udcff\r\n\u2028" * (MEGABYTE // 4),
    ],
    ids=["ascii", "punctuation", "zalgo", "controls", "many-marks", "breaks"],
)
def test_a_one_megabyte_line_is_cleaned_safely(line):
    # How long each takes is measured by ``python -m bench.hostile``.
    cleaned = [clean(line) for clean in (safe_text, safe_line, clean_document)]
    for text in cleaned:
        assert_terminal_safe(text)
