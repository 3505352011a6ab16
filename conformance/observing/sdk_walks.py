"""Walking the thread with the official SDKs, as an application would.

A gateway can pass every check the suite makes with its own requests and still
break the clients people use (a header they send, a field their models parse,
a cursor they follow).  So the whole thread is read once more through each
official SDK's own pagination, pointed at the target with the target's own
headers, and the run IDs it yields are recorded for a pure check to compare
with the suite's canonical walk.

Each list's SDK method is its endpoint profile's (``profile.sdk``, an attribute path
resolved on the SDK's client, the parents passed by keyword); for List runs:

- ``openai`` (1.x): ``client.beta.threads.runs.list(thread_id=..., limit=100,
  order="desc")`` iterated with auto-pagination, which follows
  ``after=<ID of the last run served>`` and stops when ``has_more`` is false.
- ``portkey-ai``: ``Portkey(...).beta.threads.runs.list`` returns one page (a
  ``RunList``) and does not auto-paginate; its pages are followed the way the
  openai SDK follows them (``after`` = the last run's ID, stop on ``has_more``
  false or an empty page), so both SDKs are held to the same reading.

The SDKs are dependencies of the suite (an environment may still lack them) and imported
only here, only when a walk is made.  Each SDK request takes a permission from
the run's :class:`~conformance.observing.politeness.Budget` (an httpx event hook), the
SDKs' own retries are switched off (so a walk is deterministic) and a 429 or 503 is
retried instead by the suite's own policy (Retry-After honoured, budget counted), and
the walks only ever GET.
"""

from __future__ import annotations

import importlib.metadata
import time
import warnings
from collections.abc import Callable, Iterator
from typing import Any, cast

import httpx

from conformance.model import RUNS, ClientWalk, EndpointProfile, suite_error_reason
from conformance.model.redact import Redactor
from conformance.observing._private_sdks import without_portkey_retries
from conformance.observing._target import _tls
from conformance.observing.deadline import DeadlineTransport
from conformance.observing.http import (
    AUTH_HEADERS,
    CappedTransport,
    Target,
    describe_transport_error,
    retry_after_seconds,
)
from conformance.observing.politeness import Budget, RunStoppedError, TargetThrottledError

__all__ = ["INSTALL_HINT", "OPENAI", "PORTKEY", "SDKS", "sdk_walk"]

OPENAI = "openai"
PORTKEY = "portkey-ai"
SDKS = (OPENAI, PORTKEY)
INSTALL_HINT = (
    "reinstall runs-conformance (the SDKs are its dependencies): "
    "pip install runs-conformance[clients]"
)
PAGE_LIMIT = 100
PLACEHOLDER_KEY = "rc-sdk-walk-placeholder"
"""The SDKs insist on an API key; it is never sent (only the target's own credentials are)."""

_SUITE_ONLY_HEADERS = frozenset({"accept", "content-type", "user-agent"})


def _sdk_headers(target: Target) -> dict[str, str]:
    """The target's headers, less those the SDK sets itself (it sends its own User-Agent)."""
    return {
        name: value
        for name, value in target.configured_headers().items()
        if name.lower() not in _SUITE_ONLY_HEADERS
    }


class _WalkStoppedError(Exception):
    """The SDK asked for more pages than --max-pages allows, or for another origin."""


def _http_client(
    target: Target, budget: Budget, seen: list[str], redactor: Redactor, max_pages: int
) -> httpx.Client:
    configured = {name.lower() for name in _sdk_headers(target)}
    origin = httpx.URL(target.base_url)
    sent: set[str] = set()

    def on_request(request: httpx.Request) -> None:
        if request.method != "GET":  # pragma: no cover - the walks only list
            raise RuntimeError(f"an SDK walk tried a {request.method} request")
        if (request.url.scheme, request.url.netloc) != (origin.scheme, origin.netloc):
            # the SDKs follow redirects; like the suite, never to another origin (credentials)
            raise _WalkStoppedError("a redirect to another origin was not followed")
        if len(seen) >= max_pages:
            raise _WalkStoppedError(f"stopped after {max_pages} pages (--max-pages)")
        cursor = request.url.params.get("after")
        if cursor is not None and cursor in sent:
            # the page would repeat one already served: the list goes round in a cycle
            raise _WalkStoppedError(
                f"stopped after {len(seen)} pages: the SDK was about to send after={cursor} "
                "a second time (the list leads back to runs already served)"
            )
        # The SDKs send credentials of their own (the openai SDK's placeholder bearer, the
        # Portkey SDK's x-portkey-api-key, read from the environment when not given): the
        # requests carry exactly the target's credentials, as the suite's own requests do.
        for name in [n for n in request.headers if n.lower() in AUTH_HEADERS]:
            if name.lower() not in configured:
                del request.headers[name]
        budget.take()
        seen.append(redactor.text(str(request.url)))

    def on_response(response: httpx.Response) -> None:
        # a cursor counts as sent once a page answered it: a redirect or a retry of the
        # same request is not a cycle
        cursor = response.request.url.params.get("after")
        if cursor is not None and response.status_code == 200:
            sent.add(cursor)

    # follow_redirects as the openai SDK's own default client does; every body is read
    # with the run's cap (size, decompression, trickle) and under one deadline per request
    # (headers included), as the suite's own requests are
    return httpx.Client(
        timeout=target.timeout,
        transport=_RetryingTransport(
            CappedTransport(DeadlineTransport(target.timeout, verify=_tls(target)), target.timeout),
            budget,
            redactor,
        ),
        follow_redirects=True,
        event_hooks={"request": [on_request], "response": [on_response]},
    )


