"""The reference server's ASGI app: the List runs contract, implemented by hand.

Requests are checked in the order a gateway checks them: credentials (401),
then the ``OpenAI-Beta`` header (400), then the thread (404), then the query
(400).  Every error is the contract's envelope.  Deliberate faults are applied
where a real implementation would have made the same mistake.
"""

from __future__ import annotations

import json
import random
import re
import time
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Mount, Route

from conformance.server._data import (
    EPOCH,
    OTHER_THREAD_ID,
    SEEDED_ASSISTANTS,
    StoredRun,
    Thread,
    make_id,
    new_run,
    seed_threads,
)
from conformance.server._faults import check_faults
from conformance.server._listing import Query, UnknownCursorError, list_page, sort_runs

__all__ = ["DEFAULT_API_KEY", "ServerConfig", "create_app"]

DEFAULT_API_KEY = "rc-reference-key"
_INTEGER = re.compile(r"-?[0-9]+")
_BETA = "assistants=v2"
_CREATE_FIELDS: dict[str, type | tuple[type, ...]] = {
    "model": str, "instructions": (str, type(None)), "tools": list, "metadata": dict,
    "temperature": (int, float, type(None)), "top_p": (int, float, type(None)),
    "max_prompt_tokens": (int, type(None)), "max_completion_tokens": (int, type(None)),
    "truncation_strategy": dict, "tool_choice": (str, dict), "parallel_tool_calls": bool,
    "response_format": (str, dict),
}


@dataclass(frozen=True)
class ServerConfig:
    """What the server accepts and serves; faults are off unless named."""

    api_key: str = DEFAULT_API_KEY
    virtual_key: str | None = None
    seed: int = 0
    seeded_runs: int = 163
    faults: frozenset[str] = field(default_factory=frozenset)
    newest_first_ties: bool = False
    """Break created_at ties the other way: any consistent tie order is conformant."""


class _ApiError(Exception):
    def __init__(self, status: int, message: str, *, param: str | None = None,
                 code: str | None = None, kind: str = "invalid_request_error") -> None:
        super().__init__(message)
        self.status, self.message, self.param, self.code, self.kind = (
            status, message, param, code, kind)


class _Crash(Exception):
    """A fault that makes the server fail the way an unhandled exception does."""


