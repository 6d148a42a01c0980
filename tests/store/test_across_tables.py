"""The across-meetings tables of the index: kept per meeting, rebuilt the same,
and answering without reading an item's body."""

import pytest

from ccpi_tui import samples_dir
from store import across_tables, index
from store import people as people_mod
from store.database import Store
from store.decisions import DecisionFilter, decisions
from store.followups import followups
from store.importer import import_paths
from store.people import attendance, find_people, merge_people, people


def answers(store: Store) -> dict[str, object]:
    return {
        "people": [person.to_dict() for person in people(store)],
        "decisions": [row.to_dict() for row in decisions(store, DecisionFilter(standing=True))],
        "followups": [row.to_dict() for row in followups(store, today="2026-01-01")],
        "attendance": [
            (table.meetings, [p.id for p in table.members], table.cells)
            for table in (attendance(store, "ccpi"), attendance(store, "ccpi", after="2017-01-01"))
        ],
    }


def test_meeting_by_meeting_imports_and_a_reindex_answer_as_one_import(tmp_path, sample_store):
    whole = answers(sample_store)
    assert whole["people"] and whole["decisions"] and whole["followups"]
    one_by_one = Store.open(tmp_path / "one-by-one")
    for path in sorted(samples_dir().iterdir()):
        import_paths(one_by_one, [path])
    assert answers(one_by_one) == whole
    index.rebuild(one_by_one)
    assert answers(Store.open(one_by_one.root)) == whole


def test_a_reimported_meeting_replaces_its_rows(sample_store):
    before = answers(sample_store)
    path = sorted(samples_dir().iterdir())[0]
    import_paths(sample_store, [path])
    db = index.connection(sample_store)
    (duplicates,) = db.execute(
        "SELECT COUNT(*) - COUNT(DISTINCT meeting || '/' || ord) FROM across_mentions"
    ).fetchone()
    assert duplicates == 0
    assert answers(sample_store) == before


def test_a_dropped_meetings_decision_words_go_with_its_decisions(sample_store):
    """The words rows are dropped through their decisions' meeting: none is left behind."""
    db = index.connection(sample_store)
    (meeting,) = db.execute("SELECT meeting FROM across_decisions ORDER BY meeting LIMIT 1").fetchone()
    before = db.execute("SELECT COUNT(*) FROM across_decision_words").fetchone()[0]
    across_tables.drop_meeting(db, meeting)
    kept = [row[0] for row in db.execute("SELECT item_id FROM across_decision_words ORDER BY item_id")]
    assert 0 < len(kept) < before
    assert kept == [row[0] for row in db.execute("SELECT item_id FROM across_decisions ORDER BY item_id")]


def test_the_answers_read_no_item_body(sample_store, monkeypatch):
    index.connection(sample_store)  # caught up: the tables are written

    def refuse(*args, **kwargs):
        raise AssertionError("an across-meetings answer read an item's body")

    monkeypatch.setattr(Store, "items", refuse)
    monkeypatch.setattr(Store, "item", refuse)
    found = answers(sample_store)
    assert len(find_people(sample_store, "driver")) == 1
    assert any(row["status"] == "met" for row in found["followups"])  # type: ignore[index, union-attr]


def test_a_clerks_merge_regroups_from_the_mention_rows(sample_store):
    (driver,) = find_people(sample_store, "driver")
    (mein,) = find_people(sample_store, "mein")
    merge_people(sample_store, mein.id, driver.id)
    (merged,) = [p for p in people(Store.open(sample_store.root)) if p.id == driver.id]
    assert set(mein.forms) <= set(merged.forms)
    assert not [p for p in people(sample_store) if p.id == mein.id]


@pytest.mark.parametrize("table", ["across_mentions", "across_people", "across_decisions", "across_promises"])
def test_the_index_holds_the_rows(sample_store, table):
    (count,) = index.connection(sample_store).execute(f"SELECT COUNT(*) FROM {table}").fetchone()
    assert count > 0


def test_a_rebuild_leaves_every_index_of_the_schema(sample_store):
    # The rebuild drops the across tables' indexes while it fills them and makes them again.
    index.rebuild(sample_store)
    names = {row[0] for row in index.connection(Store.open(sample_store.root)).execute(
        "SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert across_tables.INDEXES and set(across_tables.INDEXES) <= names


def _people_rows(db) -> list[object]:
    return [
        db.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()  # noqa: S608
        for table in ("across_mentions", "across_people", "across_meta")
    ]


@pytest.mark.parametrize("merged", [False, True])
def test_a_rebuild_groups_people_as_a_regroup_of_the_rows(sample_store, merged):
    """``people.group_all`` (a rebuild groups the mentions it gathered) writes what
    ``regroup(None)`` makes of the rows, the clerk's corrections included."""
    if merged:
        (driver,) = find_people(sample_store, "driver")
        (mein,) = find_people(sample_store, "mein")
        merge_people(sample_store, mein.id, driver.id)
    index.rebuild(sample_store)
    db = index.connect(sample_store.root)
    built = _people_rows(db)
    assert built[0] and all(row[-1] for row in built[0])  # every mention has its person
    db.execute("BEGIN IMMEDIATE")
    db.execute("UPDATE across_mentions SET person = NULL")
    db.execute("DELETE FROM across_people")
    db.execute("DELETE FROM across_meta")
    people_mod.regroup(db, sample_store, None)
    assert _people_rows(db) == built
    db.execute("ROLLBACK")
