"""Putting each substantive item in the thread of its recurring topic.

An item joins the thread it matches best, if the match is strong enough:

1. **Title.** Keys (``store.topics.normalise``) scoring ``JOIN`` or more
   are enough on their own ("same title once the quarter is removed").
2. **Title and text.** Keys scoring ``SUPPORT_MIN`` or more join when the
   text backs them: the item's text covering the thread's signature (the
   words that characterise its items, weighted by how rare they are in the
   archive) and the same presenting officer add to the score.
3. **Background papers.** A report that names an earlier edition of itself
   in its background papers joins the thread of the item that paper was,
   whatever it was called then (``store.topics.citations``); two threads
   linked so merge.

Otherwise the item starts a thread of its own. Standing items (apologies,
minutes, next meeting ...) never enter a thread. Two items of one meeting
from the same kind of document never share a thread (a meeting discusses a
topic once), and the clerk's corrections (``store.topics.constraints``)
override everything. Sections of long items about other threads' topics are
found by ``store.topics.parts``.

Only the items of the meetings being imported are compared, against the
threads sharing words with their titles (a word index of thread keys), and
no other item is read (threads keep their signature), so importing one
meeting costs about the same whatever the archive's size.
"""

from __future__ import annotations

import bisect
import heapq
import re
from collections import Counter
from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING

from store import Archive
from store.models import Item
from store.topics import citations, parts
from store.topics.constraints import Constraints
from store.topics.evidence import (
    Evidence,
    coverage,
    merge_signatures,
    shared_presenters,
    short_name,
    terms,
)
from store.topics.members import Member, Thread
from store.topics.normalise import KeyIndex, MatchCache, TitleKey, best_match, slug
from store.topics.reader import ArchiveReader, Features, day_number, people, substantive
from store.topics.references import best_paper, substantive_titles
from store.topics.tables import TopicState

if TYPE_CHECKING:
    from store.database import ItemSpill

#: A title score that puts an item in a thread on its own.
JOIN = 80
#: The least title score that shared text or people can lift to ``JOIN``.
SUPPORT_MIN = 55
#: Most points the text adds: when it covers ``TEXT_FULL`` of the thread's
#: signature (its characteristic words, weighted).
TEXT_BONUS = 15
TEXT_FULL = 0.5
#: Presenters remembered per thread.
PEOPLE = 3
#: Points for the same presenting officer.
PEOPLE_BONUS = 10
#: A link made partly from the text is never shown as certain.
SUPPORTED_CAP = 95
#: Threads scored per item: the ones sharing most key words ...
CANDIDATES = 20
#: ... of the item's rarest distinctive words.
RAREST = 3
#: Threads of a title only somewhat alike whose text is weighed (the best
#: few: the rest could not win).
SUPPORTED = 3

#: Meetings threaded at once from this many on are read through a spill
#: file (``Store.spill``): one read of each shard, not one per meeting.
SPILL_MEETINGS = 64

#: Codes of members placed by the clerk.
CLERK_CODES = ("moved", "confirmed")
#: Codes of members whose title a thread matches new items against: the
#: first item, the same title, or a background paper put them there. A
#: title only alike must not widen what the thread attracts, or each
#: variant would let in the next and threads would drift from topic to
#: topic.
KEYED_CODES = ("seed", "same", "quarter", "date", "year", "filler", "cites", "cited")


#: A thread's items by title key, each as sorted ``(day, item id)``.
_ByKey = dict[str, list[tuple[int, str]]]


