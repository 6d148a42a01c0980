"""What changed between two instances of a recurring item."""

import pytest

from store.diff import DiffError, diff, diff_units, figures_in, units_of, word_ops
from store.models import Block


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
