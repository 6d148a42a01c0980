"""The decisions register on the samples, and its filters."""

from store.decisions import DecisionFilter, decisions


def by_item(rows):
    return {row.item_id: row for row in rows}


def test_ofsted_resolution_with_its_clauses(sample_store):
    row = by_item(decisions(sample_store))["ccpi-2015-12-10/4"]
    assert row.text == "That:"
    assert len(row.clauses) == 2
    assert row.clauses[0].startswith("the report now presented and the actions taken")
    assert row.clauses[1].startswith("the Cabinet Committee will receive further reports")
    assert (row.date, row.status, row.key_decision) == ("2015-12-10", "resolved", None)


def test_decision_page_fields(sample_store):
    row = by_item(decisions(sample_store))["ccpi-2018-10-04/d1"]
    data = row.to_dict()
    assert data["status"] == "Recommendations Approved"
    assert data["key_decision"] is False
    assert "call_in" in data and data["call_in"] is None  # the page does not say
    assert data["maker"] == "Cabinet Committee on Performance Improvement"


def test_newest_first_and_standing_items_left_out(sample_store):
    rows = decisions(sample_store)
    assert [row.date for row in rows] == sorted((row.date for row in rows), reverse=True)
    assert all(row.standing is None for row in rows)
    with_standing = decisions(sample_store, DecisionFilter(standing=True))
    assert {row.item_id for row in with_standing} - {row.item_id for row in rows} == {
        "ccpi-2015-12-10/3", "ccpi-2017-03-07/3", "ccpi-2021-03-02/3"
    }


def test_filters(sample_store):
    def ids(**kwargs):
        return [row.item_id for row in decisions(sample_store, DecisionFilter(**kwargs))]

    assert ids(text="ofsted inspection") == ["ccpi-2015-12-10/4"]
    assert ids(status="approved") == ["ccpi-2018-10-04/d1"]
    assert ids(key_only=True) == []
    assert set(ids(after="2017-01-01", before="2017-12-31")) == {"ccpi-2017-03-07/4", "ccpi-2017-03-07/5", "ccpi-2017-03-07/6"}
    assert ids(committee="audit") == []
    assert len(ids(committee="ccpi")) == len(ids())
