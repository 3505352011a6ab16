"""The reference server's ASGI app: the List runs contract, implemented by hand.

Requests are checked in the order a gateway checks them: credentials (401), then the
``OpenAI-Beta`` header (400), then the thread (404), then the query (400).  Every error
is the contract's envelope.  The handlers call the steps of ``_listing`` and ``_wire``;
the faults and variations switched on for this server hook those steps (see ``_steps``).
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Coroutine, Mapping
from dataclasses import replace
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Mount, Route

from conformance.server._data import (
    SEEDED_ASSISTANTS,
    SEEDED_THREAD_ID,
    Collection,
    StoredRun,
    Thread,
    make_id,
    new_run,
    seed_threads,
)
from conformance.server._faults import faults_by_list
from conformance.server._files import attach_file, delete_file, detach_file, upload_file
from conformance.server._items import reference_assistant, seed_collections
from conformance.server._items import seeded_parents as _seeded_parents
from conformance.server._listing import list_items, list_page, no_such_thread
from conformance.server._lists import LISTS, OTHER_LISTS, ServedList
from conformance.server._steps import (
    DEFAULT_API_KEY,
    Answered,
    ApiError,
    Crash,
    Server,
    ServerConfig,
    compose,
)
from conformance.server._variations import VARIATIONS, check_variations
from conformance.server._wire import (
    admit,
    answer_created,
    authenticate,
    creation_clock,
    error_body,
    require_beta,
    respond,
    shape_envelope,
    shape_item,
    shape_run,
)

__all__ = ["DEFAULT_API_KEY", "ServerConfig", "create_app", "seeded_parents"]

_CREATE_FIELDS: dict[str, type | tuple[type, ...]] = {
    "model": str,
    "instructions": (str, type(None)),
    "tools": list,
    "metadata": dict,
    "temperature": (int, float, type(None)),
    "top_p": (int, float, type(None)),
    "max_prompt_tokens": (int, type(None)),
    "max_completion_tokens": (int, type(None)),
    "truncation_strategy": dict,
    "tool_choice": (str, dict),
    "parallel_tool_calls": bool,
    "response_format": (str, dict),
}


def _new_server(config: ServerConfig) -> Server:
    """Seeded data, and the hooks of the named variations and faults in catalogue order.

    Catalogue order, not the order of the (unordered) set of names, so that a server
    with several faults behaves the same in every process.  Variations go innermost:
    a variation is the server a fault is a bug of, so a fault on the same step shows.
    The server serves List runs (and every request that is not a list); each other list
    is served by a view of it with the hooks of the faults scoped to that list.
    Variations are readings of List runs' contract and stay List runs'.
    """
    scoped = faults_by_list(frozenset(config.faults))
    variations = check_variations(frozenset(config.variations))
    threads = seed_threads(config.seed, config.seeded_runs, ties=config.ties)
    collections = seed_collections(
        config.seed, threads, [reference_assistant(a) for a in SEEDED_ASSISTANTS]
    )
    server = Server(
        config=config,
        hooks=compose(
            [
                *(v.hooks for v in VARIATIONS.values() if v.name in variations),
                *(fault.hooks for fault in scoped["runs"]),
            ]
        ),
        threads=threads,
        assistants={item.id: item.body for item in collections[("assistants",)].runs},
        rng=random.Random(config.seed + 1),
        next_seq=sum(len(t.runs) for t in threads.values()),
        collections=collections,
    )
    for name in OTHER_LISTS:
        server.views[name] = replace(server, hooks=compose([fault.hooks for fault in scoped[name]]))
    return server


def seeded_parents(config: ServerConfig | None = None) -> dict[str, dict[str, str]]:
    """The parent IDs of every seeded list, List runs' first, as each list's path names them.

    The run whose steps are seeded is one of the seeded thread's runs, so its ID follows
    the seed: a client of ``serve`` (or the suite) reads it here rather than guessing it.
    """
    config = config or ServerConfig()
    threads = seed_threads(config.seed, config.seeded_runs, ties=config.ties)
    return {"runs": {"thread_id": SEEDED_THREAD_ID}, **_seeded_parents(threads)}


def _require_text(body: Mapping[str, Any], name: str) -> None:
    """Refuse a body whose ``name`` is not a non-empty string, in upstream's words."""
    if not isinstance(body.get(name), str) or not body[name]:
        raise ApiError(
            400,
            f"Missing required parameter: '{name}'.",
            param=name,
            code="missing_required_parameter",
        )


