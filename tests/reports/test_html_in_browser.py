"""report.html opens in a real browser, offline, and shows what matters."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import NoReturn

import pytest

from conformance.model import RunResult, Status
from reports import write_html

pytestmark = pytest.mark.e2e


def _chromium(unavailable: Callable[[str, str], NoReturn]) -> str:
    path = shutil.which("chromium")
    if path is None:
        unavailable("browser", "chromium is not installed (apt-get install chromium)")
    return path


def _run(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)


_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-extensions",
    "--disable-background-networking",
    "--disable-dev-shm-usage",
]


def test_the_report_renders_and_shows_verdict_failure_and_reproducer(
    tmp_path: Path, result: RunResult, unavailable: Callable[[str, str], NoReturn]
) -> None:
    chromium = _chromium(unavailable)
    one_failure = tuple(
        r for r in result.results if r.status is Status.PASSED or r.requirement.id == "LR-PAGE-001"
    )
    result = replace(result, results=one_failure)
    assert result.verdict.value == "non-conformant"
    page = write_html(result, tmp_path)
    url = page.resolve().as_uri()

    shot = tmp_path / "report.png"
    done = _run(
        [
            chromium,
            "--headless=new",
            *_FLAGS,
            f"--user-data-dir={tmp_path / 'p1'}",
            f"--screenshot={shot}",
            "--window-size=1200,2000",
            url,
        ]
    )
    assert shot.is_file(), done.stderr[-2000:]
    png = shot.read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(png) > 10_000

    dom = _run(
        [chromium, "--headless", *_FLAGS, f"--user-data-dir={tmp_path / 'p2'}", "--dump-dom", url]
    )
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert "non-conformant" in dom.stdout
    assert "LR-PAGE-001" in dom.stdout
    assert "curl" in dom.stdout


def test_the_report_of_a_run_against_a_faulty_server_shows_the_failure_and_its_reproducer(
    tmp_path: Path, unavailable: Callable[[str, str], NoReturn]
) -> None:
    from conformance import Target, certify
    from conformance.runner import RunOptions
    from conformance.server import SEEDED_THREAD_ID, ServerConfig, serve_in_thread

    chromium = _chromium(unavailable)
    key = "rc-browser-key-0123456789"
    with serve_in_thread(ServerConfig(api_key=key, faults=frozenset({"has-more-never"}))) as srv:
        run = certify(Target(srv.base_url, SEEDED_THREAD_ID, key), RunOptions.quick(seed=1))
    page = write_html(run, tmp_path)
    dom = _run(
        [
            chromium,
            "--headless",
            *_FLAGS,
            f"--user-data-dir={tmp_path / 'p'}",
            "--dump-dom",
            page.resolve().as_uri(),
        ]
    )
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert "non-conformant" in dom.stdout
    assert "LR-PAGE-003" in dom.stdout
    assert "has_more is false but" in dom.stdout
    assert "curl -sS -X GET" in dom.stdout
    assert key not in dom.stdout
