"""The search tables in the index database: documents and their FTS5 index.

``search_meetings``
    One row per meeting, numbered (``m``): its id, date, committee and its
    committee's ``label`` (the number of its row in ``search_labels``, for
    the ``committee:`` filter). Each result reads its meeting's row: the
    rest of what the list shows is apart (below), so these rows are short
    and fill few pages (a search of 500 candidates in a newly opened index
    reads some 110 pages of them at 10,000 meetings, not 350).
``search_listing``
    The rest of what the meeting list shows of a meeting (its committee's
    name, what the record holds), so the app can draw the list's first
    page before it has parsed the records (``newest_meetings``).
``search_labels``
    Each committee's slug and name, lower case, once.
``search_items``
    One row per item (``n``): its meeting's number ``m``, its ``key`` (the
    id is ``<meeting id>/<key>``; ``id`` is NULL unless an id is not of
    that form), date (kept here too: the filters-only listing reads the
    newest items in the order of an index), number, title, and where its
    text is in ``search_texts`` (below). A meeting's id, committee and
    label are in its ``search_meetings`` row, not repeated in each item's.
``search_rows``
    A view of ``search_items`` with each item's id, meeting id, date,
    committee and label: what a result shows, what the filters test.
``search_texts``
    One row per meeting (``m``): the plain texts of its items, one after
    another, deflated in chunks of about ``CHUNK_BYTES`` (``pack_texts``:
    raw deflate with a preset dictionary of council minutes' text,
    ``ZDICT``), the chunks one after another: the one copy the snippets
    are cut from. Each item's ``at`` (where its chunk starts in
    ``packed``), ``start`` and ``size`` (in the unpacked chunk) say where
    its text is (bytes of UTF-8). Chunks of 32 KB (deflate looks back 32 KB
    at most) at level 6 pack the 2,000-meeting benchmark's 55 MB of text
    into 8.1 MB, where chunks of 4 KB at level 4 took 12.8 MB; a snippet
    then unpacks about 16 KB to reach its item's text (some 25 µs instead
    of 11). Texts read one after another from one chunk (``drop_meeting``,
    the glossary) unpack it once (``item_text`` keeps where it got to).
    Raw deflate (no header or checksum: SQLite checks its pages) with the
    dictionary: a chunk's first words match text it has not seen yet.
``search_docs``
    A view of ``search_rows`` with each item's text unpacked (``item_text``,
    a function each connection registers: ``register``).
``search_fts``
    FTS5 over ``title`` and ``text`` of ``search_docs`` (external content:
    the text is not stored twice), the unicode61 tokenizer folding case and
    accents, as ``words`` does. ``detail=full`` (positions kept), though
    ``detail=column`` takes less than half the space (28 MB to 12 at 2,000
    meetings): FTS5 then works out ``bm25``'s counts by tokenizing each
    matching document's text again, so a ranked query took 13 times the
    CPU, and it matches no phrases (``"risk register"``, ``2007/08``).
    Neither ``optimize`` nor a larger ``pgsz`` makes the index smaller.
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

Every function works inside the caller's transaction.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import zlib
from collections.abc import Iterable
from pathlib import Path
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
CREATE TABLE IF NOT EXISTS search_meetings (
    m INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, date TEXT NOT NULL, committee_id TEXT NOT NULL,
    label INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS search_listing (m INTEGER PRIMARY KEY, committee TEXT NOT NULL, holds TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS search_meetings_newest ON search_meetings (date, id);
CREATE TABLE IF NOT EXISTS search_labels (n INTEGER PRIMARY KEY, label TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS search_items (
    n INTEGER PRIMARY KEY, m INTEGER NOT NULL, key TEXT NOT NULL, id TEXT,
    date TEXT NOT NULL, number TEXT NOT NULL, title TEXT NOT NULL,
    at INTEGER NOT NULL, start INTEGER NOT NULL, size INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS search_items_meeting ON search_items (m);
CREATE INDEX IF NOT EXISTS search_items_date ON search_items (date, n);
CREATE VIEW IF NOT EXISTS search_rows AS SELECT
    i.n, coalesce(i.id, m.id || '/' || i.key) AS id, m.id AS meeting_id, i.date, m.committee_id,
    m.label, i.number, i.title, i.at, i.start, i.size, i.m
    FROM search_items i JOIN search_meetings m ON m.m = i.m;
CREATE TABLE IF NOT EXISTS search_texts (m INTEGER PRIMARY KEY, packed BLOB NOT NULL);
CREATE VIEW IF NOT EXISTS search_docs AS SELECT
    r.n, r.id, r.meeting_id, r.date, r.committee_id, r.label, r.number, r.title, r.m,
    item_text(t.packed, r.at, r.start, r.size) AS text
    FROM search_rows r JOIN search_texts t ON t.m = r.m;
CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5 (
    title, text, content='search_docs', content_rowid='n', tokenize='{TOKENIZE}'
);
CREATE VIRTUAL TABLE IF NOT EXISTS search_vocab USING fts5vocab (search_fts, 'row');
CREATE TABLE IF NOT EXISTS search_words (term TEXT PRIMARY KEY, doc INTEGER NOT NULL) WITHOUT ROWID
"""

#: The scratch table a meeting's items are tokenized in, and its words.
SCRATCH = f"""
CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_scratch USING fts5 (
    title, text, content='', tokenize='{TOKENIZE}'
);
CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_scratch_vocab USING fts5vocab (temp, search_scratch, 'row')
"""

