"""The word index of thread keys: read a committee at a time, written back
sorted, only what changed."""

import random

from store.topics.state import _WordIndex


class RecordingWriter:
    """Keeps what an index writes, as a transaction's writer would."""

    def __init__(self):
        self.replaced = {}
        self.removed = []

    def replace_rows(self, table, rows):
        self.replaced.update(rows)

    def remove_rows(self, table, keys):
        self.removed.extend(keys)


def stored(*ids):
    return "|".join(sorted(ids))


def test_rows_stay_sorted_through_additions_and_removals():
    rng = random.Random(7)
    pool = [f"t-{rng.choice('abcxyz')}{n}" for n in range(300)]
    for _ in range(50):
        before = set(rng.sample(pool, rng.randrange(0, 40)))
        index = _WordIndex({"ofsted": {"threads": {"ccpi": stored(*before)}}} if before else {})
        after = set(before)
        for thread_id in rng.sample(pool, 30):
            if rng.random() < 0.5:
                index.discard("ofsted", "ccpi", thread_id)
                after.discard(thread_id)
            else:
                index.add("ofsted", "ccpi", thread_id)
                after.add(thread_id)
            if rng.random() < 0.2:
                assert index.get("ofsted", "ccpi") == after
                assert index.get("ofsted", None) == after
        writer = RecordingWriter()
        index.save(writer, "topic_words")
        if after:
            assert writer.replaced == {"ofsted": {"threads": {"ccpi": stored(*after)}}}
        else:
            assert not writer.replaced
            if before:
                assert writer.removed == ["ofsted"]


def test_threads_of_any_committee_follow_changes_before_and_after_asking():
    index = _WordIndex({"ofsted": {"threads": {"ccpi": stored("t-a", "t-b"), "cs": "t-c"}}})
    index.add("ofsted", "dc", "t-d")
    assert index.get("ofsted", None) == {"t-a", "t-b", "t-c", "t-d"}
    index.add("ofsted", "cs", "t-e")
    index.discard("ofsted", "ccpi", "t-a")
    assert index.get("ofsted", None) == {"t-b", "t-c", "t-d", "t-e"}
    assert index.get("ofsted", "ccpi") == {"t-b"}
    assert index.get("budget", None) == set()


def test_a_thread_under_the_word_for_another_committee_stays_among_any():
    index = _WordIndex({"ofsted": {"threads": {"ccpi": "t-a", "cs": "t-a"}}})
    assert index.get("ofsted", None) == {"t-a"}
    index.discard("ofsted", "ccpi", "t-a")
    assert index.get("ofsted", None) == {"t-a"}
    index.discard("ofsted", "cs", "t-a")
    assert index.get("ofsted", None) == set()


def test_save_writes_changed_words_keeping_other_committees_as_stored():
    # Stored out of order on purpose: an unchanged committee is not re-sorted.
    untouched = "t-z|t-a"
    index = _WordIndex(
        {
            "ofsted": {"threads": {"ccpi": stored("t-b", "t-a"), "cs": untouched}},
            "budget": {"threads": {"ccpi": "t-q"}},
            "libraries": {"threads": {"ccpi": "t-l"}},
        }
    )
    index.add("ofsted", "ccpi", "t-0")
    index.add("ofsted", "dc", "t-n")
    index.discard("budget", "ccpi", "t-q")
    index.get("libraries", None)
    writer = RecordingWriter()
    index.save(writer, "topic_words")
    assert writer.replaced == {
        "ofsted": {"threads": {"ccpi": "t-0|t-a|t-b", "cs": untouched, "dc": "t-n"}}
    }
    assert writer.removed == ["budget"]
    assert not index.changed
