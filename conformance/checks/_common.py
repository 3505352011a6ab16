"""Small helpers the check modules share: finding the observation a check needs.

Also the few readings more than one family makes: where two sequences of runs part
(:func:`divergence`, :func:`set_difference`: the page, order, client and diff checks
compare the target's walks with one another) and the runs the suite created
(:func:`created_runs`: judged by the write family and, as pages, by the run family).
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from conformance.checks._words import RUN_WORDS, Words
from conformance.model import Exchange, Finding, Observations, Outcome, Response, Walk
from conformance.model.ids import IdSet

__all__ = [
    "MAX_FINDINGS",
    "Created",
    "cap",
    "created_runs",
    "divergence",
    "ends_of",
    "expect_status",
    "fmt_ids",
    "need_response",
    "need_walk",
    "set_difference",
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


def divergence(
    expected: Sequence[str], actual: Sequence[str], *, prefix: bool, words: Words = RUN_WORDS
) -> str | None:
    """Where ``actual`` stops agreeing with ``expected`` (None when it agrees).

    With ``prefix``, ``actual`` may be a shorter, truncated reading of the list; ``words``
    are the list's (its items are counted in them).
    """
    for index, (want, got) in enumerate(zip(expected, actual, strict=False)):
        if want != got:
            return (
                f"position {index}: expected {want} but got {got} "
                f"(expected {fmt_ids(expected[index:], 3)}, got {fmt_ids(actual[index:], 3)})"
            )
    if len(actual) > len(expected):
        extra = len(actual) - len(expected)
        return f"{extra} {words.items} more than expected, from {actual[len(expected)]}"
    if len(actual) < len(expected) and not prefix:
        return (
            f"{len(expected) - len(actual)} {words.items} missing from position {len(actual)}, "
            f"starting with {expected[len(actual)]}"
        )
    return None


def set_difference(expected: Iterable[str], actual: Sequence[str]) -> str | None:
    """How ``actual`` differs from ``expected`` as sets, and any run it holds twice (None: same).

    ``actual`` is the side a probe or a cut walk read (counted one by one);
    ``expected`` may be a whole walk of a million runs, so it is read as a stream and
    kept as a table of hashes, never as a set of its IDs.
    """
    counts = Counter(actual)
    want = IdSet()
    missing_count, missing = 0, list[str]()
    for run_id in expected:
        if want.add(run_id) and run_id not in counts:
            missing_count += 1
            if len(missing) < 4:
                missing.append(run_id)
    extra = [i for i in counts if i not in want]
    twice = [i for i, n in counts.items() if n > 1]
    parts = []
    if missing_count:
        parts.append(f"{missing_count} missing, e.g. {fmt_ids(missing, 3)}")
    if extra:
        parts.append(f"{len(extra)} not expected, e.g. {fmt_ids(extra, 3)}")
    if twice:
        parts.append(f"{len(twice)} listed more than once, e.g. {fmt_ids(twice, 3)}")
    return "; ".join(parts) or None


@dataclass(frozen=True, slots=True)
class Created:
    """A run the suite created and the target answered with a run object."""

    thread_id: str
    exchange: Exchange
    run: Mapping[str, Any]

    @property
    def run_id(self) -> str | None:
        value = self.run.get("id")
        return value if isinstance(value, str) and value else None


def created_runs(obs: Observations) -> list[Created]:
    """The suite's creations the target answered with a run object (a 2xx JSON object).

    A refused creation is LR-WRITE-001's business (the walk under writes is then moot) or a
    warning (the second thread); a body that is no object has nothing to judge, either as
    a created run (LR-WRITE-002..005) or as a run of its family (the LR-RUN checks).
    """
    found = []
    for thread_id, exchange in obs.creations():
        if exchange.status is None or not 200 <= exchange.status < 300:
            continue
        try:
            body = exchange.json()
        except ValueError:
            continue
        if isinstance(body, dict):
            found.append(Created(thread_id, exchange, body))
    return found