#: Deflate level of ``search_texts.packed``.
PACK_LEVEL = 6
#: A chunk of texts is closed once it holds this many bytes (an item longer
#: than this is a chunk alone): deflate looks back no further.
CHUNK_BYTES = 32768
#: The preset dictionary every chunk is deflated with: the last 32 KB of the
#: shipped samples' minutes and reports (deflate looks back 32 KB at most).
#: Another dictionary is another index layout: ``store.index.VERSION``.
ZDICT = (Path(__file__).parent / "zdict.txt").read_bytes()
#: Raw deflate: no zlib header or checksum.
_WBITS = -15
#: A compressor primed with ``ZDICT``, copied for each chunk (priming one
#: afresh costs a chunk's packing again).
_PACKER = zlib.compressobj(PACK_LEVEL, zlib.DEFLATED, _WBITS, zdict=ZDICT)
#: Each thread's last chunk unpacked, as far as it got: ``item_text``.
_last = threading.local()


def pack_texts(texts: list[bytes]) -> bytes:
    """Item texts (UTF-8), one after another, as a ``search_texts`` chunk holds them."""
    packer = _PACKER.copy()
    return packer.compress(b"".join(texts)) + packer.flush()


def item_text(packed: bytes, at: int, start: int, size: int) -> str:
    """The text at ``start`` (``size`` bytes long) in the chunk at ``at`` of a
    meeting's ``packed`` texts, unpacking no further than its end.

    The thread's last chunk is kept as far as it was unpacked, so the texts
    of one chunk read in order unpack it once, not once each.
    """
    if not size:  # a limit of 0 would unpack the whole chunk
        return ""
    end = start + size
    last = getattr(_last, "chunk", None)
    if last is not None and last[0] == at and last[1] == packed:
        _, _, inflater, head = last
    else:
        inflater = zlib.decompressobj(_WBITS, zdict=ZDICT)
        head = inflater.decompress(memoryview(packed)[at:], end)
    if len(head) < end and inflater.unconsumed_tail:
        head += inflater.decompress(inflater.unconsumed_tail, end - len(head))
    # An item longer than a chunk is a chunk alone: not kept, however long.
    _last.chunk = (at, packed, inflater, head) if len(head) <= 2 * CHUNK_BYTES else None
    return head[start:end].decode("utf-8", "surrogatepass")


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
    db.execute("DELETE FROM search_items")
    db.execute("DELETE FROM search_meetings")
    db.execute("DELETE FROM search_listing")
    db.execute("DELETE FROM search_labels")
    db.execute("DELETE FROM search_texts")
    db.execute("DELETE FROM search_words")


def newest_meetings(db: sqlite3.Connection, limit: int) -> list[dict[str, object]]:
    """The ``limit`` newest meetings (by date, then id, as the meeting list
    sorts them), each as the records keep its fields."""
    rows = db.execute(
        "SELECT id, date, committee_id, committee, holds FROM search_meetings JOIN search_listing USING (m)"
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
    found = db.execute("SELECT m FROM search_meetings WHERE id = ?", (meeting_id,)).fetchone()
    if found is None:
        return
    (number,) = found
    rows = db.execute("SELECT n, title, text FROM search_docs WHERE m = ? ORDER BY n", (number,)).fetchall()
    db.executemany(
        "INSERT INTO search_fts (search_fts, rowid, title, text) VALUES ('delete', ?, ?, ?)", rows
    )
    db.execute("DELETE FROM search_items WHERE m = ?", (number,))
    db.execute("DELETE FROM search_texts WHERE m = ?", (number,))
    db.execute("DELETE FROM search_meetings WHERE m = ?", (number,))
    db.execute("DELETE FROM search_listing WHERE m = ?", (number,))
    if count_words:
        _count_words(db, [(title, text) for _, title, text in rows], -1)


def _label(db: sqlite3.Connection, label: str) -> int:
    """The number of ``label``'s row in ``search_labels``, added if new."""
    db.execute("INSERT OR IGNORE INTO search_labels (label) VALUES (?)", (label,))
    return int(db.execute("SELECT n FROM search_labels WHERE label = ?", (label,)).fetchone()[0])


def put_meeting(
    db: sqlite3.Connection, meeting: Meeting, items: Iterable[Item], *, count_words: bool = True
) -> None:
    """Index a meeting's items (after ``drop_meeting`` if it was indexed),
    and their words in ``search_words`` if ``count_words``."""
    label = _label(db, f"{meeting.committee_id} {meeting.committee}".casefold())
    number = db.execute(
        "INSERT INTO search_meetings (id, date, committee_id, label) VALUES (?, ?, ?, ?)",
        (meeting.id, meeting.date, meeting.committee_id, label),
    ).lastrowid
    db.execute("INSERT INTO search_listing VALUES (?, ?, ?)", (number, meeting.committee, json.dumps(meeting.holds)))
    prefix = meeting.id + "/"
    texts: list[tuple[str, str]] = []
    chunks: list[bytes] = []  # packed already
    chunk: list[bytes] = []  # the texts of the chunk being filled, which starts at ``at``
    at = start = 0
    for item in items:
        title = _unforged(safe_line(item.title))
        text = _unforged(item.plain_text())
        texts.append((title, text))
        chunk.append(text.encode("utf-8", "surrogatepass"))
        key, odd = (item.id[len(prefix):], None) if item.id.startswith(prefix) else ("", item.id)
        cursor = db.execute(
            "INSERT INTO search_items (m, key, id, date, number, title, at, start, size)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (number, key, odd, meeting.date, str(item.number), title, at, start, len(chunk[-1])),
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
        db.execute("INSERT INTO search_texts VALUES (?, ?)", (number, b"".join(chunks)))
    if count_words:
        _count_words(db, texts, 1)
