"""LR-PROP: what the property phase finds, folded in by :func:`conformance.checks.evaluate`.

These pass when the property phase ran and found nothing.  Two are also judged on
the hand-written requests, which are requests like any generated one: LR-PROP-001
(no 5xx) and LR-PROP-005 (every valid query with at most one real cursor gets
200), so that a server refusing ``limit=100`` or crashing on ``limit=-1`` does
not pass because the generator happened not to send that request alone.
"""

from __future__ import annotations

from collections.abc import Mapping

from conformance.checks._common import cap
from conformance.checks._needs import ONE_RUN
from conformance.checks._registry import check
from conformance.model import (
    Finding,
    Observations,
    Outcome,
    Response,
    Status,
    suite_error_reason,
)
from conformance.model import keys as k

__all__: list[str] = []


def _ran(obs: Observations) -> Outcome:
    """Passed only on answers: generated cases that got no HTTP answer show nothing.

    A phase that could not run, or whose requests all failed at the transport (or were
    cut by its time box before an answer), decided nothing: its requirements are not
    checked, never passed, and never failed for the suite's own trouble.
    """
    if obs.property_error is not None:
        return Outcome(Status.NOT_CHECKED, reason=obs.property_error)
    run = obs.properties
    if run is None:
        return Outcome.skipped("the property phase did not run")
    if run.answered == 0 or (run.answered < 0 and run.requests == 0):
        why = (
            f"not checked: the property phase got no answer to its {run.requests} requests "
            f"({run.cases} cases generated)"
        )
        if run.engine_errors:
            why = suite_error_reason(
                f"the property phase got no answer; schemathesis reported "
                f"{'; '.join(run.engine_errors)}"
            )
        return Outcome(Status.NOT_CHECKED, reason=why)
    return Outcome.from_findings([], [])


@check("PROP-001", needs=(ONE_RUN,))
def check_no_server_error(obs: Observations) -> Outcome:
    """not_a_server_error over every generated request, and every hand-written List runs request.

    A server error is no answer the contract allows to any request, valid or not:
    a 500 to ``limit=-1`` fails this MUST even though the 400 it should have been
    is only a SHOULD (LR-PARAM-003).
    """
    answered = [
        *obs.responses.values(),
        *(page for walk in obs.walks.values() for page in walk.pages),
    ]
    crashed = [r for r in answered if r.status is not None and r.status >= 500]
    if crashed:
        return Outcome.from_findings(
            cap(
                [
                    Finding(f"{r.exchange.label}: answered {r.status}", (r.exchange.id,))
                    for r in crashed
                ]
            )
        )
    return _ran(obs)


@check("PROP-002", needs=(ONE_RUN,))
def check_documented_status(obs: Observations) -> Outcome:
    """status_code_conformance over every generated request."""
    return _ran(obs)


@check("PROP-003", needs=(ONE_RUN,))
def check_invalid_refused(obs: Observations) -> Outcome:
    """negative_data_rejection over generated invalid requests."""
    return _ran(obs)


_NOT_A_VALID_QUERY = frozenset(
    {
        k.NO_AUTH,
        k.BAD_AUTH,
        k.UNKNOWN_THREAD,
        k.LIMIT_ZERO,
        k.LIMIT_101,
        k.LIMIT_NEGATIVE,
        k.LIMIT_NON_NUMERIC,
        k.ORDER_UNKNOWN,
        k.UNKNOWN_AFTER,
        k.UNKNOWN_BEFORE,
        *k.ODD_INPUT_PROBES,
    }
)
"""The probes that are meant to be refused: bad credentials, no thread, invalid values."""


def is_valid_query(
    params: Mapping[str, str], run_ids: frozenset[str], *, cursor_pair: bool = False
) -> bool:
    """A query the contract makes valid: limit 1..100, order asc/desc, one cursor of the thread.

    ``cursor_pair`` also admits after and before together (LR-PROP-004's reading).
    """
    limit = params.get("limit")
    # ASCII digits only: "²".isdigit() is true and int("²") raises (a generated limit)
    if limit is not None and not (limit.isascii() and limit.isdigit() and 1 <= int(limit) <= 100):
        return False
    if params.get("order", "desc") not in ("asc", "desc"):
        return False
    cursors = [params[name] for name in ("after", "before") if name in params]
    return len(cursors) <= (2 if cursor_pair else 1) and all(c in run_ids for c in cursors)


def _hand_written(obs: Observations) -> list[Response]:
    found = [r for key, r in obs.responses.items() if key not in _NOT_A_VALID_QUERY]
    for walk in obs.walks.values():  # not the walks under writes: their cursors are new runs
        found.extend(walk.pages)
        if walk.trailing is not None:
            found.append(walk.trailing)
    return found


def _valid_queries_accepted(obs: Observations, *, cursor_pair: bool) -> Outcome:
    canonical = obs.walks.get(k.CANONICAL)
    answered = [
        r
        for r in _hand_written(obs)
        if r.status is not None and r.status != 200 and r.thread_id == obs.thread_id
    ]
    # only the cursors of refused requests are looked up among the thread's runs
    cursors = {r.params[name] for r in answered for name in ("after", "before") if name in r.params}
    run_ids = (
        frozenset(i for i in canonical.ids if i in cursors)
        if canonical is not None
        else frozenset()
    )
    refused = [r for r in answered if is_valid_query(r.params, run_ids, cursor_pair=cursor_pair)]
    if refused:
        return Outcome.from_findings(
            cap(
                [
                    Finding(
                        f"{r.exchange.label}: the valid query "
                        f"{dict(r.params) or '(no parameters)'} answered {r.status}",
                        (r.exchange.id,),
                    )
                    for r in refused
                ]
            )
        )
    return _ran(obs)


@check("PROP-004", needs=(ONE_RUN,))
def check_valid_accepted(obs: Observations) -> Outcome:
    """positive_data_acceptance over generated valid requests whose cursors are real runs."""
    return _valid_queries_accepted(obs, cursor_pair=True)


@check("PROP-005", needs=(ONE_RUN,))
def check_valid_single_cursor_accepted(obs: Observations) -> Outcome:
    """positive_data_acceptance over generated requests, and every hand-written valid query."""
    return _valid_queries_accepted(obs, cursor_pair=False)
