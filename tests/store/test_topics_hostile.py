"""Any titles and text: threading and views finish, with a reason for every link."""

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store.database import Store
from store.models import Block, Item, Meeting
from store.topics import thread_view

TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300)
TITLE = st.one_of(TEXT, st.text(alphabet=string.ascii_letters + " -/:()'0123456789", max_size=120))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(titles=st.lists(st.tuples(TITLE, TEXT), min_size=1, max_size=6))
def test_any_titles_thread_and_view(tmp_path_factory, titles):
    store = Store.open(tmp_path_factory.mktemp("store"))
    with store.transaction() as writer:
        for n, day in enumerate(("2020-01-10", "2020-04-10")):
            meeting = Meeting(f"c-{day}", "c", "Committee", day)
            writer.put_meeting(meeting)
            writer.put_items(
                Item(
                    f"{meeting.id}/{i}",
                    meeting.id,
                    str(i),
                    i,
                    title,
                    blocks=[Block("heading", title, level=2), Block("paragraph", text)],
                )
                for i, (title, text) in enumerate(titles[n::2] or titles, start=1)
            )
    for item_id in {s.id for s in store.all_summaries()}:
        view = thread_view(store, item_id)
        assert item_id in [link.id for link in view.thread]
        for link in [*view.thread, *view.related]:
            assert 0 < link.score <= 100 and link.reason
