"""The one HTTP layer: every request of a run goes through :class:`Client`.

It records each exchange as redacted evidence, caps what it reads, and turns
transport failures into data (an exchange with no status) instead of
exceptions, so that one failed request costs one requirement, not the run.
"""

from __future__ import annotations

import enum
import json
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import quote, urljoin, urlsplit

import httpx

from conformance.model import Exchange, Response
from conformance.model.redact import Redactor, is_secret_header
from conformance.model.version import __version__
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

AUTH_HEADERS = frozenset(
    {"authorization", "x-portkey-api-key", "x-portkey-virtual-key", "x-api-key", "api-key"}
)
MADE_UP_KEY = "rc-made-up-key-0000000000000000"
MAX_BODY_BYTES = 8 * 1024 * 1024
"""The most of one response body any phase reads, after decompression (see :func:`read_capped`)."""
KEPT_OF_TRUNCATED = 64 * 1024
"""How much of a body over the cap is kept as evidence: it is never parsed, so no more is needed."""


@dataclass(frozen=True)
class CappedBody:
    """What :func:`read_capped` read of one body."""

    content: bytes
    """The decoded body; when ``truncated``, only its first part (never parsed)."""
    truncated: bool = False
    error: str | None = None
    """Why reading stopped early (a trickling body, a body that does not decompress)."""
    decoded: bool = True
    """False when the Content-Encoding was not one the suite decodes: ``content`` is as sent."""
    cut_off: bool = False
    """The body was still arriving at the timeout: a transport failure, not the target's answer."""


class BodyTooLargeError(httpx.TransportError):
    """A body over the cap, for clients that must be handed an exception (the SDK walks)."""


def _inflater(encoding: str) -> zlib._Decompress | None:
    if encoding in ("gzip", "x-gzip"):
        return zlib.decompressobj(zlib.MAX_WBITS | 16)
    if encoding == "deflate":
        return zlib.decompressobj()
    return None


def read_capped(
    chunks: Iterable[bytes],
    content_encoding: str | None,
    *,
    started: float,
    timeout: float,
) -> CappedBody:
    """Read a body as it arrives, never holding more than the cap of it, in every phase.

    ``chunks`` are the bytes as sent (still compressed); gzip and deflate are
    decoded here, a bounded piece at a time, so a small compressed body that
    inflates to gigabytes (a gzip bomb) costs no more than the cap.  Reading
    stops at :data:`MAX_BODY_BYTES` of decoded body (``truncated``) and when
    the body is still arriving ``timeout`` seconds after ``started`` (a
    ``time.perf_counter()`` reading).  Nothing is raised for the target's
    trouble: the caller records what came back.
    """
    limit = MAX_BODY_BYTES
    encoding = (content_encoding or "").strip().lower()
    inflater = _inflater(encoding)
    decoded = inflater is not None or encoding in ("", "identity")
    out = bytearray()
    truncated = cut_off = False
    error: str | None = None
    for chunk in chunks:
        if inflater is None:
            out += chunk
        else:
            data = chunk
            while data and not inflater.eof and len(out) <= limit:
                try:
                    out += inflater.decompress(data, limit + 1 - len(out))
                except zlib.error as exc:
                    if encoding == "deflate" and not out and inflater.unused_data == b"":
                        # "deflate" is sent raw by some servers, without the zlib wrapper
                        inflater, encoding = zlib.decompressobj(-zlib.MAX_WBITS), "raw deflate"
                        continue
                    error = f"the {encoding} body could not be decompressed ({exc})"
                    break
                data = inflater.unconsumed_tail
        if len(out) > limit:
            truncated = True
            break
        if error is not None or (inflater is not None and inflater.eof):
            break
        if time.perf_counter() - started > timeout:
            error = _cut_off_message(timeout)
            cut_off = True
            break
    content = bytes(out[: min(limit, KEPT_OF_TRUNCATED)]) if truncated else bytes(out)
    return CappedBody(content, truncated, error, decoded, cut_off)


def _cut_off_message(timeout: float) -> str:
    return f"the response was still arriving after {timeout:g} s (a trickling body); it was cut off"


def too_large_message() -> str:
    """The one line that says a body was over the cap."""
    return (
        f"the response body was larger than {MAX_BODY_BYTES // (1024 * 1024)} MiB "
        "(the evidence cap); it was cut off and not parsed"
    )


