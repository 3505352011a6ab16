"""The suite's proof of teeth: certify the reference server under each of its faults.

A vendor trusts a "conformant" verdict only if every requirement has been seen
to fail on an implementation that breaks it.  This runs that experiment on the
user's own machine: the correct server must come out clean, and each fault must
fail a requirement it names.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from conformance.model import RunResult, Status, Verdict
from conformance.observing.http import Target
from conformance.runner import RunOptions, certify
from conformance.server import FAULTS, SEEDED_THREAD_ID, ServerConfig, serve_in_thread

__all__ = ["FaultResult", "run_fault", "selftest"]

_KEY = "rc-selftest-key-0123456789"


@dataclass(frozen=True)
class FaultResult:
    """One row of the self-test table (``fault`` is None for the correct server)."""

    fault: str | None
    named: tuple[str, ...]
    failed: tuple[str, ...]
    verdict: Verdict
    requests: int
    first_detection: int | None
    """Ordinal of the earliest request in the evidence of a failing named requirement.

    None when only the property phase caught the fault: its requests are counted,
    not recorded one by one, so the moment is not known to the request.
    """

    @property
    def caught_by(self) -> tuple[str, ...]:
        """The named requirements that failed: the ones that caught the fault."""
        return tuple(i for i in self.failed if i in self.named)

    @property
    def ok(self) -> bool:
        """Clean server: nothing failed.  Faulty server: a named requirement failed."""
        if self.fault is None:
            return not self.failed and self.verdict is Verdict.CONFORMANT
        return bool(set(self.failed) & set(self.named))


def _first_detection(result: RunResult, named: set[str]) -> int | None:
    order = {e.id: n for n, e in enumerate(result.exchanges, start=1) if e.id.startswith("E")}
    moments = [
        min(order[e] for e in finding.evidence if e in order)
        for r in result.results
        if r.status is Status.FAILED and r.requirement.id in named
        for finding in r.outcome.findings
        if any(e in order for e in finding.evidence)
    ]
    return min(moments, default=None)


def run_fault(fault: str | None, options: RunOptions | None = None) -> FaultResult:
    """Certify a fresh reference server with ``fault`` switched on (None: the correct one).

    The quick profile by default: the self-test shows what the suite catches at
    the budget a pull request would use, and stays fast enough to run often.
    """
    faults = frozenset() if fault is None else frozenset({fault})
    with serve_in_thread(ServerConfig(api_key=_KEY, faults=faults)) as server:
        result = certify(
            Target(server.base_url, SEEDED_THREAD_ID, _KEY, allow_writes=True),
            options or RunOptions.quick(),
        )
    named = set(FAULTS[fault].requirements) if fault is not None else set()
    failed = tuple(
        r.requirement.id for r in result.results if r.status in (Status.FAILED, Status.ERROR)
    )
    return FaultResult(
        fault,
        tuple(sorted(named)),
        failed,
        result.verdict,
        result.request_count,
        _first_detection(result, named),
    )


def selftest(
    faults: Iterable[str] | None = None, on_result: Callable[[FaultResult], None] | None = None
) -> list[FaultResult]:
    """The correct server first, then every fault (or the ones named), one fresh server each."""
    names = sorted(FAULTS) if faults is None else list(faults)
    unknown = [n for n in names if n not in FAULTS]
    if unknown:
        raise KeyError(f"unknown fault {', '.join(unknown)}")
    rows = []
    for name in (None, *names):
        row = run_fault(name)
        rows.append(row)
        if on_result is not None:
            on_result(row)
    return rows
