"""The steps of serving a request, the state they share, and how a fault hooks into one.

The correct behaviour is written as plain functions, each marked ``@Step``: calling one
runs the contract, unless a switched-on fault or variation hooks that step.  A hook is a
function that takes the step as it would otherwise run (``proceed``) and the step's
arguments, so it can change the arguments, change the result, or do something else
entirely.  Faults (bugs, ``_faults/``) and variations (correct servers that read a
silent sentence otherwise or are deployed otherwise, ``_variations.py``) name their hooks
in one table each; the correct code names neither, so it reads as the contract and
nothing else.
"""

from __future__ import annotations

import functools
import json
import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Concatenate, Generic, ParamSpec, TypeAlias, TypeVar, cast

from conformance.server._data import Collection, StoredRun, Thread

__all__ = [
    "DEFAULT_API_KEY",
    "STEPS",
    "Answered",
    "ApiError",
    "Change",
    "Crash",
    "Hooks",
    "Listed",
    "Listing",
    "Page",
    "Proceed",
    "Query",
    "Server",
    "ServerConfig",
    "Step",
    "Window",
    "at",
    "compose",
    "json_text",
]

P = ParamSpec("P")
R = TypeVar("R")

DEFAULT_API_KEY = "rc-reference-key"


@dataclass(frozen=True)
class ServerConfig:
    """What the server accepts and serves; faults and variations are off unless named."""

    api_key: str = DEFAULT_API_KEY
    virtual_key: str | None = None
    seed: int = 0
    seeded_runs: int = 163
    faults: frozenset[str] = field(default_factory=frozenset)
    variations: frozenset[str] = field(default_factory=frozenset)
    """Legitimate variations (``_variations.py``): each still a correct server."""
    newest_first_ties: bool = False
    """Break created_at ties the other way: any consistent tie order is conformant."""
    ties: bool = True
    """Seed runs that share a created_at second (False: every run in a second of its own)."""


class ApiError(Exception):
    """An error the contract describes: answered with its status and the error envelope."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        param: str | None = None,
        code: str | None = None,
        kind: str = "invalid_request_error",
    ) -> None:
        super().__init__(message)
        self.status, self.message, self.param, self.code, self.kind = (
            status,
            message,
            param,
            code,
            kind,
        )

    def as_json(self) -> dict[str, Any]:
        """The fields of the envelope's ``error`` object, in the contract's order."""
        return {"message": self.message, "type": self.kind, "param": self.param, "code": self.code}


class Crash(Exception):
    """A failure the server answers the way an unhandled exception is answered (a bare 500)."""


class Answered(Exception):
    """A request answered before the API sees it, by what stands in front of it (a proxy).

    The answer is sent as given: its body need not be JSON, and it may carry headers
    (``Retry-After``) that no answer of the API itself carries.
    """

    def __init__(
        self, status: int, body: str, media_type: str, headers: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(f"{status} {media_type}")
        self.status, self.body, self.media_type = status, body, media_type
        self.headers = dict(headers or {})


@dataclass(frozen=True)
class Query:
    """Validated query parameters of one list request."""

    limit: int
    order: str
    after: str | None = None
    before: str | None = None

    @property
    def backwards(self) -> bool:
        """A page with only ``before`` is cut from the end of its window, next to the cursor."""
        return self.before is not None and self.after is None


Listed: TypeAlias = Thread | Collection
"""What a listing lists: a thread's runs, or the items of another list under one parent."""


@dataclass(frozen=True)
class Listing:
    """A thread's runs (or a collection's items) in the order of a request, and their places."""

    thread: Listed
    runs: Sequence[StoredRun]
    place: Mapping[str, int]

    @classmethod
    def of(cls, thread: Listed, runs: Sequence[StoredRun]) -> Listing:
        """Index the places once, so a cursor is found without a scan."""
        return cls(thread, runs, {run.id: i for i, run in enumerate(runs)})