class _RetryingTransport(httpx.BaseTransport):
    """A 429 or 503 to an SDK request is retried as the suite's own requests are.

    The SDKs' own retries stay off (their policy is not the run's), so without this a
    rate limiter in front of a correct server would fail LR-CLIENT-* on one refused
    page.  Each retry waits what Retry-After asks (capped by the policy), takes a
    permission from the run's budget and is counted with the run's retries.  Every
    attempt's outcome is counted in the budget's failures in a row, as the suite's own
    requests are (refused, reset, timed out, a trickling body cut off).
    """

    def __init__(
        self, inner: httpx.BaseTransport, budget: Budget, redactor: Redactor | None = None
    ) -> None:
        self._inner = inner
        self._budget = budget
        self._redactor = redactor or Redactor(())

    def _send(self, request: httpx.Request) -> httpx.Response:
        try:
            response = self._inner.handle_request(request)
        except httpx.TransportError as exc:
            why = "timed out" if isinstance(exc, httpx.TimeoutException) else None
            why = why or describe_transport_error(exc)
            url = self._redactor.text(str(request.url))
            self._budget.failed(f"SDK walk {request.method} {url}: {self._redactor.text(why)}")
            raise
        self._budget.answered(response.status_code)
        return response

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        policy = self._budget.policy
        attempt = 0
        while True:
            response = self._send(request)
            if response.status_code == 429 and attempt >= policy.retries:
                # the target's throttling, not an SDK's finding: the run ends as it does when
                # the suite's own requests meet it (the SDK wraps this; sdk_walk unwraps it)
                response.close()
                raise TargetThrottledError(
                    f"the target kept answering 429 Too Many Requests to the SDK walk at "
                    f"{self._redactor.text(str(request.url))} after {attempt} retries; lower "
                    "--max-rps or try later"
                )
            if response.status_code not in (429, 503) or attempt >= policy.retries:
                return response
            wait = min(
                retry_after_seconds(response.headers.get("retry-after"))
                or policy.backoff * 2**attempt,
                policy.max_retry_wait,
            )
            remaining = self._budget.remaining_time()
            if remaining is not None and wait >= remaining:
                return response
            response.close()
            attempt += 1
            self._budget.retries += 1
            time.sleep(wait)
            self._budget.take()

    def close(self) -> None:
        self._inner.close()


def _version(distribution: str) -> str | None:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None


def _method(client: object, path: str) -> Callable[..., Any]:
    """The SDK's list method at ``path`` ("beta.threads.runs.list"), by its public attributes."""
    method: Any = client
    for name in path.split("."):
        method = getattr(method, name)
    return cast("Callable[..., Any]", method)


def _parents(target: Target, profile: EndpointProfile) -> dict[str, str]:
    """The list's parent IDs, by keyword under their path parameter names (both SDKs' names)."""
    ids = target.parents()
    return {p.param: ids[p.param] for p in profile.parents}


def _openai_ids(
    target: Target,
    http: httpx.Client,
    after: str | None = None,
    limit: int = PAGE_LIMIT,
    profile: EndpointProfile = RUNS,
) -> Iterator[str]:
    import openai

    headers = _sdk_headers(target)
    client = openai.OpenAI(
        base_url=target.base_url,
        api_key=PLACEHOLDER_KEY,
        default_headers=headers,
        http_client=http,
        max_retries=0,
    )
    extra: dict[str, Any] = {} if after is None else {"after": after}
    listed = _method(client, profile.sdk.openai)
    for item in listed(**_parents(target, profile), limit=limit, order="desc", **extra):
        yield item.id


def _portkey_ids(
    target: Target,
    http: httpx.Client,
    after: str | None = None,
    limit: int = PAGE_LIMIT,
    profile: EndpointProfile = RUNS,
) -> Iterator[str]:
    from portkey_ai import Portkey

    if profile.sdk.portkey is None:  # pragma: no cover - every list has one today
        raise ImportError(f"portkey-ai offers no method for {profile.title}")
    headers = _sdk_headers(target)
    client = Portkey(
        base_url=target.base_url,
        api_key=target.api_key or PLACEHOLDER_KEY,
        virtual_key=target.virtual_key,
        http_client=http,
    )
    # Portkey retries once on its own, with no option to say otherwise: the run's retry
    # policy applies instead, as it does to the openai walk (max_retries=0 there)
    without_portkey_retries(client)
    listed = _method(client, profile.sdk.portkey)
    parents = _parents(target, profile)
    while True:
        extra: dict[str, Any] = {} if after is None else {"after": after}
        page = listed(**parents, limit=limit, order="desc", extra_headers=headers, **extra)
        ids = [item.id for item in page.data or () if isinstance(item.id, str)]
        yield from ids
        if not ids or page.has_more is False:
            return
        after = ids[-1]


