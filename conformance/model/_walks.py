"""Walks: pages fetched one after another by following a cursor, and why a walk stopped."""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from conformance.model import ids as _ids
from conformance.model._pages import Response

__all__ = ["Walk", "WalkEnd"]


class WalkEnd(enum.StrEnum):
    """Why a walk stopped: only EXHAUSTED and EMPTY mean the list was read to its end."""

    EXHAUSTED = "exhausted"  # a page said has_more: false
    EMPTY = "empty"  # a page came back empty
    BUDGET = "budget"  # the item budget was used up first (a prefix of the list, by design)
    PAGE_BUDGET = "page-budget"  # --max-pages pages were read and has_more was still true
    FAILED = "failed"  # a page was not a 200 list (or the request failed)
    CYCLE = "cycle"  # a page brought no run not already seen, or the next cursor was sent before
    UNSENDABLE = "unsendable-cursor"  # the next cursor cannot be sent in a URL (LR-RUN-010)


@dataclass(frozen=True, slots=True)
class Walk:
    """Pages fetched one after another by following a cursor, as a client pages.

    ``trailing`` is the request made with the cursor past the final page, so that
    a has_more of false can be shown to be true (the next page really is empty).
    """

    name: str
    order: Literal["asc", "desc"] | None
    limit: int | None
    direction: Literal["after", "before"]
    pages: tuple[Response, ...]
    end: WalkEnd
    trailing: Response | None = None
    repeated: frozenset[str] | None = None
    """IDs the walk saw served again on a later page, as it went (None: not recorded).

    Candidates, told by a table of hashes as the pages came: a check confirms each on
    the IDs themselves, and never needs a map of a million IDs to find them."""

    @property
    def complete(self) -> bool:
        """Whether the walk reached the end of the list rather than a budget or a failure."""
        return self.end in (WalkEnd.EXHAUSTED, WalkEnd.EMPTY)

    @property
    def runs(self) -> tuple[Mapping[str, Any], ...]:
        """Runs in the order the list defines: before-walks are re-assembled front to back."""
        return tuple(self.iter_runs())

    def iter_runs(self) -> Iterator[Mapping[str, Any]]:
        """The same runs, one page parsed at a time (a long walk is never held parsed)."""
        pages = reversed(self.pages) if self.direction == "before" else self.pages
        for page in pages:
            yield from page.runs

    @property
    def ids(self) -> _ids.WalkIds:
        """IDs of :attr:`runs` (runs without a string ID are left out), as a sequence.

        A view over each page's kept IDs: a long walk is never parsed again for its
        IDs, which a dozen checks ask for, and a million IDs are never all made
        into ``str`` objects at once (the view makes them a page at a time).
        """
        pages = reversed(self.pages) if self.direction == "before" else self.pages
        # each page's kept summary (``_pages``' own, read here as the model's one seam apart)
        return _ids.WalkIds([page._summary.ids for page in pages])

    @property
    def evidence(self) -> tuple[str, ...]:
        """Exchange IDs of every page (and the trailing request)."""
        ids = [p.exchange.id for p in self.pages]
        if self.trailing is not None:
            ids.append(self.trailing.exchange.id)
        return tuple(ids)
