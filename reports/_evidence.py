"""How a requirement's evidence is named in every report: the requests, not their bodies.

``evidence.har`` holds every exchange of the run as one entry; :func:`har_entries`
is the one place that says in which order, so that the ``har_entry`` index that
``report.json`` gives each piece of evidence always points at the right entry.
A superseded exchange (a 429 or 503 that was retried) is listed like any other and
marked as such: it is evidence of the run's politeness, never an answer that was judged.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from conformance.model import Exchange, RequirementResult, RunResult
from reports._memo import ByIdentity

__all__ = [
    "SUPERSEDED_NOTE",
    "evidence_exchanges",
    "evidence_of",
    "har_entries",
    "har_entry_index",
]

SUPERSEDED_NOTE = "superseded: a 429 or 503 answer that was retried; kept as evidence, never judged"
"""How every writer words a superseded exchange."""


def har_entries(result: RunResult) -> tuple[Exchange, ...]:
    """The exchanges in the order ``evidence.har`` lists them (the order they were recorded)."""
    return result.exchanges


def har_entry_index(result: RunResult) -> Mapping[str, int]:
    """Exchange ID -> index of its entry in ``evidence.har`` (the first, should an ID repeat)."""
    return _indexed(result)[0]


def evidence_exchanges(result: RunResult, requirement: RequirementResult) -> list[Exchange]:
    """The recorded exchanges a requirement points at, in the order it names them."""
    by_id = _indexed(result)[1]
    return [by_id[i] for i in requirement.evidence if i in by_id]


_Indexes = tuple[Mapping[str, int], Mapping[str, Exchange]]
_INDEXED: ByIdentity[RunResult, _Indexes] = ByIdentity()


def _indexed(result: RunResult) -> _Indexes:
    """The run's exchanges by ID, made once per result and kept while it lives.

    Every requirement's evidence is looked up in them, by three writers: made again
    for each, they cost a second on a run of a million runs (20,000 exchanges, 60
    requirements).
    """
    held = _INDEXED.get(result)
    if held is not None:
        return held
    index: dict[str, int] = {}
    by_id: dict[str, Exchange] = {}
    for position, exchange in enumerate(har_entries(result)):
        index.setdefault(exchange.id, position)
        by_id.setdefault(exchange.id, exchange)
    return _INDEXED.put(result, (index, by_id))


def evidence_of(result: RunResult, requirement: RequirementResult) -> list[dict[str, Any]]:
    """The exchanges a requirement points at, as small JSON-ready records."""
    har = har_entry_index(result)
    return [
        {
            "id": exchange.id,
            "label": exchange.label,
            "method": exchange.method,
            "url": exchange.url,
            "status": exchange.status,
            **({"error": exchange.error} if exchange.error else {}),
            "superseded": exchange.superseded,
            "reproducer": exchange.as_curl(),
            "har_entry": har[exchange.id],
        }
        for exchange in evidence_exchanges(result, requirement)
    ]
