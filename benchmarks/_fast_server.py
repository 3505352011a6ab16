"""Benchmark-only stand-in: the reference server with its per-request sort cached.

The stock reference server sorts the whole thread and rebuilds a position index on
every list request (O(N log N) per request: ~0.17 s at 100,000 runs), so at scale a
certification measures the server, not the suite.  This process serves the *same*
app (same data, same handlers, same envelopes) with that work done once and kept up
to date as runs are appended, so the suite's own time and memory can be measured at
100,000 runs in bounded time.  Only the fault-free, default-tie path is accelerated;
anything else falls through to the stock functions.  It is never used for a verdict
about the server, only to drive the suite in benchmarks/run.py (section 4 fallback).

Usage: python benchmarks/_fast_server.py --runs N --port P --api-key KEY
"""

from __future__ import annotations

import argparse
import itertools
from collections.abc import Mapping, Sequence
from typing import Any

from conformance.server import _app
from conformance.server import _listing as listing
from conformance.server._data import StoredRun

_stock_sort = listing.sort_runs
_stock_page = listing.list_page


class _Ordered:
    """A view of the cached oldest-first list in the requested order (no copy)."""

    def __init__(self, cache: _Cache, order: str) -> None:
        self.cache, self.order, self.n = cache, order, len(cache.asc)

    def __len__(self) -> int:
        return self.n

    def position(self, run_id: str) -> int | None:
        where = self.cache.pos.get(run_id)
        if where is None or where >= self.n:
            return None
        return where if self.order == "asc" else self.n - 1 - where

    def window(self, low: int, high: int) -> list[StoredRun]:
        if low >= high:
            return []
        if self.order == "asc":
            return self.cache.asc[low:high]
        part = self.cache.asc[self.n - high:self.n - low]
        part.reverse()
        return part


class _Cache:
    """The oldest-first order of one thread, and each run's place in it."""

    def __init__(self) -> None:
        self.asc: list[StoredRun] = []
        self.pos: dict[str, int] = {}
        self.count = 0
        self.last: StoredRun | None = None

    def sync(self, runs: Sequence[StoredRun]) -> None:
        """Runs are append-only: extend the sorted list when the new ones sort last."""
        if len(runs) == self.count and self.count and runs[-1] is self.last:
            return
        if self.count and len(runs) > self.count and runs[self.count - 1] is self.last:
            fresh = runs[self.count:]
            keys = [(self.asc[-1].created_at, self.asc[-1].seq)] + [
                (r.created_at, r.seq) for r in fresh]
            if all(a < b for a, b in itertools.pairwise(keys)):
                for r in fresh:
                    self.pos[r.id] = len(self.asc)
                    self.asc.append(r)
                self.count, self.last = len(runs), runs[-1]
                return
        self.asc = sorted(runs, key=lambda r: (r.created_at, r.seq))
        self.pos = {r.id: i for i, r in enumerate(self.asc)}
        self.count, self.last = len(runs), runs[-1]


_CACHES: dict[str, _Cache] = {}


def sort_runs(runs: Sequence[StoredRun], query: listing.Query, faults: frozenset[str],
              request_number: int, *, newest_first_ties: bool = False) -> Any:
    """The stock order, computed once per thread and extended as runs are appended."""
    if faults or newest_first_ties or not runs:
        return _stock_sort(runs, query, faults, request_number,
                           newest_first_ties=newest_first_ties)
    cache = _CACHES.setdefault(str(runs[0].body.get("thread_id")), _Cache())
    cache.sync(runs)
    return _Ordered(cache, query.order)


def list_page(ordered: Any, query: listing.Query, faults: frozenset[str],
              positions: Mapping[str, int] | None = None) -> listing.Page:
    if not isinstance(ordered, _Ordered) or faults or positions is not None:
        if isinstance(ordered, _Ordered):
            ordered = ordered.window(0, len(ordered))
        return _stock_page(ordered, query, faults, positions)
    low, high = 0, len(ordered)
    if query.after is not None:
        where = ordered.position(query.after)
        if where is None:
            raise listing.UnknownCursorError("after", query.after)
        low = where + 1
    if query.before is not None:
        where = ordered.position(query.before)
        if where is None:
            raise listing.UnknownCursorError("before", query.before)
        high = where
    take = query.limit
    backwards = query.before is not None and query.after is None
    size = max(0, high - low)
    if backwards:
        runs = tuple(ordered.window(max(low, high - take), high))
    else:
        runs = tuple(ordered.window(low, min(high, low + take)))
    return listing.Page(runs, size > len(runs))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=163)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--api-key", required=True)
    args = parser.parse_args()
    _app.sort_runs = sort_runs  # type: ignore[assignment]
    _app.list_page = list_page  # type: ignore[assignment]
    from conformance.server import ServerConfig, serve_forever
    serve_forever(ServerConfig(api_key=args.api_key, seeded_runs=args.runs),
                  host=args.host, port=args.port)


if __name__ == "__main__":
    main()
