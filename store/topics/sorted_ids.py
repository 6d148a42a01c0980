"""Ids kept as one sorted string, ``a|b|c``, changed without splitting it.

The word index of thread keys stores each word's threads so; a word found
in thousands of titles holds thousands of ids, and importing a meeting puts
a thread in or takes it out of tens of such rows. Splitting a row into a
list and joining it again costs far more than finding the place by
bisection on the string itself and copying it once.
"""

from __future__ import annotations

SEPARATOR = "|"


def find(joined: str, thread_id: str) -> tuple[int, bool]:
    """Where ``thread_id`` is, or would go, in ``joined``.

    Returns:
        The offset of the id found, or of the first id after it (the
        string's length if none), and whether it was found.
    """
    lo, hi = 0, len(joined)
    # The ids in joined[lo:hi] are those still to compare; lo starts one.
    while lo < hi:
        middle = (lo + hi) // 2
        start = joined.rfind(SEPARATOR, lo, middle) + 1 or lo
        end = joined.find(SEPARATOR, start, hi)
        end = hi if end < 0 else end
        current = joined[start:end]
        if current == thread_id:
            return start, True
        if current < thread_id:
            lo = end + 1
        else:
            hi = max(lo, start - 1)
    return min(lo, len(joined)), False


def holds(joined: str, thread_id: str) -> bool:
    """True if ``joined`` has ``thread_id``."""
    return find(joined, thread_id)[1]


def insert(joined: str, thread_id: str) -> str | None:
    """``joined`` with ``thread_id`` in its place; None if it is there."""
    at, found = find(joined, thread_id)
    if found:
        return None
    if not joined:
        return thread_id
    if at == len(joined):
        return f"{joined}{SEPARATOR}{thread_id}"
    return f"{joined[:at]}{thread_id}{SEPARATOR}{joined[at:]}"


def remove(joined: str, thread_id: str) -> str | None:
    """``joined`` without ``thread_id``; None if it is not there."""
    at, found = find(joined, thread_id)
    if not found:
        return None
    end = at + len(thread_id)
    if end < len(joined):
        return joined[:at] + joined[end + 1 :]
    return joined[: max(0, at - 1)]


def as_set(joined: str) -> set[str]:
    """The ids of ``joined``."""
    return set(joined.split(SEPARATOR)) if joined else set()
