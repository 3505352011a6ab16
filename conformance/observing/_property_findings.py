"""The property phase's events read into findings, each mapped onto requirement IDs.

Which requirement a failed schemathesis check speaks to depends on the check, the status,
the cursors the request sent (a made-up cursor is no valid input) and whether the case
was an odd one (``_odd_cases``); a few findings of each kind are kept, redacted.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Mapping, Sequence
from typing import Any
from urllib.parse import parse_qs, urlsplit

from conformance.model import Exchange, PropertyFinding
from conformance.model.ids import IdSet
from conformance.model.redact import Redactor
from conformance.observing._odd_cases import CREDENTIALS, THREAD
from conformance.observing._private_schemathesis import (
    EngineFatal,
    EngineNonFatal,
    EngineScenario,
    read_event,
)

__all__ = ["PropertyPhaseError"]

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
        "status_code_conformance",
    }
)
"""Checks of a request made with the configured thread and credentials: not of an odd one
(an odd thread is refused before its query is read; a proxy or gateway in front may refuse it
in its own words, so neither its content type nor its error body is judged here: the fixed
odd-input probes hold the error envelope to LR-ERR-001).  Nor is its status read as LR-PROP-002:
what an odd input may be answered is LR-THREAD-002/003's and LR-AUTH-003/004's to say (a
server error is LR-PROP-001 with them, below).  Read as LR-PROP-002 too, one 500 was a second
finding only when the search happened to reach it, and a fault's named requirements then
depended on the machine's load (seen in the self-test under a load of 8).
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


def _message(check: str, failure: Any) -> str:
    """One line: the failure's title, and the first line of its detail when it has one."""
    detail = (str(failure.message or "").strip().splitlines() or [""])[0]
    text = f"{check}: {failure.title}" + (f" ({detail})" if detail else "")
    return text if len(text) <= 240 else text[:237] + "..."


class PropertyPhaseError(RuntimeError):
    """Schemathesis could not run at all (a broken document or configuration)."""
