"""The search tables in the index database: documents and their FTS5 index.

``search_rows``
    One row per item: what a result shows (meeting, date, committee,
    number, title); ``label`` is the committee's slug and name, lower case,
    for the ``committee:`` filter.
``search_texts``
    One row per meeting: the plain texts of its items, one after another,
    zlib-compressed in chunks of about ``CHUNK_BYTES`` (``pack_texts``), the
    chunks one after another: the one copy the snippets are cut from. Each
    item's ``at`` (where its chunk starts in ``packed``), ``start`` and
    ``size`` (in the unpacked chunk) in ``search_rows`` say where its text
    is (bytes of UTF-8). A meeting's items share many words, so chunks of
    4 KB pack the benchmark's texts to 80% of what they take one by one
    (8 KB: 68%, a whole meeting: 45%), while a snippet unpacks 3 KB where
    one item alone is 1.8 KB (8 KB: 4.6 KB, a meeting: 15.5 KB): unpacking
    a hit's text costs 36 µs instead of 31 (8 KB: 43). One row a meeting,
    not a chunk: rows of a kilobyte or two would fill 4 KB pages badly.
``search_docs``
    A view of ``search_rows`` with each item's text unpacked (``item_text``,
    a function each connection registers: ``register``).
``search_fts``
    FTS5 over ``title`` and ``text`` of ``search_docs`` (external content:
    the text is not stored twice), the unicode61 tokenizer folding case and
    accents, as ``words`` does.
``search_vocab``
    ``fts5vocab`` over it: every word with the number of items holding it.
    Each read of it walks the whole FTS5 index (half a second at 2,000
    meetings), so it is read only to count ``search_words`` afresh.
``search_words``
    The same words and counts as a plain table, for completions and typo
    expansion at the cost of a B-tree read. Each meeting put or dropped
    adds or takes away its items' words, tokenized by FTS5 itself in a
    scratch table (``temp.search_scratch``, contentless), so the counts are
    the ones ``search_vocab`` would give.
``search_meetings``
    One row per meeting, what the meeting list shows of it (id, date,
    committee, what the record holds), so the app can draw the list's
    first page before it has parsed the records (``newest_meetings``).

Every function works inside the caller's transaction.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterable
from typing import TYPE_CHECKING

from store.text import safe_line

if TYPE_CHECKING:
    from store.models import Item, Meeting

#: Marks put around matched words by ``snippet()``: private-use characters,
#: taken out of the indexed text so a document cannot forge them.
OPEN, CLOSE = "\ue000", "\ue001"


def _unforged(text: str) -> str:
    """``text`` without the snippet marks (``str.translate`` with a table is
    slow: it looks up every character)."""
    if OPEN in text or CLOSE in text:
        return text.replace(OPEN, " ").replace(CLOSE, " ")
    return text


#: How FTS5 splits text into words: case and accents folded, as ``words`` does.
TOKENIZE = "unicode61 remove_diacritics 2"

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS search_rows (
    n INTEGER PRIMARY KEY, id TEXT NOT NULL, meeting_id TEXT NOT NULL,
    date TEXT NOT NULL, committee_id TEXT NOT NULL, label TEXT NOT NULL,
    number TEXT NOT NULL, title TEXT NOT NULL,
    at INTEGER NOT NULL, start INTEGER NOT NULL, size INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS search_rows_meeting ON search_rows (meeting_id);
CREATE INDEX IF NOT EXISTS search_rows_date ON search_rows (date, n);
CREATE TABLE IF NOT EXISTS search_texts (meeting_id TEXT PRIMARY KEY, packed BLOB NOT NULL);
CREATE VIEW IF NOT EXISTS search_docs AS SELECT
    r.n, r.id, r.meeting_id, r.date, r.committee_id, r.label, r.number, r.title,
    item_text(t.packed, r.at, r.start, r.size) AS text
    FROM search_rows r JOIN search_texts t ON t.meeting_id = r.meeting_id;
CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5 (
    title, text, content='search_docs', content_rowid='n', tokenize='{TOKENIZE}'
);
CREATE VIRTUAL TABLE IF NOT EXISTS search_vocab USING fts5vocab (search_fts, 'row');
CREATE TABLE IF NOT EXISTS search_words (term TEXT PRIMARY KEY, doc INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS search_meetings (
    id TEXT PRIMARY KEY, date TEXT NOT NULL, committee_id TEXT NOT NULL,
    committee TEXT NOT NULL, holds TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS search_meetings_newest ON search_meetings (date, id)
"""

#: The scratch table a meeting's items are tokenized in, and its words.
SCRATCH = f"""
CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_scratch USING fts5 (
    title, text, content='', tokenize='{TOKENIZE}'
);
CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_scratch_vocab USING fts5vocab (temp, search_scratch, 'row')
"""

#: zlib level of ``search_texts.packed``.
PACK_LEVEL = 6
#: A chunk of texts is closed once it holds this many bytes (an item longer
#: than this is a chunk alone).
CHUNK_BYTES = 4096


def pack_texts(texts: list[bytes]) -> bytes:
    """Item texts (UTF-8), one after another, as a ``search_texts`` chunk holds them."""
    return zlib.compress(b"".join(texts), PACK_LEVEL)


def item_text(packed: bytes, at: int, start: int, size: int) -> str:
    """The text at ``start`` (``size`` bytes long) in the chunk at ``at`` of a
    meeting's ``packed`` texts, unpacking no further than its end."""
    if not size:  # a limit of 0 would unpack the whole chunk
        return ""
    head = zlib.decompressobj().decompress(memoryview(packed)[at:], start + size)
    return head[start:].decode("utf-8", "surrogatepass")


