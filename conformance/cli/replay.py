"""``verify --replay``: certify the report's target again, read-only, and compare.

A face, not a report writer: replaying makes requests, so it lives beside the
commands and calls :func:`conformance.runner.certify` like ``run`` does.  The
target, thread, seed, property budget, profile, comparison target, non-secret
headers (the gateway's routing headers among them), timeout, page budget, SDK
walks and pacing come from the report (``options``, format 3).  Credentials come
from the environment, as ``run`` reads them (``PORTKEY_API_KEY``,
``PORTKEY_PROVIDER_VIRTUAL_KEY``, ``RUNS_CONFORMANCE_HEADER`` for credential headers,
and ``RUNS_CONFORMANCE_COMPARE_API_KEY`` for the comparison target), never from the
report.  The replay never writes: a
requirement the original run checked with writes is listed as not replayed
rather than as a difference.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from conformance.checks.page import NEEDS_SECOND_THREAD
from conformance.cli.settings import DEFAULT_REMOTE_MAX_RPS, Settings, parse_header
from conformance.model import CATALOGUE, RunResult
from conformance.observing import SDKS, Policy, PropertyOptions, Target
from conformance.runner import RunOptions, certify

__all__ = [
    "COMPARE_KEY_ENV",
    "HEADER_ENV",
    "ReplayError",
    "ReplayOutcome",
    "compare",
    "replay",
    "replay_options",
]

COMPARE_KEY_ENV = "RUNS_CONFORMANCE_COMPARE_API_KEY"
HEADER_ENV = "RUNS_CONFORMANCE_HEADER"
"""Headers that carry credentials (never stored in a report), one per line, as ``run`` reads."""


class ReplayError(ValueError):
    """The report does not say enough to replay it (format 3 records the options)."""


@dataclass(frozen=True, slots=True)
class ReplayOutcome:
    """What differs between the report and the replay (empty ``differences``: reproduced)."""

    differences: list[str] = field(default_factory=list)
    not_replayed: list[str] = field(default_factory=list)
    """Requirements a read-only replay cannot check, which the original run did."""
    verdict: str = ""


def replay_options(report: Mapping[str, Any]) -> tuple[Target, RunOptions]:
    """The target (credentials from the environment) and options the report was made with."""
    target = report.get("target")
    options = report.get("options")
    if not isinstance(target, dict) or not isinstance(options, dict):
        raise ReplayError(
            "the report records no run options (format_version 3 and later do): it cannot be "
            "replayed"
        )
    base_url, thread_id = str(target.get("base_url")), str(target.get("thread_id"))
    local = Settings(base_url=base_url).is_local()
    properties = (
        PropertyOptions(
            seed=int(options["seed"]),
            max_examples=int(options["max_examples"]),
            phases=tuple(options["phases"]),
        )
        if options.get("property_phase")
        else None
    )
    compare = options.get("compare_with")
    max_rps = options.get("max_rps", None if local else DEFAULT_REMOTE_MAX_RPS)
    policy = Policy(
        max_rps=None if max_rps is None else float(max_rps),
        max_requests=_optional_int(options.get("max_requests")),
        deadline=None if options.get("deadline") is None else float(options["deadline"]),
        concurrency=int(options.get("concurrency", 1)),
    )
    # Headers the report kept (no secret among them) and any the user adds again from the
    # environment: a credential header is never stored, so it must come from there.
    headers = tuple((str(n), str(v)) for n, v in options.get("headers", []))
    extra = os.environ.get(HEADER_ENV, "")
    headers += tuple(parse_header(line) for line in extra.splitlines() if line.strip())
    run_options = RunOptions(
        properties=properties,
        policy=policy,
        max_pages=int(options.get("max_pages", 1000)),
        sdk_walks=tuple(str(s) for s in options.get("sdk_walks", SDKS)),
        profile=str(options.get("profile", "full")),
        other_thread_id=_optional_str(options.get("other_thread_id")),
        # a report of several lists names them; one of List runs alone does not
        lists=tuple(str(name) for name in options.get("lists", ["runs"])),
        compare_with=None
        if compare is None
        else Target(
            str(compare),
            thread_id,
            os.environ.get(COMPARE_KEY_ENV),
            parent_ids=tuple((str(n), str(v)) for n, v in options.get("parents", {}).items()),
        ),
    )
    return (
        Target(
            base_url,
            thread_id,
            os.environ.get("PORTKEY_API_KEY"),
            os.environ.get("PORTKEY_PROVIDER_VIRTUAL_KEY"),
            headers,
            float(options.get("timeout", 30.0)),
            allow_writes=False,
            parent_ids=tuple((str(n), str(v)) for n, v in options.get("parents", {}).items()),
        ),
        run_options,
    )


def _optional_int(value: object) -> int | None:
    return None if value is None else int(str(value))


def _optional_str(value: object) -> str | None:
    return None if value is None else str(value)


def compare(report: Mapping[str, Any], result: RunResult) -> ReplayOutcome:
    """Verdict, every requirement's status and the property phase's request digest."""
    differences, not_replayed = [], []
    if report.get("verdict") != result.verdict.value:
        differences.append(
            f"verdict: the report says {report.get('verdict')}, the replay gives "
            f"{result.verdict.value}"
        )
    stated = {
        str(e.get("id")): str(e.get("status"))
        for e in report.get("requirements", [])
        if isinstance(e, dict)
    }
    replayed = {r.requirement.id: r.status.value for r in result.results}
    for id_ in sorted(set(stated) | set(replayed)):
        before, after = stated.get(id_, "absent"), replayed.get(id_, "absent")
        if before == after:
            continue
        needs_writes = id_ in CATALOGUE and CATALOGUE[id_].conformance_class == "writes"
        if needs_writes and after == "skipped":
            not_replayed.append(
                f"{id_}: {before} in the report; a read-only replay cannot check it"
            )
        elif id_ in NEEDS_SECOND_THREAD and after == "skipped":
            not_replayed.append(
                f"{id_}: {before} in the report; it needs a second thread, which the run "
                "created and a read-only replay cannot"
            )
        else:
            differences.append(f"{id_}: the report says {before}, the replay gives {after}")
    phase = report.get("property_phase")
    digest = phase.get("requests_digest") if isinstance(phase, dict) else None
    replay_digest = result.properties.requests_digest if result.properties else None
    if digest != replay_digest:
        differences.append(
            f"request digest: the report's property phase sent {digest}, the replay {replay_digest}"
        )
    return ReplayOutcome(differences, not_replayed, result.verdict.value)


def replay(report: Mapping[str, Any]) -> ReplayOutcome:
    """Certify the report's target again with its options, and compare the two."""
    target, options = replay_options(report)
    return compare(report, certify(target, options))
