"""Walks of pages over a list (a thread's runs by default), correct or carrying one defect.

These build the same :class:`~conformance.Walk` values the runner records, from
synthetic exchanges, so the pure checks can be exercised without a server.  Every
function takes the list's endpoint profile (default: List runs): the pages are answers
from the list's own path, and read as that list's (``Response.list_name``).
"""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any, Literal

from hypothesis import strategies as st

from conformance.model import (
    RUNS,
    EndpointProfile,
    Exchange,
    Response,
    Walk,
    WalkEnd,
    endpoint_profile,
)
from strategies._items import THREAD, items_of, list_parents

__all__ = ["Defect", "defective_walks", "list_url", "page_response", "paginate"]

_AUTO: Any = object()


def list_url(profile: EndpointProfile, parents: Mapping[str, str]) -> str:
    """The list's URL on the made-up target, its path's parents filled in from ``parents``."""
    path = profile.path
    for parent in profile.parents:
        if parent.param not in parents:
            raise ValueError(f"{profile.title} needs a {parent.param}")
        path = path.replace("{" + parent.param + "}", parents[parent.param])
    return f"http://127.0.0.1/v1{path}"


def page_response(
    runs: Sequence[Mapping[str, Any]],
    *,
    has_more: bool,
    params: Mapping[str, str] | None = None,
    first_id: Any = _AUTO,
    last_id: Any = _AUTO,
    exchange_id: str = "E0001",
    thread_id: str = THREAD,
    profile: EndpointProfile = RUNS,
    parents: Mapping[str, str] | None = None,
) -> Response:
    """A 200 answer of the list ``profile`` (List runs) holding ``runs``, as if over HTTP.

    ``first_id``/``last_id`` default to the ends of ``runs`` (null when empty);
    pass a value to make them wrong on purpose.  ``parents`` are the path's parent IDs
    (default: :func:`~strategies.list_parents` of ``thread_id``).
    """
    if not isinstance(profile, EndpointProfile):
        raise TypeError(f"profile must be an EndpointProfile, got {profile!r}")
    own = list_parents(profile, thread_id) if parents is None else parents
    body = {
        "object": "list",
        "data": list(runs),
        "first_id": (runs[0]["id"] if runs else None) if first_id is _AUTO else first_id,
        "last_id": (runs[-1]["id"] if runs else None) if last_id is _AUTO else last_id,
        "has_more": has_more,
    }
    exchange = Exchange(
        exchange_id,
        f"synthetic {exchange_id}",
        "GET",
        list_url(profile, own),
        (),
        200,
        (("content-type", "application/json"),),
        json.dumps(body),
    )
    return Response(exchange, dict(params or {}), own.get("thread_id", ""), profile.name)


def paginate(
    desc_runs: Sequence[Mapping[str, Any]],
    limit: int,
    *,
    order: Literal["asc", "desc"] = "desc",
    direction: Literal["after", "before"] = "after",
    name: str = "synthetic",
    exchange_prefix: str = "E",
    thread_id: str = THREAD,
    profile: EndpointProfile = RUNS,
    parents: Mapping[str, str] | None = None,
) -> Walk:
    """The walk a correct server gives over a list (a thread) whose items are ``desc_runs``.

    With ``direction="before"`` the walk starts from the last run of the list and
    goes back to its start, as the runner's before-walk does (so the last run
    itself is not in it).  Exchange IDs are ``exchange_prefix`` plus a counter, so
    that several walks of one synthetic run do not share IDs; ``thread_id`` is the
    thread listed (another than the default one: a second thread's walk); ``profile``
    the list (List runs) and ``parents`` its parent IDs, as :func:`page_response` takes them.
    """
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit}")
    listed = list(desc_runs) if order == "desc" else list(reversed(desc_runs))
    counter = iter(range(1, 10_000_000))
    pages: list[Response] = []

    def page(runs: Sequence[Mapping[str, Any]], has_more: bool, cursor: str | None) -> Response:
        params = {"order": order, "limit": str(limit)}
        if cursor is not None:
            params[direction] = cursor
        return page_response(
            runs,
            has_more=has_more,
            params=params,
            exchange_id=f"{exchange_prefix}{next(counter):04d}",
            thread_id=thread_id,
            profile=profile,
            parents=parents,
        )

    if direction == "after":
        cursor: str | None = None
        chunks = [listed[i : i + limit] for i in range(0, len(listed), limit)] or [[]]
        for index, chunk in enumerate(chunks):
            pages.append(page(chunk, index < len(chunks) - 1, cursor))
            cursor = chunk[-1]["id"] if chunk else None
    else:
        if not listed:
            raise ValueError("a before-walk needs at least one run to start from")
        cursor = listed[-1]["id"]
        remaining = listed[:-1]
        while True:
            chunk = remaining[-limit:] if remaining else []
            remaining = remaining[: len(remaining) - len(chunk)]
            pages.append(page(chunk, bool(remaining), cursor))
            if not remaining:
                break
            cursor = chunk[0]["id"]
    last = pages[-1]
    if not last.ids:
        return Walk(name, order, limit, direction, tuple(pages), WalkEnd.EMPTY)
    past = last.ids[-1] if direction == "after" else last.ids[0]
    return Walk(
        name, order, limit, direction, tuple(pages), WalkEnd.EXHAUSTED, page([], False, past)
    )