class CappedTransport(httpx.BaseTransport):
    """An httpx transport whose every response body is read with :func:`read_capped`.

    For clients the suite does not drive itself (the official SDKs): a body over
    the cap or still trickling at the timeout raises a transport error, which the
    client reports like any other; a decoded body is handed on without its
    Content-Encoding.
    """

    def __init__(self, inner: httpx.BaseTransport, timeout: float) -> None:
        self._inner = inner
        self._timeout = timeout

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        started = time.perf_counter()
        response = self._inner.handle_request(request)
        try:
            stream = response.stream
            assert isinstance(stream, httpx.SyncByteStream)
            capped = read_capped(
                stream,
                response.headers.get("content-encoding"),
                started=started,
                timeout=self._timeout,
            )
        except httpx.TimeoutException:  # the request's deadline, with the body still arriving
            capped = CappedBody(b"", error=_cut_off_message(self._timeout), cut_off=True)
        finally:
            response.close()
        if capped.truncated:
            raise BodyTooLargeError(too_large_message(), request=request)
        if capped.error is not None:
            raise httpx.ReadError(capped.error, request=request)
        dropped = {"content-length", "transfer-encoding"}
        if capped.decoded:
            dropped.add("content-encoding")
        headers = [(k, v) for k, v in response.headers.multi_items() if k.lower() not in dropped]
        return httpx.Response(
            response.status_code,
            headers=headers,
            content=capped.content,
            request=request,
            extensions=response.extensions,
        )

    def close(self) -> None:
        self._inner.close()


class Auth(enum.Enum):
    """Which credentials a request carries: the configured ones, none, or made-up ones."""

    CONFIGURED = "configured"
    NONE = "none"
    MADE_UP = "made-up"


@dataclass(frozen=True)
class Target:
    """Where and how to reach the List runs endpoint under test."""

    base_url: str
    thread_id: str
    api_key: str | None = None
    virtual_key: str | None = None
    headers: tuple[tuple[str, str], ...] = ()
    timeout: float = 30.0
    allow_writes: bool = False
    assistant_id: str | None = None
    verify: bool | str = True
    """TLS: verify against the system store (True), a CA bundle (its path), or not (False)."""
    extra_secrets: tuple[str, ...] = field(default=(), repr=False)

    def configured_headers(self) -> dict[str, str]:
        """Every header a normal request carries, in the order the Portkey example sends them."""
        headers = {
            "Accept": "application/json",
            "Content-Type": "application/json",
            "OpenAI-Beta": "assistants=v2",
            "User-Agent": f"runs-conformance/{__version__}",
        }
        if self.api_key:
            headers["x-portkey-api-key"] = self.api_key
        if self.virtual_key:
            headers["x-portkey-virtual-key"] = self.virtual_key
        for name, value in self.headers:
            headers[name] = value
        return headers

    def secrets(self) -> tuple[str, ...]:
        """Values that must never appear in evidence."""
        values = [self.api_key or "", self.virtual_key or "", *self.extra_secrets]
        for name, value in self.headers:
            if is_secret_header(name):
                values.append(value)
                if " " in value.strip():  # "Bearer sk-..." : the token alone, too
                    values.append(value.strip().split(None, 1)[1])
        # a key given with surrounding whitespace is sent, echoed and logged without it
        return tuple(dict.fromkeys(v for value in values for v in (value, value.strip()) if v))


def _with_auth(headers: dict[str, str], auth: Auth) -> dict[str, str]:
    if auth is Auth.CONFIGURED:
        return headers
    stripped = {n: v for n, v in headers.items() if n.lower() not in AUTH_HEADERS}
    if auth is Auth.NONE:
        return stripped
    configured = [n for n in headers if n.lower() in AUTH_HEADERS]
    for name in configured or ["x-portkey-api-key", "Authorization"]:
        stripped[name] = f"Bearer {MADE_UP_KEY}" if name.lower() == "authorization" else MADE_UP_KEY
    return stripped


class WritesNotAllowedError(RuntimeError):
    """A request that would change the target, made without the user's permission."""


