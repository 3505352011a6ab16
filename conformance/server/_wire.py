"""What crosses the wire: the credentials a request brings, the JSON the server sends back.

Written from the contract; each function marked ``@Step`` is a point a fault can hook
(see ``_steps``).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from starlette.responses import Response

from conformance.server._data import StoredRun
from conformance.server._items import without_included
from conformance.server._lists import ServedList
from conformance.server._steps import ApiError, Server, Step, json_text

__all__ = [
    "admit",
    "answer_created",
    "authenticate",
    "check_key",
    "creation_clock",
    "error_body",
    "require_beta",
    "respond",
    "shape_envelope",
    "shape_item",
    "shape_run",
]

_BETA = "assistants=v2"


# --- credentials ---------------------------------------------------------------------------


@Step
def admit(server: Server, method: str, path: str, /) -> None:
    """Every request reaches the API: nothing (no rate limiter, no proxy) stands in front."""


@Step
def authenticate(server: Server, headers: Mapping[str, str], /) -> None:
    """A key in ``x-portkey-api-key`` or ``Authorization: Bearer``, and the right one."""
    portkey_key = headers.get("x-portkey-api-key")
    authorization = headers.get("authorization", "")
    bearer = authorization[7:].strip() if authorization.lower().startswith("bearer ") else ""
    key = portkey_key or bearer
    if not key:
        raise ApiError(
            401,
            "You didn't provide an API key. Send it in the x-portkey-api-key "
            "header or as Authorization: Bearer.",
        )
    check_key(server, headers, key)


@Step
def check_key(server: Server, headers: Mapping[str, str], key: str, /) -> None:
    """The configured key, and with a gateway key the configured virtual key too."""
    if key != server.config.api_key:
        raise ApiError(401, "Incorrect API key provided.", code="invalid_api_key")
    wanted = server.config.virtual_key
    if (
        headers.get("x-portkey-api-key")
        and wanted is not None
        and headers.get("x-portkey-virtual-key") != wanted
    ):
        raise ApiError(401, "Incorrect or missing x-portkey-virtual-key.", code="invalid_api_key")


def require_beta(headers: Mapping[str, str]) -> None:
    """The Assistants API answers only requests that opt into its v2 beta."""
    if headers.get("openai-beta") != _BETA:
        raise ApiError(
            400,
            "You must provide the 'OpenAI-Beta: assistants=v2' header to "
            "access the Assistants API.",
        )


# --- bodies --------------------------------------------------------------------------------


@Step
def shape_run(server: Server, run: StoredRun, /) -> dict[str, Any]:
    """The run object as stored (a copy, so a change to the answer never reaches the data)."""
    return dict(run.body)


@Step
def shape_item(
    server: Server, served: ServedList, item: StoredRun, include: tuple[str, ...], /
) -> dict[str, Any]:
    """An item of a list beside List runs, as stored (a copy, as ``shape_run``).

    A step's file search results carry their ``content`` only when ``include[]`` asks.
    """
    if served.include is not None and not include:
        return dict(without_included(item.body))
    return dict(item.body)


@Step
def creation_clock(server: Server, /) -> int:
    """Now, as a run created now is stamped: Unix seconds, which count from 1970 in UTC."""
    return int(time.time())


@Step
def answer_created(server: Server, run: StoredRun, /) -> dict[str, Any]:
    """The answer to POST /threads/{thread_id}/runs: the run just created, as it is listed."""
    return shape_run(server, run)


@Step
def shape_envelope(server: Server, runs: list[dict[str, Any]], has_more: bool, /) -> dict[str, Any]:
    """The list envelope: the page's runs, the IDs at its ends, and ``has_more``."""
    return {
        "object": "list",
        "data": runs,
        "first_id": str(runs[0]["id"]) if runs else None,
        "last_id": str(runs[-1]["id"]) if runs else None,
        "has_more": has_more,
    }


@Step
def error_body(server: Server, error: ApiError, /) -> dict[str, Any]:
    """The contract's error envelope: the details wrapped in ``error``."""
    return {"error": error.as_json()}


@Step
def respond(server: Server, body: Any, status: int = 200, /) -> Response:
    """A JSON answer."""
    return Response(json_text(body), status, media_type="application/json")
