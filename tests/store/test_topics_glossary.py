"""Acronyms and their expansions thread together, learned from the documents.

Each test writes its own minutes: one meeting defines an acronym ("BT
Lancashire Services Ltd (BTLS)") or names the committee whose initials are
one, another meeting's title uses the other form. Without the glossary the
two titles share too little to be one topic.
"""

import pytest

from store import index
from store.database import Store
from store.importer import import_paths
from store.topics import glossary, thread_view
from store.topics.glossary import Glossary, definitions, entry, initials, spelled_by
from tests.store.test_topics_negative import minutes_text

CCPI = "Cabinet Committee on Performance Improvement"


def write(folder, name, day, items, committee=None):
    path = folder / name
    kwargs = {"committee": committee} if committee else {}
    path.write_text(minutes_text(day, items, **kwargs), encoding="utf-8")
    return path


def thread_ids(store, item_id):
    return [link.id for link in thread_view(store, item_id).thread]


def item_id(store, title):
    [found] = [s.id for s in store.all_summaries() if s.title == title]
    return found


BTLS_FULL = (
    "BT Lancashire Services Ltd Contract",
    "The Director of Finance presented the annual review of the contract with BT Lancashire"
    " Services Ltd (BTLS), covering payroll, procurement and the service desk.\n\n"
    "Resolved: That the report be noted.",
)
BTLS_SHORT = (
    "BTLS Contract",
    "The Director of Finance reported that the BTLS service desk had answered most calls on"
    " the first day and that payroll errors had fallen.\n\nResolved: That the report be noted.",
)


@pytest.mark.parametrize("order", ["full first", "short first", "together"])
def test_an_acronym_defined_in_the_text_threads_with_its_expansion(tmp_path, order):
    full = write(tmp_path, "a.txt", "2021-01-12", [BTLS_FULL])
    short = write(tmp_path, "b.txt", "2021-04-13", [BTLS_SHORT])
    store = Store.open(tmp_path / "store")
    if order == "together":
        assert all(r.ok for r in import_paths(store, [full, short]))
    else:
        for path in ([full, short] if order == "full first" else [short, full]):
            [result] = import_paths(store, [path])
            assert result.ok, result.message
    one, other = item_id(store, BTLS_FULL[0]), item_id(store, BTLS_SHORT[0])
    assert thread_ids(store, one) == [one, other]
    before = thread_ids(store, other)
    index.rebuild(store)
    assert thread_ids(store, other) == before == [one, other]


def import_meetings(tmp_path, *items, committee=None):
    """One meeting per ``(title, text)`` item, three months apart, imported
    together; the store and the first title's thread."""
    days = ["2021-01-12", "2021-04-13", "2021-07-13"]
    paths = [
        write(tmp_path, f"{n}.txt", day, [item], committee=committee)
        for n, (day, item) in enumerate(zip(days, items, strict=False))
    ]
    store = Store.open(tmp_path / "store")
    assert all(result.ok for result in import_paths(store, paths))
    return store, thread_ids(store, item_id(store, items[0][0]))


def terms(store):
    return glossary.load(index.connection(store)).terms


def test_lcc_and_lancashire_county_council_thread_together(tmp_path):
    store, thread = import_meetings(
        tmp_path,
        ("LCC Pensions", "Lancashire County Council (LCC) pays into the fund.\n\nResolved: noted."),
        ("Lancashire County Council Pensions", "The fund's valuation was reported.\n\nResolved: noted."),
    )
    assert thread == [item_id(store, "LCC Pensions"), item_id(store, "Lancashire County Council Pensions")]


def test_a_committee_acronym_used_in_its_papers_threads_with_the_committee_name(tmp_path):
    store, thread = import_meetings(
        tmp_path,
        ("CCPI Work Programme", "The work programme for the year was agreed.\n\nResolved: noted."),
        (f"{CCPI} Work Programme", "Items were added to the programme.\n\nResolved: noted."),
        committee=CCPI,
    )
    assert thread == [item_id(store, "CCPI Work Programme"), item_id(store, f"{CCPI} Work Programme")]
    assert terms(store)["CCPI"] == CCPI


def test_an_acronym_whose_letters_do_not_all_match_is_not_learned_and_does_not_thread(tmp_path):
    # "LCSB" is not the initials of "Lancashire Safeguarding Children Board" (LSCB).
    store, thread = import_meetings(
        tmp_path,
        ("LCSB Annual Report", "The Lancashire Safeguarding Children Board (LCSB) reported.\n\nResolved: noted."),
        ("Lancashire Safeguarding Children Board Annual Report", "The board reported.\n\nResolved: noted."),
    )
    assert thread == [item_id(store, "LCSB Annual Report")]
    assert "LCSB" not in terms(store)


def test_an_acronym_never_defined_is_not_expanded_from_a_hand_list(tmp_path):
    store, thread = import_meetings(
        tmp_path,
        ("IT Strategy", "The plan.\n\nResolved: noted."),
        ("Information Technology Strategy", "The plan again.\n\nResolved: noted."),
    )
    assert thread == [item_id(store, "IT Strategy")]


def test_an_acronym_defined_two_ways_is_ambiguous_and_not_expanded(tmp_path):
    store, thread = import_meetings(
        tmp_path,
        ("CAS Review", "More calls.\n\nResolved: noted."),
        ("Customer Access Service Review", "The Customer Access Service (CAS) answers calls.\n\nResolved: noted."),
        ("Children's Advice Service Review", "The Children's Advice Service (CAS) advises.\n\nResolved: noted."),
    )
    assert "CAS" not in terms(store)
    assert thread == [item_id(store, "CAS Review")]


def test_definitions_need_every_letter_from_the_words_before_the_brackets():
    assert definitions("the contract with BT Lancashire Services Ltd (BTLS) runs") == [
        ("BTLS", "BT Lancashire Services")
    ]
    assert definitions("A new Access to Resources Team (ART) was set up") == [
        ("ART", "Access to Resources Team")
    ]
    assert definitions("Percentage of young people in education or training (EET)") == []
    assert definitions("the figures (see above) and the totals (TOTAL)") == []
    assert definitions("Lancashire(LCC)") == []
    assert not spelled_by(["Information"], "I")
    assert not spelled_by(["of", "Technology"], "OT")
    assert spelled_by(["Any", "Other", "Business"], "AOB")
    assert initials(CCPI) == "CCPI"
    assert initials("Cabinet") == ""


def test_only_acronyms_in_capitals_are_expanded_and_shouted_titles_are_left_alone():
    terms = Glossary({"IT": "Information Technology", "AOB": "Any Other Business"})
    assert terms.expand("IT Strategy") == "Information Technology Strategy"
    assert terms.expand("Is it working") == "Is it working"
    assert terms.expand("Items of AOBs") == "Items of Any Other Business"
    assert terms.expand("ITEMS") == "ITEMS"
    assert terms.expand("IT AND AOB FOR THE CCPI") == "IT AND AOB FOR THE CCPI"


def test_a_committee_name_needs_the_acronym_used_and_no_other_definition():
    assert entry([("committee", CCPI)]) is None
    assert entry([("committee", CCPI), ("used", "")]) == CCPI
    assert entry([("committee", CCPI), ("defined", "Something Else")]) is None
    assert entry([("defined", "Customer Access Service"), ("defined", "customer access service")])
