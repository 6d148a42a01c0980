"""An issue history entry naming another committee's meeting resolves to it,
found by one look-up per committee."""

import pytest

from store.database import Store
from store.models import Reference
from store.topics import references
from tests.store.recurring import put


@pytest.fixture
def store(tmp_path):
    store = Store.open(tmp_path / "store")
    put(store, "2021-03-02", [("Budget Monitoring", "The budget was noted.")], committee="cab")
    put(store, "2021-03-02", [("Budget Monitoring", "The budget was noted.")], committee="aud")
    put(store, "2021-04-01", [("Other", "x")], committee="ccpi")
    return store


def name_committees(store):
    with store.transaction() as writer:
        for key in ("cab", "aud", "ccpi"):
            writer.replace_rows("committees", {key: {"name": f"{key.upper()} Committee", "folded": key}})


@pytest.mark.parametrize("named", [True, False])
def test_an_issue_entry_names_the_item_of_the_committee_it_names(store, named):
    if named:
        name_committees(store)
    ref = Reference("issue", "Budget Monitoring, 02/03/2021 - AUD Committee", "2021-03-02")
    assert references._issue_target(store, "ccpi", ref) == "aud-2021-03-02/1"
    other = Reference("issue", "Something else, 02/03/2021 - CAB Committee", "2021-03-02")
    assert references._issue_target(store, "ccpi", other) == "cab-2021-03-02"
    nowhere = Reference("issue", "Budget Monitoring, 03/03/2021 - AUD Committee", "2021-03-03")
    assert references._issue_target(store, "ccpi", nowhere) is None


def test_the_committees_are_asked_for_that_day_not_every_meeting(store, monkeypatch):
    name_committees(store)
    monkeypatch.setattr(Store, "meetings", lambda self: pytest.fail("every meeting was listed"))
    ref = Reference("issue", "Budget Monitoring, 02/03/2021 - CAB Committee", "2021-03-02")
    assert references._issue_target(store, "ccpi", ref) == "cab-2021-03-02/1"
