"""Minute text to blocks."""

from store.ingest.blocks import looks_like_heading, parse_blocks


def blocks_of(text: str):
    return parse_blocks(text.split("\n"))


def test_paragraphs_split_on_blank_lines_and_keep_line_breaks():
    blocks = blocks_of("First  line\nsecond line.\n\n\n\nAnother paragraph.")
    assert [(b.kind, b.text) for b in blocks] == [
        ("paragraph", "First line\nsecond line."),
        ("paragraph", "Another paragraph."),
    ]


def test_bullets_with_dots_and_dashes_and_indented_continuations():
    text = (
        "It was noted that:\n\n· One item\n\n\n         inadequate\n\n"
        "· Two\n   requires improvement\n\n- Three\n- Four continues\nhere"
    )
    blocks = blocks_of(text)
    assert [b.kind for b in blocks] == ["paragraph", "bullets"]
    assert blocks[1].items == [
        "One item inadequate", "Two requires improvement", "Three", "Four continues here",
    ]


def test_resolution_with_clauses():
    text = (
        "Resolved: - That:\n\n(i) the report be received,\n\n(ii) further reports\n"
        "be brought.\n\n(Following this, updates will be given.)"
    )
    blocks = blocks_of(text)
    assert blocks[0].kind == "resolution"
    assert blocks[0].text == "That:"
    assert blocks[0].items == ["the report be received,", "further reports be brought."]
    assert blocks[1].kind == "paragraph"
    assert blocks[1].text == "(Following this, updates will be given.)"


def test_simple_resolutions():
    for text, expected in [
        ("Resolved: That the report be noted.", "That the report be noted."),
        ("RESOLVED – that the report be noted.", "that the report be noted."),
        ("Resolved:  That the minutes be agreed.", "That the minutes be agreed."),
        ("Resolved that the item be deferred.", "that the item be deferred."),
    ]:
        (block,) = blocks_of(text)
        assert (block.kind, block.text, block.items) == ("resolution", expected, [])


def test_clause_like_paragraph_after_a_closed_resolution_is_text():
    blocks = blocks_of("Resolved: That the report be noted.\n\n(a) separately, it was said.")
    assert [b.kind for b in blocks] == ["resolution", "paragraph"]


def test_words_starting_with_resolved_are_not_resolutions():
    (block,) = blocks_of("Resolved issues were reported to the board.")
    assert block.kind == "paragraph"


def test_sub_headings_are_level_two():
    text = (
        "Highways\n\nSafety defects were repaired on time in most districts this quarter.\n\n"
        "Adult Services – Tony Pounder – Director of Adult Services\n\n"
        "Reablement performance had been maintained."
    )
    blocks = blocks_of(text)
    assert [(b.kind, b.level) for b in blocks] == [
        ("heading", 2), ("paragraph", 0), ("heading", 2), ("paragraph", 0),
    ]


def test_short_sentences_are_not_headings():
    for line in [
        "None.",
        "None",
        "Noted",
        "No interests were declared",
        "Members noted that in Quarter 2 CAS Social Care and Contact Centre targets were exceeded",
        "The report was noted:",
        "It was agreed that a report would follow",
    ]:
        assert not looks_like_heading(line), line


def test_a_heading_at_the_end_is_text():
    blocks = blocks_of("The item was discussed at length by members.\n\nWaste Management")
    assert [b.kind for b in blocks] == ["paragraph", "paragraph"]


def test_heading_on_the_line_above_its_paragraph():
    blocks = blocks_of(
        "Highways\nSafety carriageway defects had continued to increase since Quarter 2 in"
        " every district."
    )
    assert [(b.kind, b.text[:8]) for b in blocks] == [
        ("heading", "Highways"), ("paragraph", "Safety c"),
    ]


def test_lines_listed_after_a_colon_become_a_list():
    text = (
        "Chair welcomed the following speakers to the meeting:\n\n"
        "Paul Bond, Head of Service - Legal\n\nSarah Jenkins, Head of Service – Customer Access"
    )
    blocks = blocks_of(text)
    assert blocks[1].kind == "bullets"
    assert blocks[1].items == [
        "Paul Bond, Head of Service - Legal", "Sarah Jenkins, Head of Service – Customer Access",
    ]


def test_tab_separated_tables_keep_rows_and_empty_cells():
    text = (
        "The table below shows spend:\n\nRef\tArea\tBudget\tOutturn\n\t\t£m\t£m\n"
        "3.1\tADULT SERVICES\t317.674\t322.015\n\n\tTOTAL\t713.020\t693.479\n\nAfter the table."
    )
    blocks = blocks_of(text)
    assert [b.kind for b in blocks] == ["paragraph", "table", "paragraph"]
    assert blocks[1].rows == [
        ["Ref", "Area", "Budget", "Outturn"],
        ["", "", "£m", "£m"],
        ["3.1", "ADULT SERVICES", "317.674", "322.015"],
        ["", "TOTAL", "713.020", "693.479"],
    ]


def test_a_single_tabbed_line_is_not_a_table():
    (block,) = blocks_of("Name\tRole\tPhone number here")
    assert (block.kind, block.text) == ("paragraph", "Name Role Phone number here")


def test_ragged_table_rows_are_padded():
    (table,) = blocks_of("a\tb\tc\td\ne\tf\tg")
    assert table.rows == [["a", "b", "c", "d"], ["e", "f", "g", ""]]


def test_page_break_run_on_joins_the_previous_paragraph():
    blocks = blocks_of(
        "The long term trend shows an increased number of requests for social care\n\n"
        "assessments, which is a concern.\n\nNext paragraph."
    )
    assert [b.text for b in blocks] == [
        "The long term trend shows an increased number of requests for social care"
        " assessments, which is a concern.",
        "Next paragraph.",
    ]


def test_empty_input_gives_no_blocks():
    assert parse_blocks([]) == []
    assert blocks_of("\n \n\t\n") == []
