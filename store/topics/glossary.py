"""Acronyms and their expansions, learned from the documents themselves.

Minutes say "BT Lancashire Services Ltd (BTLS)" once and "BTLS" ever after;
a report says "Lancashire County Council (LCC)"; a committee called "Cabinet
Committee on Performance Improvement" is "CCPI" in its own papers. Titles
written either way name the same topic, so before a title is reduced to its
key (``store.topics.normalise.title_key``) every learned acronym in it is
written out in full (``Glossary.expand``): "BTLS Contract" and "BT Lancashire
Services Ltd Contract" get the same key.

Nothing comes from a hand list. An acronym is learned only

* from a definition, "Full Name (ACR)", when the initial letters of the words
  just before the brackets spell the acronym, every letter of it
  (``spelled_by``: small linking words such as "of", "and", "to" may be
  skipped, a word in capitals such as "BT" gives all its letters, a trailing
  "Ltd" or "plc" is left out), from two words or more, two letters or more;
* or from a committee's name whose initials (linking words skipped) are an
  acronym written somewhere in the archive.

An acronym defined two different ways ("CAS" for two services) is ambiguous
and never expanded. Only acronyms written in capitals are expanded: "it" in
a title is a word, not "IT", and a title in capitals throughout is left as
it is.

The glossary is a derived table of the index, ``topic_glossary``: what each
meeting's items define and use, with the glossary in force kept in
``topic_stats`` (``glossary``). ``refresh`` brings it up to date for the
meetings being threaded and says which other meetings' titles read
differently now (they are threaded again, so the threads do not depend on
the order of import); ``rebuild`` learns it from the whole archive.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from store import Archive
from store.models import Item
from store.topics import tables

SCHEMA = """
CREATE TABLE IF NOT EXISTS topic_glossary (
    meeting TEXT NOT NULL, kind TEXT NOT NULL, acronym TEXT NOT NULL, expansion TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS topic_glossary_meeting ON topic_glossary (meeting);
DROP INDEX IF EXISTS topic_glossary_acronym;
CREATE INDEX IF NOT EXISTS topic_glossary_entry ON topic_glossary (acronym, kind, expansion);
"""

#: Row kinds: a definition "Name (ACR)", an acronym written, a committee's name.
DEFINED, USED, COMMITTEE = "defined", "used", "committee"

#: "(BTLS)": an acronym in brackets, two to eight capitals.
_DEFINITION = re.compile(r"\(([A-Z]{2,8})\)")
#: An acronym as written in text or a title (a plural "s" allowed).
_ACRONYM = re.compile(r"(?<![\w&'’-])([A-Z]{2,8})s?(?![\w&'’-])")
#: The same without its look-behind (checked by hand: faster over long texts).
_ACRONYM_AHEAD = re.compile(r"([A-Z]{2,8}+)s?(?![\w&'’-])")
_BEFORE_ACRONYM = frozenset("_&'’-")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*+|&")
#: Words a name's initials may skip.
LINKING = frozenset({"of", "and", "&", "the", "for", "on", "in", "to", "with", "at", "by"})
#: Company suffixes left out of an expansion.
_SUFFIXES = frozenset({"ltd", "limited", "plc", "llp", "inc", "cic"})
#: Most words before "(ACR)" looked at.
_BEFORE = 16
#: Most characters of one item's text read for definitions.
_TEXT_CHARS = 200_000
#: Most acronyms in force (a hostile archive could define millions).
MAX_TERMS = 20_000
#: Acronyms written in capitals a title may hold before it counts as
#: written in capitals throughout (then nothing in it is expanded).
_SHOUTED = 3


def spelled_by(words: Sequence[str], acronym: str) -> bool:
    """True if the initial letters of ``words`` spell ``acronym``, every letter.

    The first and last word give letters; a linking word may give its
    initial or nothing; a word in capitals ("BT") may give all its letters.
    At least two words must give letters.
    """
    if len(acronym) < 2 or len(words) < 2:
        return False
    if words[0].casefold() in LINKING or words[-1].casefold() in LINKING:
        return False
    target = acronym.upper()
    seen: dict[tuple[int, int, int], bool] = {}

    def spell(at: int, done: int, giving: int) -> bool:
        state = (at, done, min(giving, 2))
        if state in seen:
            return seen[state]
        seen[state] = found = _spell(at, done, state[2])
        return found

    def _spell(at: int, done: int, giving: int) -> bool:
        if at == len(words):
            return done == len(target) and giving >= 2
        word = words[at]
        if word.casefold() in LINKING and spell(at + 1, done, giving):
            return True
        if done < len(target) and word[0].upper() == target[done] and spell(at + 1, done + 1, giving + 1):
            return True
        if len(word) > 1 and word.isupper() and target.startswith(word, done):
            return spell(at + 1, done + len(word), giving + 1)
        return False

    return spell(0, 0, 0)


def definitions(text: str) -> list[tuple[str, str]]:
    """Every "Full Name (ACR)" in ``text``: ``(acronym, full name)``.

    The full name is the fewest words before the brackets that spell the
    acronym (``spelled_by``), without a company suffix.
    """
    found = []
    for match in _DEFINITION.finditer(text[:_TEXT_CHARS]):
        acronym = match.group(1)
        line = text[max(0, match.start() - 200) : match.start()].rsplit("\n", 1)[-1]
        if line and not line[-1].isspace():
            continue
        words = _WORD.findall(line)[-_BEFORE:]
        while words and words[-1].casefold().rstrip(".") in _SUFFIXES:
            words.pop()
        for size in range(2, len(words) + 1):
            if spelled_by(words[-size:], acronym):
                found.append((acronym, " ".join(words[-size:])))
                break
    return found


def initials(name: str) -> str:
    """A name's initial letters, linking words skipped ("CCPI")."""
    words = [w for w in _WORD.findall(name) if w.casefold() not in LINKING]
    return "".join(w[0].upper() for w in words) if len(words) >= 2 else ""


def meeting_rows(committee: str, texts: Iterable[str]) -> set[tuple[str, str, str]]:
    """What one meeting teaches, from its items' titles and texts:
    ``(kind, acronym, expansion)`` rows."""
    rows: set[tuple[str, str, str]] = set()
    short = initials(committee)
    if len(short) >= 2:
        rows.add((COMMITTEE, short, " ".join(committee.split())))
    for whole in texts:
        text = whole[:_TEXT_CHARS]
        rows.update((DEFINED, acronym, name) for acronym, name in definitions(text))
        rows.update((USED, acronym, "") for acronym in acronyms_in(text))
    return rows


def acronyms_in(text: str) -> set[str]:
    """The acronyms written in ``text`` (as ``_ACRONYM`` finds them)."""
    found = set()
    for match in _ACRONYM_AHEAD.finditer(text):
        start = match.start()
        before = text[start - 1] if start else " "
        if not (before.isalnum() or before in _BEFORE_ACRONYM):
            found.add(match.group(1))
    return found


def entry(rows: Iterable[tuple[str, str]]) -> str | None:
    """The expansion of one acronym from its ``(kind, expansion)`` rows, or
    None (never defined, or defined two different ways)."""
    defined: dict[str, str] = {}
    named: dict[str, str] = {}
    used = False
    for kind, expansion in rows:
        if kind == USED:
            used = True
        elif kind in (DEFINED, COMMITTEE):
            chosen = defined if kind == DEFINED else named
            folded = expansion.casefold()
            chosen[folded] = min(expansion, chosen.get(folded, expansion))
    if len(defined) == 1 and (not named or named.keys() == defined.keys()):
        return next(iter(defined.values()))
    if not defined and len(named) == 1 and used:
        return next(iter(named.values()))
    return None


@dataclass(frozen=True)
class Glossary:
    """Acronym -> its expansion, as learned."""

    terms: dict[str, str] = field(default_factory=dict)

    @cached_property
    def _acronyms(self) -> re.Pattern[str] | None:
        if not self.terms:
            return None
        names = "|".join(sorted(map(re.escape, self.terms), key=lambda a: (-len(a), a)))
        return re.compile(rf"(?<![\w&'’-])({names})s?(?![\w&'’-])")

    @cached_property
    def _suffixed(self) -> re.Pattern[str] | None:
        if not self.terms:
            return None
        names = "|".join(
            r"\s+".join(map(re.escape, name.split()))
            for name in sorted(set(self.terms.values()), key=lambda n: (-len(n), n))
        )
        suffixes = "|".join(sorted(_SUFFIXES))
        return re.compile(rf"\b({names})\s+(?:{suffixes})\b\.?", re.IGNORECASE)

    def expand(self, title: str) -> str:
        """``title`` with each learned acronym written out ("BTLS Contract" ->
        "BT Lancashire Services Contract") and company suffixes after a
        learned name left out; a title in capitals throughout is unchanged."""
        acronyms, suffixed = self._acronyms, self._suffixed
        if acronyms is None or suffixed is None:
            return title
        title = suffixed.sub(r"\1", title)
        if len(_ACRONYM.findall(title)) >= _SHOUTED:
            return title
        return acronyms.sub(lambda match: self.terms[match.group(1)], title)


def create(db: sqlite3.Connection) -> None:
    """Create the glossary table if missing (in the caller's transaction)."""
    for statement in SCHEMA.split(";"):
        if statement.strip():
            db.execute(statement)


def built(db: sqlite3.Connection) -> bool:
    """True if the glossary has been learned for these tables."""
    return tables.stat(db, "glossary") is not None


def load(db: sqlite3.Connection) -> Glossary:
    """The glossary in force."""
    return Glossary(dict(tables.stat(db, "glossary") or {}))


def _store_rows(db: sqlite3.Connection, store: Archive, meeting_ids: Iterable[str]) -> set[str]:
    """Learn again what these meetings teach; the acronyms their old and new
    rows name."""
    touched: set[str] = set()
    for meeting_id in meeting_ids:
        old = db.execute("SELECT acronym FROM topic_glossary WHERE meeting = ?", (meeting_id,))
        touched.update(row[0] for row in old)
        db.execute("DELETE FROM topic_glossary WHERE meeting = ?", (meeting_id,))
        meeting = store.meeting(meeting_id)
        if meeting is None:
            continue
        rows = meeting_rows(meeting.committee, _texts(db, store, meeting_id))
        db.executemany(
            "INSERT INTO topic_glossary VALUES (?, ?, ?, ?)",
            sorted((meeting_id, *row) for row in rows),
        )
        touched.update(acronym for _, acronym, _ in rows)
    return touched


def _texts(db: sqlite3.Connection, store: Archive, meeting_id: str) -> list[str]:
    """A meeting's items' titles and texts: from the search index, which the
    index fills before the topics (``store.index``), else from the records."""
    try:
        rows = db.execute(
            "SELECT title || char(10) || text FROM search_docs WHERE meeting_id = ?", (meeting_id,)
        ).fetchall()
    except sqlite3.OperationalError:
        rows = []
    if rows:
        return [row[0] for row in rows]
    return [_item_text(item) for item in store.items(meeting_id)]


def _item_text(item: Item) -> str:
    return item.title + "\n" + item.plain_text()


def _entry_rows(db: sqlite3.Connection, acronym: str) -> list[tuple[str, str]]:
    """What ``entry`` needs of an acronym's rows: each definition and
    committee name once, and one use if any (not every meeting's: an
    acronym such as "NHS" is used in thousands), read from the index
    ``topic_glossary_entry`` alone."""
    rows = db.execute(
        "SELECT DISTINCT kind, expansion FROM topic_glossary WHERE acronym = ? AND kind IN (?, ?)",
        (acronym, DEFINED, COMMITTEE),
    ).fetchall()
    used = db.execute(
        "SELECT kind, expansion FROM topic_glossary WHERE acronym = ? AND kind = ? LIMIT 1", (acronym, USED)
    ).fetchall()
    return rows + used


def refresh(
    db: sqlite3.Connection, store: Archive, meeting_ids: Iterable[str]
) -> tuple[Glossary, set[str]]:
    """Learn again from the meetings that changed.

    Returns:
        The glossary now in force, and the other meetings with a title the
        change reads differently (to be threaded again).
    """
    changed = sorted(set(meeting_ids))
    before = load(db).terms
    terms = dict(before)
    for acronym in _store_rows(db, store, changed):
        found = entry(_entry_rows(db, acronym))
        if found is None:
            terms.pop(acronym, None)
        elif acronym in terms or len(terms) < MAX_TERMS:
            terms[acronym] = found
    tables.set_stat(db, "glossary", dict(sorted(terms.items())))
    moved = {a for a in before.keys() | terms.keys() if before.get(a) != terms.get(a)}
    affected: set[str] = set()
    for acronym in sorted(moved):
        for name in filter(None, (acronym, before.get(acronym), terms.get(acronym))):
            like = "%" + "%".join(name.replace("%", "").replace("_", "").split()) + "%"
            affected.update(
                row[0]
                for row in db.execute(
                    "SELECT DISTINCT meeting FROM topic_items WHERE title LIKE ?", (like,)
                )
            )
    return Glossary(terms), affected - set(changed)


def rebuild(db: sqlite3.Connection, store: Archive) -> Glossary:
    """Learn the glossary from every meeting of the archive."""
    db.execute("DELETE FROM topic_glossary")
    tables.set_stat(db, "glossary", {})
    glossary, _ = refresh(db, store, (meeting.id for meeting in store.meetings()))
    return glossary
