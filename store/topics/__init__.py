"""Topic threads and references: the same topic across meetings.

* ``update_topics`` / ``rebuild_topics`` put every substantive item in the
  thread of its recurring topic (``store.topics.threads`` says how), keeping
  standing items apart, in the index's SQLite tables (``store.topics.tables``);
  ``catch_up`` does it in a transaction of its own;
* ``thread_view`` gives an item's thread, related items and resolved
  references, each link with a score and a reason;
* ``confirm_link`` / ``reject_link`` / ``move_item`` are the clerk's
  corrections, which survive re-imports and re-threading.
"""

from store.topics.corrections import TopicError, confirm_link, move_item, reject_link
from store.topics.records import Link, ResolvedReference, ThreadView
from store.topics.run import catch_up, rebuild_topics, rethread, update_topics
from store.topics.view import gist, thread_view

__all__ = [
    "Link",
    "ResolvedReference",
    "ThreadView",
    "TopicError",
    "catch_up",
    "confirm_link",
    "gist",
    "move_item",
    "rebuild_topics",
    "reject_link",
    "rethread",
    "thread_view",
    "update_topics",
]
