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

import functools
import hashlib
import time
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

from conformance.checks import (
    error_envelope_problems,
    run_contract_problems,
    run_semantics_problems,
)
from conformance.model import Exchange, PropertyFinding, PropertyRun, contract
from conformance.model.redact import Redactor
from conformance.observing.http import Target, read_capped, too_large_message
from conformance.observing.politeness import Budget, Policy, RunStoppedError

__all__ = ["PHASES", "PropertyOptions", "run_properties"]

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
    query: Mapping[str, Sequence[str]], thread_runs: Collection[str]
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


def _requirements_for(
    check: str,
    failure: Any,
    status: int | None,
    query: Mapping[str, Sequence[str]],
    thread_runs: Collection[str],
) -> tuple[str, ...]:
    """The requirements one failed check of one generated request speaks to (maybe none)."""
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


def _config(
    target: Target, options: PropertyOptions, cursors: Sequence[str], policy: Policy | None = None
) -> Any:
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
    if policy is not None and policy.max_rps is not None:
        data["rate-limit"] = f"{max(1, round(policy.max_rps))}/s"
    if cursors:
        data["dictionaries"] = {"runs": {"values": list(cursors)}}
        parameters["query.after"] = {"dictionary": "runs"}
        parameters["query.before"] = {"dictionary": "runs"}
    data["parameters"] = parameters
    return schemathesis.Config.from_dict(data)


def _capped_schema(schema: Any, timeout: float) -> Any:
    """``schema`` sending through a requests adapter that reads every body with the run's cap.

    Schemathesis sends with ``requests`` (a session per worker thread that the engine
    makes) and reads each whole body; its transport is a property of the schema.  The
    schema's class is swapped for a subclass whose transport mounts
    :class:`_CappedAdapter` on whatever session it is given, so every generated request's
    body is read by :func:`~conformance.observing.http.read_capped`: at most the cap,
    decompressed a bounded piece at a time, cut off when it trickles past the timeout.
    """
    import requests
    from requests.adapters import HTTPAdapter
    from schemathesis.transport.requests import REQUESTS_TRANSPORT, RequestsTransport

    class _CappedAdapter(HTTPAdapter):
        def send(self, request: Any, *args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            kwargs["stream"] = True
            response = super().send(request, *args, **kwargs)
            raw = response.raw
            try:
                capped = read_capped(
                    raw.stream(65536, decode_content=False),
                    response.headers.get("content-encoding"),
                    started=started,
                    timeout=timeout,
                )
            except Exception as exc:  # the connection dropped mid-body: requests' own error
                response.close()
                raise requests.exceptions.ConnectionError(exc, request=request) from exc
            if capped.truncated or capped.error is not None:
                response.close()  # the rest of the body is never read: drop the connection
            else:
                raw.release_conn()
            if capped.error is not None:
                raise requests.exceptions.ReadTimeout(capped.error, request=request)
            if capped.decoded:
                response.headers.pop("content-encoding", None)
            if capped.truncated:
                response.reason = f"{response.reason} ({too_large_message()})"
            response._content = capped.content
            setattr(response, "_content_consumed", True)  # noqa: B010
            return response

    class _CappedTransport(RequestsTransport):
        def send(self, case: Any, *, session: Any = None, **kwargs: Any) -> Any:
            from schemathesis.transport.requests import SameHostRedirectsSession

            own = session is None
            if session is None:
                session = SameHostRedirectsSession()
            if not isinstance(session.get_adapter("http://"), _CappedAdapter):
                adapter = _CappedAdapter()
                session.mount("http://", adapter)
                session.mount("https://", adapter)
            try:
                return super().send(case, session=session, **kwargs)
            finally:
                if own:
                    session.close()

    transport = _CappedTransport()
    transport._serializers = dict(REQUESTS_TRANSPORT._serializers)

    class _CappedSchema(type(schema)):  # type: ignore[misc]
        @property
        def transport(self) -> Any:
            return transport

    schema.__class__ = _CappedSchema
    return schema


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
) -> PropertyRun:
    """Run the property phase and return its findings, already mapped onto requirement IDs.

    Its requests count against the run's ``budget``: schemathesis paces them
    with the same rate limit, and the phase stops when the budget or the
    deadline is spent (raising :class:`RunStoppedError` once its findings are kept).
    """
    import schemathesis
    from schemathesis.engine import events, from_schema

    _register_custom_checks()
    cursors = _sample(known_ids)
    policy = budget.policy if budget is not None else None
    schema = schemathesis.openapi.from_path(
        str(contract.document_path()),
        config=_config(target, options, cursors, policy),
    ).include(operation_id="listRuns")  # the create/delete operations are for seeding only
    schema = _capped_schema(schema, target.timeout)
    requests = 0
    known = set(cursors)
    thread_runs = frozenset(known_ids)
    digest = hashlib.sha256()
    base = target.base_url.rstrip("/")

    stop_reason: list[str] = []

    def after_call(context: Any, case: Any, response: Any) -> None:
        nonlocal requests
        requests += 1
        if budget is not None:
            try:
                budget.record()
            except RunStoppedError as exc:
                if not stop_reason:
                    stop_reason.append(str(exc))
                stream.stop()
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
    redactor = Redactor(target.secrets())
    findings: list[PropertyFinding] = []
    per_kind: dict[tuple[str, str], int] = {}
    cases = 0
    started = time.perf_counter()
    stream = from_schema(schema).execute()
    try:
        for event in stream:
            if isinstance(event, events.ScenarioFinished):
                recorder = event.recorder
                cases += len(recorder.cases)
                for case_id, nodes in recorder.checks.items():
                    for node in nodes:
                        if node.failure_info is None:
                            continue
                        failure = node.failure_info.failure
                        interaction = recorder.interactions.get(failure.case_id or case_id)
                        status = (
                            interaction.response.status_code
                            if interaction is not None and interaction.response is not None
                            else None
                        )
                        if interaction is None:
                            continue
                        requirement_ids = _requirements_for(
                            node.name, failure, status, _query_of(interaction), thread_runs
                        )
                        for requirement_id in requirement_ids:
                            kind = (requirement_id, f"{node.name}:{failure.title}")
                            per_kind[kind] = per_kind.get(kind, 0) + 1
                            if per_kind[kind] > _MAX_FINDINGS_PER_KIND:
                                continue
                            findings.append(
                                PropertyFinding(
                                    requirement_id,
                                    node.name,
                                    redactor.text(_message(node.name, failure)),
                                    _exchange(
                                        len(findings) + 1,
                                        interaction,
                                        redactor,
                                        f"property {event.phase.value}: {node.name}",
                                    ),
                                )
                            )
            elif isinstance(event, events.FatalError):
                raise PropertyPhaseError(str(event.exception)) from event.exception
    except BaseException:
        stream.stop()  # e.g. an interrupt: let schemathesis' workers wind down, then pass it on
        raise
    run = PropertyRun(
        options.seed,
        options.max_examples,
        tuple(options.phases),
        requests,
        round(time.perf_counter() - started, 3),
        tuple(findings),
        cases,
        "sha256:" + digest.hexdigest(),
    )
    if stop_reason:
        raise PropertyPhaseStoppedError(stop_reason[0], run)
    return run


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
