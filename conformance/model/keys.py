"""Names under which the runner files its observations and the checks find them.

A single module so that the HTTP side and the pure checks cannot drift apart on
a string.  It also says where the cursor probes sit (:func:`probe_places`), since
that decides which probe keys a run files.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Final

from conformance.model.shapes import BAD_CREDENTIAL_SHAPES, ODD_THREAD_SHAPES, shaped_like

__all__ = [
    "AFTER_PROBES",
    "AFTER_PROBES_IN",
    "AFTER_PROBE_REPEAT",
    "ASC_AFTER_PROBES",
    "ASC_BEFORE_PROBES",
    "ASC_CURSOR_PAIR_SAME",
    "ASC_UNKNOWN_AFTER",
    "ASC_UNKNOWN_BEFORE",
    "BAD_AUTH",
    "BAD_CREDENTIAL_PROBES",
    "BEFORE_PROBES",
    "BEFORE_PROBES_IN",
    "CANONICAL",
    "CURSOR_ORDERS",
    "CURSOR_PAIRS",
    "CURSOR_PAIR_SAME",
    "DEFAULT",
    "DEFAULT_REPEAT",
    "LIMIT_101",
    "LIMIT_NEGATIVE",
    "LIMIT_NON_NUMERIC",
    "LIMIT_ZERO",
    "NO_AUTH",
    "ODD_INPUT_PROBES",
    "ODD_THREAD_PROBES",
    "ORDER_UNKNOWN",
    "OTHER_THREAD_AFTER",
    "OTHER_THREAD_ASC_AFTER",
    "OTHER_THREAD_ASC_BEFORE",
    "OTHER_THREAD_BEFORE",
    "OTHER_THREAD_SMALL_LIMIT",
    "OTHER_THREAD_WALKS",
    "PAGE_SIZE_WALKS",
    "PROBE_LIMIT",
    "PROBE_PLACES",
    "SEQUENCE_OF",
    "UNKNOWN_AFTER",
    "UNKNOWN_AFTER_SHAPES",
    "UNKNOWN_ASC",
    "UNKNOWN_BEFORE",
    "UNKNOWN_BEFORE_SHAPES",
    "UNKNOWN_CURSOR_SHAPES",
    "UNKNOWN_RUN_SAMPLE",
    "UNKNOWN_THREAD",
    "WALKS_BACK",
    "WALK_ASC",
    "WALK_BEFORE",
    "WALK_BEFORE_ASC",
    "WALK_DEFAULT_LIMIT",
    "WRITE_ASC",
    "WRITE_DESC",
    "WRITE_LIMIT",
    "probe_places",
    "unknown_cursors",
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

# every input of the operation besides the query: odd thread IDs, malformed credentials
ODD_THREAD_PROBES: Final[Mapping[str, str]] = {
    shape: f"odd-thread/{shape}" for shape in ODD_THREAD_SHAPES
}
"""A thread ID of another form than the target's (``model.shapes.odd_thread_ids``), alone."""
BAD_CREDENTIAL_PROBES: Final[Mapping[str, str]] = {
    shape: f"bad-credentials/{shape}" for shape in BAD_CREDENTIAL_SHAPES
}
"""The thread's first page with one malformed credential (``model.shapes.bad_credentials``)."""
ODD_INPUT_PROBES: Final = frozenset({*ODD_THREAD_PROBES.values(), *BAD_CREDENTIAL_PROBES.values()})
"""Requests outside the operation's usual inputs: whatever stands in front may answer them."""

# cursor misuse: after=X and before=X (no other parameter) with IDs of no run of the thread
UNKNOWN_CURSOR_SHAPES: Final = ("absent", "malformed", "long", "url-special")
"""The shapes of :func:`unknown_cursors`, in the order they are probed."""
UNKNOWN_AFTER_SHAPES: Final[Mapping[str, str]] = {
    shape: f"unknown-after/{shape}" for shape in UNKNOWN_CURSOR_SHAPES
}
UNKNOWN_BEFORE_SHAPES: Final[Mapping[str, str]] = {
    shape: f"unknown-before/{shape}" for shape in UNKNOWN_CURSOR_SHAPES
}
CURSOR_PAIR_SAME: Final = "after-and-before-same"
"""after=X&before=X (order desc, limit PROBE_LIMIT), X a run of the thread."""