class Threader:
    """Places items in threads, keeping the topic tables consistent."""

    def __init__(self, store: Archive, state: TopicState, constraints: Constraints) -> None:
        """Work on ``state`` (written back by the caller with ``state.save``)."""
        self.store = store
        self.state = state
        self.constraints = constraints
        self.reader = ArchiveReader(store, state, state.idf)
        #: Threads whose keys grew: parts elsewhere may now be about them.
        self.rekeyed: set[str] = set()
        #: Threads' items by title key, made when first needed and kept up
        #: to date as threads grow (dropped when they change otherwise).
        self._profiles: dict[str, _ByKey] = {}
        #: Title scores of (item key, thread key) pairs, while title
        #: weights stay as they were at ``_scores_at`` titles.
        self._scores = MatchCache()
        self._scores_at = -1
        #: Threads' keys with their words' spelling classes, kept while the
        #: thread's list of keys is the same (appended to by ``join``).
        self._key_index: dict[str, KeyIndex] = {}
        #: Threads' (meeting, kind of document) pairs, for merges; made
        #: when first needed, kept up to date as threads grow.
        self._occupied: dict[str, set[tuple[str, str]]] = {}
        self._rejected: dict[str, set[str]] = {}
        #: Meetings' items a background paper may name (``paper_item``),
        #: kept from the rows read for the run or read when first asked.
        self._papers: dict[str, list[tuple[str, str]]] = {}
        for pair in constraints.rejects:
            a, b = sorted(pair)
            self._rejected.setdefault(a, set()).add(b)
            self._rejected.setdefault(b, set()).add(a)

    def thread_of(self, item_id: str) -> str | None:
        """The thread ``item_id`` is in now."""
        return self.state.thread_of(item_id)

    def paper_item(self, meeting_id: str, key: TitleKey) -> tuple[str | None, float]:
        """The item of a meeting a background paper's title key names
        (``store.topics.references.paper_item``), from the rows kept."""
        titles = self._papers.get(meeting_id)
        if titles is None:
            titles = self._papers[meeting_id] = substantive_titles(self.store, meeting_id)
        return best_paper(titles, key)

    def clerk_placed(self, item_id: str) -> bool:
        """True if the clerk moved the item: it attracts nothing."""
        return self.constraints.anchor(item_id) is not None

    # -- whole runs ------------------------------------------------------

    def update(
        self, meeting_ids: Iterable[str], *, count_words: bool = True, spill: ItemSpill | None = None
    ) -> None:
        """Re-thread the items of these meetings against all other threads.

        Args:
            meeting_ids: Meetings whose items were written or changed.
            count_words: Add their words to the archive's word counts, the
                first time a meeting is seen (a changed meeting is not
                counted twice).
            spill: These meetings' items read already (``Store.spill``).
        """
        found = {m: self.store.meeting(m) for m in set(meeting_ids)}
        for meeting_id in sorted(found):
            self.forget_meeting(meeting_id)
        for meeting_id, meeting in found.items():
            if meeting is None:
                self.state.drop_meeting(meeting_id)
                self._papers.pop(meeting_id, None)
        present = [m for m, meeting in found.items() if meeting is not None]
        for meeting_id, summaries in self.store.summaries_by_shard(present):
            meeting = found[meeting_id]
            assert meeting is not None
            row = self.state.meeting(meeting_id)
            row["date"], row["committee"] = meeting.date, meeting.committee_id
            lean = [(s.id, s.order, s.title, s.shape) for s in summaries]
            self.state.put_items(meeting_id, lean)
            self._papers[meeting_id] = [(s.id, s.title) for s in summaries if s.standing is None]
        meetings = sorted(
            (m for m, meeting in found.items() if meeting is not None),
            key=lambda m: (self.reader.meeting_date(m), m),
        )
        if spill is not None:
            self._thread_spilled(meetings, spill, count_words)
        elif len(meetings) < SPILL_MEETINGS:
            self._thread_meetings(meetings, self.store.items, count_words)
        else:
            with self.store.spill(meetings) as spilled:
                self._thread_spilled(meetings, spilled, count_words)

    def _thread_spilled(self, meetings: list[str], spill: ItemSpill, count_words: bool) -> None:
        """``_thread_meetings``, reading bodies from ``spill`` where it has them."""
        self.reader.read_from(spill)
        try:
            self._thread_meetings(meetings, spill.items, count_words)
        finally:
            self.reader.read_from(None)

    def _thread_meetings(
        self, meetings: list[str], read: Callable[[str], list[Item]], count_words: bool
    ) -> None:
        """Place the items of these meetings, then link and check what changed."""
        self._place_meetings(meetings, read, count_words)
        citations.link(self, meetings)
        self.enforce()
        parts.find_for_rekeyed(self)

    def _place_meetings(
        self, meetings: list[str], read: Callable[[str], list[Item]], count_words: bool
    ) -> None:
        """Place the items of these meetings, oldest meeting first."""
        for meeting_id in meetings:
            items = read(meeting_id)
            self.reader.begin_meeting(items)
            row = self.state.meeting(meeting_id)
            for item in items:
                if not (count_words and not row["counted"] and substantive(item)):
                    continue
                self.state.count_title(self.reader.key(item.id))
                if self.state.counts(item.id):
                    self.state.count_words(self.reader.words(item.id))
            row["counted"] = True
            for item in items:
                if substantive(item):
                    self.place(self.reader.features(item))
                    citations.register(self, item)
            for item in items:
                if substantive(item):
                    parts.find_in(self, item)

    def replace_items(self, item_ids: Iterable[str]) -> None:
        """Take these items out of their threads and place them again, oldest
        first (after a correction)."""
        ids = sorted({i for i in item_ids if self.reader.known(i)}, key=self.reader.sort_key)
        for item_id in ids:
            self.remove_member(item_id)
            parts.remove_of(self, item_id)
        for item_id in ids:
            item = self.reader.body(item_id)
            if item is not None and substantive(item):
                self.place(self.reader.features(item))
        for item_id in ids:
            item = self.reader.body(item_id)
            if item is not None and substantive(item):
                parts.find_in(self, item)
        self.enforce()
        parts.find_for_rekeyed(self)

    def forget_meeting(self, meeting_id: str) -> None:
        """Take a meeting's items out of every topic table."""
        row = self.state.meeting(meeting_id)
        for item_id in self.state.threaded_items(meeting_id):
            self.remove_member(item_id)
        for item_id in list(row["parts"]):
            parts.remove_of(self, item_id)
        parts.forget_heads(self, meeting_id)
        citations.forget(self, meeting_id)

    # -- placing ---------------------------------------------------------

    def place(self, f: Features) -> None:
        """Put one substantive item in a thread (new or existing)."""
        anchor = self.constraints.anchor(f.item.id)
        if anchor is not None:
            target = self.thread_of(anchor) if anchor != f.item.id else None
            if target is not None:
                self.join(target, f.item.id, Evidence(100, "moved", anchor))
            else:
                self._new_thread(f, Member(f.item.id, 100, "moved", anchor))
            return
        scored = self._title_matches(f)
        cited = [(ev, t) for ev, t in citations.cited_threads(self, f) if not self._blocked(f.item.id, t)]
        best = max(scored + cited, key=lambda pair: pair[0].score, default=None)
        if best is None or best[0].score < JOIN:
            self._new_thread(f, Member(f.item.id, 100, "seed"))
            return
        evidence, thread_id = best
        self.join(thread_id, f.item.id, evidence)
        for other_evidence, other in sorted(scored + cited, key=lambda pair: -pair[0].score):
            ours = self.thread_of(f.item.id)
            if other_evidence.score >= JOIN and ours not in (None, other) and other_evidence.via:
                self.merge(ours, other, other_evidence.via, f.item.id, other_evidence)

    def _title_matches(self, f: Features) -> list[tuple[Evidence, str]]:
        """Evidence for each thread of the item's committee whose keys are
        like the item's title. A thread follows a topic through one
        committee's meetings: two committees' "Quarterly Performance Report"
        or "Work Programme" are about different things (the clerk can move
        an item to another committee's thread)."""
        titled = []
        committee = self.reader.committee(f.meeting_id)
        for thread_id in self._candidates(f, committee):
            best, key = self._best_key(f, thread_id)
            if best < SUPPORT_MIN or self._blocked(f.item.id, thread_id):
                continue
            titled.append((best, thread_id, key))
        titled.sort(key=lambda entry: (-entry[0], entry[1]))
        supported = 0
        found = []
        for best, thread_id, key in titled:
            if best < JOIN:
                if supported == SUPPORTED:
                    continue
                supported += 1
            evidence = self._title_evidence(f, thread_id, best, key)
            if evidence is not None:
                found.append((evidence, thread_id))
        return found

    def _candidates(self, f: Features, committee: str) -> list[str]:
        """The threads following the item's committee that share most of the
        rarest distinctive words of the item's key; for a key of generic
        words only ("corporate performance monitoring"), threads sharing two
        of them. Only the committee's threads are counted, so the cost grows
        with the committee, not the archive. (A thread sharing only generic
        words with a key that has a distinctive one cannot reach
        ``SUPPORT_MIN``; words found in thousands of titles, such as
        "application", would only bring thousands of threads to score.)"""
        if f.key.distinctive:
            words = sorted(f.key.distinctive, key=lambda w: (self.state.tdf.get(w, 0), w))
            words, needed = words[:RAREST], 1
        else:
            words, needed = list(f.key.words), min(2, len(f.key.words))
        having = [self.state.threads_with(word, committee) for word in words]
        if len(having) <= 3:
            return _most_shared(having, needed, CANDIDATES)
        shared: Counter[str] = Counter()
        for threads in having:
            shared.update(threads)
        # Most words shared first, then by id; compared as plain tuples (a
        # common word brings thousands of threads).
        found = [(-count, t) for t, count in shared.items() if count >= needed]
        return [thread_id for _, thread_id in heapq.nsmallest(CANDIDATES, found)]

    def _profile(self, thread_id: str) -> _ByKey:
        profile = self._profiles.get(thread_id)
        if profile is None:
            profile = {}
            thread = self.state.thread(thread_id)
            for member in thread.members if thread else []:
                _add_to_profile(profile, member, thread.key_of(member))  # type: ignore[union-attr]
            self._profiles[thread_id] = profile
        return profile

    def _blocked(self, item_id: str, thread_id: str) -> bool:
        """True if the item may not join this thread: the clerk rejected a
        link to one of its items, or it has an item of the same meeting and
        kind of document."""
        if self.excluded(item_id, thread_id):
            return True
        meeting_id, family = self.reader.meeting_of(item_id), self.reader.family(item_id)
        return any(
            self.reader.family(other) == family
            for other in self.state.meeting_members(meeting_id, thread_id)
        )

    def via(self, thread_id: str, key_text: str, near: str) -> str | None:
        """The member with this title key closest in date to ``near``."""
        members = self._profile(thread_id).get(key_text)
        if not members:
            return None
        target = day_number(near)
        at = bisect.bisect_left(members, (target, ""))
        nearby = members[max(0, at - 1) : at + 1]
        return min(nearby, key=lambda entry: (abs(entry[0] - target), entry[1]))[1]

    def excluded(self, item_id: str, thread_id: str) -> bool:
        """True if the item is in the thread, or the clerk rejected a link
        between it and one of the thread's items."""
        thread_of = self.state.thread_of
        return thread_of(item_id) == thread_id or any(
            thread_of(other) == thread_id for other in self._rejected.get(item_id, ())
        )

    def _best_key(self, f: Features, thread_id: str) -> tuple[float, str]:
        """The thread key most like the item's title, and its score (an
        alias counts only when it is the same key)."""
        keys, aliases = self.state.thread_keys(thread_id)
        if f.key.text in keys or f.key.text in aliases:
            return 100.0, f.key.text
        if self._scores_at != self.state.weights_at:
            self._scores.clear()
            self._scores_at = self.state.weights_at
        index = self._key_index.get(thread_id)
        if index is None or index.keys is not keys:
            index = self._key_index[thread_id] = KeyIndex(keys)
        elif index.size != len(keys):
            index.extend()
        # Keys that surely name something else score at most DIFFERENT,
        # below SUPPORT_MIN: the rest are enough to find the best.
        alike = index.alike(f.key)
        return best_match(f.key, alike, self.state.title_weights, SUPPORT_MIN, self._scores)

    def _title_evidence(
        self, f: Features, thread_id: str, best: float, best_key: str
    ) -> Evidence | None:
        """Evidence from the best title match with a thread, backed by the
        text when the titles alone are not enough."""
        via = self.via(thread_id, best_key, f.date)
        if via is None:
            return None
        if best >= 99.99:
            return self._same_title(f, via)
        if best >= JOIN:
            return Evidence(best, "similar", via)
        sig, presenters = self.state.thread_text(thread_id)
        # The title is what is only alike: the support must come from the text.
        covered, words = coverage(self.reader.words(f.item.id) - terms(f.item.title), sig)
        names = shared_presenters([short_name(p) for p in people(f.item)], presenters)
        score = best + TEXT_BONUS * min(1.0, covered / TEXT_FULL) + (PEOPLE_BONUS if names else 0)
        extra = {"terms": words[:3], "people": names[:1]}
        return Evidence(min(SUPPORTED_CAP, score), "supported", via, extra)

    def _same_title(self, f: Features, via: str) -> Evidence:
        """Equal keys: say whether the titles were equal, or what was removed."""
        if _plain(f.item.title) == _plain(self.reader.title(via)):
            return Evidence(100, "same", via)
        removed = f.key.removed | self.reader.key(via).removed
        kind = next((k for k in ("quarter", "date", "year") if k in removed), "filler")
        return Evidence(100, kind, via)

    # -- changing threads ------------------------------------------------

    def _new_thread(self, f: Features, member: Member) -> str:
        """Start a thread with one item (the clerk's moves lend no key)."""
        thread_id = self.state.new_thread_id(slug(f.key, f.item.title))
        keys = [f.key.text] if member.code in KEYED_CODES and f.key.words else []
        member.key = 0 if keys else -1
        member.date, member.title = f.date, f.item.title
        self._forget(thread_id)
        sig = self.reader.signature(f.item.id)
        presenters = [short_name(name) for name in people(f.item)][:PEOPLE]
        committees = [self.reader.committee(f.meeting_id)]
        self.state.add_thread(Thread(thread_id, keys, [member], [], sig, presenters, [], committees))
        self.state.place(f.item.id, thread_id)
        self.rekeyed.add(thread_id)
        return thread_id

    def join(self, thread_id: str, item_id: str, evidence: Evidence) -> None:
        """Add an item to a thread with the evidence that put it there.

        The first item of a thread gets the same evidence towards the one
        that joins it, so that every member has a reason. An item the title
        put there lends the thread its key; one only alike, an alias; one
        the clerk placed, nothing.
        """
        thread = self.state.thread(thread_id)
        assert thread is not None
        member = Member(item_id, round(evidence.score), evidence.code, evidence.via, evidence.extra)
        member.date, member.title = self.reader.date(item_id), self.reader.title(item_id)
        committee = self.reader.committee(self.reader.meeting_of(item_id))
        if committee not in thread.committees:
            thread.committees.append(committee)
            self.state.index_keys(thread, [*thread.keys, *thread.aliases], [committee])
        partner = thread.member(evidence.via) if evidence.via else None
        if partner is not None and partner.code == "seed" and evidence.code not in CLERK_CODES:
            partner.score, partner.via, partner.extra = member.score, item_id, dict(member.extra)
            partner.code = {"cites": "cited"}.get(member.code, member.code)
        thread.members.insert(self._position(thread, member), member)
        self.state.place(item_id, thread_id)
        if evidence.code not in CLERK_CODES:
            self._absorb(thread, item_id)
        key = self.reader.key(item_id)
        if key.words and evidence.code in KEYED_CODES:
            if key.text not in thread.keys:
                thread.keys.append(key.text)
                self.state.index_keys(thread, [key.text], thread.committees)
                self.rekeyed.add(thread_id)
            member.key = thread.keys.index(key.text)
        elif key.words and evidence.code not in CLERK_CODES:
            if key.text not in thread.aliases:
                thread.aliases.append(key.text)
                self.state.index_keys(thread, [key.text], thread.committees)
            member.key = -2 - thread.aliases.index(key.text)
        if thread_id in self._profiles:
            _add_to_profile(self._profiles[thread_id], member, thread.key_of(member))
        if thread_id in self._occupied:
            self._occupied[thread_id].add(self._slot(item_id))

    def _position(self, thread: Thread, member: Member) -> int:
        """Where a new member goes among the thread's, oldest first (items
        of one day in agenda order: only those need their rows read)."""
        at = len(thread.members)
        while at and thread.members[at - 1].date > member.date:
            at -= 1
        if at and thread.members[at - 1].date == member.date:
            place = self.reader.sort_key(member.id)
            while (
                at
                and thread.members[at - 1].date == member.date
                and self.reader.sort_key(thread.members[at - 1].id) > place
            ):
                at -= 1
        return at

    def _absorb(self, thread: Thread, item_id: str) -> None:
        """Add an item's characteristic words and presenters to its thread's."""
        thread.sig = merge_signatures(thread.sig, self.reader.signature(item_id))
        item = self.reader.body(item_id)
        names = [short_name(name) for name in people(item)] if item else []
        thread.people = list(dict.fromkeys([*names, *thread.people]))[:PEOPLE]

    def remove_member(self, item_id: str) -> None:
        """Take an item out of its thread; drop the thread if it empties."""
        thread_id = self.state.thread_of(item_id)
        self.state.place(item_id, None)
        thread = self.state.thread(thread_id) if thread_id else None
        if thread is None:
            return
        self._forget(thread.id)
        texts = self._key_texts(thread)
        self.state.unindex(thread.id)
        thread.members = [member for member in thread.members if member.id != item_id]
        if not thread.members:
            parts.detach_all(self, thread)
            self.state.drop_thread(thread.id)
            return
        thread.committees = sorted(
            {self.reader.committee(self.reader.meeting_of(m.id)) for m in thread.members}
        )
        self._rekey(thread, texts)

    def _rekey(self, thread: Thread, texts: dict[str, str]) -> None:
        """Recompute a thread's match keys and its members' key indexes from
        each member's key text in ``texts``."""
        self._forget(thread.id)
        keyed = {m.id for m in thread.members if m.code in KEYED_CODES and texts.get(m.id)}
        alike = {
            m.id for m in thread.members if m.code not in CLERK_CODES and texts.get(m.id)
        } - keyed
        self.state.unindex(thread.id)
        thread.keys = list(dict.fromkeys(texts[m.id] for m in thread.members if m.id in keyed))
        thread.aliases = list(dict.fromkeys(texts[m.id] for m in thread.members if m.id in alike))
        keys = {key: n for n, key in enumerate(thread.keys)}
        aliases = {key: -2 - n for n, key in enumerate(thread.aliases)}
        for member in thread.members:
            text = texts.get(member.id, "")
            member.key = keys[text] if member.id in keyed else aliases.get(text, -1)
        self.state.add_thread(thread)

    def _key_texts(self, *threads: Thread) -> dict[str, str]:
        """Every member's title key (read again for those not keyed)."""
        return {
            m.id: thread.key_of(m) or self.reader.key(m.id).text
            for thread in threads
            for m in thread.members
        }

    def upgrade(self, thread_id: str, item_id: str, evidence: Evidence) -> None:
        """Give a member stronger evidence, unless the clerk placed it."""
        thread = self.state.thread(thread_id)
        member = thread.member(item_id) if thread else None
        if thread is None or member is None or member.code in CLERK_CODES:
            return
        if member.score < evidence.score or member.code == "seed":
            texts = self._key_texts(thread)
            member.score, member.code = round(evidence.score), evidence.code
            member.via, member.extra = evidence.via, dict(evidence.extra)
            self._rekey(thread, texts)

    def merge(
        self, keep_id: str, other_id: str, bridge: str, joiner: str, evidence: Evidence
    ) -> bool:
        """Merge two threads that one item links, if no rule forbids it.

        Args:
            keep_id: The thread ``joiner`` is in.
            other_id: Another thread it matches as strongly.
            bridge: The item of ``other_id`` it matched.
            joiner: The item linking the two.
            evidence: How ``joiner`` matched ``bridge`` (the bridge gets the
                mirror of it).

        Returns:
            True if the threads were merged (the one that starts earlier
            keeps its id).
        """
        keep, other = self.state.thread(keep_id), self.state.thread(other_id)
        if keep is None or other is None or keep is other:
            return False
        if self._overlap(keep, other):
            return False
        if self.reader.sort_key(other.members[0].id) < self.reader.sort_key(keep.members[0].id):
            keep, other = other, keep
        texts = self._key_texts(keep, other)
        for member in other.members:
            self.state.place(member.id, keep.id)
        keep.members = sorted(keep.members + other.members, key=lambda m: self.reader.sort_key(m.id))
        keep.sig = merge_signatures(keep.sig, other.sig)
        keep.people = list(dict.fromkeys([*keep.people, *other.people]))[:PEOPLE]
        keep.committees = sorted({*keep.committees, *other.committees})
        parts.move_all(self, other, keep)
        self.state.drop_thread(other.id)
        self._forget(other.id)
        self._forget(keep.id)
        self._rekey(keep, texts)
        mirror = {"cites": "cited", "cited": "cites"}.get(evidence.code, evidence.code)
        self.upgrade(keep.id, bridge, Evidence(evidence.score, mirror, joiner, evidence.extra))
        self.rekeyed.add(keep.id)
        return True

    def _overlap(self, ours: Thread, theirs: Thread) -> bool:
        """True if two threads may not merge: they have items of the same
        meeting and kind of document, or the clerk rejected a link between
        their items."""
        if self._occupied_by(ours) & self._occupied_by(theirs):
            return True
        if not self._rejected:
            return False
        members = {m.id for m in theirs.members}
        return any(self._rejected.get(m.id, set()) & members for m in ours.members)

    def _occupied_by(self, thread: Thread) -> set[tuple[str, str]]:
        occupied = self._occupied.get(thread.id)
        if occupied is None:
            occupied = self._occupied[thread.id] = {self._slot(m.id) for m in thread.members}
        return occupied

    def _slot(self, item_id: str) -> tuple[str, str]:
        """An item's meeting and kind of document."""
        return self.reader.meeting_of(item_id), self.reader.family(item_id)

    def _forget(self, thread_id: str) -> None:
        """Drop what was worked out about a thread's members."""
        self._profiles.pop(thread_id, None)
        self._occupied.pop(thread_id, None)

    def enforce(self) -> None:
        """Put back together what the clerk said belongs together."""
        for item_id, other_id in self.constraints.together():
            ours, theirs = self.thread_of(item_id), self.thread_of(other_id)
            if ours is None or theirs is None or ours == theirs:
                continue
            code = "moved" if item_id in self.constraints.moves else "confirmed"
            self.remove_member(item_id)
            self.join(theirs, item_id, Evidence(100, code, other_id))