class _Handlers:
    """The endpoints of one server instance."""

    def __init__(self, server: Server) -> None:
        self.server = server

    def _guard(self, request: Request) -> None:
        admit(self.server, request.method, request.url.path)
        authenticate(self.server, request.headers)
        require_beta(request.headers)

    def _thread(self, thread_id: str) -> Thread:
        thread = self.server.threads.get(thread_id)
        if thread is None:
            raise no_such_thread(thread_id)
        return thread

    async def list_runs(self, request: Request) -> Response:
        """GET /threads/{thread_id}/runs."""
        server = self.server
        server.list_requests += 1
        self._guard(request)
        page = list_page(server, request.path_params["thread_id"], request.query_params)
        return respond(
            server,
            shape_envelope(server, [shape_run(server, run) for run in page.runs], page.has_more),
        )

    def list_of(self, served: ServedList) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """The handler of a list beside List runs: one for all, over the list's own view."""

        async def handler(request: Request) -> Response:
            self.server.list_requests += 1
            server = self.server.views[served.name]
            request.state.server = server  # its errors are answered by the same view
            admit(server, request.method, request.url.path)
            authenticate(server, request.headers)
            require_beta(request.headers)
            page, extra = list_items(server, served, request.path_params, request.query_params)
            items = [shape_item(server, served, item, extra.include) for item in page.runs]
            return respond(server, shape_envelope(server, items, page.has_more))

        return handler

    async def _json_body(self, request: Request) -> dict[str, Any]:
        raw = await request.body()
        if not raw.strip():
            return {}
        try:
            body = json.loads(raw)
        except ValueError:
            raise ApiError(400, "The request body is not valid JSON.") from None
        if not isinstance(body, dict):
            raise ApiError(400, "The request body must be a JSON object.")
        return body

    async def create_thread(self, request: Request) -> Response:
        """POST /threads: an empty thread a suite can fill."""
        self._guard(request)
        body = await self._json_body(request)
        metadata = body.get("metadata", {})
        if not isinstance(metadata, dict) or not all(isinstance(v, str) for v in metadata.values()):
            raise ApiError(
                400, "Invalid 'metadata': expected an object of strings.", param="metadata"
            )
        thread = Thread(make_id("thread_", self.server.rng), int(time.time()), dict(metadata))
        self.server.threads[thread.id] = thread
        return respond(self.server, thread.as_json())

    async def create_run(self, request: Request) -> Response:
        """POST /threads/{thread_id}/runs: a queued run, created now."""
        self._guard(request)
        thread = self._thread(request.path_params["thread_id"])
        body = await self._json_body(request)
        _require_text(body, "assistant_id")
        for name, kinds in _CREATE_FIELDS.items():
            if name in body and not isinstance(body[name], kinds):
                raise ApiError(400, f"Invalid type for '{name}'.", param=name, code="invalid_type")
        if body["assistant_id"] not in self.server.assistants:
            raise ApiError(404, f"No assistant found with id '{body['assistant_id']}'.")
        now = creation_clock(self.server)
        run = StoredRun(self.server.next_seq, new_run(thread.id, now, body, self.server.rng))
        self.server.next_seq += 1
        thread.runs.append(run)
        return respond(self.server, answer_created(self.server, run))

    async def create_message(self, request: Request) -> Response:
        """POST /threads/{thread_id}/messages: a message of the thread, created now.

        What the suite's writes need (``role`` and ``content``, required as upstream); the
        message is completed at once, as a user's message is.
        """
        self._guard(request)
        thread = self._thread(request.path_params["thread_id"])
        body = await self._json_body(request)
        _require_text(body, "role")
        content = body.get("content")
        if not isinstance(content, str) or not content:
            raise ApiError(
                400,
                "Missing required parameter: 'content'.",
                param="content",
                code="missing_required_parameter",
            )
        now = creation_clock(self.server.views["messages"])  # its faults' clock
        message = {
            "id": make_id("msg_", self.server.rng),
            "object": "thread.message",
            "created_at": now,
            "thread_id": thread.id,
            "status": "completed",
            "incomplete_details": None,
            "completed_at": now,
            "incomplete_at": None,
            "role": body["role"],
            "content": [{"type": "text", "text": {"value": content, "annotations": []}}],
            "assistant_id": None,
            "run_id": None,
            "attachments": [],
            "metadata": body.get("metadata") or {},
        }
        listed = self.server.collections.setdefault(
            ("messages", thread.id), Collection(f"messages:{thread.id}", thread.where, "message")
        ).runs
        listed.append(StoredRun(max((item.seq for item in listed), default=-1) + 1, message))
        return respond(self.server, message)

    async def get_thread(self, request: Request) -> Response:
        """GET /threads/{thread_id}."""
        self._guard(request)
        return respond(self.server, self._thread(request.path_params["thread_id"]).as_json())

    async def delete_thread(self, request: Request) -> Response:
        """DELETE /threads/{thread_id}: the thread and its runs."""
        self._guard(request)
        thread = self._thread(request.path_params["thread_id"])
        del self.server.threads[thread.id]
        return respond(self.server, {"id": thread.id, "object": "thread.deleted", "deleted": True})

    async def create_assistant(self, request: Request) -> Response:
        """POST /assistants: only ``model`` is required, as upstream."""
        self._guard(request)
        body = await self._json_body(request)
        _require_text(body, "model")
        assistant = {
            "id": make_id("asst_", self.server.rng),
            "object": "assistant",
            "created_at": creation_clock(self.server.views["assistants"]),
            "name": body.get("name"),
            "description": body.get("description"),
            "model": body["model"],
            "instructions": body.get("instructions"),
            "tools": body.get("tools", []),
            "metadata": body.get("metadata", {}),
            "top_p": 1.0,
            "temperature": 1.0,
            "response_format": "auto",
            "tool_resources": {},
        }
        self.server.assistants[str(assistant["id"])] = assistant
        listed = self.server.collections[("assistants",)].runs
        listed.append(StoredRun(max((item.seq for item in listed), default=-1) + 1, assistant))
        return respond(self.server, assistant)

    def _assistant(self, assistant_id: str) -> dict[str, Any]:
        assistant = self.server.assistants.get(assistant_id)
        if assistant is None:
            raise ApiError(404, f"No assistant found with id '{assistant_id}'.")
        return assistant

    async def create_vector_store(self, request: Request) -> Response:
        """POST /vector_stores: an empty store, created now (upstream requires no field).

        Its files list is served at once (empty), as a new store's is upstream.
        """
        self._guard(request)
        body = await self._json_body(request)
        name = body.get("name")
        metadata = body.get("metadata", {})
        if name is not None and not isinstance(name, str):
            raise ApiError(400, "Invalid type for 'name'.", param="name", code="invalid_type")
        if not isinstance(metadata, dict) or not all(isinstance(v, str) for v in metadata.values()):
            raise ApiError(
                400, "Invalid 'metadata': expected an object of strings.", param="metadata"
            )
        now = creation_clock(self.server.views["vector-stores"])
        store = {
            "id": make_id("vs_", self.server.rng),
            "object": "vector_store",
            "created_at": now,
            "name": name or "",
            "usage_bytes": 0,
            "file_counts": {
                "in_progress": 0,
                "completed": 0,
                "failed": 0,
                "cancelled": 0,
                "total": 0,
            },
            "status": "completed",
            "expires_at": None,
            "last_active_at": now,
            "metadata": dict(metadata),
        }
        store_id = str(store["id"])
        listed = self.server.collections[("vector-stores",)].runs
        listed.append(StoredRun(max((item.seq for item in listed), default=-1) + 1, store))
        self.server.collections[("vector-store-files", store_id)] = Collection(
            f"vector-store-files:{store_id}", f"vector store '{store_id}'", "file"
        )
        return respond(self.server, store)

    async def delete_vector_store(self, request: Request) -> Response:
        """DELETE /vector_stores/{vector_store_id}: the store, and with it its files list."""
        self._guard(request)
        store_id = request.path_params["vector_store_id"]
        listed = self.server.collections[("vector-stores",)].runs
        if not any(item.id == store_id for item in listed):
            raise ApiError(404, f"No vector store found with id '{store_id}'.")
        listed[:] = [item for item in listed if item.id != store_id]
        self.server.sorted.pop(("vector-stores", "asc"), None)
        self.server.sorted.pop(("vector-stores", "desc"), None)
        self.server.collections.pop(("vector-store-files", store_id), None)
        return respond(
            self.server, {"id": store_id, "object": "vector_store.deleted", "deleted": True}
        )

    async def upload_file(self, request: Request) -> Response:
        """POST /files (multipart): kept in memory, for a vector store's file (LF-WRITE-*)."""
        admit(self.server, request.method, request.url.path)
        authenticate(self.server, request.headers)
        body = await request.body()
        content_type = request.headers.get("content-type", "")
        return respond(self.server, upload_file(self.server, content_type, body))

    async def delete_file(self, request: Request) -> Response:
        """DELETE /files/{file_id}."""
        admit(self.server, request.method, request.url.path)
        authenticate(self.server, request.headers)
        return respond(self.server, delete_file(self.server, request.path_params["file_id"]))

    async def attach_file(self, request: Request) -> Response:
        """POST /vector_stores/{vector_store_id}/files: an uploaded file joins the store."""
        self._guard(request)
        body = await self._json_body(request)
        store_id = request.path_params["vector_store_id"]
        view = self.server.views["vector-store-files"]  # its faults' clock
        return respond(self.server, attach_file(view, store_id, body))

    async def detach_file(self, request: Request) -> Response:
        """DELETE /vector_stores/{vector_store_id}/files/{file_id}."""
        self._guard(request)
        params = request.path_params
        return respond(
            self.server, detach_file(self.server, params["vector_store_id"], params["file_id"])
        )

    async def get_assistant(self, request: Request) -> Response:
        """GET /assistants/{assistant_id}."""
        self._guard(request)
        return respond(self.server, self._assistant(request.path_params["assistant_id"]))

    async def delete_assistant(self, request: Request) -> Response:
        """DELETE /assistants/{assistant_id}."""
        self._guard(request)
        assistant = self._assistant(request.path_params["assistant_id"])
        del self.server.assistants[str(assistant["id"])]
        listed = self.server.collections[("assistants",)].runs
        listed[:] = [item for item in listed if item.id != assistant["id"]]
        self.server.sorted.pop(("assistants", "asc"), None)
        self.server.sorted.pop(("assistants", "desc"), None)
        return respond(
            self.server, {"id": assistant["id"], "object": "assistant.deleted", "deleted": True}
        )


