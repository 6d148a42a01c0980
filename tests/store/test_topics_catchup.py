"""The topic catch-up of one meeting reads and writes only what it needs
(``store.topics.tables.TopicState``, ``store.topics.glossary.refresh``),
with the same results as reading everything."""

from __future__ import annotations

import sqlite3

import orjson

from store import index
from store.database import Store
from store.topics import glossary
from store.topics.tables import PROBES, TopicState


def _db(store: Store) -> sqlite3.Connection:
    return index.connection(store)


def _a_thread(db: sqlite3.Connection) -> tuple[str, list[str], list[str]]:
    thread_id, keys, aliases = db.execute(
        "SELECT id, keys, aliases FROM topic_threads WHERE keys != '[]' ORDER BY id LIMIT 1"
    ).fetchone()
    return thread_id, orjson.loads(keys), orjson.loads(aliases)


def test_saving_threads_only_read_writes_nothing(sample_store: Store) -> None:
    db = _db(sample_store)
    state = TopicState(db)
    ids = [row[0] for row in db.execute("SELECT id FROM topic_threads")]
    meetings = [row[0] for row in db.execute("SELECT id FROM topic_meetings")]
    for thread_id in ids:
        state.thread(thread_id)
    for meeting_id in meetings:
        state.threaded_items(meeting_id)
        state.meeting(meeting_id)
    assert state.changed_threads() == set()
    db.execute("BEGIN IMMEDIATE")
    before = db.total_changes
    state.save()
    # The word counts and the format are written each time; no thread,
    # item or meeting row that was only read.
    assert db.total_changes - before == 2
    db.execute("ROLLBACK")


def test_a_changed_thread_is_written(sample_store: Store) -> None:
    db = _db(sample_store)
    state = TopicState(db)
    thread_id, _, _ = _a_thread(db)
    thread = state.thread(thread_id)
    assert thread is not None
    thread.people = [*thread.people, "A Tester"]
    db.execute("BEGIN IMMEDIATE")
    state.save()
    (people,) = db.execute("SELECT people FROM topic_threads WHERE id = ?", (thread_id,)).fetchone()
    db.execute("ROLLBACK")
    assert "A Tester" in people


def test_keys_are_read_without_the_whole_thread(sample_store: Store) -> None:
    db = _db(sample_store)
    state = TopicState(db)
    thread_id, keys, aliases = _a_thread(db)
    assert state.thread_keys(thread_id) == (keys, aliases)
    assert thread_id not in state._threads
    thread = state.thread(thread_id)
    assert thread is not None
    thread.keys.append("a new key")
    # Once read whole, its keys are the thread's own, changes and all.
    assert state.thread_keys(thread_id)[0] is thread.keys


def test_a_word_is_added_without_reading_its_group_whole(sample_store: Store) -> None:
    db = _db(sample_store)
    word, group, present = db.execute("SELECT word, grp, id FROM topic_words ORDER BY word LIMIT 1").fetchone()
    state = TopicState(db)
    state.words.change(word, group, "t-new-thread", True)
    state.words.change(word, group, present, True)  # there already: no change
    assert word not in state.words._words
    assert state.words.get(word, group) >= {"t-new-thread", present}
    assert "t-new-thread" in state.words.get(word, None)
    db.execute("BEGIN IMMEDIATE")
    before = db.total_changes
    state.words.save()
    assert db.total_changes - before == 1
    db.execute("ROLLBACK")


def test_many_changes_to_one_group_read_it_once(sample_store: Store) -> None:
    db = _db(sample_store)
    word, group = db.execute("SELECT word, grp FROM topic_words ORDER BY word LIMIT 1").fetchone()
    state = TopicState(db)
    for number in range(PROBES + 1):
        state.words.change(word, group, f"t-new-{number}", True)
    assert word in state.words._words


def test_glossary_entries_read_from_the_index_alone_are_the_same(sample_store: Store) -> None:
    db = _db(sample_store)
    acronyms = [row[0] for row in db.execute("SELECT DISTINCT acronym FROM topic_glossary")]
    assert acronyms
    for acronym in acronyms:
        every = db.execute("SELECT kind, expansion FROM topic_glossary WHERE acronym = ?", (acronym,)).fetchall()
        assert glossary.entry(glossary._entry_rows(db, acronym)) == glossary.entry(every), acronym
    plan = " ".join(
        str(row)
        for row in db.execute(
            "EXPLAIN QUERY PLAN SELECT DISTINCT kind, expansion FROM topic_glossary WHERE acronym = ? AND kind IN (?, ?)",
            ("NHS", glossary.DEFINED, glossary.COMMITTEE),
        )
    )
    assert "COVERING INDEX topic_glossary_entry" in plan


def test_an_index_of_the_previous_layout_gets_the_glossary_index(tmp_path) -> None:
    db = sqlite3.connect(tmp_path / "index.sqlite")
    db.execute("CREATE TABLE topic_glossary (meeting TEXT NOT NULL, kind TEXT NOT NULL, acronym TEXT NOT NULL, expansion TEXT NOT NULL)")
    db.execute("CREATE INDEX topic_glossary_acronym ON topic_glossary (acronym)")
    glossary.create(db)
    names = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert "topic_glossary_entry" in names and "topic_glossary_acronym" not in names
