"""Topic threads and references: the same topic across meetings.

* ``update_topics`` / ``rebuild_topics`` put every substantive item in the
  thread of its recurring topic (``store.topics.threads`` says how), keeping
  standing items apart, in the index's SQLite tables (``store.topics.tables``),
  inside the index's catch-up (``store.index``);
* ``thread_view`` gives an item's thread, related items and resolved
  references, each link with a score and a reason;
* ``confirm_link`` / ``reject_link`` / ``move_item`` are the clerk's
  corrections, which survive re-imports and re-threading.
"""

from store.topics.corrections import TopicError, confirm_link, move_item, reject_link
from store.topics.records import Link, ResolvedReference, ThreadView
from store.topics.run import rebuild_topics, rebuilding, update_topics
from store.topics.view import gist, thread_view

__all__ = [
    "Link",
    "ResolvedReference",
    "ThreadView",
    "TopicError",
    "confirm_link",
    "gist",
    "move_item",
    "rebuild_topics",
    "rebuilding",
    "reject_link",
    "thread_view",
    "update_topics",
]