def create_app(config: ServerConfig | None = None) -> Starlette:
    """The ASGI app, driven in-process by unit tests and served on loopback by uvicorn."""
    server = _new_server(config or ServerConfig())
    handlers = _Handlers(server)

    async def api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        answering: Server = getattr(request.state, "server", server)
        return respond(answering, error_body(answering, exc), exc.status)

    async def crash(request: Request, exc: Exception) -> Response:
        return PlainTextResponse("Internal Server Error", 500)

    async def answered(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, Answered)
        return Response(exc.body, exc.status, headers=exc.headers, media_type=exc.media_type)

    routes = [
        Mount(
            "/v1",
            routes=[
                Route("/assistants", handlers.create_assistant, methods=["POST"]),
                Route("/assistants/{assistant_id}", handlers.get_assistant, methods=["GET"]),
                Route("/assistants/{assistant_id}", handlers.delete_assistant, methods=["DELETE"]),
                Route("/vector_stores", handlers.create_vector_store, methods=["POST"]),
                Route(
                    "/vector_stores/{vector_store_id}",
                    handlers.delete_vector_store,
                    methods=["DELETE"],
                ),
                Route("/files", handlers.upload_file, methods=["POST"]),
                Route("/files/{file_id}", handlers.delete_file, methods=["DELETE"]),
                Route(
                    "/vector_stores/{vector_store_id}/files/{file_id}",
                    handlers.detach_file,
                    methods=["DELETE"],
                ),
                Route("/threads", handlers.create_thread, methods=["POST"]),
                Route("/threads/{thread_id}", handlers.get_thread, methods=["GET"]),
                Route("/threads/{thread_id}", handlers.delete_thread, methods=["DELETE"]),
                # any thread ID reaches the handler, a decoded "/" in it too (a 404 of the API)
                Route("/threads/{thread_id:path}/runs", handlers.list_runs, methods=["GET"]),
                Route("/threads/{thread_id:path}/runs", handlers.create_run, methods=["POST"]),
                *(
                    Route(served.path, handlers.list_of(served), methods=["GET"])
                    for served in LISTS.values()
                    if served.name != "runs"
                ),
                Route(LISTS["messages"].path, handlers.create_message, methods=["POST"]),
                Route(LISTS["vector-store-files"].path, handlers.attach_file, methods=["POST"]),
            ],
        )
    ]

    async def no_route(request: Request, exc: Exception) -> Response:
        # a URL or method the API does not serve: the API's own envelope, as upstream answers
        status = exc.status_code if isinstance(exc, HTTPException) else 404
        error = ApiError(status, f"Invalid URL ({request.method} {request.url.path})")
        return respond(server, error_body(server, error), status)

    app = Starlette(
        routes=routes,
        exception_handlers={
            ApiError: api_error,
            Crash: crash,
            Answered: answered,
            HTTPException: no_route,
        },
    )
    # The server's state (threads, assistants), for tests that check what a run left behind.
    app.state.reference = server
    return app
