"""Faults of the schema and the media type: runs and envelopes shaped against the contract."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.responses import Response

from conformance.server import _wire as wire
from conformance.server._data import StoredRun
from conformance.server._faults._fault import Body, Fault, envelope_field
from conformance.server._lists import OTHER_LISTS
from conformance.server._steps import Proceed, Server, at

__all__ = ["SCHEMA_FAULTS"]

RunHook = Callable[[Proceed[Body], Server, StoredRun], Body]


def _run_field(change: Callable[[Body], None]) -> RunHook:
    """A hook of ``shape_run`` that edits the shaped run in place."""

    def hook(proceed: Proceed[Body], server: Server, run: StoredRun) -> Body:
        body = proceed(server, run)
        change(body)
        return body

    return hook


def _created_at_string(body: Body) -> None:
    body["created_at"] = str(body["created_at"])


def _status_paused(body: Body) -> None:
    if body["status"] == "requires_action":
        body["status"] = "paused"


def _usage_before_terminal(body: Body) -> None:
    if body["usage"] is None:
        body["usage"] = {"prompt_tokens": 12, "completion_tokens": 0, "total_tokens": 12}


def _response_format_none(body: Body) -> None:
    if body["response_format"] in ("auto", {"type": "text"}):
        body["response_format"] = "none"  # the legacy value of the older Portkey spec


def _without_parallel_tool_calls(body: Body) -> None:
    body.pop("parallel_tool_calls", None)


def _object_run(body: Body) -> None:
    body["object"] = "run"


_TIMESTAMPS = (
    "created_at",
    "started_at",
    "cancelled_at",
    "failed_at",
    "completed_at",
    "expires_at",
)


def _every_timestamp(convert: Callable[[int], Any]) -> Callable[[Body], None]:
    """An edit of a run that writes each of its timestamps, when set, another way."""

    def change(body: Body) -> None:
        for name in _TIMESTAMPS:
            if body[name] is not None:
                body[name] = convert(body[name])

    return change


_timestamps_in_milliseconds = _every_timestamp(lambda seconds: seconds * 1000)
_timestamps_as_floats = _every_timestamp(float)


def _started_from_lagging_clock(body: Body) -> None:
    if body["started_at"] is not None:
        body["started_at"] -= 60


def _end_and_start_swapped(body: Body) -> None:
    for name in ("cancelled_at", "failed_at", "completed_at"):
        if body[name] is not None and body["started_at"] is not None:
            body[name], body["started_at"] = body["started_at"], body[name]


def _total_tokens_prompt_only(body: Body) -> None:
    if body["usage"] is not None:
        body["usage"] = {**body["usage"], "total_tokens": body["usage"]["prompt_tokens"]}


def _one_run_id(served_id: Callable[[str], str]) -> RunHook:
    """A hook of ``shape_run`` that serves one run (the seventh seeded) with a broken ID."""

    def hook(proceed: Proceed[Body], server: Server, run: StoredRun) -> Body:
        body = proceed(server, run)
        if run.seq == 7:
            body["id"] = served_id(body["id"])
        return body

    return hook


# the store lost this run's ID; the serializer writes the zero value
_lost_id_empty = _one_run_id(lambda run_id: "")
# the ID column holds a serialised state blob, and the serializer writes it
_id_state_blob = _one_run_id(lambda run_id: run_id + "." + "QUFB" * 2250)


def _envelope_without_has_more(envelope: Body) -> None:
    del envelope["has_more"]


def _envelope_object_page(envelope: Body) -> None:
    envelope["object"] = "page"


def _as_plain_text(
    proceed: Proceed[Response], server: Server, body: Any, status: int = 200
) -> Response:
    return Response(proceed(server, body, status).body, status, media_type="text/plain")


SCHEMA_FAULTS: tuple[Fault, ...] = (
    Fault(
        "created-at-string",
        "created_at is served as a string of digits",
        ("LR-SCHEMA-002",),
        at(wire.shape_run, _run_field(_created_at_string)),
    ),
    Fault(
        "status-out-of-enum",
        "runs waiting on a tool report status 'paused'",
        ("LR-SCHEMA-002",),
        at(wire.shape_run, _run_field(_status_paused)),
    ),
    Fault(
        "run-missing-key",
        "runs are served without the parallel_tool_calls key",
        ("LR-SCHEMA-002",),
        at(wire.shape_run, _run_field(_without_parallel_tool_calls)),
    ),
    Fault(
        "run-object-wrong",
        "runs say object 'run' instead of 'thread.run'",
        ("LR-SCHEMA-002",),
        at(wire.shape_run, _run_field(_object_run)),
    ),
    Fault(
        "usage-before-terminal",
        "runs that have not ended report usage",
        ("LR-RUN-002", "LR-RUN-003"),
        at(wire.shape_run, _run_field(_usage_before_terminal)),
    ),
    Fault(
        "response-format-none",
        'runs carry the legacy response_format "none" in place of "auto" or text',
        ("LR-SCHEMA-005",),
        at(wire.shape_run, _run_field(_response_format_none)),
    ),
    Fault(
        "timestamps-in-milliseconds",
        "every timestamp of a run is a count of milliseconds",
        ("LR-RUN-004", "LR-WRITE-002"),
        at(wire.shape_run, _run_field(_timestamps_in_milliseconds)),
    ),
    Fault(
        "timestamps-as-floats",
        "every timestamp of a run is written as a float (1730000000.0)",
        ("LR-RUN-005",),
        at(wire.shape_run, _run_field(_timestamps_as_floats)),
    ),
    Fault(
        "started-before-created",
        "started_at is stamped by a clock a minute behind the one of created_at",
        ("LR-RUN-006",),
        at(wire.shape_run, _run_field(_started_from_lagging_clock)),
    ),
    Fault(
        "ended-before-started",
        "on runs that ran and ended, started_at and the end time are swapped",
        ("LR-RUN-007",),
        at(wire.shape_run, _run_field(_end_and_start_swapped)),
    ),
    Fault(
        "total-tokens-prompt-only",
        "usage.total_tokens counts the prompt tokens only",
        ("LR-RUN-008",),
        at(wire.shape_run, _run_field(_total_tokens_prompt_only)),
    ),
    Fault(
        "run-id-empty",
        "one run is served with an empty id (a walk whose page ends on it loses its place)",
        ("LR-RUN-009", "LR-PAGE-009", "LR-PROP-004", "LR-PROP-005"),
        at(wire.shape_run, _lost_id_empty),
    ),
    Fault(
        "run-id-state-blob",
        "one run is served with a 9 kB id (a serialised state blob where its ID belongs)",
        ("LR-RUN-010",),
        at(wire.shape_run, _id_state_blob),
    ),
    Fault(
        "envelope-missing-has-more",
        "the list envelope has no has_more key",
        (
            "LR-SCHEMA-001",
            "LR-PAGE-009",
            "LR-WRITE-001",
            "LR-ORDER-003",
            "LR-ORDER-005",
            "LR-CLIENT-001",
            "LR-CLIENT-002",
        ),
        at(wire.shape_envelope, envelope_field(_envelope_without_has_more)),
        lists=frozenset(OTHER_LISTS),
    ),
    Fault(
        "envelope-object-page",
        "the list envelope says object 'page' instead of 'list'",
        ("LR-SCHEMA-003",),
        at(wire.shape_envelope, envelope_field(_envelope_object_page)),
        lists=frozenset(OTHER_LISTS),
    ),
    Fault(
        "text-content-type",
        "JSON bodies are served as text/plain",
        ("LR-SCHEMA-004",),
        at(wire.respond, _as_plain_text),
        lists=frozenset(OTHER_LISTS),
    ),
)