class Client:
    """Issues List runs requests and keeps the evidence of every one.

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

    def url_for(self, thread_id: str) -> str:
        """The List runs URL of a thread (the thread ID is path-escaped)."""
        # a thread ID that is no Unicode text (a target's, when seeding) is sent as its code units
        return f"{self._base_url}/threads/{quote(thread_id, safe='', errors='surrogatepass')}/runs"

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
        """GET one page; never raises for network trouble, which is recorded as evidence.

        ``credentials`` replace every auth header (a malformed credential's probe).
        ``meanwhile`` is the caller's own work, done while the target answers: it runs
        once the request is on the wire, before the answer is read (which waits in the
        socket meanwhile), and its error is raised when the exchange is recorded; it runs
        afterwards when no request could be sent.  A walk reads the page before this one
        there: each page costs the suite's reading and the target's answering at once,
        not one after the other.  Still one request in flight at a time.
        """
        thread = self.target.thread_id if thread_id is None else thread_id
        query = dict(params or {})
        headers = _with_auth(self.target.configured_headers(), auth)
        if credentials is not None:  # these, in place of every auth header (all made up)
            headers = {n: v for n, v in headers.items() if n.lower() not in AUTH_HEADERS}
            headers.update(credentials)
        exchange = self._exchange(
            _Request(label, "GET", self.url_for(thread), query, headers), meanwhile
        )
        return Response(exchange, query, thread)

    def create_run(self, label: str, thread_id: str, assistant_id: str) -> Exchange:
        """POST a run into a thread; refused unless the user allowed writes to the target."""
        if not self.target.allow_writes:
            raise WritesNotAllowedError("creating a run needs --allow-writes")
        body = json.dumps(
            {"assistant_id": assistant_id, "metadata": {"created_by": "runs-conformance"}}
        )
        return self._exchange(
            _Request(
                label, "POST", self.url_for(thread_id), {}, self.target.configured_headers(), body
            )
        )

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

    def _exchange(
        self, request: _Request, meanwhile: Callable[[], object] | None = None
    ) -> Exchange:
        """One logical request: its retries and same-origin redirects included."""
        with _Alongside(meanwhile) as alongside:
            return self._attempts(request, alongside)

    def _attempts(self, request: _Request, alongside: _Alongside) -> Exchange:
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

    def _send(self, sent: _Request, alongside: _Alongside) -> tuple[Exchange, str | None]:
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
            )
            self.exchanges.append(exchange)
        # every phase counts transport failures in the run's budget (it gives up after a few)
        if status is None or cut_off:
            self.budget.failed(f"{exchange.id} {sent.method} {exchange.url}: {exchange.error}")
        else:
            self.budget.answered()
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


class _Alongside:
    """A caller's work, done once its request is on the wire and before the answer is read.

    httpcore's ``trace`` extension names the moment: ``receive_response_headers``
    starts when the request has been written (HTTP/1.1 and HTTP/2 alike).  The work
    runs there, on the caller's own thread, while the target prepares its answer (the
    answer waits in the socket until it is read).  Not on a helper thread: handing work
    over and taking the GIL back cost more than the work saved, for the operating
    system often woke the helper only after the answer had come (measured on 2 cores:
    a page of 100 runs took 3.4 ms that way, 2.9 ms this way, and 2.5 ms, as long as a
    bare httpx loop, once the walk freed the page's parse here too).

    The work's error is kept and raised when the block is left (not inside httpcore,
    which would take it for a broken connection); an interrupt is not held back until
    the answer comes.  The work of a request that never left is done when the block is
    left; a block left by an error drops work not yet done.  ``spent`` is the time the
    work took, which is not the target's.
    """

    __slots__ = ("_error", "_fn", "deadline", "spent")

    def __init__(self, fn: Callable[[], object] | None) -> None:
        self._fn = fn
        self._error: BaseException | None = None
        self.spent = 0.0
        self.deadline: Deadline | None = None
        """The deadline of the request under way: the work's time is added back to it."""

    def extensions(self) -> dict[str, object]:
        """The request's httpx extensions: the trace hook, while there is work to do."""
        return {} if self._fn is None else {"trace": self._trace}

    def _trace(self, event: str, info: Mapping[str, object]) -> None:
        if self._fn is not None and event.endswith("receive_response_headers.started"):
            fn, self._fn = self._fn, None
            started = time.perf_counter()
            try:
                fn()
            except Exception as exc:  # raised when the block is left
                self._error = exc
            finally:  # an interrupt (Ctrl-C, SIGTERM) goes on at once, abandoning the request
                took = time.perf_counter() - started
                self.spent += took
                if self.deadline is not None:
                    self.deadline.extend(took)

    def __enter__(self) -> _Alongside:
        return self

    def __exit__(self, failed: type[BaseException] | None, *_: object) -> None:
        fn, self._fn = self._fn, None
        if self._error is not None:
            raise self._error
        if fn is not None and failed is None:
            fn()


_MAX_REDIRECTS = 5

_SHARED_AT_MOST = 4096
"""Distinct header pairs and header tuples a client keeps for sharing between exchanges."""


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()


def _retry_after(exchange: Exchange) -> float | None:
    """Seconds a Retry-After header asks for (delta-seconds or an HTTP date), if any."""
    return retry_after_seconds(exchange.header("retry-after"))


def retry_after_seconds(raw: str | None) -> float | None:
    """A Retry-After value in seconds (delta-seconds or an HTTP date); None when absent."""
    if raw is None:
        return None
    raw = raw.strip()
    if raw.isascii() and raw.isdigit():  # "²".isdigit() is true, and float("²") raises
        return float(raw)
    try:
        when = parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _tls(target: Target) -> ssl.SSLContext | bool:
    if target.verify is False:
        return False
    if isinstance(target.verify, str):
        return ssl.create_default_context(cafile=target.verify)
    return True


def describe_transport_error(exc: BaseException) -> str:
    """One line that says what failed and, where we can tell, what to do about it."""
    text = str(exc) or type(exc).__name__
    lowered = text.lower()
    if "certificate" in lowered or "ssl" in lowered or "tls" in lowered:
        return (
            f"TLS handshake failed ({text}); pass --ca-bundle PATH for a private CA, "
            "or --insecure to skip verification"
        )
    if (
        "name or service not known" in lowered
        or "nodename nor servname" in lowered
        or "temporary failure in name resolution" in lowered
    ):
        return f"DNS lookup failed ({text})"
    if "connection refused" in lowered:
        return f"connection refused ({text})"
    if "reset" in lowered:
        return f"connection reset by the target ({text})"
    return f"{type(exc).__name__}: {text}"
