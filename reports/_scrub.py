"""Defence in depth: every writer scrubs the result again before writing a byte.

Exchanges are redacted by the HTTP layer when they are recorded, so this should
change nothing.  But a report is the artefact that leaves the machine (a CI
artefact, a PR comment), so each writer passes the result through :func:`scrub`
first: secret headers (by name, with the HTTP layer's own rule) get
``[REDACTED]``, and any value such a header carried is blanked wherever else it
appears (URLs, bodies, error texts, requirement messages).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from conformance.model import (
    Exchange,
    Outcome,
    PropertyRun,
    RequirementResult,
    RunResult,
    StoredBody,
)
from conformance.model.redact import REDACTED, Redactor, is_secret_header
from reports._memo import ByIdentity

__all__ = ["REDACTED", "is_secret", "scrub", "scrub_headers"]

_ALWAYS_SECRET = frozenset({"x-portkey-api-key", "x-portkey-virtual-key", "authorization"})


def is_secret(name: str) -> bool:
    """Whether a header of this name must never be written with its value."""
    return name.lower() in _ALWAYS_SECRET or is_secret_header(name)


def scrub_headers(headers: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """Headers with the value of every secret one replaced by ``[REDACTED]``."""
    return tuple((name, REDACTED if is_secret(name) else value) for name, value in headers)


def _leaked_values(exchanges: Iterable[Exchange]) -> set[str]:
    return {
        value
        for exchange in exchanges
        for name, value in (*exchange.request_headers, *exchange.response_headers)
        if is_secret(name) and value != REDACTED
    }


class _RedactedBody:
    """A stored body, redacted as it is read back: scrubbing must not load every body at once."""

    __slots__ = ("_redactor", "_stored")

    def __init__(self, stored: StoredBody, redactor: Redactor) -> None:
        self._stored, self._redactor = stored, redactor

    def read(self) -> str:
        return self._redactor.text(self._stored.read())

    def __len__(self) -> int:
        return len(self._stored)


def _body(exchange: Exchange, redactor: Redactor) -> str | StoredBody:
    body = exchange.body
    if not redactor.active:
        return body
    return redactor.text(body) if isinstance(body, str) else _RedactedBody(body, redactor)


def _exchange(exchange: Exchange, redactor: Redactor) -> Exchange:
    """The exchange scrubbed; the very same object when scrubbing changes nothing.

    That is the usual case (the HTTP layer redacted at the source): a run over a
    large thread holds tens of thousands of exchanges, and a copy of each for every
    writer would cost tens of megabytes for nothing.
    """
    scrubbed = {
        "url": redactor.text(exchange.url),
        "request_headers": scrub_headers(redactor.headers(exchange.request_headers)),
        "response_headers": scrub_headers(redactor.headers(exchange.response_headers)),
        "body": _body(exchange, redactor),
        "request_body": redactor.text(exchange.request_body),
        "error": None if exchange.error is None else redactor.text(exchange.error),
    }
    if all(value == getattr(exchange, name) for name, value in scrubbed.items()):
        return exchange
    return replace(exchange, **scrubbed)  # type: ignore[arg-type]


def _outcome(outcome: Outcome, redactor: Redactor) -> Outcome:
    return replace(
        outcome,
        reason=redactor.text(outcome.reason),
        findings=tuple(replace(f, message=redactor.text(f.message)) for f in outcome.findings),
    )


def _properties(run: PropertyRun | None, redactor: Redactor) -> PropertyRun | None:
    if run is None:
        return None
    return replace(
        run,
        findings=tuple(
            replace(f, message=redactor.text(f.message), exchange=_exchange(f.exchange, redactor))
            for f in run.findings
        ),
    )


_SCRUBBED: ByIdentity[RunResult, bool] = ByIdentity()
"""Results this function made: scrubbing one again would change nothing."""


def scrub(result: RunResult) -> RunResult:
    """The result with secret headers blanked and their values removed everywhere else.

    A result this function returned comes back as it is: scrubbing is idempotent, and a
    second pass over a run of tens of thousands of exchanges costs as much as the first
    (``write_reports`` scrubs once, then each writer asks again).
    """
    if _SCRUBBED.get(result):
        return result
    exchanges = list(result.exchanges)
    if result.properties is not None:
        exchanges.extend(f.exchange for f in result.properties.findings)
    redactor = Redactor(_leaked_values(exchanges))
    scrubbed = replace(
        result,
        base_url=redactor.text(result.base_url),
        exchanges=tuple(_exchange(e, redactor) for e in result.exchanges),
        results=tuple(
            RequirementResult(r.requirement, _outcome(r.outcome, redactor)) for r in result.results
        ),
        properties=_properties(result.properties, redactor),
    )
    _SCRUBBED.put(scrubbed, True)
    return scrubbed
