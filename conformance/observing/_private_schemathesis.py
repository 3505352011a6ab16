"""Every use of schemathesis below its documented API, in one place, each with its contract.

Schemathesis 4.x documents loading a schema (``schemathesis.openapi.from_dict``), its
configuration, hooks and checks; those the property phase uses directly.  Three things the
phase needs have no documented door, and each is reached here and nowhere else:

- **A session cap.**  The engine makes ``requests`` sessions of its own (one per worker,
  one for its probes), and its transport reads every whole body.  The suite must read each
  body with its own cap and time bound and count each request against the run's budget,
  so it patches the engine's session factory (:func:`cap_engine_sessions`) and gives the
  schema a transport that mounts the suite's adapter on whatever session it is handed
  (:func:`capped_schema`); the body read by the suite is handed back to ``requests``
  (:func:`hand_over_body`).  No hook sees the session: ``before_call`` gets the transport's
  keyword arguments without it.
- **The engine.**  ``schemathesis.engine.from_schema(schema).execute()`` is what the CLI
  runs (all phases, a seed, a stop switch); the pytest integration would make the phase a
  test session of its own.  :func:`execute` starts it and :func:`read_event` turns its events
  into the neutral records below, so that no other module reads an engine event.
- **Its failures.**  A finding is read from the scenario recorder's check nodes.

``tests/conformance/observing/test_private_schemathesis.py`` holds each of these to the shape
relied on here and fails, naming what changed, when an upgrade moves one; ``pyproject.toml``
pins schemathesis to the minor version those tests were last run against, and ``.ci/run``
also runs them (with the property phase's tests) against the newest version the pin allows.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = [
    "VERIFIED_MINOR",
    "EngineFailure",
    "EngineFatal",
    "EngineNonFatal",
    "EngineScenario",
    "cap_engine_sessions",
    "capped_schema",
    "execute",
    "hand_over_body",
    "read_event",
    "read_timeout",
]

VERIFIED_MINOR = "4.32"
"""The schemathesis minor version the contract tests were last run against (the pin's floor)."""


@dataclass(frozen=True)
class EngineFatal:
    """The engine could not run at all: a broken document or configuration."""

    exception: BaseException


@dataclass(frozen=True)
class EngineNonFatal:
    """An error the engine met and went on from (a transport error, or its own)."""

    value: BaseException


@dataclass(frozen=True)
class EngineFailure:
    """One failed check of one generated request, with the interaction it failed on."""

    check: str
    failure: Any
    """Schemathesis' failure (``title`` and ``message`` are read)."""
    interaction: Any
    """Its recorded interaction (``request.method/uri/headers/body``, ``response``)."""


@dataclass(frozen=True)
class EngineScenario:
    """A scenario of one phase ended: its cases counted, its failures listed."""

    phase: str
    cases: int
    failures: tuple[EngineFailure, ...]


EngineEvent = EngineFatal | EngineNonFatal | EngineScenario | None


def cap_engine_sessions(mount: Callable[[Any], None]) -> None:
    """Every session the engine makes from now on is handed to ``mount`` first.

    Idempotent: a second call replaces the function called, never wraps the factory twice.
    ``mount`` decides (from the phase under way) what to mount, or nothing.
    """
    from schemathesis.engine import context

    factory = context.make_session
    original = getattr(factory, "_rc_original", factory)

    @functools.wraps(original)  # its signature stays the factory's
    def capped_session(*args: Any, **kwargs: Any) -> Any:
        session: Any = original(*args, **kwargs)
        mount(session)
        return session

    capped_session._rc_original = original  # type: ignore[attr-defined]
    context.make_session = capped_session


def capped_schema(schema: Any, prepare: Callable[[Any], None]) -> Any:
    """``schema`` sending through sessions that ``prepare`` has seen first.

    The transport is a property of the schema's class; the class is swapped for a subclass
    whose transport calls ``prepare`` on the session it is given (or on one of its own,
    closed afterwards), then sends as schemathesis' own requests transport does.
    """
    from schemathesis.transport.requests import (
        REQUESTS_TRANSPORT,
        RequestsTransport,
        SameHostRedirectsSession,
    )

    class _CappedTransport(RequestsTransport):
        def send(self, case: Any, *, session: Any = None, **kwargs: Any) -> Any:
            own = session is None
            if session is None:
                session = SameHostRedirectsSession()
            prepare(session)
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


def hand_over_body(response: Any, content: bytes) -> None:
    """Make ``content`` the body ``requests`` (and so schemathesis) reads from ``response``.

    The suite streamed and capped the body itself; ``requests`` has no public setter.
    """
    response._content = content
    response._content_consumed = True


def read_timeout(why: str, timeout: float, request: Any) -> Exception:
    """A ``requests`` read timeout shaped as schemathesis' message formatter reads one.

    Its ``get_request_error_message`` takes the duration out of the first argument's first
    argument (``urllib3``'s ``"...(read timeout=N)"``): a plain message there made the
    formatter itself raise, ending the run with a traceback instead of a transport failure.
    ``why`` (the suite's own account: a trickle cut off, a deadline) rides along as a note.
    """
    import requests
    from urllib3.exceptions import ReadTimeoutError

    pool: Any = None  # no pool to name: the message is all the formatter reads
    cause = ReadTimeoutError(
        pool, getattr(request, "url", None), f"{why} (read timeout={timeout:g})"
    )
    return requests.exceptions.ReadTimeout(cause, request=request)


def execute(schema: Any) -> Any:
    """Start the engine on ``schema``: an iterable of events with a ``stop()`` switch."""
    from schemathesis.engine import from_schema

    return from_schema(schema).execute()


def read_event(event: Any) -> EngineEvent:
    """The event as one of the neutral records, or None for an event the suite ignores."""
    from schemathesis.engine import events

    if isinstance(event, events.FatalError):
        return EngineFatal(event.exception)
    if isinstance(event, events.NonFatalError):
        return EngineNonFatal(event.value)
    if not isinstance(event, events.ScenarioFinished):
        return None
    recorder = event.recorder
    failures: list[EngineFailure] = []
    for case_id, nodes in recorder.checks.items():
        for node in nodes:
            if node.failure_info is None:
                continue
            failure = node.failure_info.failure
            interaction = recorder.interactions.get(failure.case_id or case_id)
            if interaction is not None:
                failures.append(EngineFailure(node.name, failure, interaction))
    return EngineScenario(event.phase.value, len(recorder.cases), tuple(failures))
