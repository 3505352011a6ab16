"""Paging through a thread the way a client does, within a budget."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from conformance.model import Response, Walk, WalkEnd
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
) -> Walk:
    """Follow the cursor from ``start`` until the list ends or the budget is spent.

    The next cursor is the ID of the last run served (the first, walking back
    with ``before``), as the official SDK does, not ``last_id``: a wrong
    ``last_id`` must show up as a wrong ``last_id``, not as a broken walk.  When
    a page says ``has_more: false`` one more request is made past it, to see
    whether the list really ends there.  ``between_pages(n)`` runs before
    page ``n`` (from 2 on): the concurrent-write checks create runs there.
    """
    pages: list[Response] = []
    cursor = start
    items = 0
    while True:
        if pages and between_pages is not None:
            between_pages(len(pages) + 1)
        page = client.list_runs(
            f"walk {name} page {len(pages) + 1}", _params(order, limit, direction, cursor)
        )
        pages.append(page)
        if page.status != 200 or not isinstance(page.envelope.get("data"), list):
            return Walk(name, order, limit, direction, tuple(pages), WalkEnd.FAILED)
        ids = page.ids
        if not ids:
            return Walk(name, order, limit, direction, tuple(pages), WalkEnd.EMPTY)
        cursor = ids[-1] if direction == "after" else ids[0]
        items += len(ids)
        if page.has_more is not True:
            trailing = client.list_runs(
                f"walk {name} past the end", _params(order, limit, direction, cursor)
            )
            return Walk(name, order, limit, direction, tuple(pages), WalkEnd.EXHAUSTED, trailing)
        if max_items is not None and items >= max_items:
            return Walk(name, order, limit, direction, tuple(pages), WalkEnd.BUDGET)
        if len(pages) >= max_pages:
            return Walk(name, order, limit, direction, tuple(pages), WalkEnd.PAGE_BUDGET)
