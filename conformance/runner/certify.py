"""The runner: plan the requests, make them through the HTTP layer, hand them to the checks.

The CLI and the pytest plugin are thin faces over :func:`certify`; nothing else
decides what is requested.  The run's requests, in their order, are
:func:`~conformance.runner._observe.observe`'s; this module judges what it observed
and assembles the :class:`~conformance.model.RunResult`, a stopped run's too.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

from conformance.checks import evaluate
from conformance.model import (
    ENDPOINT_PROFILES,
    Exchange,
    Observations,
    PropertyRun,
    RequirementResult,
    RunResult,
    ThreadProfile,
    __version__,
    contract,
    endpoint_profile,
)
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
from conformance.runner._preflight import ListNotServedError, TargetUnavailableError
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


def _together(runs: list[PropertyRun]) -> PropertyRun | None:
    """The property phases of every list as one: their costs added, their findings kept.

    The seed, budget and phases are the run's (one for all lists); the requests digest is
    the first list's (List runs', which a replay of the default run compares).
    """
    if len(runs) <= 1:
        return runs[0] if runs else None
    first = runs[0]
    return replace(
        first,
        requests=sum(r.requests for r in runs),
        seconds=round(sum(r.seconds for r in runs), 3),
        findings=tuple(f for r in runs for f in r.findings),
        cases=sum(r.cases for r in runs),
        answered=-1 if any(r.answered < 0 for r in runs) else sum(r.answered for r in runs),
        engine_errors=tuple(e for r in runs for e in r.engine_errors),
    )


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

    Each list of ``options.lists`` is observed in turn, List runs first and then in
    :data:`~conformance.model.ENDPOINT_PROFILES` order, through the one client (one pace,
    one budget, one deadline), and judged on its own observations; the result holds every
    list's requirements (their IDs are distinct by prefix).  A run stopped in one list
    leaves the lists after it unobserved: their requirements are not checked.  A list the
    target answers 404 at its first request (:class:`ListNotServedError`; not List runs,
    whose 404 means a wrong --base-url or thread) is not checked, with that reason and a
    warning, and the other lists are certified: the verdict is then at best incomplete.
    """
    options = options or RunOptions()
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    clock = time.perf_counter()
    stopped: str | None = None
    interrupt: BaseException | None = None
    unavailable: TargetUnavailableError | None = None
    untested = False
    budget = Budget(options.policy, pacer=pacer)
    for name in options.lists:  # an unknown name fails, naming the known ones
        endpoint_profile(name)
    lists = [p for name, p in ENDPOINT_PROFILES.items() if name in options.lists]
    observed: list[tuple[Observations | None, bool]] = []  # per list: (observations, untested)
    recorders: list[Recorder] = []
    not_served: dict[str, str] = {}  # list name -> why it was not tested (its 404)
    with open_client(
        target, options.compare_with, on_exchange=on_exchange, budget=budget
    ) as client:
        for profile in lists:
            if stopped is not None:  # a stopped run observes no further list
                observed.append((None, True))
                continue
            recorder = Recorder(profile=profile, since=len(client.exchanges))
            recorders.append(recorder)
            client.target = target.for_list(profile.name)  # the list's own parents
            untested = False
            try:
                observations = observe(
                    client,
                    options,
                    on_property_request=on_property_request,
                    recorder=recorder,
                    on_thread=on_thread,
                    profile=profile,
                )
            except ListNotServedError as exc:  # this list only: the others are still certified
                not_served[profile.name] = str(exc)
                untested = True
                observations = recorder.observations(client)
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
            observed.append((observations, untested))
        client.target = target
        warnings = (
            *client.warnings,
            *(f"{name} was not checked: {why}" for name, why in not_served.items()),
            *(w for r in recorders for w in r.warnings),
            *budget.notes,
        )
        compared = comparison_exchanges(client)  # differential mode (else empty)
    judged = time.perf_counter()
    results: tuple[RequirementResult, ...] = ()
    for profile, (observations_of_list, untested) in zip(lists, observed, strict=True):
        try:
            # a target unusable at the first request was not tested: nothing is judged on its
            # refusal (a 404 for the thread is no page to fail a page requirement with)
            if profile.name in not_served:
                why = f"not checked: {not_served[profile.name]}"
                results += tuple(
                    replace(r, outcome=replace(r.outcome, reason=why))
                    for r in undecided(profile.name)
                )
            else:
                results += (
                    undecided(profile.name)
                    if untested or observations_of_list is None
                    else evaluate(observations_of_list)
                )
        except (KeyboardInterrupt, TerminatedError) as exc:
            # judging a large thread takes seconds: an interrupt then still gets its report,
            # with nothing decided (the checks did not finish)
            stopped = f"interrupted ({signal_name(exc)}) while the observations were judged"
            interrupt = exc
            results = tuple(r for p in lists for r in undecided(p.name))
            break
    if stopped is not None:
        results = mark_unchecked(results, stopped)
    if phases is not None:
        for recorder in recorders:
            for phase, seconds in recorder.phases.items():
                phases[phase] = phases.get(phase, 0.0) + seconds
        phases["evaluation"] = time.perf_counter() - judged
    every = [o for o, _ in observed if o is not None]
    found = tuple(f for o in every if o.properties for f in o.properties.findings)
    phased = [o.properties for o in every if o.properties is not None]
    result = RunResult(
        suite_version=__version__,
        document_digest=contract.document_digest(),
        base_url=Redactor(target.secrets()).text(target.base_url),
        thread_id=target.thread_id,
        started_at=started_at,
        duration_s=round(time.perf_counter() - clock, 3),
        results=results,
        exchanges=(
            *(e for o in every for e in o.exchanges),
            *compared,
            *(f.exchange for f in found),
        ),
        properties=_together(phased),
        stopped=stopped,
        interrupted_by=signal_name(interrupt) if interrupt is not None else None,
        retries=budget.retries,
        warnings=warnings,
        client_requests=sum(len(w.requests) for o in every for w in o.client_walks.values()),
        profile=options.profile,
        replay=replay_options(target, options),
        product=options.product,
        compared_with=(
            None
            if options.compare_with is None
            else Redactor(options.compare_with.secrets()).text(options.compare_with.base_url)
        ),
        thread=recorders[0].thread if recorders else None,
        lists=tuple(p.name for p in lists),
    )
    if unavailable is not None:
        raise TargetUnavailableError(str(unavailable), result) from None
    return result
