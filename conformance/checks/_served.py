"""What a probe was served, in words: findings say what came back, never a guessed cause."""

from __future__ import annotations

from collections.abc import Sequence

from conformance.checks._common import fmt_ids
from conformance.checks._words import RUN_WORDS, Words
from conformance.model import Response

__all__ = ["served", "served_runs"]


def served(response: Response, words: Words = RUN_WORDS) -> str:
    """``answered 500``, ``answered 200 with an empty page``, ``answered 200 with 3 runs [...]``.

    The items are counted in ``words``, the list's.
    """
    status = response.status
    if status != 200:
        return f"answered {status}"
    if not isinstance(response.envelope.get("data"), list):
        return "answered 200 without a list"
    ids = response.ids
    if not ids:
        return "answered 200 with an empty page"
    return f"answered 200 with {len(ids)} {words.items} {fmt_ids(ids, 3)}"


def served_runs(
    ids: Sequence[str], cursor: str, first_page: Sequence[str], words: Words = RUN_WORDS
) -> str:
    """Which runs a page sent for an unknown ``cursor`` holds, as far as the IDs tell.

    ``the first page again`` (the runs of the request without the cursor), ``runs after
    the cursor's ID in string order`` (every ID sorts after it, as a lookup ``id > cursor``
    serves), the same before it, or else the runs themselves; in ``words``, the list's.
    """
    items = words.items
    if not ids:
        return "an empty page"
    if list(ids) == list(first_page):
        return f"the first page again ({len(ids)} {items} from {ids[0]}, as without the cursor)"
    if len(ids) >= 2 and all(i > cursor for i in ids):
        return f"{len(ids)} {items} after the cursor's ID in string order {fmt_ids(ids, 3)}"
    if len(ids) >= 2 and all(i < cursor for i in ids):
        return f"{len(ids)} {items} before the cursor's ID in string order {fmt_ids(ids, 3)}"
    return f"{len(ids)} {items} {fmt_ids(ids, 3)}"