# a second thread (created with --allow-writes, or named with --other-thread-id)
OTHER_THREAD_AFTER: Final = "other-thread-after"
"""after=<a run of the second thread>, asked of the thread under test (no other parameter)."""
OTHER_THREAD_BEFORE: Final = "other-thread-before"
OTHER_THREAD_SMALL_LIMIT: Final = 1
OTHER_THREAD_WALKS: Final = (
    "other-thread/desc/100",
    "other-thread/asc/100",
    f"other-thread/desc/{OTHER_THREAD_SMALL_LIMIT}",
)
"""Walks of the second thread's own list (filed with the walks: their pages name its thread)."""

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

# the cursor behaviours again in ascending order: placed in the asc walk (the target's own
# ascending list, so that no tie order is assumed) and judged against it
CURSOR_ORDERS: Final = ("desc", "asc")
"""The orders every cursor behaviour is checked in (findings say which one failed)."""
SEQUENCE_OF: Final[Mapping[str, str]] = {"desc": CANONICAL, "asc": WALK_ASC}
"""The walk of the whole list in each order: where that order's probes sit, and their yardstick."""
ASC_AFTER_PROBES: Final[Mapping[str, str]] = {
    place: f"asc/after-probe/{place}" for place in PROBE_PLACES
}
"""after=X (order asc, limit PROBE_LIMIT) at the places of probe_places in the asc walk."""
ASC_BEFORE_PROBES: Final[Mapping[str, str]] = {
    place: f"asc/before-probe/{place}" for place in PROBE_PLACES
}
AFTER_PROBES_IN: Final[Mapping[str, Mapping[str, str]]] = {
    "desc": AFTER_PROBES,
    "asc": ASC_AFTER_PROBES,
}
BEFORE_PROBES_IN: Final[Mapping[str, Mapping[str, str]]] = {
    "desc": BEFORE_PROBES,
    "asc": ASC_BEFORE_PROBES,
}
WALK_BEFORE_ASC: Final = "before/asc/100"
"""The walk back in asc order: from the newest run to the start of the asc list."""
WALKS_BACK: Final[Mapping[str, str]] = {"desc": WALK_BEFORE, "asc": WALK_BEFORE_ASC}
ASC_CURSOR_PAIR_SAME: Final = "asc/after-and-before-same"
"""after=X&before=X (order asc, limit PROBE_LIMIT), X the run in the middle of the asc walk."""
CURSOR_PAIRS: Final[Mapping[str, str]] = {"desc": CURSOR_PAIR_SAME, "asc": ASC_CURSOR_PAIR_SAME}
ASC_UNKNOWN_AFTER: Final = "asc/unknown-after"
"""after=<an ID shaped like the thread's, of no run> with order=asc and the asc walk's limit."""
ASC_UNKNOWN_BEFORE: Final = "asc/unknown-before"
UNKNOWN_ASC: Final[Mapping[str, str]] = {"after": ASC_UNKNOWN_AFTER, "before": ASC_UNKNOWN_BEFORE}
OTHER_THREAD_ASC_AFTER: Final = "asc/other-thread-after"
"""after=<a run of the second thread> with order=asc, asked of the thread under test."""
OTHER_THREAD_ASC_BEFORE: Final = "asc/other-thread-before"

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


UNKNOWN_RUN_SAMPLE: Final = "run_runsConformanceNoSuchRun00000"
"""The run ID unknown cursors are shaped like when the thread lists no run to copy."""
_LONG_CURSOR_LENGTH = 2048
_URL_SPECIAL = "run_a/../b?c=d&e#f%20 +\u00e9"


def unknown_cursors(
    sample: str | None, known: Collection[str] = (), *, seed: int = 0
) -> dict[str, str]:
    """The cursors of :data:`UNKNOWN_CURSOR_SHAPES`, none of them the ID of a run in ``known``.

    ``absent`` is shaped like ``sample`` (an ID of the thread: :func:`model.shapes.shaped_like`,
    deterministic in the run's ``seed``), so that a server which checks the form of an ID
    before looking it up still has to look it up; ``malformed`` is no ID at all; ``long`` is
    an ID of 2,048 characters, still well within a URL; ``url-special`` holds the characters
    a URL gives meaning to (sent percent-encoded, as a client does).
    """
    absent = shaped_like(sample or UNKNOWN_RUN_SAMPLE, seed, known)
    filler = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    long_body = (filler * (_LONG_CURSOR_LENGTH // len(filler) + 1))[: _LONG_CURSOR_LENGTH - 4]
    return {
        "absent": absent,
        "malformed": "not-a-run-id",
        "long": f"run_{long_body}",
        "url-special": _URL_SPECIAL,
    }