_WALKERS: dict[
    str, Callable[[Target, httpx.Client, str | None, int, EndpointProfile], Iterator[str]]
] = {
    OPENAI: _openai_ids,
    PORTKEY: _portkey_ids,
}


def _stop_cause(exc: BaseException) -> RunStoppedError | None:
    """The budget's stop, when an SDK wrapped it in its own connection error."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, RunStoppedError):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def sdk_walk(
    sdk: str,
    target: Target,
    budget: Budget,
    *,
    max_pages: int = 1000,
    ends: tuple[int, str, int] | None = None,
    limit: int = PAGE_LIMIT,
    profile: EndpointProfile = RUNS,
) -> ClientWalk:
    """Read the list (List runs by default) through one SDK; never raises for the target's trouble.

    The SDK's list method is the profile's (``profile.sdk``), reached by its public
    attribute path on the SDK's client, with the parents passed by keyword.

    ``ends`` = (head, cursor, index) reads a long thread's two ends only: the first
    ``head`` runs, then on from ``after=cursor`` (the run before position ``index`` of
    the suite's walk) to the end.  The SDK sends the suite's own cursors at the suite's
    own page size, so the middle of a long list would repeat the limit-100 walk
    request for request; its two ends are what only the SDK can show (how it starts,
    and where its pagination stops).

    ``limit`` is the page size the SDK asks for: on a small thread the runner asks for
    less than 100, so that the SDK follows a cursor of its own (one page shows nothing
    of its pagination).

    Raises :class:`~conformance.observing.politeness.RunStoppedError` when the run's
    budget or deadline is spent, or the target keeps answering 429, like every other
    request of a run.  An SDK the suite cannot drive (it raised before sending a request:
    a renamed attribute, a changed signature) is the suite's limit, never the target's
    failure: the walk is then ``unavailable`` with a reason starting "suite error".
    """
    walker = _WALKERS[sdk]
    version = _version(sdk)
    if version is None:
        return ClientWalk(sdk, unavailable=f"the {sdk} SDK is not installed: {INSTALL_HINT}")
    redactor = Redactor(target.secrets())
    seen: list[str] = []
    ids: list[str] = []
    error: str | None = None
    with _http_client(target, budget, seen, redactor, max_pages) as http, warnings.catch_warnings():
        # openai 1.x warns that the Assistants API is deprecated on every beta.threads call
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            parts = [(None, None)] if ends is None else [(ends[0], None), (None, ends[1])]
            for head, after in parts:
                known: set[str] = set()
                page, fresh = len(seen), True
                for run_id in walker(target, http, after, limit, profile):
                    if len(seen) != page:  # the first run of the next page
                        if not fresh:
                            error = _went_nowhere(page)
                            break
                        page, fresh = len(seen), False
                    fresh = fresh or run_id not in known
                    known.add(run_id)
                    ids.append(run_id)
                    if head is not None and len(ids) >= head:
                        break
                if error is not None:
                    break
        except ImportError as exc:
            return ClientWalk(
                sdk,
                version,
                unavailable=(
                    f"the {sdk} SDK ({version}) cannot be imported ({exc}): {INSTALL_HINT}"
                ),
            )
        except Exception as exc:
            stop = _stop_cause(exc)
            if stop is not None:
                raise stop from None
            if not seen:  # no request left: the SDK could not be driven at all
                return ClientWalk(
                    sdk,
                    version,
                    unavailable=suite_error_reason(
                        f"the {sdk} SDK ({version}) could not be driven: "
                        f"{redactor.text(_describe(exc))}"
                    ),
                )
            error = redactor.text(_describe(exc))
    return ClientWalk(
        sdk,
        version,
        tuple(ids),
        tuple(seen),
        error,
        resumed=None if ends is None else (ends[0], ends[2]),
    )


def _went_nowhere(page: int) -> str:
    return (
        f"stopped after {page + 1} pages: page {page} brought no run not already served "
        "(the list leads back to runs already served)"
    )


def _describe(exc: BaseException) -> str:
    if isinstance(exc, _WalkStoppedError):
        return str(exc)
    cause = exc.__cause__
    if isinstance(cause, _WalkStoppedError):
        return str(cause)
    if isinstance(cause, httpx.HTTPError):
        return f"{type(exc).__name__}: {describe_transport_error(cause)}"
    text = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {text[:300]}" if text else type(exc).__name__
