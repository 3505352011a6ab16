"""Names under which the runner files its observations and the checks find them.

A single module so that the HTTP side and the pure checks cannot drift apart on
a string.  It also says where the cursor probes sit (:func:`probe_places`), since
that decides which probe keys a run files.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

__all__ = [
    "AFTER_PROBES",
    "AFTER_PROBE_REPEAT",
    "BAD_AUTH",
    "BEFORE_PROBES",
    "CANONICAL",
    "DEFAULT",
    "DEFAULT_REPEAT",
    "LIMIT_101",
    "LIMIT_NEGATIVE",
    "LIMIT_NON_NUMERIC",
    "LIMIT_ZERO",
    "NO_AUTH",
    "ORDER_UNKNOWN",
    "PAGE_SIZE_WALKS",
    "PROBE_LIMIT",
    "PROBE_PLACES",
    "UNKNOWN_AFTER",
    "UNKNOWN_BEFORE",
    "UNKNOWN_THREAD",
    "WALK_ASC",
    "WALK_BEFORE",
    "WALK_DEFAULT_LIMIT",
    "WRITE_ASC",
    "WRITE_DESC",
    "WRITE_LIMIT",
    "probe_places",
]

# single requests
DEFAULT: Final = "default"
DEFAULT_REPEAT: Final = "default-repeat"
LIMIT_ZERO: Final = "limit-0"
LIMIT_101: Final = "limit-101"
LIMIT_NEGATIVE: Final = "limit--1"
LIMIT_NON_NUMERIC: Final = "limit-abc"
ORDER_UNKNOWN: Final = "order-sideways"
UNKNOWN_THREAD: Final = "unknown-thread"
NO_AUTH: Final = "no-auth"
BAD_AUTH: Final = "made-up-auth"
UNKNOWN_AFTER: Final = "unknown-after"
UNKNOWN_BEFORE: Final = "unknown-before"

# cursor probes: after=X and before=X (order desc, limit PROBE_LIMIT) at several places X
PROBE_LIMIT: Final = 5
PROBE_PLACES: Final = ("start", "third", "tie")
"""The places of :func:`probe_places`, in the order they are probed."""
AFTER_PROBES: Final[Mapping[str, str]] = {place: f"after-probe/{place}" for place in PROBE_PLACES}
BEFORE_PROBES: Final[Mapping[str, str]] = {place: f"before-probe/{place}" for place in PROBE_PLACES}
AFTER_PROBE_REPEAT: Final = "after-probe-repeat"
"""The after probe of the last place probed (the tie, when the thread has one), asked again."""

# walks
CANONICAL: Final = "desc/100"  # the reference sequence every other walk is compared with
WALK_ASC: Final = "asc/100"
WALK_BEFORE: Final = "before/desc/20"
PAGE_SIZE_WALKS: Final = ("desc/20", "desc/7", "desc/1")
WALK_DEFAULT_LIMIT: Final = "desc/20"
"""The walk of PAGE_SIZE_WALKS whose limit is the documented default (LR-PAGE-014)."""

# walks with runs created between page requests (only with --allow-writes)
WRITE_LIMIT: Final = 20
WRITE_DESC: Final = "writes/desc/20"
WRITE_ASC: Final = "writes/asc/20"


def probe_places(created_at: Sequence[object]) -> dict[str, int]:
    """Where the cursor probes sit in the canonical (desc) walk whose runs have ``created_at``.

    One probe cannot tell a right cursor from every wrong one: at the middle of a
    list of odd length, a cursor looked up from the wrong end lands on itself.  So
    the probes sit at several places (place name -> index, no index twice):

    - ``start``: the second run (the first on a list of three, whose second is its
      middle), where a resolution that goes wrong near the ends of the list shows;
    - ``third``: a third of the way in, never the middle (on four runs or more), so
      that a cursor looked up from the wrong end, or one off by one, names other runs;
    - ``tie``: a run inside a group of runs created in the same second, when the
      thread has one: the middle run of the largest group (three runs or more), so
      that a cursor taken to the first or the last run of its second (a server that
      pages by timestamp) lands elsewhere.  On a thread whose groups are pairs, the
      first run of a pair shows a cursor taken to the last run of its second and the
      second run the opposite: the probe covers what the other places leave (none
      when they cover both).
    """
    count = len(created_at)
    if count < 2:
        return {}
    places: dict[str, int] = {}
    for place, index in (("start", 0 if count == 3 else 1), ("third", count // 3)):
        if index not in places.values():
            places[place] = index
    tie = _tie_place(_groups(created_at), set(places.values()))
    if tie is not None:
        places["tie"] = tie
    return places


def _groups(created_at: Sequence[object]) -> list[range]:
    """The runs of each second (consecutive, as the walk lists them), as index ranges."""
    groups: list[range] = []
    start = 0
    for index in range(1, len(created_at) + 1):
        if index < len(created_at) and _same_second(created_at[index], created_at[start]):
            continue
        groups.append(range(start, index))
        start = index
    return groups


def _tie_place(groups: list[range], taken: set[int]) -> int | None:
    tied = [g for g in groups if len(g) > 1]
    if not tied:
        return None
    largest = max(tied, key=len)  # the first of the largest
    if len(largest) >= 3:
        middle = largest[len(largest) // 2]
        return None if middle in taken else middle
    # Only pairs: a probe at a pair's second run shows a cursor taken to the first run of
    # its second, one at the first run a cursor taken to the last.  Cover what the other
    # probes do not (the last first: "after the whole second" is the likelier bug).
    shows_first = any(g[0] != i for g in tied for i in taken if i in g)
    shows_last = any(g[-1] != i for g in tied for i in taken if i in g)
    if shows_first and shows_last:
        return None
    member = 1 if shows_last else 0
    return next(pair[member] for pair in tied)


def _same_second(a: object, b: object) -> bool:
    return isinstance(a, int) and not isinstance(a, bool) and type(a) is type(b) and a == b
