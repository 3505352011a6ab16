"""The property phase's transport: a requests adapter that caps, times and counts every body.

Mounted on every session the engine makes (its workers' and its probing phase's), so
that no generated request reads a body past the cap or outlives its deadline, and each
one passes the phase's gate (:class:`~conformance.observing._property_gate._Gate`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

from conformance.model import JSON_MAX_DEPTH, JsonTooDeepError, parse_json
from conformance.observing._body import CappedBody, read_capped, too_large_message
from conformance.observing._odd_cases import apply_marked_credentials
from conformance.observing._private_schemathesis import hand_over_body, read_timeout
from conformance.observing._property_gate import _Gate
from conformance.observing._wire import retry_after_seconds
from conformance.observing.deadline import GRACE, Watchdog, watched_pool_classes, watching

__all__ = ["TOO_DEEP_NOTE"]


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
                gate.answered(response.status_code)
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
