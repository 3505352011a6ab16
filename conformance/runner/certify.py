"""The runner: plan the requests, make them through the HTTP layer, hand them to the checks.

The CLI and the pytest plugin are thin faces over :func:`certify`; nothing else
decides what is requested.  The run's requests, in their order, are
:func:`~conformance.runner._observe.observe`'s; this module judges what it observed
and assembles the :class:`~conformance.model.RunResult`, a stopped run's too.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

from conformance.checks import evaluate
from conformance.model import Exchange, RunResult, ThreadProfile, __version__, contract
from conformance.model.redact import Redactor
from conformance.observing import (
    Budget,
    RunStoppedError,
    Target,
    TargetThrottledError,
    TerminatedError,
    TokenBucket,
    comparison_exchanges,
    open_client,
)
from conformance.runner._observe import observe
from conformance.runner._options import DEFAULT_MAX_EXAMPLES, QUICK_MAX_EXAMPLES, RunOptions
from conformance.runner._outcomes import mark_unchecked, replay_options, signal_name, undecided
from conformance.runner._preflight import TargetUnavailableError
from conformance.runner._recorder import FirstFailureError, Recorder

__all__ = [
    "DEFAULT_MAX_EXAMPLES",
    "QUICK_MAX_EXAMPLES",
    "FirstFailureError",
    "RunOptions",
    "TargetUnavailableError",
    "certify",
    "observe",
]


def certify(
    target: Target,
    options: RunOptions | None = None,
    *,
    on_exchange: Callable[[Exchange], None] | None = None,
    on_property_request: Callable[[], None] | None = None,
    on_thread: Callable[[ThreadProfile], None] | None = None,
    pacer: TokenBucket | None = None,
    phases: dict[str, float] | None = None,
) -> RunResult:
    """Observe the target and evaluate every requirement: one certification run.

    ``pacer`` spaces the run's requests to the target (default: one of the policy's
    ``max_rps``); a face passes the one its seeding used, so the two keep one pace.

    A run stopped early (the request budget or the deadline spent, or an
    interrupt) still returns a result: what failed stays failed, everything
    else is marked not checked, and ``stopped`` says why.  A target that keeps
    answering 429, or cannot be tested at all, raises :class:`TargetUnavailableError`
    instead (no verdict to act on), carrying that result for the reports.

    ``phases``, when given, is filled with the wall seconds of each phase, in run order:
    walks and probes, SDK walks, property phase, second thread, walks under writes,
    evaluation (a stopped run fills those it reached).  Pure data for the benchmark's
    cost figures; no face prints it.
    """
    options = options or RunOptions()
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    clock = time.perf_counter()
    recorder = Recorder()
    stopped: str | None = None
    interrupt: BaseException | None = None
    unavailable: TargetUnavailableError | None = None
    untested = False
    budget = Budget(options.policy, pacer=pacer)
    with open_client(
        target, options.compare_with, on_exchange=on_exchange, budget=budget
    ) as client:
        try:
            observations = observe(
                client,
                options,
                on_property_request=on_property_request,
                recorder=recorder,
                on_thread=on_thread,
            )
        except TargetUnavailableError as exc:  # at the first request: nothing was tested
            stopped, unavailable, untested = str(exc), exc, True
            observations = recorder.observations(client)
        except TargetThrottledError as exc:  # what failed before stays failed
            stopped, unavailable = str(exc), TargetUnavailableError(str(exc))
            observations = recorder.observations(client)
        except RunStoppedError as exc:
            stopped = str(exc)
            observations = recorder.observations(client)
        except (KeyboardInterrupt, TerminatedError) as exc:
            stopped = f"interrupted ({signal_name(exc)})"
            interrupt = exc
            observations = recorder.observations(client)
        warnings = (*client.warnings, *recorder.warnings, *budget.notes)
        compared = comparison_exchanges(client)  # differential mode (else empty)
    judged = time.perf_counter()
    try:
        # a target unusable at the first request was not tested: nothing is judged on its
        # refusal (a 404 for the thread is no page to fail a page requirement with)
        results = undecided() if untested else evaluate(observations)
    except (KeyboardInterrupt, TerminatedError) as exc:
        # judging a large thread takes seconds: an interrupt then still gets its report,
        # with nothing decided (the checks did not finish)
        stopped = f"interrupted ({signal_name(exc)}) while the observations were judged"
        interrupt = exc
        results = undecided()
    if stopped is not None:
        results = mark_unchecked(results, stopped)
    if phases is not None:
        phases.update(recorder.phases)
        phases["evaluation"] = time.perf_counter() - judged
    found = observations.properties.findings if observations.properties else ()
    result = RunResult(
        suite_version=__version__,
        document_digest=contract.document_digest(),
        base_url=Redactor(target.secrets()).text(target.base_url),
        thread_id=target.thread_id,
        started_at=started_at,
        duration_s=round(time.perf_counter() - clock, 3),
        results=results,
        exchanges=(*observations.exchanges, *compared, *(f.exchange for f in found)),
        properties=observations.properties,
        stopped=stopped,
        interrupted_by=signal_name(interrupt) if interrupt is not None else None,
        retries=budget.retries,
        warnings=warnings,
        client_requests=sum(len(w.requests) for w in observations.client_walks.values()),
        profile=options.profile,
        replay=replay_options(target, options),
        product=options.product,
        compared_with=(
            None
            if options.compare_with is None
            else Redactor(options.compare_with.secrets()).text(options.compare_with.base_url)
        ),
        thread=recorder.thread,
    )
    if unavailable is not None:
        raise TargetUnavailableError(str(unavailable), result) from None
    return result
