"""Promised follow-ups: found, given a due date, settled with a reason; clerk's marks kept."""

import json
from pathlib import Path

import pytest

from store.database import Store
from store.followups import FollowUpError, Later, followups, mark, promises_in, settle
from store.models import Block, Item, Meeting

LABELS = json.loads((Path(__file__).parent / "followup_labels.json").read_text())


def minutes(day: str, *sentences: str, next_meeting: str | None = None) -> tuple[Meeting, Item]:
    meeting = Meeting(id=f"ccpi-{day}", committee_id="ccpi", committee="Cabinet Committee on Performance Improvement",
                      date=day, next_meeting=next_meeting)
    item = Item(id=f"ccpi-{day}/4", meeting_id=meeting.id, number="4", order=4, title="Risk Register",
                blocks=[Block("paragraph", " ".join(sentences))])
    return meeting, item


def test_a_promise_with_no_date_stays_open_with_its_reason():
    meeting, item = minutes("2020-01-10", "Members noted the report. It was agreed that an update would be reported to a future meeting.")
    (promise,) = promises_in(meeting, item)
    assert promise.due_date is None
    result = settle(promise, [], today="2030-01-01")
    assert (result.status, result.reason) == ("open", "no due date stated; no later item of this committee on this topic yet")


def test_a_named_month_meeting_is_the_due_date_and_passes():
    meeting, item = minutes("2020-01-10", "Members requested an update at the September meeting.")
    dates = {"ccpi": ["2020-01-10", "2020-06-01", "2020-09-15"]}
    (promise,) = promises_in(meeting, item, lambda cid: dates[cid])
    assert (promise.due_text, promise.due_date) == ("at the September meeting", "2020-09-15")
    result = settle(promise, [], today="2020-10-01")
    assert result.status == "overdue"
    assert result.reason.startswith("due 2020-09-15 (at the September meeting)")
    assert settle(promise, [], today="2020-09-01").status == "open"


def test_a_promise_met_two_meetings_later_names_the_item():
    meeting, item = minutes("2020-01-10", "A further report would be presented to the next meeting.", next_meeting="2020-03-01")
    (promise,) = promises_in(meeting, item)
    assert promise.due_date == "2020-03-01"
    later = [Later("ccpi-2020-06-01/5", "2020-06-01", "ccpi", "a later item of thread t-risk")]
    result = settle(promise, later, today="2021-01-01")
    assert (result.status, result.met_by) == ("met", "ccpi-2020-06-01/5")
    assert result.reason == "met by ccpi-2020-06-01/5 (2020-06-01), after its due date 2020-03-01: a later item of thread t-risk"


def test_earlier_items_and_other_committees_do_not_meet_it():
    meeting, item = minutes("2020-01-10", "Further reports be requested at future meetings of the Committee.")
    (promise,) = promises_in(meeting, item)
    later = [Later("ccpi-2019-01-01/5", "2019-01-01", "ccpi", "thread"), Later("ag-2020-05-01/2", "2020-05-01", "ag", "thread")]
    assert settle(promise, later, today="2021-01-01").status == "open"


def test_a_promise_to_another_committee_is_met_only_there():
    meeting, item = minutes("2020-01-10", "The register would be updated ahead of the Audit and Governance Committee.")
    (promise,) = promises_in(meeting, item)
    assert promise.to_committee == "Audit and Governance Committee"
    committees = {"ccpi": "Cabinet Committee on Performance Improvement", "agc": "Audit and Governance Committee"}
    later = [Later("ccpi-2020-05-01/5", "2020-05-01", "ccpi", "thread"), Later("agc-2020-06-01/3", "2020-06-01", "agc", "thread")]
    assert settle(promise, later, "2021-01-01", committees).met_by == "agc-2020-06-01/3"
    result = settle(promise, later, "2021-01-01", {"ccpi": committees["ccpi"]})
    assert result.status == "open"
    assert "promised to the Audit and Governance Committee, whose meetings are not in this archive" in result.reason


@pytest.mark.parametrize(
    "sentence",
    [
        "It was reported that a robust framework will underpin the delivery of the new strategy.",
        "The next meeting would be held on Monday 1 February 2016.",
        "Through LINX the young inspectors reported back to the police their findings.",
    ],
)
def test_sentences_that_are_not_promises(sentence):
    meeting, item = minutes("2020-01-10", sentence)
    assert promises_in(meeting, item) == []


@pytest.mark.parametrize(
    "sentence",
    [
        # "ſ" (long s) and dotless "ı" match "s" and "i" in the patterns (ignoring case), but
        # lowering keeps them: the cheap word test must not drop these.
        "It would be preſented at the next meeting.",
        "An update would be provided to the next meetıng.",
        "The figures would be PRESENTED AT THE NEXT MEETING.",
    ],
)
def test_promises_in_odd_letters_and_capitals_are_found(sentence):
    meeting, item = minutes("2020-01-10", "Members noted the report.", sentence)
    (promise,) = promises_in(meeting, item)
    assert promise.text == sentence