class Defect(enum.Enum):
    """Pagination bugs a server can have, each breaking one invariant of a walk."""

    DUPLICATE = "a run repeated at a page boundary"
    OUT_OF_ORDER = "two adjacent runs with different created_at swapped"
    HAS_MORE_FALSE_EARLY = "has_more false while runs remain"
    HAS_MORE_TRUE_AT_END = "has_more true on the last page, followed by an empty page"
    FIRST_ID_WRONG = "first_id names another run"
    LAST_ID_WRONG = "last_id names another run"
    OVER_LIMIT = "a page holds more runs than limit"
    SHORT_WITH_MORE = "a page holds fewer runs than limit while has_more is true"
    GAP = "a run missing from the walk"


def _with_page(walk: Walk, index: int, new: Response) -> Walk:
    pages = list(walk.pages)
    pages[index] = new
    return replace(walk, pages=tuple(pages))


def _rebuild(page: Response, runs: Sequence[Mapping[str, Any]], **overrides: Any) -> Response:
    """The page with other items (or envelope fields), of the same list at the same URL."""
    envelope = page.envelope
    kwargs: dict[str, Any] = {
        "has_more": envelope["has_more"],
        "params": page.params,
        "exchange_id": page.exchange.id,
        "profile": endpoint_profile(page.list_name),
    }
    kwargs.update(overrides)
    rebuilt = page_response(runs, **kwargs)
    url = page.exchange.url
    return replace(rebuilt, exchange=replace(rebuilt.exchange, url=url), thread_id=page.thread_id)


def _inject(walk: Walk, defect: Defect, draw: st.DrawFn) -> Walk:
    """Apply ``defect`` to a correct multi-page walk at a drawn place."""
    pages = walk.pages
    if defect is Defect.DUPLICATE:
        i = draw(st.integers(0, len(pages) - 2))
        repeated = pages[i].runs[-1]
        return _with_page(walk, i + 1, _rebuild(pages[i + 1], [repeated, *pages[i + 1].runs]))
    if defect is Defect.OUT_OF_ORDER:
        runs = list(walk.runs)
        candidates = [
            j for j in range(len(runs) - 1) if runs[j]["created_at"] != runs[j + 1]["created_at"]
        ]
        j = draw(st.sampled_from(candidates))
        runs[j], runs[j + 1] = runs[j + 1], runs[j]
        rebuilt, start = [], 0
        for page in pages:
            count = len(page.runs)
            rebuilt.append(_rebuild(page, runs[start : start + count]))
            start += count
        return replace(walk, pages=tuple(rebuilt))
    if defect is Defect.HAS_MORE_FALSE_EARLY:
        i = draw(st.integers(0, len(pages) - 2))
        cut = _rebuild(pages[i], pages[i].runs, has_more=False)
        return replace(walk, pages=(*pages[:i], cut), trailing=pages[i + 1])
    if defect is Defect.HAS_MORE_TRUE_AT_END:
        assert walk.trailing is not None
        last = _rebuild(pages[-1], pages[-1].runs, has_more=True)
        return replace(
            walk, pages=(*pages[:-1], last, walk.trailing), end=WalkEnd.EMPTY, trailing=None
        )
    if defect in (Defect.FIRST_ID_WRONG, Defect.LAST_ID_WRONG):
        i = draw(st.integers(0, len(pages) - 1))
        others = [r for r in walk.ids if r not in (pages[i].ids[0], pages[i].ids[-1])]
        wrong = draw(st.sampled_from(others)) if others else "run_notonthispage"
        key = "first_id" if defect is Defect.FIRST_ID_WRONG else "last_id"
        return _with_page(walk, i, _rebuild(pages[i], pages[i].runs, **{key: wrong}))
    if defect is Defect.OVER_LIMIT:
        i = draw(st.integers(0, len(pages) - 2))
        grown = [*pages[i].runs, pages[i + 1].runs[0]]
        return _with_page(walk, i, _rebuild(pages[i], grown))
    if defect is Defect.SHORT_WITH_MORE:
        i = draw(st.integers(0, len(pages) - 2))
        return _with_page(walk, i, _rebuild(pages[i], pages[i].runs[:-1]))
    # GAP
    i = draw(st.integers(0, len(pages) - 1))
    j = draw(st.integers(0, len(pages[i].runs) - 1))
    runs = [r for n, r in enumerate(pages[i].runs) if n != j]
    return _with_page(walk, i, _rebuild(pages[i], runs))


@st.composite
def _defective(draw: st.DrawFn, defect: Defect, profile: EndpointProfile) -> tuple[Walk, Walk]:
    limit = draw(st.integers(1, 8), label="limit")
    runs = draw(items_of(profile, min_size=limit + 1, max_size=limit * 4 + 3), label="thread")
    if defect is Defect.OUT_OF_ORDER and len({r["created_at"] for r in runs}) < 2:
        runs = [
            {**r, "created_at": r["created_at"] - (i == len(runs) - 1)} for i, r in enumerate(runs)
        ]
    correct = paginate(runs, limit, profile=profile)
    return correct, _inject(correct, defect, draw)


def defective_walks(
    defect: Defect, profile: EndpointProfile = RUNS
) -> st.SearchStrategy[tuple[Walk, Walk]]:
    """Pairs ``(correct, broken)`` of desc walks over one list, ``broken`` having ``defect``.

    The list is ``profile``'s (a thread's runs by default), its items
    :func:`~strategies.items_of` it.  Lists have more items than the limit (1 to 8), so
    every walk has at least two pages.  Shrinks towards limit 1, the smallest such list,
    and the defect at the first page.
    """
    if not isinstance(defect, Defect):
        raise TypeError(f"defect must be a Defect, got {defect!r}")
    if not isinstance(profile, EndpointProfile):
        raise TypeError(f"profile must be an EndpointProfile, got {profile!r}")
    return _defective(defect, profile)
