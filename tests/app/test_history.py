"""Back and forward like a browser."""

from __future__ import annotations

from ccpi_tui.history import MAX_BACK, History, Location

A = Location("m1", "m1/1", 0, "viewer")
B = Location("m1", "m1/2", 5, "viewer")
C = Location("m2", "m2/1", 0, "agenda")


def test_back_and_forward_walk_the_visits() -> None:
    history = History()
    history.visit(A)  # leaving A for B
    history.visit(B)  # leaving B for C
    assert history.back(C) == B
    assert history.back(B) == A
    assert history.back(A) is None
    assert history.forward(A) == B
    assert history.forward(B) == C
    assert not history.can_go_forward


def test_a_new_visit_forgets_forward() -> None:
    history = History()
    history.visit(A)
    assert history.back(B) == A
    assert history.can_go_forward
    history.visit(A)
    assert not history.can_go_forward


def test_repeated_leaving_is_kept_once_and_the_stack_is_bounded() -> None:
    history = History()
    history.visit(A)
    history.visit(A)
    assert history.back(B) == A and not history.can_go_back
    for number in range(MAX_BACK + 50):
        history.visit(Location("m", f"m/{number}"))
    steps = 0
    while history.back(C) is not None:
        steps += 1
    assert steps == MAX_BACK
