"""The one HTTP layer: every request of a run goes through :class:`Client`.

It records each exchange as redacted evidence, caps what it reads, and turns
transport failures into data (an exchange with no status) instead of
exceptions, so that one failed request costs one requirement, not the run.
Its parts live beside it and are re-exported here: ``_target`` (where the target is,
which credentials a request carries), ``_body`` (every body read with a cap),
``_wire`` (Retry-After, redirect origins, transport errors in words) and
``_alongside`` (the caller's work done while an answer is on the way).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from urllib.parse import quote, urljoin

import httpx

from conformance.model import RUNS, EndpointProfile, Exchange, Response
from conformance.model.redact import Redactor
from conformance.observing._alongside import Alongside
from conformance.observing._body import (
    KEPT_OF_TRUNCATED,
    MAX_BODY_BYTES,
    BodyTooLargeError,
    CappedBody,
    CappedTransport,
    _cut_off_message,
    read_capped,
    too_large_message,
)
from conformance.observing._target import (
    AUTH_HEADERS,
    MADE_UP_KEY,
    Auth,
    Target,
    WritesNotAllowedError,
    _tls,
    _with_auth,
)
from conformance.observing._wire import _origin, describe_transport_error, retry_after_seconds
from conformance.observing.deadline import (
    DEADLINE_EXTENSION,
    GRACE,
    Deadline,
    DeadlineTransport,
)
from conformance.observing.politeness import Budget, Policy, TargetThrottledError
from conformance.observing.spool import Spool

__all__ = [
    "AUTH_HEADERS",
    "KEPT_OF_TRUNCATED",
    "MADE_UP_KEY",
    "MAX_BODY_BYTES",
    "Auth",
    "BodyTooLargeError",
    "CappedBody",
    "CappedTransport",
    "Client",
    "Target",
    "WritesNotAllowedError",
    "describe_transport_error",
    "read_capped",
    "retry_after_seconds",
    "too_large_message",
]

_MAX_REDIRECTS = 5
_BOUNDARY = "runs-conformance-upload-boundary"

_SHARED_AT_MOST = 4096
"""Distinct header pairs and header tuples a client keeps for sharing between exchanges."""


class Client:
    """Issues the requests of the cursor lists and keeps the evidence of every one.

    A list is named by its :class:`~conformance.model.EndpointProfile` (path, parents,
    how an item is created); ``list_runs`` and ``create_run`` are the :data:`RUNS` cases.

    Every request takes a permission from the run's :class:`Budget` (rate limit,
    --max-requests, --deadline); a 429 or 503 is retried as ``Retry-After``
    asks, within the policy; a redirect is followed only within the target's
    origin.  Every attempt is recorded, so the evidence shows the retries too.
    """

    def __init__(
        self,
        target: Target,
        *,
        on_exchange: Callable[[Exchange], None] | None = None,
        transport: httpx.BaseTransport | None = None,
        budget: Budget | None = None,
        exchange_prefix: str = "E",
        spool: Spool | None = None,
    ) -> None:
        self.target = target
        self.exchange_prefix = exchange_prefix
        """First letter of the IDs of recorded exchanges ("C" for a comparison target's)."""
        self.exchanges: list[Exchange] = []
        self.spool = spool if spool is not None else Spool()
        """Where bodies of some size are kept (on disk, not in memory)."""
        self._warnings: dict[str, list[str]] = {}
        self.budget = budget or Budget(Policy())
        self._redactor = Redactor(target.secrets())
        self._on_exchange = on_exchange
        self._lock = threading.Lock()
        self._pairs: dict[tuple[str, str], tuple[str, str]] = {}
        self._header_sets: dict[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]] = {}
        self._http = httpx.Client(
            timeout=target.timeout,
            follow_redirects=False,
            # one deadline per request, over headers and body alike (see observing.deadline)
            transport=transport
            or DeadlineTransport(target.timeout, verify=_tls(target), http2=True),
        )
        self._base_url = target.base_url.rstrip("/")
        if target.verify is False:
            self._warn("insecure", "TLS certificate verification was switched off (--insecure)")

    def _warn(self, kind: str, message: str) -> None:
        self._warnings.setdefault(kind, []).append(message)

    @property
    def warnings(self) -> list[str]:
        """One line per kind of warning: the first occurrence, and how many more there were."""
        lines = []
        for messages in self._warnings.values():
            extra = len(messages) - 1
            lines.append(messages[0] + (f" (and {extra} more like it)" if extra else ""))
        return lines

    def close(self) -> None:
        """Release pooled connections."""
        self._http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def url_for(self, profile: EndpointProfile, parents: Mapping[str, str] | None = None) -> str:
        """The URL of a list: ``profile.path`` with each parent ID path-escaped into it.

        ``parents`` default to the target's (:meth:`Target.parents`); a parent the list needs and
        nobody named is the caller's error, not the target's.
        """
        ids = self._parents(profile, parents)
        path = profile.path
        for parent in profile.parents:
            # an ID that is no Unicode text (a target's, when seeding) is sent as its code units
            escaped = quote(ids[parent.param], safe="", errors="surrogatepass")
            path = path.replace("{" + parent.param + "}", escaped)
        return f"{self._base_url}{path}"

    def _parents(
        self, profile: EndpointProfile, parents: Mapping[str, str] | None
    ) -> Mapping[str, str]:
        """The parent IDs of a request: those given, else the target's own."""
        ids = {**self.target.parents(), **(parents or {})}
        missing = [p.option for p in profile.parents if p.param not in ids]
        if missing:
            raise ValueError(f"{profile.title} needs {' and '.join(missing)}")
        return ids

    def list_items(
        self,
        profile: EndpointProfile,
        label: str,
        params: Mapping[str, str] | None = None,
        *,
        parents: Mapping[str, str] | None = None,
        auth: Auth = Auth.CONFIGURED,
        meanwhile: Callable[[], object] | None = None,
        credentials: Sequence[tuple[str, str]] | None = None,
    ) -> Response:
        """GET one page of a list; never raises for network trouble, which is recorded as evidence.

        ``parents`` name the list's parent IDs (default: the target's).
        ``credentials`` replace every auth header (a malformed credential's probe).
        ``meanwhile`` is the caller's own work, done while the target answers: it runs
        once the request is on the wire, before the answer is read (which waits in the
        socket meanwhile), and its error is raised when the exchange is recorded; it runs
        afterwards when no request could be sent.  A walk reads the page before this one
        there: each page costs the suite's reading and the target's answering at once,
        not one after the other.  Still one request in flight at a time.
        """
        ids = self._parents(profile, parents)
        query = dict(params or {})
        headers = _with_auth(self.target.configured_headers(), auth)
        if credentials is not None:  # these, in place of every auth header (all made up)
            headers = {n: v for n, v in headers.items() if n.lower() not in AUTH_HEADERS}
            headers.update(credentials)
        exchange = self._exchange(
            _Request(label, "GET", self.url_for(profile, ids), query, headers), meanwhile
        )
        own = {p.param: ids[p.param] for p in profile.parents}  # a project-wide list: none
        return Response(exchange, query, own.get("thread_id", ""), profile.name)

    def list_runs(
        self,
        label: str,
        params: Mapping[str, str] | None = None,
        *,
        thread_id: str | None = None,
        auth: Auth = Auth.CONFIGURED,
        meanwhile: Callable[[], object] | None = None,
        credentials: Sequence[tuple[str, str]] | None = None,
    ) -> Response:
        """One page of List runs: :meth:`list_items` of :data:`RUNS` (``thread_id``: another)."""
        return self.list_items(
            RUNS,
            label,
            params,
            parents=None if thread_id is None else {"thread_id": thread_id},
            auth=auth,
            meanwhile=meanwhile,
            credentials=credentials,
        )

    def create_item(
        self,
        profile: EndpointProfile,
        label: str,
        parents: Mapping[str, str] | None = None,
        needs: Mapping[str, str] | None = None,
    ) -> Exchange:
        """POST a new item into a list, as ``profile.create`` says; only with writes allowed.

        The recipe's ``{name}`` strings are filled from the parents and ``needs`` (an
        assistant's ID for a run); a list the suite cannot add to is the caller's error.
        """
        recipe = profile.create
        if recipe is None:
            raise ValueError(f"{profile.title}: {profile.create_impossible}")
        if not self.target.allow_writes:
            raise WritesNotAllowedError(f"creating a {profile.noun[0]} needs --allow-writes")
        ids = self._parents(profile, parents)
        body = json.dumps(_filled(recipe.body, {**ids, **(needs or {})}))
        return self._exchange(
            _Request(
                label,
                "POST",
                self.url_for(profile, ids),
                {},
                self.target.configured_headers(),
                body,
            )
        )

    def create_run(self, label: str, thread_id: str, assistant_id: str) -> Exchange:
        """POST a run into a thread: :meth:`create_item` of :data:`RUNS`."""
        parents, needs = {"thread_id": thread_id}, {"assistant_id": assistant_id}
        return self.create_item(RUNS, label, parents, needs)

    def write(
        self, label: str, method: str, path: str, body: Mapping[str, object] | None = None
    ) -> Exchange:
        """POST or DELETE ``path`` (relative to the base URL); only with writes allowed."""
        if not self.target.allow_writes:
            raise WritesNotAllowedError(f"{method} {path} needs --allow-writes")
        content = json.dumps(body) if body is not None else None
        url = f"{self._base_url}/{path.lstrip('/')}"
        return self._exchange(
            _Request(label, method, url, {}, self.target.configured_headers(), content)
        )

    def upload(self, label: str, filename: str, text: str, purpose: str = "assistants") -> Exchange:
        """POST a small text file to ``/files`` (multipart, as upstream); only with writes allowed.

        What a vector store's file is made of: the writes of List vector store files upload
        one per item they add.  httpx encodes the form, with a fixed boundary so that the
        evidence of two runs compares equal.
        """
        if not self.target.allow_writes:
            raise WritesNotAllowedError(f"uploading a file needs --allow-writes ({label})")
        url = f"{self._base_url}/files"
        form = httpx.Request(
            "POST",
            url,
            headers={"Content-Type": f"multipart/form-data; boundary={_BOUNDARY}"},
            data={"purpose": purpose},
            files={"file": (filename, text.encode("utf-8"), "text/plain")},
        )
        headers = {**self.target.configured_headers(), "Content-Type": form.headers["content-type"]}
        body = form.read().decode("utf-8")
        return self._exchange(_Request(label, "POST", url, {}, headers, body))

    def _exchange(
        self, request: _Request, meanwhile: Callable[[], object] | None = None
    ) -> Exchange:
        """One logical request: its retries and same-origin redirects included."""
        with Alongside(meanwhile) as alongside:
            return self._attempts(request, alongside)

    def _attempts(self, request: _Request, alongside: Alongside) -> Exchange:
        attempt, redirects = 0, 0
        current = request
        policy = self.budget.policy
        while True:
            self.budget.take()
            exchange, location = self._send(current, alongside)
            if exchange.status in (429, 503):
                if attempt < policy.retries:
                    wait = min(
                        _retry_after(exchange) or policy.backoff * 2**attempt, policy.max_retry_wait
                    )
                    remaining = self.budget.remaining_time()
                    if remaining is None or wait < remaining:
                        self._supersede(exchange)
                        attempt += 1
                        self.budget.retries += 1
                        time.sleep(wait)
                        current = replace(
                            current,
                            label=f"{request.label} (retry {attempt} after {exchange.status})",
                        )
                        continue
                if exchange.status == 429:
                    raise TargetThrottledError(
                        f"the target kept answering 429 Too Many Requests at {exchange.url} "
                        f"after {attempt} retries; lower --max-rps or try later"
                    )
            if (
                location is not None
                and request.method == "GET"
                and 300 <= (exchange.status or 0) < 400
            ):
                following = urljoin(current.url, location)  # a bad one is recorded unsent
                if _origin(following) != _origin(self._base_url):
                    self._warn(
                        "cross-origin",
                        f"{exchange.id}: a redirect to another origin was "
                        f"not followed ({self._redactor.text(following)})",
                    )
                elif redirects < _MAX_REDIRECTS:
                    redirects += 1
                    self._warn(
                        "redirect",
                        f"{exchange.id}: redirected within the origin to "
                        f"{self._redactor.text(following)}",
                    )
                    label = f"{request.label} (redirect {redirects})"
                    current = replace(current, label=label, url=following, query={})
                    continue
            return exchange

    def _share(self, headers: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
        """The same headers, sharing the pairs and tuples earlier exchanges already hold.

        A walk of a million runs is 10,000 exchanges whose request headers are all the
        same and whose response headers mostly are (about 1 kB each, 20 MB in all).  At
        most :data:`_SHARED_AT_MOST` distinct values are kept for sharing (a header that
        differs on every response, a request ID say, is then kept as it came).
        """
        known, sets = self._pairs, self._header_sets
        if len(known) < _SHARED_AT_MOST:
            pairs = tuple(known.setdefault(pair, pair) for pair in headers)
        else:
            pairs = tuple(known.get(pair, pair) for pair in headers)
        if len(sets) < _SHARED_AT_MOST:
            return sets.setdefault(pairs, pairs)
        return sets.get(pairs, pairs)

    def _supersede(self, exchange: Exchange) -> None:
        """Mark an attempt that is about to be retried: evidence of politeness, not an answer."""
        with self._lock:
            for index in range(len(self.exchanges) - 1, -1, -1):
                if self.exchanges[index].id == exchange.id:
                    self.exchanges[index] = replace(exchange, superseded=True)
                    return

    def _send(self, sent: _Request, alongside: Alongside) -> tuple[Exchange, str | None]:
        deadline = alongside.deadline = Deadline(self.target.timeout + GRACE)
        try:
            request = self._http.build_request(
                sent.method,
                sent.url,
                params=sent.query or None,
                headers=sent.headers,
                content=sent.content,
                extensions={**alongside.extensions(), DEADLINE_EXTENSION: deadline},
            )
        except (httpx.InvalidURL, UnicodeError) as exc:
            return self._unsent(sent, exc), None
        started = time.perf_counter()
        sent_at = time.time()
        alongside.spent = 0.0
        status: int | None = None
        response_headers: tuple[tuple[str, str], ...] = ()
        body = b""
        truncated = cut_off = False
        error: str | None = None
        location: str | None = None
        answered_at = 0.0
        try:
            response = self._http.send(request, stream=True)
            answered_at = time.time()  # the status line and headers are in: the target has acted
            try:
                status = response.status_code
                response_headers = tuple(response.headers.multi_items())
                location = response.headers.get("location")
                if response.is_stream_consumed:  # already in memory, decoded (mock transports)
                    chunks: Iterable[bytes] = [response.content]
                    encoding = None
                else:
                    chunks, encoding = response.iter_raw(), response.headers.get("content-encoding")
                capped = read_capped(
                    chunks,
                    encoding,
                    started=started + alongside.spent,  # the caller's work is not the target's
                    timeout=self.target.timeout,
                )
                body, truncated, error = capped.content, capped.truncated, capped.error
                cut_off = capped.cut_off
            finally:
                response.close()
        except httpx.TimeoutException:
            if status is None:
                error = f"timed out after {self.target.timeout:g} s" + (
                    " (the status line and headers were still arriving)" if deadline.passed else ""
                )
            else:  # the body was still arriving at the deadline: cut off, as read_capped does
                error = _cut_off_message(self.target.timeout)
                cut_off = True
        except httpx.HTTPError as exc:
            error = describe_transport_error(exc)
        with self._lock:
            exchange = Exchange(
                id=f"{self.exchange_prefix}{len(self.exchanges) + 1:04d}",
                label=sent.label,
                method=sent.method,
                url=self._redactor.text(str(request.url)),
                request_headers=self._share(self._redactor.headers(sent.headers.items())),
                status=status,
                response_headers=self._share(self._redactor.headers(response_headers)),
                body=self.spool.keep(self._redactor.text(body.decode("utf-8", errors="replace"))),
                body_truncated=truncated,
                error=self._redactor.text(error) if error else None,
                # the caller's work done while waiting is not the target's time
                elapsed_ms=round((time.perf_counter() - started - alongside.spent) * 1000, 2),
                request_body=self._redactor.text(sent.content or ""),
                sent_at=round(sent_at, 3),
                answered_at=round(answered_at, 3),
                cut_off=cut_off,
            )
            self.exchanges.append(exchange)
        # every phase counts transport failures in the run's budget (it gives up after a few)
        if status is None or cut_off:
            self.budget.failed(f"{exchange.id} {sent.method} {exchange.url}: {exchange.error}")
        else:
            self.budget.answered(status)
        if self._on_exchange is not None:
            self._on_exchange(exchange)
        return exchange, location

    def _unsent(self, sent: _Request, exc: Exception) -> Exchange:
        """A request no URL can carry (a value the target chose, echoed back): recorded, unsent.

        The walks check the IDs they send back first (LR-RUN-010); this is the net under
        every other value a target controls that reaches a request (a redirect's
        location, an ID sent as a probe).  It is not a transport failure of the target's.
        """
        why = f"{type(exc).__name__}: {exc}"
        with self._lock:
            exchange = Exchange(
                id=f"{self.exchange_prefix}{len(self.exchanges) + 1:04d}",
                label=sent.label,
                method=sent.method,
                url=self._redactor.text(sent.url),
                request_headers=self._share(self._redactor.headers(sent.headers.items())),
                status=None,
                response_headers=(),
                body=self.spool.keep(""),
                error=self._redactor.text(f"the request could not be sent ({why[:300]})"),
                elapsed_ms=0.0,
                request_body=self._redactor.text(sent.content or ""),
                sent_at=round(time.time(), 3),
            )
            self.exchanges.append(exchange)
        if self._on_exchange is not None:
            self._on_exchange(exchange)
        return exchange


@dataclass(frozen=True, slots=True)
class _Request:
    """What one attempt sends; the attempts of an exchange differ in label, URL and query."""

    label: str
    method: str
    url: str
    query: Mapping[str, str]
    headers: Mapping[str, str]
    content: str | None = None


def _filled(value: object, names: Mapping[str, str]) -> object:
    """A recipe's body with every ``"{name}"`` string replaced by its value (keys kept in order)."""
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return names.get(value[1:-1], value)
    if isinstance(value, Mapping):
        return {key: _filled(inner, names) for key, inner in value.items()}
    return value


def _retry_after(exchange: Exchange) -> float | None:
    """Seconds a Retry-After header asks for (delta-seconds or an HTTP date), if any."""
    return retry_after_seconds(exchange.header("retry-after"))