def register(db: sqlite3.Connection) -> None:
    """Give a connection the ``item_text`` function the ``search_docs`` view calls."""
    db.create_function("item_text", 4, item_text, deterministic=True)


def _run_script(db: sqlite3.Connection, script: str) -> None:
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


def create(db: sqlite3.Connection) -> None:
    """Create the search tables that do not exist yet."""
    _run_script(db, SCHEMA)


def clear(db: sqlite3.Connection) -> None:
    """Delete every document."""
    db.execute("INSERT INTO search_fts (search_fts) VALUES ('delete-all')")
    db.execute("DELETE FROM search_rows")
    db.execute("DELETE FROM search_texts")
    db.execute("DELETE FROM search_words")
    db.execute("DELETE FROM search_meetings")


_PUT_MEETING = "INSERT OR REPLACE INTO search_meetings VALUES (?, ?, ?, ?, ?)"


def _meeting_row(meeting: Meeting) -> tuple[str, str, str, str, str]:
    return (meeting.id, meeting.date, meeting.committee_id, meeting.committee, json.dumps(meeting.holds))


def newest_meetings(db: sqlite3.Connection, limit: int) -> list[dict[str, object]]:
    """The ``limit`` newest meetings (by date, then id, as the meeting list
    sorts them), each as the records keep its fields."""
    rows = db.execute(
        "SELECT id, date, committee_id, committee, holds FROM search_meetings"
        " ORDER BY date DESC, id DESC LIMIT ?",
        (limit,),
    ).fetchall()
    return [
        {"id": id, "date": date, "committee_id": committee_id, "committee": committee, "holds": json.loads(holds)}
        for id, date, committee_id, committee, holds in rows
    ]


def recount_words(db: sqlite3.Connection) -> None:
    """Count ``search_words`` afresh from the whole FTS5 index."""
    db.execute("DELETE FROM search_words")
    db.execute("INSERT INTO search_words (term, doc) SELECT term, doc FROM search_vocab")


def _count_words(db: sqlite3.Connection, texts: list[tuple[str, str]], sign: int) -> None:
    """Add (``sign`` 1) or take away (-1) the words of items' ``(title,
    text)`` to or from ``search_words``; a word no item holds any more goes."""
    if not texts:
        return
    _run_script(db, SCRATCH)
    db.executemany("INSERT INTO temp.search_scratch (title, text) VALUES (?, ?)", texts)
    db.execute(
        "INSERT INTO search_words (term, doc) SELECT term, ? * doc FROM temp.search_scratch_vocab"
        " WHERE true ON CONFLICT (term) DO UPDATE SET doc = doc + excluded.doc",
        (sign,),
    )
    if sign < 0:
        db.execute(
            "DELETE FROM search_words WHERE doc <= 0"
            " AND term IN (SELECT term FROM temp.search_scratch_vocab)"
        )
    db.execute("INSERT INTO temp.search_scratch (search_scratch) VALUES ('delete-all')")


def drop_meeting(db: sqlite3.Connection, meeting_id: str, *, count_words: bool = True) -> None:
    """Take a meeting's items out of the index (and their words out of
    ``search_words`` if ``count_words``: not when it is counted afresh after)."""
    rows = db.execute(
        "SELECT n, title, text FROM search_docs WHERE meeting_id = ?", (meeting_id,)
    ).fetchall()
    db.executemany(
        "INSERT INTO search_fts (search_fts, rowid, title, text) VALUES ('delete', ?, ?, ?)", rows
    )
    db.execute("DELETE FROM search_rows WHERE meeting_id = ?", (meeting_id,))
    db.execute("DELETE FROM search_texts WHERE meeting_id = ?", (meeting_id,))
    db.execute("DELETE FROM search_meetings WHERE id = ?", (meeting_id,))
    if count_words:
        _count_words(db, [(title, text) for _, title, text in rows], -1)


def put_meeting(
    db: sqlite3.Connection, meeting: Meeting, items: Iterable[Item], *, count_words: bool = True
) -> None:
    """Index a meeting's items (after ``drop_meeting`` if it was indexed),
    and their words in ``search_words`` if ``count_words``."""
    db.execute(_PUT_MEETING, _meeting_row(meeting))
    label = f"{meeting.committee_id} {meeting.committee}".casefold()
    texts: list[tuple[str, str]] = []
    chunks: list[bytes] = []  # packed already
    chunk: list[bytes] = []  # the texts of the chunk being filled, which starts at ``at``
    at = start = 0
    for item in items:
        title = _unforged(safe_line(item.title))
        text = _unforged(item.plain_text())
        texts.append((title, text))
        chunk.append(text.encode("utf-8", "surrogatepass"))
        cursor = db.execute(
            "INSERT INTO search_rows"
            " (id, meeting_id, date, committee_id, label, number, title, at, start, size)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                item.id,
                meeting.id,
                meeting.date,
                meeting.committee_id,
                label,
                str(item.number),
                title,
                at,
                start,
                len(chunk[-1]),
            ),
        )
        db.execute(
            "INSERT INTO search_fts (rowid, title, text) VALUES (?, ?, ?)",
            (cursor.lastrowid, title, text),
        )
        start += len(chunk[-1])
        if start >= CHUNK_BYTES:
            chunks.append(pack_texts(chunk))
            at, chunk, start = at + len(chunks[-1]), [], 0
    if chunk:
        chunks.append(pack_texts(chunk))
    if chunks:
        db.execute("INSERT INTO search_texts VALUES (?, ?)", (meeting.id, b"".join(chunks)))
    if count_words:
        _count_words(db, texts, 1)
