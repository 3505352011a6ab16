"""Hostile answers for the runner's fuzz test: Hypothesis strategies of whole HTTP answers.

Shared by ``tests/test_fuzz_runner.py`` (a small budget, in CI) and
``benchmarks/fuzz_runner.py`` (a larger one).  Each answer is raw bytes a loopback
server writes for every request: status lines, headers, JSON shapes, nesting, sizes,
encodings, ID lengths and characters that no well-behaved server sends.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

THREAD = "thread_fuzz"

_IDS = st.one_of(
    st.text(min_size=0, max_size=40),
    st.builds(lambda n, c: "run_" + c * n, st.integers(0, 120_000), st.sampled_from("x\n\x00é😀")),
    st.sampled_from(["run_\\ud800", "", " ", "run_a", "run_a/../b", "run_%00", "run_?&="]),
)

_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False),
    st.text(max_size=20),
)


def _nested(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = {"a": value}
    return value


def _run(run_id: str, extra: dict[str, Any]) -> dict[str, Any]:
    return {"id": run_id, "object": "thread.run", "created_at": 1_730_000_000, **extra}


_EXTRAS = st.dictionaries(
    st.sampled_from(["metadata", "status", "created_at", "usage", "tools", "thread_id"]),
    st.one_of(_SCALARS, st.integers(0, 3000).map(_nested), st.lists(_SCALARS, max_size=3)),
    max_size=3,
)

_PAGES = st.builds(
    lambda runs, has_more, extra: json.dumps(
        {
            "object": "list",
            "data": runs,
            "first_id": runs[0]["id"] if runs else None,
            "last_id": runs[-1]["id"] if runs else None,
            "has_more": has_more,
            **extra,
        }
    ),
    st.lists(st.builds(_run, _IDS, _EXTRAS), max_size=4),
    st.one_of(st.booleans(), st.none(), st.just("yes")),
    st.dictionaries(st.sampled_from(["object", "data", "has_more"]), _SCALARS, max_size=1),
)

_BODIES = st.one_of(
    _PAGES.map(str.encode),
    st.integers(0, 200_000).map(lambda n: b"[" * n + b"]" * n),
    st.binary(max_size=200),
    st.sampled_from([b"", b"{", b"null", b'"\\ud800"', b"1e999999", b"LONG9"]).map(
        lambda body: body.replace(b"LONG9", b"9" * 5000)
    ),
    _PAGES.map(lambda text: text.encode("utf-16")),
)

_HEADERS = st.lists(
    st.one_of(
        st.sampled_from(
            [
                b"content-type: application/json",
                b"content-type: text/html; charset=utf-99",
                b"content-type: application/json; charset=utf-16",
                b"content-encoding: gzip",
                b"content-encoding: br",
                b"retry-after: 99999999999999999999",
                b"retry-after: -1",
                b"retry-after: Fri, 31 Dec 9999 23:59:59 GMT",
                b"retry-after: \xff\xfe",
                b"date: not a date",
                b"location: http://[::1",
                b"location: /LONG",
                b"x-big: LONG",
                b"transfer-encoding: chunked",
                b"no colon here",
                b": empty name",
            ]
        ),
        st.binary(max_size=30).filter(lambda b: b"\r" not in b and b"\n" not in b),
    ),
    max_size=5,
).map(lambda headers: [h.replace(b"LONG", b"y" * 60_000) for h in headers])

_STATUS_LINES = st.one_of(
    st.sampled_from([200, 200, 200, 301, 307, 400, 401, 404, 429, 500, 503]).map(
        lambda code: f"HTTP/1.1 {code} X".encode()
    ),
    st.sampled_from([b"HTTP/1.1 999 ?", b"HTTP/9.9 200 OK", b"garbage", b"HTTP/1.1 -1 X", b""]),
)


class HostileAnswer(bytes):
    """A raw answer whose repr is short: Hypothesis prints a failing example's arguments, and
    a 300 kB repr is refused with a warning (an error under ``-W error``) that would hide the
    failure itself."""

    def __repr__(self) -> str:
        head = bytes(self[:200])
        return f"HostileAnswer({head!r}{'...' if len(self) > 200 else ''}, {len(self)} bytes)"


ANSWERS = st.builds(
    lambda status, headers, body, length: HostileAnswer(
        status
        + b"\r\n"
        + b"".join(h + b"\r\n" for h in headers)
        + (b"content-length: %d\r\n" % (len(body) if length is None else length))
        + b"connection: close\r\n\r\n"
        + body
    ),
    _STATUS_LINES,
    _HEADERS,
    _BODIES,
    st.one_of(st.none(), st.integers(0, 10**6)),
)
"""One raw HTTP answer, served for every request of a run."""

BOUND = 120.0
"""Seconds a run against one hostile answer may take: far from normal (a few seconds)."""


def run_against(base_url: str, timeout: float = 2.0) -> tuple[int, float, str, Path]:
    """``runs-conformance run`` in a child process: exit code, seconds, stderr, report dir."""
    report_dir = Path(tempfile.mkdtemp(prefix="rc-fuzz-"))
    started = time.monotonic()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "conformance",
            "run",
            "--base-url",
            base_url,
            "--thread-id",
            THREAD,
            "--report-dir",
            str(report_dir),
            "--quiet",
            "--quick",
            "--timeout",
            str(timeout),
        ],
        capture_output=True,
        text=True,
        timeout=BOUND * 2,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    return done.returncode, time.monotonic() - started, done.stderr, report_dir