def test_promises_are_numbered_across_the_item_in_order():
    meeting, item = minutes("2020-01-10", "A further report would be presented to the next meeting.")
    item.blocks += [Block("paragraph", "Nothing promised here."),
                    Block("bullets", "", ["Members noted the figures.", "An update would be brought to the March meeting."])]
    found = promises_in(meeting, item)
    assert [(p.id, p.due_text) for p in found] == [
        ("ccpi-2020-01-10/4#1", "the next meeting"), ("ccpi-2020-01-10/4#2", "to the March meeting")]


def test_standing_items_hold_no_promises():
    meeting, item = minutes("2020-01-10", "A further report would be presented to the next meeting.")
    item.standing = "next-meeting"
    assert promises_in(meeting, item) == []


# -- the samples -----------------------------------------------------------


def by_id(store):
    return {row.id: row for row in followups(store, today="2026-01-01")}


def test_the_samples_promises(sample_store):
    rows = by_id(sample_store)
    ofsted = next(r for r in rows.values() if "standard report would be presented to every meeting" in r.promise.text)
    assert (ofsted.status, ofsted.met_by) == ("met", "ccpi-2017-03-07/6")
    assert "Ofsted Post Inspection Update" in ofsted.reason
    quarterly = next(r for r in rows.values() if r.promise.item_id == "ccpi-2015-12-10/6")
    assert "further reports be requested at future meetings" in quarterly.promise.text
    assert (quarterly.status, quarterly.met_by) == ("met", "ccpi-2017-03-07/6")
    assert "thread t-quarterly-corporate" in quarterly.reason
    audit = next(r for r in rows.values() if r.promise.item_id == "ccpi-2017-03-07/5")
    assert audit.status == "open"
    assert "Audit and Governance Committee, whose meetings are not in this archive" in audit.reason


def test_open_and_overdue_come_first(sample_store):
    order = [row.status for row in followups(sample_store, today="2026-01-01")]
    assert order == sorted(order, key=["overdue", "open", "met", "dropped"].index)


def test_followup_status_precision_and_recall_on_the_samples(sample_store):
    """Each labelled promise found with its labelled status; nothing else found."""
    found = {row.id: row.status for row in followups(sample_store, today="2026-01-01")}
    right = sum(found.get(key) == status for key, status in LABELS.items())
    precision = right / len(found) if found else 0.0
    recall = right / len(LABELS)
    print(f"\nfollow-ups on the samples: precision {precision:.2f}, recall {recall:.2f}, {len(LABELS)} labelled")
    assert precision >= 0.8 and recall >= 0.8


def test_clerk_marks_are_kept_and_cleared(sample_store):
    mark(sample_store, "ccpi-2017-03-07/5#1", "dropped", "the Audit Committee took it over")
    row = by_id(Store.open(sample_store.root))["ccpi-2017-03-07/5#1"]
    assert (row.status, row.marked) == ("dropped", True)
    assert row.reason == "marked dropped by the clerk: the Audit Committee took it over"
    mark(sample_store, "ccpi-2017-03-07/5#1", None)
    assert by_id(Store.open(sample_store.root))["ccpi-2017-03-07/5#1"].status == "open"


def test_marks_refuse_unknown_ids_and_statuses(sample_store):
    with pytest.raises(FollowUpError, match="no follow-up with the id"):
        mark(sample_store, "ccpi-2017-03-07/5#9", "met")
    with pytest.raises(FollowUpError, match="met or dropped, not 'done'"):
        mark(sample_store, "ccpi-2017-03-07/5#1", "done")


def test_a_meeting_imported_between_or_moved_resettles_the_promises_due_across_it(tmp_path):
    from store import index

    store = Store.open(tmp_path / "store")

    def put(meeting: Meeting, items=()) -> dict[str, str | None]:
        with store.transaction() as writer:
            writer.put_meeting(meeting)
            writer.put_items(list(items))
        found = {row.id: row.promise.due_date for row in followups(store, today="2026-01-01")}
        index.rebuild(store)
        assert {row.id: row.promise.due_date for row in followups(Store.open(store.root), today="2026-01-01")} == found
        return found

    meeting, item = minutes("2020-01-10", "A further report would be presented to the next meeting.")
    put(meeting, [item])
    assert list(put(minutes("2020-06-01")[0]).values()) == ["2020-06-01"]
    assert list(put(minutes("2020-03-01")[0]).values()) == ["2020-03-01"]  # a meeting between
    moved = Meeting(id="ccpi-2020-03-01", committee_id="ccpi", committee="CCPI", date="2020-08-01")
    assert list(put(moved).values()) == ["2020-06-01"]  # the meeting it was due at moved away


def test_the_newest_members_of_a_thread_are_its_members_newest_first(tmp_path):
    """``_Answers.latest`` (one query, sorted by SQLite) gives what the
    members read whole give: the newest ``RELATED_PER_THREAD``, newest first."""
    from store import followups as followups_mod
    from store import index
    from store.database import Store
    from tests.store.recurring import recurring_reports

    store = Store.open(tmp_path / "store")
    recurring_reports(store)
    db = index.connection(store)
    long = [row[0] for row in db.execute(
        "SELECT thread FROM topic_items GROUP BY thread HAVING COUNT(*) > ?", (followups_mod.RELATED_PER_THREAD,))]
    assert long
    for thread in long:
        whole = followups_mod._Answers(store, db).members(thread)[0]
        assert followups_mod._Answers(store, db).latest(thread) == whole[: -followups_mod.RELATED_PER_THREAD - 1 : -1]
