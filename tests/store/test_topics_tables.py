"""The topic tables' layout: what is stored once, and what is written back."""

import orjson

from store import index
from store.topics import tables
from store.topics.tables import TopicState


def test_members_and_parts_read_their_titles_from_the_items(sample_store):
    db = index.connection(sample_store)
    rows = db.execute("SELECT id, members, parts FROM topic_threads").fetchall()
    assert rows
    for thread_id, members, parts in rows:
        stored = orjson.loads(members) + orjson.loads(parts)
        titles = [sample_store.summary(entry[0]).title for entry in stored]
        assert not any(title in entry for title, entry in zip(titles, stored, strict=True) if title)
        thread = tables.load_thread(db, thread_id)
        assert [m.title for m in thread.members] + [p.title for p in thread.parts] == titles


def test_an_items_meeting_is_worked_out_from_its_id(sample_store):
    db = index.connection(sample_store)
    rows = db.execute("SELECT id, meeting FROM topic_items").fetchall()
    assert rows and all(meeting == item.rpartition("/")[0] for item, meeting in rows)
    meeting = rows[0][1]
    ids = sorted(item for item, m in rows if m == meeting)
    assert sorted(TopicState(db)._get("topic_items", meeting)) == ids


def test_rows_read_and_left_as_they_were_are_not_written_again(sample_store):
    db = index.connection(sample_store)
    state = TopicState(db)
    for (thread_id,) in db.execute("SELECT id FROM topic_threads").fetchall():
        assert state.thread(thread_id) is not None
    for (meeting_id,) in db.execute("SELECT id FROM topic_meetings").fetchall():
        state.meeting(meeting_id)
        state.threaded_items(meeting_id)
        for key in state.meeting(meeting_id)["heads"]:
            state.head_entries(key)
    assert state.changed_threads() == set()
    db.execute("BEGIN IMMEDIATE")
    before = db.total_changes
    state.save()
    assert db.total_changes - before == 2  # the word counts and the format, no table row
    db.execute("ROLLBACK")