def _most_shared(having: list[AbstractSet[str]], needed: int, limit: int) -> list[str]:
    """The ``limit`` ids in most of the sets of ``having`` (one to three
    sets), at least ``needed`` of them; of as many, the smallest ids first.

    Worked out with set operations, tier by tier (in all three sets, in
    two, in one) and only as far as the limit needs: the sets of words
    found in thousands of titles are never counted id by id.
    """
    found: list[str] = []
    taken: set[str] = set()
    if not having:
        return found
    for count in range(len(having), needed - 1, -1):
        if len(found) >= limit:
            break
        tier = _in_exactly(having, count, taken)
        found += sorted(tier)[: limit - len(found)]
        taken |= tier
    return found


def _in_exactly(having: list[AbstractSet[str]], count: int, taken: set[str]) -> set[str]:
    """The ids in ``count`` of the (up to three) sets, given ``taken``: the
    ids in more of them."""
    if count == len(having):
        first, *rest = sorted(having, key=len)
        return set(first).intersection(*rest)
    if count == 1:
        return set().union(*having) - taken
    # Two of three.
    a, b, c = having
    return set((a & b) | (a & c) | (b & c)) - taken


def _plain(title: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", title.casefold()))



def _add_to_profile(profile: _ByKey, member: Member, key: str) -> None:
    if key:
        bisect.insort(profile.setdefault(key, []), (day_number(member.date), member.id))
