"""Paging through a list (List runs by default) the way a client does, within a budget."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal

from conformance.model import RUNS, EndpointProfile, Response, Walk, WalkEnd
from conformance.model.ids import IdSet, unsendable
from conformance.observing.http import Client

__all__ = ["walk"]


def _params(
    order: str | None, limit: int | None, direction: str, cursor: str | None
) -> dict[str, str]:
    params: dict[str, str] = {}
    if order is not None:
        params["order"] = order
    if limit is not None:
        params["limit"] = str(limit)
    if cursor is not None:
        params[direction] = cursor
    return params


def _second(run: Mapping[str, Any]) -> int | None:
    created = run.get("created_at")
    return created if isinstance(created, int) and not isinstance(created, bool) else None


def _listed_backwards(runs: Sequence[Mapping[str, Any]], order: str | None) -> bool | None:
    """Whether a page lists its runs against the requested order (oldest first under desc).

    None when the page cannot tell: fewer than two runs, all of one second, or
    created_at values that do not run one way.
    """
    seconds = [_second(run) for run in runs]
    known = [s for s in seconds if s is not None]
    if len(known) < 2 or len(known) < len(seconds):
        return None
    rising = all(a <= b for a, b in itertools.pairwise(known))
    falling = all(a >= b for a, b in itertools.pairwise(known))
    if rising == falling:  # unordered, or all of one second
        return None
    return rising if order in ("desc", None) else falling


def _next_cursor(page: Response, direction: str, backwards: bool) -> str:
    """The ID of the run farthest along the direction of travel, as a client pages.

    ``after``: the last run served (what the official SDK sends).  ``before``: the
    run the page reaches back to: its first run when the page is listed in the
    requested order, its last when it is listed the other way round (``backwards``).
    """
    ids = page.ids
    if direction == "after":
        return ids[-1]
    return ids[-1] if backwards else ids[0]


def walk(
    client: Client,
    name: str,
    *,
    order: Literal["asc", "desc"] | None,
    limit: int | None,
    direction: Literal["after", "before"] = "after",
    start: str | None = None,
    max_pages: int = 1000,
    max_items: int | None = None,
    between_pages: Callable[[int], None] | None = None,
    until_empty: bool = False,
    thread_id: str | None = None,
    past_the_end: bool = True,
    profile: EndpointProfile = RUNS,
    parents: Mapping[str, str] | None = None,
) -> Walk:
    """Follow the cursor from ``start`` until the list ends or the budget is spent.

    The next cursor is the ID of the last run served, as the official SDK does, not
    ``last_id``: a wrong ``last_id`` must show up as a wrong ``last_id``, not as a
    broken walk.  Walking back with ``before`` it is the run the page reaches back
    to: the contract does not say how a previous page lists its runs, so the walk
    reads it from their created_at (a page that cannot tell, such as one of runs of
    one second, is taken to list them as the pages before it did).  When
    a page says ``has_more: false`` one more request is made past it, to see
    whether the list really ends there.  With ``until_empty`` the walk does not
    take has_more's word at all and goes on until a page comes back empty (what
    has_more means on a page fetched with ``before`` is a reading, so a walk back
    must not depend on it); the empty page is then its last page, and it has no
    trailing request.  ``between_pages(n)`` runs before page ``n`` (from 2 on): the
    concurrent-write checks create runs there.

    A walk that goes nowhere stops at once, whatever its budget: when a page
    brings no run the walk has not already seen (the cursor led back to served
    runs), or the cursor it would send next was already sent, the walk ends
    ``CYCLE`` with no further request (not even the one past the end): the
    next page could only repeat what was served, and the two pages already show
    the defect (LR-PAGE-001).  A walk whose next cursor no request can carry (an ID
    of 100 kB, or one that is not Unicode text) ends ``UNSENDABLE`` there: the ID is
    LR-RUN-010's finding, and sending it would only fail in the suite.
    ``profile`` is the list walked (List runs by default) and ``parents`` its parent
    IDs (default: the target's); ``thread_id`` lists another thread than the target's
    (seeding's own);
    ``past_the_end=False`` leaves out the request past a final page (a wait that
    only needs to see runs listed).
    """
    if thread_id is not None:
        parents = {**(parents or {}), "thread_id": thread_id}
    pages: list[Response] = []
    cursor = start
    items = 0
    backwards = False  # how the before pages list their runs, as far as they have shown it
    seen = IdSet()  # a million IDs in 16 MB, not 100 MB
    sent: set[str] = set() if start is None else {start}

    repeated: set[str] = set()
    unread: Response | None = None  # a page read while the next one is asked for

    def done(end: WalkEnd, trailing: Response | None = None) -> Walk:
        pages[-1].read_runs()  # the others were read while the page after them was answered
        return Walk(name, order, limit, direction, tuple(pages), end, trailing, frozenset(repeated))

    while True:
        if pages and between_pages is not None:
            between_pages(len(pages) + 1)
        page = client.list_items(
            profile,
            f"walk {name} page {len(pages) + 1}",
            _params(order, limit, direction, cursor),
            parents=parents,
            meanwhile=None if unread is None else unread.read_runs,
        )
        pages.append(page)
        if page.status != 200 or not page.data_is_list:
            return done(WalkEnd.FAILED)
        ids = page.ids
        if not ids:
            return done(WalkEnd.EMPTY)
        if direction == "before":
            shown = _listed_backwards([r for r in page.runs if isinstance(r.get("id"), str)], order)
            backwards = backwards if shown is None else shown
        cursor = _next_cursor(page, direction, backwards)
        fresh = False
        for run_id in ids:
            if seen.add(run_id):
                fresh = True
            else:
                repeated.add(run_id)
        if not fresh or cursor in sent:
            return done(WalkEnd.CYCLE)
        if unsendable(cursor) is not None:  # the target's fault (LR-RUN-010): never sent
            return done(WalkEnd.UNSENDABLE)
        sent.add(cursor)
        items += len(ids)
        if page.has_more is not True and not until_empty:
            if not past_the_end:
                return done(WalkEnd.EXHAUSTED)
            trailing = client.list_items(
                profile,
                f"walk {name} past the end",
                _params(order, limit, direction, cursor),
                parents=parents,
                meanwhile=page.read_runs,
            )
            return done(WalkEnd.EXHAUSTED, trailing)
        if max_items is not None and items >= max_items:
            return done(WalkEnd.BUDGET)
        if len(pages) >= max_pages:
            return done(WalkEnd.PAGE_BUDGET)
        # read while it is still parsed (the checks never parse it again), as the next
        # page is answered
        unread = page
