"""The property phase: schemathesis, driven from the OpenAPI document, against the same target.

The hand-written invariants check what we thought of; this finds what we did
not.  Schemathesis is used as a library (its engine, not its CLI) with every
phase (examples, coverage, fuzzing, stateful), its built-in checks and two of
our own, and a fixed seed so that a run can be replayed request for request.
Its failures are mapped onto requirement IDs, so the certificate stays one list.

Like :mod:`conformance.observing.http`, this module does I/O; the decisions about what
a response means stay in :mod:`conformance.checks`, whose pure functions the
custom checks merely call.  This module runs the phase and waits on it; its parts are
private modules beside it: ``_property_engine`` (options, our checks, the engine's
configuration), ``_property_gate`` (the time box and the gate every request passes),
``_property_transport`` (the adapter that caps and times every body) and
``_property_findings`` (events read into findings, mapped onto requirement IDs).
"""

from __future__ import annotations

import copy
import hashlib
import queue
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from conformance.model import RUNS, EndpointProfile, PropertyRun, contract
from conformance.model.redact import Redactor
from conformance.observing._odd_cases import odd_case_hook, odd_inputs_of
from conformance.observing._private_hypothesis import no_local_constants, prime_utf8_table
from conformance.observing._private_schemathesis import cap_engine_sessions, capped_schema, execute
from conformance.observing._property_engine import (
    PHASES,
    PropertyOptions,
    _config,
    _register_custom_checks,
    _sample,
)
from conformance.observing._property_findings import PropertyPhaseError, _Findings, _ThreadRuns
from conformance.observing._property_gate import MIN_TIME_BOX, TIME_BOX_SHARE, _Gate, time_box
from conformance.observing._property_transport import _ACTIVE, _mount_active, _through
from conformance.observing.http import AUTH_HEADERS, Target
from conformance.observing.politeness import Budget, RunStoppedError, TargetThrottledError

__all__ = [
    "MIN_TIME_BOX",
    "PHASES",
    "TIME_BOX_SHARE",
    "PropertyOptions",
    "PropertyPhaseError",
    "PropertyPhaseStoppedError",
    "run_properties",
    "time_box",
]

_POLL = 0.2
"""How often the main thread looks up from waiting on the phase (signals land in between)."""


