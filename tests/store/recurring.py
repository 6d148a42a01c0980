"""Small stores built record by record, for the search tests of the store,
the command line and the app."""

from __future__ import annotations

from store.database import Store
from store.models import Block, Item, Meeting


def put(store: Store, day: str, texts: list[tuple[str, str]], committee: str = "ccpi") -> None:
    """Commit a meeting on ``day`` holding an item per ``(title, text)``, numbered from 1."""
    meeting_id = f"{committee}-{day}"
    with store.transaction() as writer:
        writer.put_meeting(
            Meeting(id=meeting_id, committee_id=committee, committee=f"{committee.upper()} Committee", date=day)
        )
        writer.put_items(
            Item(id=f"{meeting_id}/{n}", meeting_id=meeting_id, number=str(n), order=n,
                 title=title, blocks=[Block("paragraph", body)])
            for n, (title, body) in enumerate(texts, start=1)
        )


def recurring_reports(store: Store) -> list[str]:
    """The same "Risk Register" item every year, a word or two longer some
    years (bm25 scores those a little lower, so the scores are near-equal but
    not equal), twice in the newest of them (items 4 and 11, 11 the shorter),
    and newer meetings that only mention it in passing.

    Returns:
        The item ids in the order a search for "risk register" must list
        them: newest meeting first, agenda 4 before 11, the passing mentions
        (newer, but clearly weaker matches) last.
    """
    years = range(2005, 2021)
    for at, year in enumerate(years):
        text = "The risk register was noted." + " Noted." * (at % 3)
        put(store, f"{year}-06-01", [("Minutes", "agreed"), ("Risk Register", text)])
    put(store, "2021-06-01", [
        ("Risk Register", "The risk register was noted." + " Noted." * ((15 - n) % 3)) if n in (4, 11) else (f"Item {n}", "x")
        for n in range(1, 12)])
    mentions = range(2022, 2025)
    for year in mentions:
        put(store, f"{year}-06-01", [("Treasury Update", "Borrowing was reported. The risk register was mentioned.")])
    return [
        "ccpi-2021-06-01/4", "ccpi-2021-06-01/11",
        *(f"ccpi-{year}-06-01/2" for year in reversed(years)),
        *(f"ccpi-{year}-06-01/1" for year in reversed(mentions)),
    ]
