"""Sorted id strings changed in place agree with a sorted list of the ids."""

from hypothesis import given
from hypothesis import strategies as st

from store.topics import sorted_ids

ids = st.text(alphabet="ab-12", min_size=1, max_size=5)


@given(st.sets(ids, max_size=30), ids)
def test_insert_and_remove_keep_the_string_sorted(present, thread_id):
    joined = "|".join(sorted(present))
    inserted = sorted_ids.insert(joined, thread_id)
    removed = sorted_ids.remove(joined, thread_id)
    if thread_id in present:
        assert inserted is None
        assert removed == "|".join(sorted(present - {thread_id}))
    else:
        assert inserted == "|".join(sorted(present | {thread_id}))
        assert removed is None
    assert sorted_ids.holds(joined, thread_id) == (thread_id in present)
    assert sorted_ids.as_set(joined) == present


@given(st.lists(st.tuples(st.booleans(), ids), max_size=60))
def test_a_series_of_changes_gives_the_sorted_ids(changes):
    joined, model = "", set()
    for adding, thread_id in changes:
        change = sorted_ids.insert if adding else sorted_ids.remove
        result = change(joined, thread_id)
        assert (result is None) == ((thread_id in model) == adding)
        joined = joined if result is None else result
        (model.add if adding else model.discard)(thread_id)
        assert joined == "|".join(sorted(model))
