"""Cursor pagination over one thread, written from the contract and nothing else.

Runs are kept in a total order: ``created_at``, then insertion sequence, so
runs of the same second have a stable place.  ``asc`` walks that order
forwards and ``desc`` backwards; a cursor is the ID of a run, and the page
holds the runs strictly after it (``after``) or strictly, immediately, before
it (``before``).  ``has_more`` speaks of the direction of travel.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from conformance.server._data import StoredRun

__all__ = ["Page", "Query", "UnknownCursorError", "list_page", "sort_runs"]


@dataclass(frozen=True)
class Query:
    """Validated query parameters of one list request."""

    limit: int
    order: str
    after: str | None = None
    before: str | None = None


@dataclass(frozen=True)
class Page:
    """The runs of one page and whether more lie in the direction of travel."""

    runs: tuple[StoredRun, ...]
    has_more: bool


class UnknownCursorError(LookupError):
    """A cursor that names no run of the list."""

    def __init__(self, param: str, value: str) -> None:
        super().__init__(value)
        self.param = param
        self.value = value


def _mix(seq: int, salt: int) -> int:
    """A deterministic scramble (ints hash the same in every process), so a faulty order replays."""
    return hash((seq, salt))


def sort_runs(runs: Sequence[StoredRun], query: Query, faults: frozenset[str],
              request_number: int, *, newest_first_ties: bool = False) -> list[StoredRun]:
    """The runs in the order of ``query`` (and of any ordering fault)."""
    tie = -1 if newest_first_ties else 1
    order = "desc" if "order-ignored" in faults else query.order
    key: Callable[[StoredRun], tuple[int | str, ...]]
    if "sort-by-id" in faults:
        key = lambda r: (r.id,)  # noqa: E731
    elif "ties-unstable" in faults:
        key = lambda r: (r.created_at, _mix(r.seq, request_number))  # noqa: E731
    elif "ties-depend-on-limit" in faults:
        sign = 1 if query.limit % 2 == 0 else -1
        key = lambda r: (r.created_at, sign * r.seq)  # noqa: E731
    elif "ties-same-direction" in faults and order == "desc":
        return sorted(runs, key=lambda r: (-r.created_at, tie * r.seq))
    else:
        key = lambda r: (r.created_at, tie * r.seq)  # noqa: E731
    return sorted(runs, key=key, reverse=order == "desc")


def list_page(ordered: Sequence[StoredRun], query: Query, faults: frozenset[str],
              positions: Mapping[str, int] | None = None, *,
              index: Mapping[str, int] | None = None) -> Page:
    """Cut one page out of the ordered runs.

    ``positions`` replaces the lookup of a cursor's place: faults that resolve
    cursors against a stale or a wrong list pass theirs.  ``index`` is the place
    of every run in ``ordered``, when the caller already has it.
    """
    position = dict(index) if index is not None and positions is not None else (
        index if index is not None else {run.id: i for i, run in enumerate(ordered)})
    if positions is not None:
        position = {**position, **positions}
    low, high = 0, len(ordered)
    if query.after is not None:
        if query.after not in position:
            raise UnknownCursorError("after", query.after)
        low = position[query.after] + (0 if "after-inclusive" in faults else 1)
    if query.before is not None:
        if query.before not in position:
            raise UnknownCursorError("before", query.before)
        high = position[query.before] + (1 if "before-inclusive" in faults else 0)
    window = ordered[low:high] if low < high else []
    take = query.limit + 1 if "limit-plus-one" in faults else query.limit
    backwards = (query.before is not None and query.after is None
                 and "before-from-start" not in faults)
    runs = tuple(window[-take:] if backwards else window[:take])
    has_more = len(window) > len(runs)
    if backwards and "before-has-more-forward" in faults:
        has_more = high < len(ordered)
    if "has-more-page-full" in faults:
        has_more = len(runs) >= query.limit
    if "has-more-never" in faults:
        has_more = False
    return Page(runs, has_more)
