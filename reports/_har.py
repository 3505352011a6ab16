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
import http
import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from conformance.model import Exchange, RunResult
from reports._baseline import BaselineOutcome
from reports._evidence import SUPERSEDED_NOTE, har_entries
from reports._scrub import scrub

__all__ = ["FILENAME", "to_har", "write"]

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
    body = exchange.body.encode()
    content: dict[str, Any] = {
        "size": len(body),
        "mimeType": _first(exchange.response_headers, "content-type") or "",
        "text": exchange.body,
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


def to_har(result: RunResult) -> dict[str, Any]:
    """The HAR document (what :func:`write` serialises)."""
    result = scrub(result)
    clock = _start(result.started_at)
    entries = []
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
        entries.append(entry)
        clock += dt.timedelta(milliseconds=elapsed)
    return {
        "log": {
            "version": "1.2",
            "creator": {"name": "runs-conformance", "version": result.suite_version},
            "comment": f"GET /threads/{{thread_id}}/runs against {result.base_url} "
            f"(thread {result.thread_id}); OpenAPI {result.document_digest}",
            "entries": entries,
        }
    }


def write(result: RunResult, directory: Path, baseline: BaselineOutcome | None = None) -> Path:
    """Write ``evidence.har`` into ``directory`` (a baseline changes nothing here)."""
    path = directory / FILENAME
    path.write_text(
        json.dumps(to_har(result), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return path
