"""The property phase: schemathesis, driven from the OpenAPI document, against the same target.

The hand-written invariants check what we thought of; this finds what we did
not.  Schemathesis is used as a library (its engine, not its CLI) with every
phase (examples, coverage, fuzzing, stateful), its built-in checks and two of
our own, and a fixed seed so that a run can be replayed request for request.
Its failures are mapped onto requirement IDs, so the certificate stays one list.

Like :mod:`conformance.observing.http`, this module does I/O; the decisions about what
a response means stay in :mod:`conformance.checks`, whose pure functions the
custom checks below merely call.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import queue
import threading
import time
from collections.abc import Callable, Container, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

from conformance.checks import (
    error_envelope_problems,
    run_contract_problems,
    run_semantics_problems,
)
from conformance.model import (
    JSON_MAX_DEPTH,
    Exchange,
    JsonTooDeepError,
    PropertyFinding,
    PropertyRun,
    contract,
    parse_json,
)
from conformance.model.ids import IdSet
from conformance.model.redact import Redactor
from conformance.observing._odd_cases import (
    CREDENTIALS,
    THREAD,
    apply_marked_credentials,
    odd_case_hook,
    odd_inputs_of,
)
from conformance.observing._private_hypothesis import no_local_constants, prime_utf8_table
from conformance.observing._private_schemathesis import (
    EngineFatal,
    EngineNonFatal,
    EngineScenario,
    cap_engine_sessions,
    capped_schema,
    execute,
    hand_over_body,
    read_event,
    read_timeout,
)
from conformance.observing.deadline import GRACE, Watchdog, watched_pool_classes, watching
from conformance.observing.http import (
    AUTH_HEADERS,
    CappedBody,
    Target,
    read_capped,
    retry_after_seconds,
    too_large_message,
)
from conformance.observing.politeness import (
    Budget,
    RunStoppedError,
    TargetThrottledError,
)

__all__ = [
    "MIN_TIME_BOX",
    "PHASES",
    "TIME_BOX_SHARE",
    "PropertyOptions",
    "run_properties",
    "time_box",
]

PHASES = ("examples", "coverage", "fuzzing", "stateful")
_OPERATION = ("/threads/{thread_id}/runs", "GET")
_BUILTIN_CHECKS = {
    "not_a_server_error": "LR-PROP-001",
    "status_code_conformance": "LR-PROP-002",
    "content_type_conformance": "LR-SCHEMA-004",
    "response_schema_conformance": "LR-SCHEMA-001",  # refined by status and path, see below
    "negative_data_rejection": "LR-PROP-003",
    "positive_data_acceptance": "LR-PROP-004",  # and LR-PROP-005, by its cursors: see below
    "ignored_auth": "LR-AUTH-001",
}
_CUSTOM_CHECKS = {
    "rc_error_envelope": "LR-ERR-001",
    "rc_run_contract": "LR-RUN-003",
    "rc_run_semantics": "LR-RUN-002",
}
_MAX_FINDINGS_PER_KIND = 3
_MAX_CURSORS = 64
TIME_BOX_SHARE = 0.03
"""The share of the run's --deadline the property phase may spend (54 s of the default 30 min).

Against a fast target the phase ends well inside it; against a slow one (a last page that
takes seconds, and many generated requests land on a last page) it stops generating when the
box is spent and its requirements are decided on the requests it made, instead of spending
the run's whole deadline on a few hundred slow answers.
"""
MIN_TIME_BOX = 10.0
"""The fewest seconds the time box gives the phase, counted from its first request.