def run_properties(
    target: Target,
    known_ids: Sequence[str],
    options: PropertyOptions,
    *,
    budget: Budget | None = None,
    on_request: Callable[[], None] | None = None,
    box: float | None = None,
    profile: EndpointProfile = RUNS,
) -> PropertyRun:
    """Run the property phase on one list and return its findings, mapped onto requirement IDs.

    The list is ``profile``'s (List runs by default): its operation in the document, its
    parents pinned to the target's, ``known_ids`` its item IDs (the cursors it may send);
    our checks of the items (List runs' run checks) run only on the list they are for.

    Its requests count against the run's ``budget`` and are spaced by its pacer (each
    takes the budget's permission before it is sent), and the phase stops when the budget or the
    deadline is spent (raising :class:`RunStoppedError` once its findings are kept).
    ``box`` (default: :func:`time_box` of the budget) bounds the seconds the phase
    spends; when it is spent the phase ends normally, with what it checked, and a note
    in the budget says so.

    Schemathesis runs in a thread of its own and the calling thread waits on its events
    a moment at a time, so an interrupt (SIGINT, SIGTERM) lands here, never inside the
    engine (which would catch it, or wait for a request in flight to end): the phase is
    halted, no further request is sent, and the interrupt goes on at once.
    """
    import schemathesis

    _register_custom_checks()
    cap_engine_sessions(_mount_active)
    prime_utf8_table()
    cursors = _sample(known_ids)
    redactor = Redactor(target.secrets())
    box = time_box(budget) if box is None else box
    if box is not None and budget is not None:
        remaining = budget.remaining_time()
        box = box if remaining is None else max(0.0, min(box, remaining))
    gate = _Gate(target.timeout, budget, box, redactor)
    # the document the checks read, parsed once (loading it from its path parsed it again:
    # a quarter of a second of the phase)
    schema = schemathesis.openapi.from_dict(
        copy.deepcopy(dict(contract.document())),
        config=_config(target, options, cursors, profile),
    ).include(operation_id=profile.operation_id)  # the others: for seeding, or other lists
    schema = capped_schema(schema, _through(gate))
    requests = 0
    known = set(cursors)
    digest = hashlib.sha256()
    base = target.base_url.rstrip("/")

    def after_call(context: Any, case: Any, response: Any) -> None:
        nonlocal requests
        requests += 1  # counted against the budget when the gate let it through
        gate.over_time()
        sent = response.request
        url = str(sent.url)
        digest.update(f"{sent.method} {url.removeprefix(base)}\n".encode())
        if on_request is not None:
            on_request()

    def map_case(context: Any, case: Any) -> Any:
        # Coverage cases ignore the cursor dictionary and may send `after=` as valid input;
        # whether a cursor is valid is the thread's state, not the schema's, so a valid
        # case gets a real run ID in place of an unknown one.
        meta = case.meta
        if cursors and meta is not None and meta.generation.mode.value == "positive":
            for index, name in enumerate(("after", "before")):
                if case.query and name in case.query and case.query[name] not in known:
                    case.query[name] = cursors[(index * len(cursors)) // 2]
        return case

    schema.hook(after_call)
    schema.hook(map_case)
    threaded = any(p.param == "thread_id" for p in profile.parents)
    if threaded and ("fuzzing" in options.phases or "stateful" in options.phases):
        schema.hook(odd_case_hook(target.thread_id, options.seed))  # odd thread IDs too
    configured = {n: v for n, v in target.configured_headers().items() if n.lower() in AUTH_HEADERS}
    findings = _Findings(
        redactor,
        _ThreadRuns(cursors, known_ids),
        lambda uri, headers: odd_inputs_of(uri, headers, target.thread_id, configured, profile),
    )
    started = time.perf_counter()
    with no_local_constants():  # the same seed, the same requests, whatever was imported
        stream = execute(schema)
        gate.on_halt = stream.stop
        _ACTIVE.append(gate)
        try:
            for event in _events(stream):
                findings.take(event)
        except BaseException:
            gate.halt()  # e.g. an interrupt: no further request; the engine winds down alone
            raise
        finally:
            _ACTIVE.remove(gate)
    run = PropertyRun(
        options.seed,
        options.max_examples,
        tuple(options.phases),
        requests,
        round(time.perf_counter() - started, 3),
        tuple(findings.found),
        findings.cases,
        "sha256:" + digest.hexdigest(),
        answered=gate.answers,
        engine_errors=tuple(findings.engine_errors),
    )
    if gate.throttle is not None:
        raise TargetThrottledError(gate.throttle)
    if gate.stop_reason is not None:
        raise PropertyPhaseStoppedError(gate.stop_reason, run)
    if gate.boxed and budget is not None:
        budget.note(
            f"the property phase stopped at its time box of {box:g} s from its first request "
            f"({TIME_BOX_SHARE:.0%} of the deadline, at least {MIN_TIME_BOX:g} s) after "
            f"{requests} requests ({gate.answers} answered); its requirements were decided on "
            "the answers it got"
        )
    return run


_DONE = object()


def _events(stream: Any) -> Iterator[Any]:
    """The engine's events, produced in a daemon thread, handed over a moment at a time.

    The engine's own loop catches KeyboardInterrupt, and on any exception waits for its
    workers to finish the request in flight: run in the calling thread, it would swallow
    an interrupt or hold it up for as long as a trickling body lasts.
    """
    handed: queue.Queue[Any] = queue.Queue(maxsize=64)

    def produce() -> None:
        try:
            for event in stream:
                handed.put(event)
        except BaseException as exc:  # handed over: re-raised in the calling thread
            handed.put(exc)
        finally:
            handed.put(_DONE)

    threading.Thread(target=produce, name="rc-property-phase", daemon=True).start()
    while True:
        try:
            item = handed.get(timeout=_POLL)
        except queue.Empty:
            continue
        if item is _DONE:
            return
        if isinstance(item, BaseException):
            raise item
        yield item


class PropertyPhaseStoppedError(RunStoppedError):
    """The budget or deadline ran out during the property phase; ``run`` is what it found."""

    def __init__(self, message: str, run: PropertyRun) -> None:
        super().__init__(message)
        self.run = run


def property_counts(run: PropertyRun) -> Mapping[str, int]:
    """Findings per requirement, for the console."""
    counts: dict[str, int] = {}
    for finding in run.findings:
        counts[finding.requirement_id] = counts.get(finding.requirement_id, 0) + 1
    return counts