@dataclass(frozen=True)
class Window:
    """The runs the cursors leave, as bounds into the listing (a copy would be O(thread))."""

    runs: Sequence[StoredRun]
    low: int
    high: int

    @property
    def size(self) -> int:
        """How many runs lie between the bounds (none when the cursors cross)."""
        return max(0, self.high - self.low)

    def first(self, count: int) -> tuple[StoredRun, ...]:
        """The first ``count`` runs of the window."""
        return tuple(self.runs[self.low : self.low + min(count, self.size)])

    def last(self, count: int) -> tuple[StoredRun, ...]:
        """The last ``count`` runs of the window."""
        if not self.size:
            return ()
        return tuple(self.runs[max(self.low, self.high - count) : self.high])


@dataclass(frozen=True)
class Page:
    """The runs of one page and whether more lie in the direction of travel."""

    runs: tuple[StoredRun, ...]
    has_more: bool


Hooks: TypeAlias = Mapping["Step[..., Any]", Callable[..., Any]]
"""Steps and the hooks that change them (a fault's, or all switched-on faults' composed)."""


@dataclass
class Server:
    """One server instance: its configuration, data and caches, and the hooks it runs with."""

    config: ServerConfig
    hooks: Hooks
    threads: dict[str, Thread]
    assistants: dict[str, dict[str, Any]]
    rng: random.Random
    next_seq: int
    list_requests: int = 0
    sorted: dict[tuple[str, str], Listing] = field(default_factory=dict)
    """Listings by (thread, order): sorting 100,000 runs per request would make the
    server, not the suite, the slow part of a large certification."""
    fault_state: dict[str, Any] = field(default_factory=dict)
    """What a hook remembers from one request to the next (a bug, or a rate limiter, may be
    stateful)."""
    collections: dict[tuple[str, ...], Collection] = field(default_factory=dict)
    """The items of the lists beside List runs, by list name and parent IDs in path order."""
    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Uploaded files by ID (``POST /files``): what a vector store's file is made of."""
    views: dict[str, Server] = field(default_factory=dict)
    """This server as each other list is served: the same data, with the hooks of the
    faults scoped to that list (``name@list``).  The server itself is List runs'."""


STEPS: list[Step[..., Any]] = []
"""Every step, in the order the modules define them: the points a fault or variation hooks."""


class Step(Generic[P, R]):
    """A named step of serving a request: the contract's behaviour, which a hook may change."""

    def __init__(self, correct: Callable[Concatenate[Server, P], R]) -> None:
        self.correct = correct
        self.name = correct.__name__
        self.__doc__ = correct.__doc__
        STEPS.append(self)

    def __call__(self, server: Server, /, *args: P.args, **kwargs: P.kwargs) -> R:
        """Run the step as this server runs it: hooked, or as written."""
        hooked = server.hooks.get(self)
        if hooked is None:
            return self.correct(server, *args, **kwargs)
        return cast(R, hooked(server, *args, **kwargs))

    def __repr__(self) -> str:
        return f"Step({self.name})"


Proceed: TypeAlias = Callable[..., R]
"""The step as it runs without the hook that receives it (same arguments, server first)."""

Change: TypeAlias = Callable[Concatenate[Callable[Concatenate[Server, P], R], Server, P], R]


def at(step: Step[P, R], hook: Change[P, R]) -> dict[Step[..., Any], Callable[..., Any]]:
    """One hook of a fault or variation, typed against its step: a misfit fails mypy.

    A fault that changes two steps joins two of these: ``at(a, f) | at(b, g)``.
    """
    return {step: hook}


def compose(hook_tables: Iterable[Hooks]) -> dict[Step[..., Any], Callable[..., Any]]:
    """Wrap each step in the hooks switched on, the first one innermost."""
    composed: dict[Step[..., Any], Callable[..., Any]] = {}
    for hooks in hook_tables:
        for step, hook in hooks.items():
            composed[step] = functools.partial(hook, composed.get(step, step.correct))
    return composed


def json_text(body: Any) -> str:
    """Compact JSON, as the upstream API sends it."""
    return json.dumps(body, separators=(",", ":"))