Schemathesis and Hypothesis take about a second to start, more on a busy machine: a box
of 3% of a short --deadline (0.45 s of 15 s) would end the phase before its first answer,
and a phase with no answer decides nothing (its requirements are then not checked)."""
_POLL = 0.2
"""How often the main thread looks up from waiting on the phase (signals land in between)."""


@dataclass(frozen=True)
class PropertyOptions:
    """Budget and seed of the property phase.

    ``max_examples`` bounds the examples Hypothesis generates per phase and
    generation mode; the seed fixes which, so two runs with the same seed
    against the same target send the same requests.
    """

    seed: int = 0
    max_examples: int = 25
    phases: tuple[str, ...] = PHASES

    def __post_init__(self) -> None:
        if self.max_examples < 1:
            raise ValueError(f"max_examples must be at least 1, got {self.max_examples}")
        unknown = set(self.phases) - set(PHASES)
        if unknown:
            raise ValueError(f"unknown phase(s) {sorted(unknown)}; known: {list(PHASES)}")


def _requirement_for(check: str, failure: Any, status: int | None) -> str:
    if check == "response_schema_conformance":
        if status is not None and status >= 400:
            return "LR-ERR-001"
        path = list(getattr(failure, "instance_path", []) or [])
        return "LR-SCHEMA-002" if len(path) >= 2 and path[0] == "data" else "LR-SCHEMA-001"
    if check == "ignored_auth":
        return "LR-AUTH-001"
    return _BUILTIN_CHECKS.get(check) or _CUSTOM_CHECKS[check]


def _acceptance_requirements(
    query: Mapping[str, Sequence[str]], thread_runs: Container[str]
) -> tuple[str, ...]:
    """What a valid generated request that was refused fails, by the cursors it sent.

    A cursor that is not a run of the thread is not valid input (the contract does
    not say what an unknown ID yields; on an empty thread every cursor is made up), so
    such a request is held to nothing.  after and before together are valid only under
    a reading (LR-PROP-004); a request with at most one real cursor is the contract's
    (LR-PROP-005), and fails the reading too, whose meaning includes it.
    """
    cursors = [value for name in ("after", "before") for value in query.get(name, ())]
    if any(value not in thread_runs for value in cursors):
        return ()
    if all(query.get(name) for name in ("after", "before")):
        return ("LR-PROP-004",)
    return ("LR-PROP-005", "LR-PROP-004")


_NOT_FOR_ODD_INPUTS = frozenset(
    {
        "positive_data_acceptance",
        "negative_data_rejection",
        "content_type_conformance",
        "rc_error_envelope",
    }
)
"""Checks of a request made with the configured thread and credentials: not of an odd one
(an odd thread is refused before its query is read; a proxy or gateway in front may refuse it
in its own words, so neither its content type nor its error body is judged here: the fixed
odd-input probes hold the error envelope to LR-ERR-001).
``ignored_auth`` stays: its failures are its own probes' requests, made without credentials or
with invalid ones, to a server that had accepted the case."""


def _requirements_for(
    check: str,
    failure: Any,
    status: int | None,
    query: Mapping[str, Sequence[str]],
    thread_runs: Container[str],
    odd: frozenset[str] = frozenset(),
) -> tuple[str, ...]:
    """The requirements one failed check of one generated request speaks to (maybe none).

    A request with an odd thread ID or malformed credentials (``odd``, see ``_odd_cases``)
    answered with a server error also fails LR-THREAD-002 or LR-AUTH-003.
    """
    if odd and (
        check in _NOT_FOR_ODD_INPUTS
        or (check == "response_schema_conformance" and (status or 0) >= 400)
    ):
        return ()
    if odd and check == "not_a_server_error":
        return (
            "LR-PROP-001",
            *(("LR-THREAD-002",) if THREAD in odd else ()),
            *(("LR-AUTH-003",) if CREDENTIALS in odd else ()),
        )
    if check == "positive_data_acceptance":
        return _acceptance_requirements(query, thread_runs)
    return (_requirement_for(check, failure, status),)


def _query_of(interaction: Any) -> dict[str, list[str]]:
    """The query string the generated request was sent with."""
    uri = str(getattr(interaction.request, "uri", "") or "")
    return parse_qs(urlsplit(uri).query, keep_blank_values=True)


@functools.cache
def _register_custom_checks() -> None:
    """Register our checks with schemathesis once per process (its registry is global)."""
    import schemathesis

    @schemathesis.check
    def rc_error_envelope(ctx: Any, response: Any, case: Any) -> bool | None:
        """Every 4xx of the List runs operation carries the error envelope."""
        if case.method.upper() != "GET" or not 400 <= response.status_code < 500:
            return None
        try:
            body = response.json()
        except ValueError:
            raise AssertionError(f"the {response.status_code} body is not JSON") from None
        problems = error_envelope_problems(body)
        if problems:
            raise AssertionError(
                f"the {response.status_code} body is not the error envelope "
                f"({'; '.join(problems[:2])})"
            )
        return True

    def runs_agree(
        response: Any, case: Any, problems_of: Callable[[Any], list[str]]
    ) -> bool | None:
        if case.method.upper() != "GET" or response.status_code != 200:
            return None
        try:
            body = response.json()
        except ValueError:
            return None  # the schema and content-type checks report that
        data = body.get("data") if isinstance(body, dict) else None
        for run in data if isinstance(data, list) else []:
            if isinstance(run, dict):
                problems = problems_of(run)
                if problems:
                    raise AssertionError(f"run {run.get('id')}: {problems[0]}")
        return True

    @schemathesis.check
    def rc_run_contract(ctx: Any, response: Any, case: Any) -> bool | None:
        """Status-dependent fields of every listed run are null where the Run object says."""
        return runs_agree(response, case, run_contract_problems)

    @schemathesis.check
    def rc_run_semantics(ctx: Any, response: Any, case: Any) -> bool | None:
        """Status-dependent fields of every listed run agree with its status, both ways."""
        return runs_agree(response, case, run_semantics_problems)


def _config(target: Target, options: PropertyOptions, cursors: Sequence[str]) -> Any:
    import schemathesis

    parameters: dict[str, Any] = {"path.thread_id": target.thread_id}
    data: dict[str, Any] = {
        "seed": options.seed,
        "base-url": target.base_url.rstrip("/"),
        "headers": target.configured_headers(),
        "request-timeout": target.timeout,
        "generation": {
            "mode": "all",
            "max-examples": options.max_examples,
            "database": "none",
            "with-security-parameters": False,
        },
        "phases": {
            "examples": {"enabled": "examples" in options.phases},
            # No unexpected methods: the suite stays read-only against the target.
            "coverage": {"enabled": "coverage" in options.phases, "unexpected-methods": []},
            "fuzzing": {"enabled": "fuzzing" in options.phases},
            "stateful": {"enabled": "stateful" in options.phases},
        },
        "checks": {
            "enabled": False,
            **{name: {"enabled": True} for name in (*_BUILTIN_CHECKS, *_CUSTOM_CHECKS)},
        },
        "workers": 1,
        "tls-verify": target.verify,
    }
    if cursors:
        data["dictionaries"] = {"runs": {"values": list(cursors)}}
        parameters["query.after"] = {"dictionary": "runs"}
        parameters["query.before"] = {"dictionary": "runs"}
    data["parameters"] = parameters
    return schemathesis.Config.from_dict(data)


class _Gate:
    """What every request of one property phase passes: the cap, the budget and the time box.

    Schemathesis sends from worker threads of its own; the gate is how the run reaches
    them.  Before a request it refuses to send when the run must stop (the budget or the
    deadline spent, the target given up on, an interrupt) or the phase's time box is spent,
    and after it reports the outcome to the budget's count of transport failures in a row.
    """

    def __init__(
        self, timeout: float, budget: Budget | None, box: float | None, redactor: Redactor
    ) -> None:
        self.timeout = timeout
        self.budget = budget
        self.box = box
        self.redactor = redactor
        self.started: float | None = None
        """When the first request was about to be sent: the time box counts from there."""
        self.answers = 0
        """Requests that got an HTTP answer: what the phase's requirements are decided on."""
        self.stop_reason: str | None = None
        """Why the run must stop (the budget's reason); None while it may go on."""
        self.boxed = False
        self.throttle: str | None = None
        """Why the target is throttling the run (429 after every retry), if it is."""
        self.halted = threading.Event()
        self.on_halt: Callable[[], None] = lambda: None

    def throttled(self, why: str) -> None:
        """The target keeps answering 429: no further request, and the run ends throttled."""
        if self.throttle is None:
            self.throttle = why
        self.halt()

    def halt(self, stop_reason: str | None = None) -> None:
        """No further request: the run stops (``stop_reason``) or the phase's time is up."""
        if stop_reason is not None and self.stop_reason is None:
            self.stop_reason = stop_reason
        self.halted.set()
        self.on_halt()

    def over_time(self) -> bool:
        """The time box is spent (the phase then ends with what it checked)."""
        if (
            self.box is not None
            and self.started is not None
            and time.perf_counter() - self.started >= self.box
        ):
            self.boxed = True
            self.halt()
        return self.boxed

    def before(self) -> str | None:
        """Why the next request may not be sent (None: send it).

        The permission is the run's own (:meth:`Budget.take`): counted against
        --max-requests and spaced by the run's one pacer, as every other request of the run
        (schemathesis' own rate limit, per window and in whole requests per second, is not
        used: it let bursts through and rounded --max-rps 0.5 up to 1).
        """
        if self.started is None:
            self.started = time.perf_counter()
        if self.budget is not None and not self.halted.is_set():
            try:
                self.budget.take()
            except RunStoppedError as exc:
                self.halt(str(exc))
        if self.halted.is_set() or self.over_time():
            return "the property phase was stopped before this request was sent"
        return None

    def failed(self, request: Any, why: str) -> None:
        if self.budget is not None:
            url = self.redactor.text(str(getattr(request, "url", "")))
            method = getattr(request, "method", "GET")
            self.budget.failed(f"property phase {method} {url}: {self.redactor.text(why)}")

    def answered(self) -> None:
        self.answers += 1
        if self.budget is not None:
            self.budget.answered()


