"""Evidence: one request and what came back (``Exchange``), its body kept in or out of memory.

The unit every check cites and every report shows, already redacted by the observe layer:
immutable and free of I/O, so a check can be fed hand-made exchanges and a report writer
never needs the HTTP client.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from typing import Any, Protocol

from conformance.model import _json

__all__ = ["Exchange", "StoredBody"]


class StoredBody(Protocol):
    """A response body kept outside memory (the observe layer's spool), read on demand.

    A run over a large thread must not hold every page it read: the exchange keeps
    this handle and :attr:`Exchange.text` reads the body back when asked.
    """

    def read(self) -> str: ...

    def __len__(self) -> int: ...


@dataclass(frozen=True, slots=True)
class Exchange:
    """One request and what came back, with secrets already redacted.

    ``status`` is None when no HTTP response arrived (``error`` says why), so
    evidence can show transport failures next to protocol ones.  ``body`` is the
    text itself or, for a body of some size, a :class:`StoredBody`; read it as
    :attr:`text`.
    """

    id: str
    label: str
    method: str
    url: str
    request_headers: tuple[tuple[str, str], ...]
    status: int | None
    response_headers: tuple[tuple[str, str], ...] = ()
    body: str | StoredBody = ""
    body_truncated: bool = False
    error: str | None = None
    elapsed_ms: float = 0.0
    request_body: str = ""
    sent_at: float = 0.0
    """Wall-clock time (epoch seconds) the request was sent: evidence of the pace of a run."""
    answered_at: float = 0.0
    """Wall-clock time (epoch seconds) the answer's status line and headers had come (0: no
    answer, or not recorded): with ``sent_at``, the window in which the target acted on the
    request, which a run the suite created must be dated in (LR-WRITE-002)."""
    superseded: bool = False
    """A 429 or 503 that was retried: kept in the evidence and the HAR, never judged."""
    cut_off: bool = False
    """The body was still arriving at ``--timeout`` and the suite cut it off: the status and
    headers are kept for the evidence, but what came is no answer to judge (the suite's own
    bound, never the target's failure): a page reads it as a transport failure."""

    @property
    def text(self) -> str:
        """The response body as text, wherever it is kept."""
        body = self.body
        return body if isinstance(body, str) else body.read()

    @property
    def body_length(self) -> int:
        """Characters of the body, without reading a stored one back."""
        return len(self.body)

    def as_curl(self) -> str:
        """A one-line ``curl`` that replays the request (its secrets already redacted)."""
        parts = ["curl", "-sS", "-X", self.method]
        for name, value in self.request_headers:
            parts += ["-H", f"{name}: {value}"]
        if self.request_body:
            parts += ["--data", self.request_body]
        parts.append(self.url)
        return shlex.join(parts)

    def header(self, name: str) -> str | None:
        """First response header of that name (case-insensitive), as HTTP defines names."""
        wanted = name.lower()
        for key, value in self.response_headers:
            if key.lower() == wanted:
                return value
        return None

    def json(self) -> Any:
        """The parsed body; raises ValueError on a body that is not JSON (or was cut off)."""
        if self.body_truncated:
            raise ValueError("the body was larger than the evidence cap and was not parsed")
        return _json.loads(self.text)
