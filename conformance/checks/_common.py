"""Small helpers the check modules share: finding the observation a check needs."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from typing import Any

from conformance.model import Finding, Observations, Outcome, Response, Walk

__all__ = [
    "MAX_FINDINGS",
    "cap",
    "ends_of",
    "expect_status",
    "fmt_ids",
    "need_response",
    "need_walk",
    "short",
]

MAX_FINDINGS = 5


def need_response(obs: Observations, key: str) -> Response | Outcome:
    """The response filed under ``key``, or the skip/error outcome that explains its absence."""
    response = obs.responses.get(key)
    if response is None:
        return Outcome.skipped(f"the request '{key}' was not made on this target")
    if response.status is None:
        return Outcome.error(
            f"the request '{key}' got no HTTP answer: {response.exchange.error}",
            (response.exchange.id,),
        )
    return response


def need_walk(obs: Observations, key: str, *, complete: bool = False) -> Walk | Outcome:
    """The walk filed under ``key``; with ``complete``, only one that read the list to its end."""
    walk = obs.walks.get(key)
    if walk is None:
        return Outcome.skipped(f"the walk '{key}' was not made on this target")
    failed = [p for p in walk.pages if p.status is None]
    if failed:
        return Outcome.error(
            f"the walk '{key}' got no HTTP answer: {failed[0].exchange.error}",
            (failed[0].exchange.id,),
        )
    if complete and not walk.complete:
        return Outcome.skipped(f"the walk '{key}' did not reach the end of the list ({walk.end})")
    return walk


def cap(findings: Sequence[Finding]) -> list[Finding]:
    """Keep reports readable: the first few findings and a count of the rest."""
    if len(findings) <= MAX_FINDINGS:
        return list(findings)
    kept = list(findings[:MAX_FINDINGS])
    rest = findings[MAX_FINDINGS:]
    evidence = tuple(dict.fromkeys(e for f in rest for e in f.evidence))[:10]
    kept.append(Finding(f"... and {len(rest)} more like these", evidence))
    return kept


def ends_of(evidence: Sequence[str], first: int = 3, last: int = 2) -> tuple[str, ...]:
    """The first and the last few of a long walk's exchanges, as a finding's evidence.

    A walk of a million runs is 10,000 pages: every page named in the report would
    make it megabytes long for nothing the HAR file does not already hold.
    """
    if len(evidence) <= first + last:
        return tuple(evidence)
    return (*evidence[:first], *evidence[-last:])


def fmt_ids(ids: Iterable[str], limit: int = 6) -> str:
    """A short printable list of IDs, cut with an ellipsis."""
    items = list(itertools.islice(ids, limit + 1))  # a walk of a million IDs is not copied
    shown = ", ".join(items[:limit])
    return f"[{shown}{', ...' if len(items) > limit else ''}]"


def short(value: Any) -> str:
    """A value's repr, cut to fit in one finding."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def expect_status(obs: Observations, key: str, expected: int, what: str) -> Outcome:
    """Pass when the request filed under ``key`` was answered ``expected``."""
    response = need_response(obs, key)
    if isinstance(response, Outcome):
        return response
    if response.status != expected:
        return Outcome.from_findings(
            [
                Finding(
                    f"{what} answered {response.status}, expected {expected}",
                    (response.exchange.id,),
                )
            ]
        )
    return Outcome.from_findings([], [response.exchange.id])
