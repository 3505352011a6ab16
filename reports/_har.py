"""``evidence.har``: every exchange of the run as HAR 1.2, for browser dev tools and proxies.

Entry ``i`` is exchange ``i`` of :func:`reports._evidence.har_entries`; the
``har_entry`` of each evidence record in ``report.json`` is that index.  Times are
derived, not measured again: an entry starts at the run's start plus the elapsed
time of the exchanges before it, so the file is the same every time it is written.
Each entry also carries ``_id`` (the exchange ID that reports name) and ``_label``;
a superseded exchange (a 429 or 503 that was retried) also carries ``"_superseded":
true`` and a ``comment`` saying so (HAR 1.2 allows both): it is kept as evidence of
the run's politeness and was never judged.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import http
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import parse_qsl, urlsplit

import orjson

from conformance.model import Exchange, RunResult
from reports._baseline import BaselineOutcome
from reports._evidence import SUPERSEDED_NOTE, har_entries
from reports._lists import sections, targets
from reports._scrub import scrub

__all__ = ["FILENAME", "chunks", "digest", "to_har", "write", "write_digested"]

FILENAME = "evidence.har"
_HTTP_VERSION = "HTTP/1.1"


def _start(started_at: str) -> dt.datetime:
    try:
        start = dt.datetime.fromisoformat(started_at)
    except ValueError:
        return dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    return start if start.tzinfo is not None else start.replace(tzinfo=dt.UTC)


def _headers(headers: tuple[tuple[str, str], ...]) -> list[dict[str, str]]:
    return [{"name": name, "value": value} for name, value in headers]


def _first(headers: tuple[tuple[str, str], ...], wanted: str) -> str | None:
    return next((v for n, v in headers if n.lower() == wanted), None)


def _status_text(status: int | None) -> str:
    if status is None:
        return ""
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return ""


def _request(exchange: Exchange) -> dict[str, Any]:
    body = exchange.request_body.encode()
    request: dict[str, Any] = {
        "method": exchange.method,
        "url": exchange.url,
        "httpVersion": _HTTP_VERSION,
        "headers": _headers(exchange.request_headers),
        "queryString": [
            {"name": n, "value": v}
            for n, v in parse_qsl(urlsplit(exchange.url).query, keep_blank_values=True)
        ],
        "cookies": [],
        "headersSize": -1,
        "bodySize": len(body),
    }
    if exchange.request_body:
        request["postData"] = {
            "mimeType": _first(exchange.request_headers, "content-type") or "application/json",
            "params": [],
            "text": exchange.request_body,
        }
    return request


def _response(exchange: Exchange) -> dict[str, Any]:
    text = exchange.text
    body = text.encode()
    content: dict[str, Any] = {
        "size": len(body),
        "mimeType": _first(exchange.response_headers, "content-type") or "",
        "text": text,
    }
    if exchange.body_truncated:
        content["comment"] = "cut at the evidence cap: only the first part of the body was kept"
    response: dict[str, Any] = {
        "status": exchange.status if exchange.status is not None else 0,
        "statusText": _status_text(exchange.status),
        "httpVersion": _HTTP_VERSION if exchange.status is not None else "",
        "headers": _headers(exchange.response_headers),
        "cookies": [],
        "content": content,
        "redirectURL": _first(exchange.response_headers, "location") or "",
        "headersSize": -1,
        "bodySize": -1 if exchange.body_truncated else len(body),
    }
    if exchange.error:
        response["_error"] = exchange.error
    return response


def _entries(result: RunResult) -> Iterator[dict[str, Any]]:
    """The entries one at a time: a body is read back from the spool only while it is written."""
    clock = _start(result.started_at)
    for exchange in har_entries(result):
        elapsed = max(exchange.elapsed_ms, 0.0)
        entry: dict[str, Any] = {
            "startedDateTime": clock.isoformat(timespec="milliseconds"),
            "time": elapsed,
            "request": _request(exchange),
            "response": _response(exchange),
            "cache": {},
            "timings": {"send": 0, "wait": elapsed, "receive": 0},
            "_id": exchange.id,
            "_label": exchange.label,
        }
        if exchange.superseded:
            entry["_superseded"] = True
            entry["comment"] = SUPERSEDED_NOTE
        yield entry
        clock += dt.timedelta(milliseconds=elapsed)


def _comment(result: RunResult) -> str:
    """The requests certified, where, with which parents, against which document.

    Named from the lists' profiles: ``GET /threads/{thread_id}/runs against URL (thread
    T); OpenAPI sha256:...``, one ``GET`` per list of a run of several.
    """
    lists = sections(result)
    parents = ", ".join(
        f"{noun} {value}" for noun, value in dict.fromkeys(p for s in lists for p in s.parents)
    )
    return (
        f"{targets([s.profile for s in lists])} against {result.base_url}"
        + (f" ({parents})" if parents else "")
        + f"; OpenAPI {result.document_digest}"
    )


def _document(result: RunResult, entries: list[Any]) -> dict[str, Any]:
    return {
        "log": {
            "version": "1.2",
            "creator": {"name": "runs-conformance", "version": result.suite_version},
            "comment": _comment(result),
            "entries": entries,
        }
    }


def to_har(result: RunResult) -> dict[str, Any]:
    """The HAR document (what :func:`write` serialises), whole in memory: for small runs."""
    result = scrub(result)
    return _document(result, list(_entries(result)))


_MARK = "\u0000entries\u0000"
_ENTRY_INDENT = " " * 6  # entries sit at log.entries[i]: three levels of two spaces


def chunks(result: RunResult) -> Iterator[bytes]:
    """``evidence.har`` piece by piece: ``json.dumps(to_har(r), indent=2)`` in UTF-8, exactly.

    A run over a large thread has thousands of entries of ~100 kB each: the file is
    written (and its digest computed) one entry at a time, never held whole.  In
    bytes from end to end: each text copy of an entry (decoding, indenting,
    joining, encoding) cost about 10 µs, 2 s over a million runs.
    """
    result = scrub(result)
    if not result.exchanges:
        yield (json.dumps(_document(result, []), indent=2, ensure_ascii=False) + "\n").encode()
        return
    frame = json.dumps(_document(result, [_MARK]), indent=2, ensure_ascii=False)
    marker = json.dumps(_MARK)
    head, tail = frame.split(_ENTRY_INDENT + marker, 1)
    yield head.encode()
    indent, newline = _ENTRY_INDENT.encode(), b"\n" + _ENTRY_INDENT.encode()
    for n, entry in enumerate(_entries(result)):
        yield indent if n == 0 else b",\n" + indent
        yield entry_bytes(entry).replace(b"\n", newline)
    yield (tail + "\n").encode()


def entry_bytes(entry: dict[str, Any]) -> bytes:
    """``json.dumps(entry, indent=2, ensure_ascii=False)`` in UTF-8, three times sooner.

    Escaping a body of ~100 kB is most of an entry's cost, and a large thread has
    tens of thousands of entries.  orjson writes the same text for all an entry holds
    (a test holds it to that) but two things: a float under 1e-4 (``0.00001`` where
    ``json`` writes ``1e-05``; an entry's only floats are its elapsed time) and a lone
    surrogate (which it refuses).  Those go to ``json.dumps``.
    """
    elapsed = entry.get("time")
    if isinstance(elapsed, int) or (isinstance(elapsed, float) and _written_alike(elapsed)):
        try:
            return orjson.dumps(entry, option=orjson.OPT_INDENT_2)
        except (orjson.JSONEncodeError, TypeError):
            pass
    return json.dumps(entry, indent=2, ensure_ascii=False).encode()


def _written_alike(value: float) -> bool:
    """Whether json and orjson write this float alike: zero, or from 1e-4 up to 1e16."""
    return value == 0 or 1e-4 <= abs(value) < 1e16


def _stream(result: RunResult, out: BinaryIO | None) -> str:
    """Serialise the HAR once, hashing each piece on its way to ``out`` (if any).

    The file is written in bytes, not text, so that what is hashed is exactly what
    lands on disk (no newline translation on any platform).
    """
    sha = hashlib.sha256()
    for data in chunks(result):
        sha.update(data)
        if out is not None:
            out.write(data)
    return "sha256:" + sha.hexdigest()


def digest(result: RunResult) -> str:
    """``sha256:<hex>`` of ``evidence.har`` as :func:`write` writes it, without writing it.

    For a ``report.json`` written on its own, with no HAR written beside it in the
    same pass: then the only way to know the digest is to serialise the HAR.
    """
    return _stream(result, None)


def write_digested(result: RunResult, directory: Path) -> tuple[Path, str]:
    """Write ``evidence.har`` and return its path with the ``sha256:<hex>`` of its bytes.

    On a large thread the HAR is hundreds of megabytes and costs seconds to
    serialise; hashing it as it is written lets ``report.json`` seal it without a
    second serialisation (see :func:`reports.write_reports`).
    """
    path = directory / FILENAME
    with path.open("wb") as out:
        sha = _stream(result, out)
    return path, sha


def write(result: RunResult, directory: Path, baseline: BaselineOutcome | None = None) -> Path:
    """Write ``evidence.har`` into ``directory`` (a baseline changes nothing here)."""
    return write_digested(result, directory)[0]
