"""The outcomes of a run that was stopped, and what its result keeps to be replayed."""

from __future__ import annotations

from conformance.checks import CHECKS
from conformance.model import ENDPOINT_PROFILES, Outcome, RequirementResult, Status
from conformance.model.catalogue import catalogue_for
from conformance.model.redact import Redactor, is_secret_header
from conformance.observing import Target, TerminatedError
from conformance.runner._options import RunOptions

__all__ = ["mark_unchecked", "replay_options", "signal_name", "undecided"]


def replay_options(target: Target, options: RunOptions) -> dict[str, object]:
    """The request-shaping settings of this run, without a secret: replay makes the same run."""
    redactor = Redactor(target.secrets())
    policy = options.policy
    lists = [name for name in ENDPOINT_PROFILES if name in options.lists]  # report order
    return {
        "headers": [
            [name, redactor.text(value)]
            for name, value in target.headers
            if not is_secret_header(name)
        ],
        "timeout": target.timeout,
        "max_pages": options.max_pages,
        "sdk_walks": list(options.sdk_walks),
        "max_rps": policy.max_rps,
        "max_requests": policy.max_requests,
        "deadline": policy.deadline,
        "concurrency": policy.concurrency,
        "other_thread_id": options.other_thread_id,
        # only when not List runs alone: a default report stays as it was
        **({} if lists == ["runs"] else {"lists": lists}),
        # the lists' parents beside the thread (a run's, a store's), when they were named
        **({"parents": dict(target.parent_ids)} if target.parent_ids else {}),
    }


def undecided(list_name: str = "runs") -> tuple[RequirementResult, ...]:
    """Every requirement of a list not checked (why: :func:`mark_unchecked` says)."""
    return tuple(
        RequirementResult(requirement, Outcome(Status.NOT_CHECKED, reason=""))
        for requirement in catalogue_for([list_name]).values()
        if requirement.id in CHECKS
    )


def signal_name(exc: BaseException) -> str:
    return "SIGTERM" if isinstance(exc, TerminatedError) else "SIGINT"


def mark_unchecked(
    results: tuple[RequirementResult, ...], why: str
) -> tuple[RequirementResult, ...]:
    """A stopped run proves its failures, nothing else: a pass on part of the data is no pass."""
    return tuple(
        r
        if r.status is Status.FAILED
        else RequirementResult(
            r.requirement,
            Outcome(
                Status.NOT_CHECKED,
                reason=f"not checked: the run stopped: {why}",
                evidence=r.outcome.evidence,
            ),
        )
        for r in results
    )
