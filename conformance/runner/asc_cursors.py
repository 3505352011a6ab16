"""The cursor behaviours again in ascending order: a server may get them right in one order only.

A server whose ``before`` picks the wrong side of the cursor in ``order=asc`` (the branch
for asc copied from the after query), or whose asc path drops an unknown cursor, pages
correctly in desc; the desc probes cannot see it.  So every cursor behaviour the suite
checks is asked once more with ``order=asc``: after and before at the places of
``keys.probe_places`` (LR-PAGE-006, 007, 015), a walk back from the newest run to the
start of the list (LR-PAGE-008, 016, and has_more on a before page, LR-PAGE-003), an
unknown cursor each way (LR-PAGE-011, 019) and the same run as both cursors (LR-PAGE-017,
018).  (A run of a second thread is sent in asc too, by ``cursor_misuse``, where that
thread is known.)

The probes are placed in the asc walk, the target's own ascending list, and judged
against it: the reverse of the desc walk would assume how runs of one second are
ordered, which the contract leaves open.  The cost is fixed whatever the size of the
thread: at most three after and three before probes, two unknown cursors, one pair, and
a walk back at limit 100 that reads at most ``max_items`` runs (three requests on the
reference server's thread of 163 runs).
"""

from __future__ import annotations

from collections.abc import MutableMapping, Sequence

from conformance.model import RUNS, EndpointProfile, Response, Walk
from conformance.model import keys as k
from conformance.observing import Client, walk

__all__ = ["probe_in_ascending_order"]


def probe_in_ascending_order(
    client: Client,
    responses: MutableMapping[str, Response],
    walks: MutableMapping[str, Walk],
    asc: Walk,
    *,
    created: Sequence[object],
    walk_back_limit: int,
    max_pages: int,
    max_items: int,
    profile: EndpointProfile = RUNS,
) -> None:
    """Every cursor probe of the desc side, in asc, placed in the asc walk ``asc``.

    ``created`` holds the created_at of each run of ``asc`` (as ``asc.ids`` lists them);
    ``walk_back_limit`` is the page size of the walk back (one that gives it two pages).
    The walk back and the probes at places need the whole asc list; the unknown cursors
    are sent on any thread, as their desc counterparts are.
    """
    ids = asc.ids
    if asc.complete and len(ids) >= 2:
        # has_more on a before page is a reading: the walk back ends on an empty page
        walks[k.WALK_BEFORE_ASC] = walk(
            client,
            k.WALK_BEFORE_ASC,
            profile=profile,
            order="asc",
            limit=walk_back_limit,
            direction="before",
            start=ids[-1],
            max_pages=max_pages,
            max_items=max_items,
            until_empty=True,
        )
        _probe_places(client, responses, ids, created, profile)
    _probe_unknown(client, responses, asc, profile)
    if asc.complete and ids:
        middle = ids[len(ids) // 2]
        responses[k.ASC_CURSOR_PAIR_SAME] = client.list_items(
            profile,
            f"order=asc, after={middle}&before={middle}",
            {"order": "asc", "limit": str(k.PROBE_LIMIT), "after": middle, "before": middle},
        )


def _probe_places(
    client: Client,
    responses: MutableMapping[str, Response],
    ids: Sequence[str],
    created: Sequence[object],
    profile: EndpointProfile,
) -> None:
    """after=X and before=X (order asc, limit PROBE_LIMIT) at each place of the asc walk."""
    probe = {"order": "asc", "limit": str(k.PROBE_LIMIT)}
    for place, index in k.probe_places(created).items():
        cursor = ids[index]
        responses[k.ASC_AFTER_PROBES[place]] = client.list_items(
            profile, f"order=asc, after={cursor} ({place})", {**probe, "after": cursor}
        )
        # near the start a smaller page tells "the runs just before X" from "the first runs"
        limit = k.PROBE_LIMIT if index < 2 else min(k.PROBE_LIMIT, index - 1)
        responses[k.ASC_BEFORE_PROBES[place]] = client.list_items(
            profile,
            f"order=asc, before={cursor} ({place})",
            {**probe, "limit": str(limit), "before": cursor},
        )


def _probe_unknown(
    client: Client,
    responses: MutableMapping[str, Response],
    asc: Walk,
    profile: EndpointProfile,
) -> None:
    """After and before naming no run, at the asc walk's own query: an ignored one shows.

    The cursor is shaped like the thread's own IDs (a server checking the form of an ID
    still has to look it up), and the query is the one of the asc walk's first page, so
    that a cursor dropped on the asc path answers that very page again (LR-PAGE-019).
    """
    ids = asc.ids
    cursor = k.unknown_cursors(ids[0] if ids else None, ids)["absent"]
    query = {"order": "asc"}
    if asc.limit is not None:
        query["limit"] = str(asc.limit)
    for name, key in k.UNKNOWN_ASC.items():
        responses[key] = client.list_items(
            profile, f"order=asc, {name}=<unknown ID, absent>", {**query, name: cursor}
        )
