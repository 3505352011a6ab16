"""pytest plugin: the same certification as ``runs-conformance run``, one test per requirement.

``pytest --pyargs conformance --base-url URL --thread-id ID`` collects the
suite shipped in this package (``conformance/test_list_runs.py``); without
``--base-url`` it certifies the embedded reference server.  The plugin adds
one option group and one session fixture, and does nothing else unless that
suite is collected.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import pytest

from conformance.cli.settings import (
    Settings,
    UsageError,
    parse_header,
    run_options,
    target_for,
)
from conformance.model import RunResult
from conformance.runner import DEFAULT_MAX_EXAMPLES, TargetUnavailableError, certify

__all__ = ["pytest_addoption", "runs_conformance_result"]


def _add(group: pytest.OptionGroup, *names: str, **kwargs: Any) -> None:
    """Add an option unless another plugin owns the name (pytest-base-url has --base-url)."""
    with contextlib.suppress(ValueError):  # the other plugin's value is read under its dest
        group.addoption(*names, **kwargs)


def pytest_addoption(parser: pytest.Parser) -> None:
    """One option group, mirroring the flags of ``runs-conformance run``."""
    group = parser.getgroup("runs-conformance", "List runs conformance (runs-conformance)")
    _add(group, "--base-url", dest="base_url", metavar="URL",
         help="Base URL of the target (ending in /v1). Default: the embedded reference server.")
    _add(group, "--thread-id", dest="rc_thread_id", metavar="ID", help="Thread to list.")
    _add(group, "--api-key", dest="rc_api_key", metavar="KEY",
         help="Sent as x-portkey-api-key (default: env PORTKEY_API_KEY).")
    _add(group, "--virtual-key", dest="rc_virtual_key", metavar="KEY",
         help="Sent as x-portkey-virtual-key (default: env PORTKEY_PROVIDER_VIRTUAL_KEY).")
    _add(group, "--header", dest="rc_headers", action="append", default=[],
         metavar="'NAME: VALUE'", help="Extra request header (repeatable).")
    _add(group, "--request-timeout", dest="rc_timeout", type=float, default=30.0,
         metavar="SECONDS", help="Connect and read timeout of each request (the CLI's "
                                 "--timeout; renamed to leave pytest-timeout's alone).")
    _add(group, "--allow-writes", dest="rc_allow_writes", action="store_true",
         help="Allow the suite to create runs in the thread (LR-WRITE-001).")
    _add(group, "--assistant-id", dest="rc_assistant_id", metavar="ID",
         help="Assistant for the runs created with --allow-writes.")
    _add(group, "--max-examples", dest="rc_max_examples", type=int, metavar="N",
         help=f"Property phase budget (default {DEFAULT_MAX_EXAMPLES}).")
    _add(group, "--seed", dest="rc_seed", type=int, metavar="N",
         help="Property phase seed (default: random, shown in the header).")
    _add(group, "--quick", dest="rc_quick", action="store_true",
         help="Pull-request profile: a small property budget.")
    _add(group, "--no-properties", dest="rc_no_properties", action="store_true",
         help="Skip the property phase.")
    _add(group, "--report-dir", dest="rc_report_dir", metavar="DIR",
         help="Also write report.json and junit.xml there.")


def _settings(config: pytest.Config) -> Settings:
    import os

    def get(name: str) -> Any:
        return config.getoption(name, default=None)

    try:
        headers = tuple(parse_header(h) for h in (get("rc_headers") or []))
    except UsageError as exc:
        raise pytest.UsageError(f"--header: {exc}") from None
    return Settings(
        base_url=str(get("base_url")) if get("base_url") else None,
        thread_id=str(get("rc_thread_id")) if get("rc_thread_id") else None,
        api_key=str(get("rc_api_key") or os.environ.get("PORTKEY_API_KEY") or "") or None,
        virtual_key=str(get("rc_virtual_key")
                        or os.environ.get("PORTKEY_PROVIDER_VIRTUAL_KEY") or "") or None,
        headers=headers,
        timeout=float(get("rc_timeout") or 30.0),
        allow_writes=bool(get("rc_allow_writes")),
        assistant_id=str(get("rc_assistant_id")) if get("rc_assistant_id") else None,
        max_examples=int(get("rc_max_examples")) if get("rc_max_examples") else None,
        seed=int(get("rc_seed")) if get("rc_seed") is not None else None,
        quick=bool(get("rc_quick")),
        no_properties=bool(get("rc_no_properties")),
    )


@pytest.fixture(scope="session")
def runs_conformance_result(pytestconfig: pytest.Config) -> RunResult:
    """One certification run per session; every requirement test reads its result."""
    settings = _settings(pytestconfig)
    try:
        options = run_options(settings)
    except UsageError as exc:
        raise pytest.UsageError(str(exc)) from None
    with target_for(settings) as target:
        try:
            result = certify(target, options)
        except TargetUnavailableError as exc:
            pytest.exit(f"runs-conformance: {exc}", returncode=3)
    report_dir = pytestconfig.getoption("rc_report_dir", default=None)
    if report_dir:
        from reports import write_reports

        write_reports(result, Path(str(report_dir)))
    return result