class _Reference:
    """State and handlers of one server instance."""

    def __init__(self, config: ServerConfig) -> None:
        self.config = config
        self.faults = check_faults(frozenset(config.faults))
        self.threads: dict[str, Thread] = seed_threads(config.seed, config.seeded_runs)
        self.rng = random.Random(config.seed + 1)
        self.next_seq = sum(len(t.runs) for t in self.threads.values())
        self.list_requests = 0
        self.offsets: dict[tuple[str, str, str], int] = {}
        self._sorted: dict[tuple[str, str, int], tuple[int, list[StoredRun],
                                                        dict[str, int]]] = {}
        self.assistants: dict[str, dict[str, Any]] = {
            assistant_id: {"id": assistant_id, "object": "assistant", "created_at": EPOCH - 3600,
                           "name": "Reference assistant", "description": None,
                           "model": "gpt-4o", "instructions": None, "tools": [],
                           "metadata": {}, "top_p": 1.0, "temperature": 1.0,
                           "response_format": "auto", "tool_resources": {}}
            for assistant_id in SEEDED_ASSISTANTS}

    # --- responses ------------------------------------------------------------------
    def _json(self, body: Any, status: int = 200) -> Response:
        media = "text/plain" if "text-content-type" in self.faults else "application/json"
        return Response(json.dumps(body, separators=(",", ":")), status, media_type=media)

    def _error(self, error: _ApiError) -> Response:
        inner = {"message": error.message, "type": error.kind, "param": error.param,
                 "code": error.code}
        body = inner if "error-envelope-flat" in self.faults else {"error": inner}
        return self._json(body, error.status)

    # --- guards ---------------------------------------------------------------------
    def _authenticate(self, request: Request) -> None:
        if "auth-ignored" in self.faults:
            return
        portkey_key = request.headers.get("x-portkey-api-key")
        authorization = request.headers.get("authorization", "")
        bearer = authorization[7:].strip() if authorization.lower().startswith("bearer ") else ""
        key = portkey_key or bearer
        if not key:
            raise _ApiError(401, "You didn't provide an API key. Send it in the "
                                 "x-portkey-api-key header or as Authorization: Bearer.")
        if "auth-any-key" in self.faults:
            return
        if key != self.config.api_key:
            raise _ApiError(401, "Incorrect API key provided.", code="invalid_api_key")
        wanted = self.config.virtual_key
        if portkey_key and wanted is not None \
                and request.headers.get("x-portkey-virtual-key") != wanted:
            raise _ApiError(401, "Incorrect or missing x-portkey-virtual-key.",
                            code="invalid_api_key")

    @staticmethod
    def _require_beta(request: Request) -> None:
        if request.headers.get("openai-beta") != _BETA:
            raise _ApiError(400, "You must provide the 'OpenAI-Beta: assistants=v2' header "
                                 "to access the Assistants API.")

    def _thread(self, thread_id: str) -> Thread:
        thread = self.threads.get(thread_id)
        if thread is None:
            raise _ApiError(404, f"No thread found with id '{thread_id}'.")
        return thread

    # --- query ----------------------------------------------------------------------
    def _limit(self, raw: str | None) -> int:
        default = 10 if "default-limit-10" in self.faults else 20
        if raw is None:
            return default
        if not _INTEGER.fullmatch(raw):
            if "limit-parse-crash" in self.faults:
                raise _Crash
            raise _ApiError(400, f"Invalid 'limit': expected an integer, but got {raw!r} "
                                 "instead.", param="limit", code="invalid_type")
        value = int(raw)
        if value < 0 and "negative-limit-crash" in self.faults:
            raise _Crash
        if value == 0 and "limit-zero-default" in self.faults:
            return default
        if value < 1:
            raise _ApiError(400, f"Invalid 'limit': integer below minimum value. Expected a "
                                 f"value >= 1, but got {value} instead.", param="limit",
                            code="integer_below_min_value")
        if value > 100 and "limit-clamped" in self.faults:
            return 100
        if value > 100 and "limit-unbounded" not in self.faults:
            raise _ApiError(400, f"Invalid 'limit': integer above maximum value. Expected a "
                                 f"value <= 100, but got {value} instead.", param="limit",
                            code="integer_above_max_value")
        return value

    def _order(self, raw: str | None) -> str:
        if raw is None:
            return "asc" if "default-order-asc" in self.faults else "desc"
        if raw in ("asc", "desc"):
            return raw
        if "order-unknown-as-desc" in self.faults:
            return "desc"
        raise _ApiError(400, f"Invalid value for 'order': expected one of 'asc' or 'desc', "
                             f"but got {raw!r} instead.", param="order",
                        code="invalid_value")

    def _query(self, request: Request) -> Query:
        params = request.query_params
        return Query(limit=self._limit(params.get("limit")), order=self._order(params.get("order")),
                     after=params.get("after"), before=params.get("before"))

    # --- shaping --------------------------------------------------------------------
    def _serialise(self, run: StoredRun) -> dict[str, Any]:
        body = dict(run.body)
        if "created-at-string" in self.faults:
            body["created_at"] = str(body["created_at"])
        if "status-out-of-enum" in self.faults and body["status"] == "requires_action":
            body["status"] = "paused"
        if "usage-before-terminal" in self.faults and body["usage"] is None:
            body["usage"] = {"prompt_tokens": 12, "completion_tokens": 0, "total_tokens": 12}
        if "run-missing-key" in self.faults:
            body.pop("parallel_tool_calls", None)
        if "run-object-wrong" in self.faults:
            body["object"] = "run"
        return body

    def _envelope(self, runs: list[dict[str, Any]], has_more: bool) -> dict[str, Any]:
        ids = [str(r["id"]) for r in runs]
        last_id = ids[-1] if ids else None
        if "last-id-off-by-one" in self.faults and len(ids) >= 2:
            last_id = ids[-2]
        envelope: dict[str, Any] = {
            "object": "page" if "envelope-object-page" in self.faults else "list",
            "data": runs,
            "first_id": None if "first-id-null" in self.faults or not ids else ids[0],
            "last_id": last_id,
            "has_more": has_more,
        }
        if "envelope-missing-has-more" in self.faults:
            del envelope["has_more"]
        return envelope

    # --- handlers -------------------------------------------------------------------
    async def list_runs(self, request: Request) -> Response:
        """GET /threads/{thread_id}/runs."""
        self.list_requests += 1
        thread_id = request.path_params["thread_id"]
        self._authenticate(request)
        self._require_beta(request)
        if thread_id not in self.threads and "unknown-thread-empty" in self.faults:
            self._query(request)
            return self._json(self._envelope([], False))
        thread = self._thread(thread_id)
        query = self._query(request)
        if "cursor-pair-rejected" in self.faults and query.after and query.before:
            raise _ApiError(400, "Only one of 'after' and 'before' may be given.",
                            param="before")
        runs = list(thread.runs)
        if "foreign-runs" in self.faults and thread.id != OTHER_THREAD_ID:
            runs += self.threads[OTHER_THREAD_ID].runs
        ordered, index = self._ordered(thread, runs, query)
        try:
            page = list_page(ordered, query, self.faults, self._positions(thread, query),
                             index=index)
        except UnknownCursorError as exc:
            if "unknown-cursor-crash" in self.faults:
                raise _Crash from None
            raise _ApiError(400, f"Invalid '{exc.param}': no run with id '{exc.value}' in "
                                 f"thread '{thread.id}'.", param=exc.param) from None
        if "stale-offset-cursor" in self.faults:
            for run in page.runs:
                self.offsets.setdefault((thread.id, query.order, run.id), index[run.id])
        return self._json(self._envelope([self._serialise(r) for r in page.runs],
                                         page.has_more))

    def _ordered(self, thread: Thread, runs: list[StoredRun],
                 query: Query) -> tuple[list[StoredRun], dict[str, int]]:
        """The sorted list and each run's place in it, cached until the thread changes.

        Sorting a thread of 100,000 runs on every request would make the server, not
        the suite, the slow part of a large certification.
        """
        if "ties-unstable" in self.faults:  # a new order on every request, on purpose
            ordered = sort_runs(runs, query, self.faults, self.list_requests,
                                newest_first_ties=self.config.newest_first_ties)
            return ordered, {run.id: i for i, run in enumerate(ordered)}
        parity = query.limit % 2 if "ties-depend-on-limit" in self.faults else 0
        key = (thread.id, query.order, parity)
        cached = self._sorted.get(key)
        if cached is not None and cached[0] == len(runs):
            return cached[1], cached[2]
        ordered = sort_runs(runs, query, self.faults, self.list_requests,
                            newest_first_ties=self.config.newest_first_ties)
        index = {run.id: i for i, run in enumerate(ordered)}
        self._sorted[key] = (len(runs), ordered, index)
        return ordered, index

    def _positions(self, thread: Thread, query: Query) -> dict[str, int] | None:
        """Where a faulty server thinks the cursors are (None: where they really are)."""
        cursors = [c for c in (query.after, query.before) if c is not None]
        if "stale-offset-cursor" in self.faults:
            return {c: self.offsets[(thread.id, query.order, c)] for c in cursors
                    if (thread.id, query.order, c) in self.offsets}
        if "cursor-position-from-asc" in self.faults and query.order == "desc":
            oldest_first = sort_runs(thread.runs, Query(query.limit, "asc"), frozenset(), 0,
                                     newest_first_ties=self.config.newest_first_ties)
            where = {run.id: i for i, run in enumerate(oldest_first)}
            return {c: where[c] for c in cursors if c in where}
        return None

    async def _json_body(self, request: Request) -> dict[str, Any]:
        raw = await request.body()
        if not raw.strip():
            return {}
        try:
            body = json.loads(raw)
        except ValueError:
            raise _ApiError(400, "The request body is not valid JSON.") from None
        if not isinstance(body, dict):
            raise _ApiError(400, "The request body must be a JSON object.")
        return body

    async def create_thread(self, request: Request) -> Response:
        """POST /threads: an empty thread a suite can fill."""
        self._authenticate(request)
        self._require_beta(request)
        body = await self._json_body(request)
        metadata = body.get("metadata", {})
        if not isinstance(metadata, dict) or not all(isinstance(v, str)
                                                     for v in metadata.values()):
            raise _ApiError(400, "Invalid 'metadata': expected an object of strings.",
                            param="metadata")
        thread = Thread(make_id("thread_", self.rng), int(time.time()), dict(metadata))
        self.threads[thread.id] = thread
        return self._json(thread.as_json())

    async def create_run(self, request: Request) -> Response:
        """POST /threads/{thread_id}/runs: a queued run, created now."""
        self._authenticate(request)
        self._require_beta(request)
        thread = self._thread(request.path_params["thread_id"])
        body = await self._json_body(request)
        if not isinstance(body.get("assistant_id"), str) or not body["assistant_id"]:
            raise _ApiError(400, "Missing required parameter: 'assistant_id'.",
                            param="assistant_id", code="missing_required_parameter")
        for name, kinds in _CREATE_FIELDS.items():
            if name in body and not isinstance(body[name], kinds):
                raise _ApiError(400, f"Invalid type for '{name}'.", param=name,
                                code="invalid_type")
        if body["assistant_id"] not in self.assistants:
            raise _ApiError(404, f"No assistant found with id '{body['assistant_id']}'.")
        run = StoredRun(self.next_seq, new_run(thread.id, int(time.time()), body, self.rng))
        self.next_seq += 1
        thread.runs.append(run)
        return self._json(self._serialise(run))

    async def get_thread(self, request: Request) -> Response:
        """GET /threads/{thread_id}."""
        self._authenticate(request)
        self._require_beta(request)
        return self._json(self._thread(request.path_params["thread_id"]).as_json())

    async def delete_thread(self, request: Request) -> Response:
        """DELETE /threads/{thread_id}: the thread and its runs."""
        self._authenticate(request)
        self._require_beta(request)
        thread = self._thread(request.path_params["thread_id"])
        del self.threads[thread.id]
        return self._json({"id": thread.id, "object": "thread.deleted", "deleted": True})

    async def create_assistant(self, request: Request) -> Response:
        """POST /assistants: only ``model`` is required, as upstream."""
        self._authenticate(request)
        self._require_beta(request)
        body = await self._json_body(request)
        if not isinstance(body.get("model"), str) or not body["model"]:
            raise _ApiError(400, "Missing required parameter: 'model'.", param="model",
                            code="missing_required_parameter")
        assistant = {
            "id": make_id("asst_", self.rng), "object": "assistant",
            "created_at": int(time.time()), "name": body.get("name"),
            "description": body.get("description"), "model": body["model"],
            "instructions": body.get("instructions"), "tools": body.get("tools", []),
            "metadata": body.get("metadata", {}), "top_p": 1.0, "temperature": 1.0,
            "response_format": "auto", "tool_resources": {},
        }
        self.assistants[str(assistant["id"])] = assistant
        return self._json(assistant)

    def _assistant(self, assistant_id: str) -> dict[str, Any]:
        assistant = self.assistants.get(assistant_id)
        if assistant is None:
            raise _ApiError(404, f"No assistant found with id '{assistant_id}'.")
        return assistant

    async def get_assistant(self, request: Request) -> Response:
        """GET /assistants/{assistant_id}."""
        self._authenticate(request)
        self._require_beta(request)
        return self._json(self._assistant(request.path_params["assistant_id"]))

    async def delete_assistant(self, request: Request) -> Response:
        """DELETE /assistants/{assistant_id}."""
        self._authenticate(request)
        self._require_beta(request)
        assistant = self._assistant(request.path_params["assistant_id"])
        del self.assistants[str(assistant["id"])]
        return self._json({"id": assistant["id"], "object": "assistant.deleted",
                           "deleted": True})


def create_app(config: ServerConfig | None = None) -> Starlette:
    """The ASGI app, driven in-process by unit tests and served on loopback by uvicorn."""
    reference = _Reference(config or ServerConfig())

    async def api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, _ApiError)
        return reference._error(exc)

    async def crash(request: Request, exc: Exception) -> Response:
        return PlainTextResponse("Internal Server Error", 500)

    routes = [Mount("/v1", routes=[
        Route("/assistants", reference.create_assistant, methods=["POST"]),
        Route("/assistants/{assistant_id}", reference.get_assistant, methods=["GET"]),
        Route("/assistants/{assistant_id}", reference.delete_assistant, methods=["DELETE"]),
        Route("/threads", reference.create_thread, methods=["POST"]),
        Route("/threads/{thread_id}", reference.get_thread, methods=["GET"]),
        Route("/threads/{thread_id}", reference.delete_thread, methods=["DELETE"]),
        Route("/threads/{thread_id}/runs", reference.list_runs, methods=["GET"]),
        Route("/threads/{thread_id}/runs", reference.create_run, methods=["POST"]),
    ])]
    app = Starlette(routes=routes, exception_handlers={_ApiError: api_error, _Crash: crash})
    app.state.reference = reference
    return app
