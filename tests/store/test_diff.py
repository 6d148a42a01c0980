"""What changed between two instances of a recurring item."""

import pytest

from store.diff import (
    DiffError,
    diff,
    diff_items,
    diff_units,
    figures_in,
    matched_figures,
    units_of,
    word_ops,
)
from store.models import Block, Item


def test_word_ops_mark_removed_and_added_words():
    assert word_ops("sickness absence was 10.2 days", "sickness absence was 9.8 days") == [
        ("=", "sickness absence was"), ("-", "10.2"), ("+", "9.8"), ("=", "days"),
    ]


def test_a_changed_figure_has_its_context():
    (figure,) = figures_in("The sickness absence rate was 10.2 days.", "The sickness absence rate was 9.8 days.")
    assert str(figure) == "sickness absence rate was 10.2 → 9.8 days"


def test_table_cells_align_by_row_and_column_not_position():
    older = [Block("table", rows=[["Measure", "Q1"], ["Sickness", "10.2"], ["Turnover", "5%"]])]
    newer = [Block("table", rows=[["Measure", "Q1"], ["Turnover", "6%"], ["Sickness", "10.2"]])]
    changes, figures = diff_units(units_of(older), units_of(newer))
    assert [(c.key, c.ops) for c in changes] == [("Turnover | Q1", [("-", "5%"), ("+", "6%")])]
    assert [str(f) for f in figures] == ["Turnover | Q1 5% → 6%"]


def test_paragraphs_pair_by_similarity_and_the_rest_are_added_or_removed():
    older = [Block("paragraph", "Members noted the budget position."), Block("paragraph", "An old paragraph went.")]
    newer = [Block("paragraph", "Members noted the revised budget position."), Block("bullets", items=["A new point."])]
    changes, _ = diff_units(units_of(older), units_of(newer))
    assert [c.ops for c in changes] == [
        [("=", "Members noted the"), ("+", "revised"), ("=", "budget position.")],
        [("+", "A new point.")],
        [("-", "An old paragraph went.")],
    ]


def test_the_quarterly_report_against_the_previous_instance(sample_store):
    result = diff(sample_store, "ccpi-2017-06-27/r1")
    assert (result.older, result.newer) == ("ccpi-2017-03-07/6", "ccpi-2017-06-27/r1")
    assert any(op == "+" for change in result.changes for op, _ in change.ops)
    assert any(op == "-" for change in result.changes for op, _ in change.ops)
    assert [(f.old, f.new) for f in result.figures if "pep" in f.context] == [("81%", "72%")]


def test_a_first_instance_says_there_is_no_earlier_one(sample_store):
    result = diff(sample_store, "ccpi-2015-12-10/6")
    assert result.older is None and result.changes == [] and result.figures == []
    assert "no earlier instance" in result.note


def test_unknown_ids_are_one_sentence(sample_store):
    with pytest.raises(DiffError, match="no item with the id 'ccpi-1999-01-01/1'"):
        diff(sample_store, "ccpi-1999-01-01/1")
    with pytest.raises(DiffError, match="to compare"):
        diff(sample_store, "ccpi-2017-06-27/r1", "nope")


def performance(*points: str) -> list[Block]:
    return [Block("bullets", items=list(points))]


def test_figures_pair_by_their_labels_when_rows_are_reordered_and_one_added():
    older = performance("Sickness absence 10.2 days per employee.", "Staff turnover 12%.", "Invoices paid on time 91%.")
    newer = performance(
        "Invoices paid on time 93%.", "Agency spend 4.1%.", "Staff turnover 11%.", "Sickness absence 9.8 days per employee.",
    )
    old_units, new_units = units_of(older), units_of(newer)
    _, paired = diff_units(old_units, new_units)
    found = {str(f) for f in [*paired, *matched_figures(old_units, new_units)]}
    assert "Sickness absence 10.2 → 9.8 days" in found
    assert "Staff turnover 12% → 11%" in found
    assert "Invoices paid on time 91% → 93%" in found
    assert not any("4.1%" in figure for figure in found)  # the added row pairs with nothing


def test_figures_in_one_sentence_pair_by_label_not_position():
    found = figures_in(
        "Sickness absence was 10.2 days and staff turnover was 12%.",
        "Staff turnover was 11%, agency spend was 4.1% and sickness absence was 9.8 days.",
    )
    assert [str(f) for f in found] == ["Staff turnover was 12% → 11%", "sickness absence was 10.2 → 9.8 days"]


def test_reordered_table_rows_with_an_added_row_pair_by_row_label():
    older = [Block("table", rows=[["Measure", "Q1"], ["Sickness absence (days)", "10.2"], ["Staff turnover", "12%"]])]
    newer = [Block("table", rows=[
        ["Measure", "Q1"], ["Council tax collected", "97.1%"], ["Staff turnover", "11%"], ["Sickness absence (days)", "9.8"],
    ])]
    _, figures = diff_units(units_of(older), units_of(newer))
    assert sorted(str(f) for f in figures) == [
        "Sickness absence (days) | Q1 10.2 → 9.8", "Staff turnover | Q1 12% → 11%",
    ]


def test_an_added_clause_does_not_take_another_figure():
    def report(day: str, text: str) -> Item:
        return Item(id=f"ccpi-{day}/6", meeting_id=f"ccpi-{day}", number="6", order=6, title="Performance",
                    blocks=[Block("paragraph", text)])

    result = diff_items(
        report("2017-03-07", "Sickness absence 10.2 days, staff turnover 12%."),
        report("2017-06-27", "Sickness absence 9.8 days, agency spend 4.1%, staff turnover 11%."),
    )
    assert [str(f) for f in result.figures] == ["Sickness absence 10.2 → 9.8 days", "staff turnover 12% → 11%"]