def _available(raw: Any) -> Iterator[bytes]:
    """The body as it arrives, in whatever pieces the socket gives (``read1``).

    ``raw.stream(n)`` waits until ``n`` bytes have arrived, so a body trickling one byte
    at a time never hands :func:`read_capped` a chunk to time it by.
    """
    while True:
        chunk = raw.read1(65536, decode_content=False)
        if not chunk:
            return
        yield chunk


def _adapter(gate: _Gate) -> Any:
    """A requests adapter that reads every body with :func:`read_capped` and counts outcomes.

    At most the cap of each body, decompressed a bounded piece at a time, cut off when
    it trickles past the timeout (a transport failure, as a refused or reset connection is).
    """
    import requests
    from requests.adapters import HTTPAdapter

    class _CappedAdapter(HTTPAdapter):
        def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
            super().init_poolmanager(*args, **kwargs)
            # each connection hands its socket to the request's watchdog (its deadline)
            self.poolmanager.pool_classes_by_scheme = watched_pool_classes()

        def send(self, request: Any, *args: Any, **kwargs: Any) -> Any:
            """One request, retried on 429 and 503 as the suite's own requests are.

            A rate limiter in front of a correct server must not fail it here either; a
            target still answering 429 after the policy's retries is throttling the run,
            which then ends as it does in every phase (exit 3, no verdict).  A generated
            malformed credential takes the place of the configured ones here.
            """
            apply_marked_credentials(request.headers)
            attempt = 0
            while True:
                response = self._send_once(request, *args, **kwargs)
                status = response.status_code
                policy = gate.budget.policy if gate.budget is not None else None
                if policy is None or status not in (429, 503):
                    return response
                if attempt < policy.retries:
                    asked = retry_after_seconds(response.headers.get("retry-after"))
                    wait = min(
                        asked if asked is not None else policy.backoff * 2**attempt,
                        policy.max_retry_wait,
                    )
                    remaining = gate.budget.remaining_time() if gate.budget else None
                    if remaining is None or wait < remaining:
                        response.close()
                        attempt += 1
                        if gate.budget is not None:
                            gate.budget.retries += 1
                        time.sleep(wait)
                        continue
                if status == 429:
                    gate.throttled(
                        f"the target kept answering 429 Too Many Requests to the property "
                        f"phase at {gate.redactor.text(str(request.url))} after {attempt} "
                        "retries; lower --max-rps or try later"
                    )
                return response

        def _send_once(self, request: Any, *args: Any, **kwargs: Any) -> Any:
            refused = gate.before()
            if refused is not None:
                raise requests.exceptions.ConnectionError(refused, request=request)
            with watching(Watchdog(gate.timeout + GRACE)) as watchdog:
                return self._send(request, watchdog, *args, **kwargs)

        def _send(self, request: Any, watchdog: Watchdog, *args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            kwargs["stream"] = True
            try:
                response = super().send(request, *args, **kwargs)
            except requests.exceptions.RequestException as exc:
                timed_out = watchdog.fired or isinstance(exc, requests.exceptions.Timeout)
                why = f"timed out after {gate.timeout:g} s" if timed_out else str(exc)
                gate.failed(request, why.splitlines()[0] if why else type(exc).__name__)
                if watchdog.fired:
                    raise read_timeout(why, gate.timeout, request) from exc
                raise
            raw = response.raw
            try:
                capped = read_capped(
                    _available(raw),
                    response.headers.get("content-encoding"),
                    started=started,
                    timeout=gate.timeout,
                )
            except Exception as exc:  # the connection dropped mid-body: requests' own error
                response.close()
                if watchdog.fired:
                    capped = _cut_off(gate.timeout)
                else:
                    # a read that timed out mid-body is a body still arriving (a trickle),
                    # and is said so; either way the request failed in transport
                    dropped = f"the connection dropped mid-body ({exc})"
                    trickled = _cut_off(gate.timeout).error if _timed_out(exc) else None
                    gate.failed(request, trickled or dropped)
                    raise requests.exceptions.ConnectionError(exc, request=request) from exc
            if watchdog.fired and not capped.cut_off:  # the body "ended" at the deadline
                capped = _cut_off(gate.timeout)
            if capped.truncated or capped.error is not None:
                response.close()  # the rest of the body is never read: drop the connection
            else:
                raw.release_conn()
            if capped.cut_off:
                gate.failed(request, capped.error or "cut off")
            else:
                gate.answered()
            if capped.error is not None:
                raise read_timeout(capped.error, gate.timeout, request)
            if capped.decoded:
                response.headers.pop("content-encoding", None)
            if capped.truncated:
                response.reason = f"{response.reason} ({too_large_message()})"
            hand_over_body(response, _parseable(capped.content))
            return response

    return _CappedAdapter()


TOO_DEEP_NOTE = (
    f"(runs-conformance: the body was nested more than {JSON_MAX_DEPTH} levels deep "
    "and was not handed to schemathesis, which would parse it with recursion)"
).encode()


def _parseable(content: bytes) -> bytes:
    """The body, or :data:`TOO_DEEP_NOTE` when it nests past the suite's JSON depth limit.

    Schemathesis parses bodies with ``json.loads``, which raises ``RecursionError``
    (not ``ValueError``) on a body nested some thousand levels deep.  Such a body is an
    unparseable one for the suite's own parser too; handed on as this note (not JSON),
    it is judged as a body that is not JSON.
    """
    if content.count(b"[") + content.count(b"{") <= JSON_MAX_DEPTH:
        return content  # cannot nest deeper than it has brackets
    try:
        parse_json(content.decode("utf-8", errors="replace"))
    except JsonTooDeepError:
        return TOO_DEEP_NOTE
    except ValueError:
        pass  # not JSON: schemathesis says so itself
    return content


def _timed_out(exc: BaseException) -> bool:
    """Whether ``exc`` (or what it wraps) is a read that timed out, at any level of the stack."""
    import requests
    import urllib3

    seen: BaseException | None = exc
    for _ in range(5):  # requests wraps urllib3, which wraps the socket's error
        if seen is None:
            return False
        if isinstance(
            seen,
            (TimeoutError, urllib3.exceptions.TimeoutError, requests.exceptions.Timeout),
        ):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _cut_off(timeout: float) -> CappedBody:
    """A body its request's deadline ended: a transport failure, as a trickling body is."""
    return CappedBody(
        b"",
        error=f"the response was still arriving after {timeout:g} s (a trickling body); "
        "it was cut off",
        cut_off=True,
    )


def _mount(session: Any, gate: _Gate) -> _Gate:
    adapter = _adapter(gate)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return gate


_ACTIVE: list[_Gate] = []
"""The gate of the property phase under way (one at a time per process)."""


def _mount_active(session: Any) -> None:
    """Mount the adapter of the phase under way on a session the engine made.

    The engine makes sessions of its own, for its workers and for the requests of its
    probing phase (which no transport sees); without this those would read whole bodies
    with no cap and no whole-response time bound.
    """
    if _ACTIVE:
        session._rc_gate = _mount(session, _ACTIVE[-1])


def _through(gate: _Gate) -> Callable[[Any], None]:
    """Mount ``gate``'s adapter on a session the transport is handed, once per session."""

    def prepare(session: Any) -> None:
        if getattr(session, "_rc_gate", None) is not gate:
            session._rc_gate = _mount(session, gate)

    return prepare


def time_box(budget: Budget | None) -> float | None:
    """The seconds the property phase may spend from its first request.

    :data:`TIME_BOX_SHARE` of the deadline, and never less than :data:`MIN_TIME_BOX`
    (the run's deadline still bounds it: the phase never outlives the run).
    """
    if budget is None or budget.policy.deadline is None:
        return None
    return max(budget.policy.deadline * TIME_BOX_SHARE, MIN_TIME_BOX)


def _sample(ids: Sequence[str]) -> list[str]:
    """Cursors spread over the whole list, so generated requests reach deep pages."""
    if len(ids) <= _MAX_CURSORS:
        return list(ids)
    step = len(ids) / _MAX_CURSORS
    return [ids[int(i * step)] for i in range(_MAX_CURSORS)]


def _exchange(number: int, interaction: Any, redactor: Redactor, label: str) -> Exchange:
    request = interaction.request
    response = interaction.response
    headers = tuple((name, ", ".join(values)) for name, values in request.headers.items())
    body = b"" if response is None else (response.content or b"")
    return Exchange(
        id=f"P{number:04d}",
        label=label,
        method=request.method,
        url=redactor.text(request.uri),
        request_headers=redactor.headers(headers),
        status=None if response is None else response.status_code,
        response_headers=()
        if response is None
        else redactor.headers(tuple((n, ", ".join(v)) for n, v in response.headers.items())),
        body=redactor.text(body[:65536].decode("utf-8", errors="replace")),
        body_truncated=len(body) > 65536,
        request_body=redactor.text((request.body or b"").decode("utf-8", errors="replace")),
    )


def run_properties(
    target: Target,
    known_ids: Sequence[str],
    options: PropertyOptions,
    *,
    budget: Budget | None = None,
    on_request: Callable[[], None] | None = None,
    box: float | None = None,
) -> PropertyRun:
    """Run the property phase and return its findings, already mapped onto requirement IDs.

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
        config=_config(target, options, cursors),
    ).include(operation_id="listRuns")  # the create/delete operations are for seeding only
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
    if "fuzzing" in options.phases or "stateful" in options.phases:
        schema.hook(odd_case_hook(target.thread_id, options.seed))
    configured = {n: v for n, v in target.configured_headers().items() if n.lower() in AUTH_HEADERS}
    findings = _Findings(
        redactor,
        _ThreadRuns(cursors, known_ids),
        lambda uri, headers: odd_inputs_of(uri, headers, target.thread_id, configured),
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


class _ThreadRuns:
    """Whether a cursor is a run of the thread: the sampled cursors first, then all runs.

    The generated requests send the sampled cursors (a few hundred); only a failure
    with another cursor needs every run of the thread, and then it is looked up in
    a table of hashes built once (16 MB for a million runs, where a set of the IDs
    would cost 100 MB).
    """

    def __init__(self, sampled: Sequence[str], known: Sequence[str]) -> None:
        self._sampled = frozenset(sampled)
        self._known = known
        self._all: IdSet | None = None

    def __contains__(self, value: object) -> bool:
        if value in self._sampled:
            return True
        if self._all is None:
            self._all = IdSet(self._known, expected=len(self._known))
        return value in self._all


class _Findings:
    """The failures of generated requests, mapped onto requirements (a few of each kind)."""

    def __init__(
        self,
        redactor: Redactor,
        thread_runs: Container[str],
        odd_inputs: Callable[[str, Any], frozenset[str]] = lambda uri, headers: frozenset(),
    ) -> None:
        self.redactor = redactor
        self.thread_runs = thread_runs
        self.odd_inputs = odd_inputs
        self.found: list[PropertyFinding] = []
        self.per_kind: dict[tuple[str, str], int] = {}
        self.cases = 0
        self.engine_errors: list[str] = []
        """Schemathesis' own errors (at most a few kept): the suite's, never the target's."""
        self.errors_seen = 0

    def take(self, event: Any) -> None:
        record = read_event(event)
        if isinstance(record, EngineFatal):
            raise PropertyPhaseError(str(record.exception)) from record.exception
        if isinstance(record, EngineNonFatal):
            import requests

            if isinstance(record.value, requests.RequestException):
                return  # the target's transport trouble: the budget counted it already
            self.errors_seen += 1
            if len(self.engine_errors) < _MAX_FINDINGS_PER_KIND:
                value = record.value
                text = str(value).strip().splitlines()[0] if str(value).strip() else ""
                self.engine_errors.append(
                    self.redactor.text(f"{type(value).__name__}: {text}"[:300])
                )
            return
        if not isinstance(record, EngineScenario):
            return
        self.cases += record.cases
        for found in record.failures:
            failure, interaction = found.failure, found.interaction
            status = interaction.response.status_code if interaction.response is not None else None
            sent = interaction.request
            requirement_ids = _requirements_for(
                found.check,
                failure,
                status,
                _query_of(interaction),
                self.thread_runs,
                self.odd_inputs(str(getattr(sent, "uri", "") or ""), sent.headers),
            )
            for requirement_id in requirement_ids:
                kind = (requirement_id, f"{found.check}:{failure.title}")
                self.per_kind[kind] = self.per_kind.get(kind, 0) + 1
                if self.per_kind[kind] > _MAX_FINDINGS_PER_KIND:
                    continue
                self.found.append(
                    PropertyFinding(
                        requirement_id,
                        found.check,
                        self.redactor.text(_message(found.check, failure)),
                        _exchange(
                            len(self.found) + 1,
                            interaction,
                            self.redactor,
                            f"property {record.phase}: {found.check}",
                        ),
                    )
                )


class PropertyPhaseStoppedError(RunStoppedError):
    """The budget or deadline ran out during the property phase; ``run`` is what it found."""

    def __init__(self, message: str, run: PropertyRun) -> None:
        super().__init__(message)
        self.run = run


def _message(check: str, failure: Any) -> str:
    """One line: the failure's title, and the first line of its detail when it has one."""
    detail = (str(failure.message or "").strip().splitlines() or [""])[0]
    text = f"{check}: {failure.title}" + (f" ({detail})" if detail else "")
    return text if len(text) <= 240 else text[:237] + "..."


class PropertyPhaseError(RuntimeError):
    """Schemathesis could not run at all (a broken document or configuration)."""


def property_counts(run: PropertyRun) -> Mapping[str, int]:
    """Findings per requirement, for the console."""
    counts: dict[str, int] = {}
    for finding in run.findings:
        counts[finding.requirement_id] = counts.get(finding.requirement_id, 0) + 1
    return counts
