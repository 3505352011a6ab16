"""The suite's proof of teeth and of fairness: certify its reference server in every guise.

A vendor trusts a "conformant" verdict only if every requirement has been seen
to fail on an implementation that breaks it, and a "non-conformant" one only if
no correct implementation is ever given it.  This runs both experiments on the
user's own machine: the correct server must come out clean; each fault must fail
every requirement it names (a fault that trips only some of them proves less
than its entry claims); each variation, a correct server that reads a silent
sentence otherwise or is deployed otherwise, must be certified conformant with
no failure but the SHOULD readings it names.

Every list certified beside List runs has a section of its own (:data:`LIST_SECTIONS`): the
correct server certified for that list alone, then each ``name@list`` switch of the server's
(``scoped_switches``), which must fail every requirement ``fault_requirements`` names and
nothing else.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from conformance.model import Level, RunResult, Status, Verdict
from conformance.observing.http import Target
from conformance.runner import RunOptions, certify
from conformance.server import (
    FAULTS,
    SEEDED_THREAD_ID,
    VARIATIONS,
    ServerConfig,
    clock_requirements,
    fault_requirements,
    scoped_switches,
    seeded_parents,
    serve_in_thread,
)

__all__ = [
    "LIST_SECTIONS",
    "SELFTEST_DATA_SEED",
    "FaultResult",
    "list_switches",
    "run_fault",
    "run_list_fault",
    "run_variation",
    "selftest",
]

LIST_SECTIONS = (
    "messages",
    "steps",
    "assistants",
    "vector-stores",
    "vector-store-files",
    "batch-files",
)
"""The lists beside List runs the self-test certifies, each in a section of its own: every
list ``--lists`` takes, in report order."""

_KEY = "rc-selftest-key-0123456789"
SELFTEST_DATA_SEED = 1
"""The seed of the self-test's thread: one whose runs of the same second straddle the page
boundary of the limit-100 walks in both orders, the hardest place for a cursor (a server
that resumes after a cursor's second shows in the canonical walks, not only under writes)."""
_DECIDED = (Status.PASSED, Status.FAILED, Status.ERROR)


@dataclass(frozen=True)
class FaultResult:
    """One row of the self-test table: the correct server, a fault or a variation.

    ``fault`` names the fault (None for the correct server and for a variation);
    ``variation`` names the variation.  ``named`` is what the catalogue entry
    claims: the requirements a fault must trip, or the SHOULD readings a
    variation differs from.
    """

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
    variation: str | None = None
    failed_musts: tuple[str, ...] = ()
    """The MUST requirements among ``failed``."""
    unchecked: tuple[tuple[str, str], ...] = ()
    """Named requirements the run did not decide, each with why (no check, skipped)."""
    seconds: float = 0.0
    """Seconds from the first request to the verdict: the whole run, as a user waits for it."""
    list_name: str = "runs"
    """The list certified: a section's rows certify that list alone."""
    by_the_clock: tuple[str, ...] = ()
    """Those of ``named`` the fault trips only as the wall clock falls on the items the suite
    creates (``Fault.by_the_clock``): not missed when they pass, another fault proves them."""

    @property
    def label(self) -> str:
        """How the table names the server (a section's correct server names its list)."""
        if self.variation is not None:
            return f"(variation) {self.variation}"
        if self.fault is None and self.list_name != "runs":
            return f"(correct server, {self.list_name})"
        return self.fault or "(correct server)"

    @property
    def caught_by(self) -> tuple[str, ...]:
        """The named requirements that failed: the ones that caught the fault."""
        return tuple(i for i in self.failed if i in self.named)

    @property
    def missed(self) -> tuple[str, ...]:
        """Named requirements that did not fail: decided and passed, or not decided at all.

        Not one the fault trips only as the clock falls: its passing says nothing of the suite.
        """
        return tuple(i for i in self.named if i not in self.failed and i not in self.by_the_clock)

    @property
    def also_failed(self) -> tuple[str, ...]:
        """Failures the catalogue entry does not name."""
        return tuple(i for i in self.failed if i not in self.named)

    @property
    def accused(self) -> tuple[str, ...]:
        """For a correct server (plain or a variation): every failure it should not have had.

        A variation may fail the SHOULD readings it names; any other failure, and a
        MUST failure whatever its entry says, is the suite accusing a correct server.
        """
        if self.fault is not None:
            return ()
        return tuple(i for i in self.failed if i not in self.named or i in self.failed_musts)

    @property
    def ok(self) -> bool:
        """Correct or variation: conformant, nothing accused.  Fault: every named one failed."""
        if self.fault is None:
            return not self.accused and self.verdict is Verdict.CONFORMANT
        return not self.missed


def _first_detection(result: RunResult, named: set[str]) -> int | None:
    """The request after which some finding of a named requirement could be made.

    A finding needs all of its evidence (the page that repeats runs and the page it
    repeats; the first page and the probe that answered it again), so its moment is
    the latest request it cites; the fault's is the earliest such moment.
    """
    order = {e.id: n for n, e in enumerate(result.exchanges, start=1) if e.id.startswith("E")}
    moments = [
        max(order[e] for e in finding.evidence if e in order)
        for r in result.results
        if r.status is Status.FAILED and r.requirement.id in named
        for finding in r.outcome.findings
        if any(e in order for e in finding.evidence)
    ]
    return min(moments, default=None)


def _certify(config: ServerConfig, options: RunOptions | None) -> RunResult:
    """A fresh server, certified with the quick profile unless told otherwise.

    The quick profile by default: the self-test shows what the suite catches at
    the budget a pull request would use, and stays fast enough to run often.
    """
    chosen = options or RunOptions.quick()
    # the parents of the lists certified beside the thread (a run's steps, a store's files)
    parents = {
        param: value
        for name, ids in seeded_parents(config).items()
        if name in chosen.lists
        for param, value in ids.items()
        if param != "thread_id"
    }
    with serve_in_thread(config) as server:
        return certify(
            Target(
                server.base_url,
                SEEDED_THREAD_ID,
                _KEY,
                allow_writes=True,
                parent_ids=tuple(parents.items()),
            ),
            chosen,
        )


def _row(
    result: RunResult,
    named: tuple[str, ...],
    fault: str | None,
    variation: str | None,
    by_the_clock: tuple[str, ...] = (),
) -> FaultResult:
    by_id = {r.requirement.id: r for r in result.results}
    unchecked = []
    for i in named:
        r = by_id.get(i)
        if r is None:
            unchecked.append((i, "not evaluated: no check"))
        elif r.status not in _DECIDED:
            unchecked.append((i, f"{r.status.value}: {r.message}"))
    failed = tuple(
        r.requirement.id for r in result.results if r.status in (Status.FAILED, Status.ERROR)
    )
    return FaultResult(
        fault,
        named,
        failed,
        result.verdict,
        result.request_count,
        _first_detection(result, set(named)) if fault is not None else None,
        variation,
        tuple(i for i in failed if by_id[i].requirement.level is Level.MUST),
        tuple(unchecked),
        result.duration_s,
        result.lists[0] if result.lists else "runs",
        by_the_clock,
    )


def run_fault(fault: str | None, options: RunOptions | None = None) -> FaultResult:
    """Certify a fresh reference server with ``fault`` switched on (None: the correct one)."""
    faults = frozenset() if fault is None else frozenset({fault})
    result = _certify(ServerConfig(api_key=_KEY, seed=SELFTEST_DATA_SEED, faults=faults), options)
    if fault is None:
        return _row(result, (), None, None)
    named = tuple(sorted(FAULTS[fault].requirements))
    return _row(result, named, fault, None, clock_requirements(fault))


def list_switches(list_name: str) -> tuple[str, ...]:
    """The server's switches scoped to one list (``after-inclusive@messages``...), in its order."""
    return tuple(s for s in scoped_switches() if s.rpartition("@")[2] == list_name)


def run_list_fault(
    switch: str | None, list_name: str, options: RunOptions | None = None
) -> FaultResult:
    """Certify one list of a fresh server with a scoped ``switch`` on (None: the correct one).

    The run certifies that list alone (``--lists``), so a section costs what a List runs row
    does; the switch must fail exactly what ``fault_requirements`` names for it.
    """
    faults = frozenset() if switch is None else frozenset({switch})
    config = ServerConfig(api_key=_KEY, seed=SELFTEST_DATA_SEED, faults=faults)
    chosen = dataclasses.replace(options or RunOptions.quick(), lists=(list_name,))
    result = _certify(config, chosen)
    if switch is None:
        return _row(result, (), None, None)
    named = tuple(sorted(fault_requirements(switch)))
    return _row(result, named, switch, None, clock_requirements(switch))


def run_variation(variation: str, options: RunOptions | None = None) -> FaultResult:
    """Certify a fresh reference server under one legitimate variation."""
    result = _certify(
        ServerConfig(api_key=_KEY, seed=SELFTEST_DATA_SEED, variations=frozenset({variation})),
        options,
    )
    return _row(result, tuple(sorted(VARIATIONS[variation].differs_from)), None, variation)


def selftest(
    faults: Iterable[str] | None = None,
    on_result: Callable[[FaultResult], None] | None = None,
    variations: Iterable[str] | None = None,
    options: RunOptions | None = None,
) -> list[FaultResult]:
    """The correct server first, then every fault and every variation, one fresh server each.

    Naming faults or variations runs only those (and the correct server); a named switch
    scoped to a list (``after-inclusive@messages``) runs in its list's section, after that
    list's correct server.  Named nothing, every section of :data:`LIST_SECTIONS` runs too.
    """
    sections = {name: list_switches(name) for name in LIST_SECTIONS}
    scoped = {s for switches in sections.values() for s in switches}
    if faults is None and variations is None:
        fault_names, variation_names = sorted(FAULTS), list(VARIATIONS)
        chosen = dict(sections)
    else:
        named = list(faults or ())
        fault_names = [n for n in named if n not in scoped]
        variation_names = list(variations or ())
        chosen = {
            name: tuple(s for s in switches if s in named)
            for name, switches in sections.items()
            if any(s in named for s in switches)
        }
    unknown = [n for n in fault_names if n not in FAULTS]
    unknown += [n for n in variation_names if n not in VARIATIONS]
    if unknown:
        raise KeyError(f"unknown fault or variation {', '.join(unknown)}")
    plan: list[Callable[[], FaultResult]] = [
        functools.partial(run_fault, None, options),
        *(functools.partial(run_fault, name, options) for name in fault_names),
        *(functools.partial(run_variation, name, options) for name in variation_names),
    ]
    for list_name, switches in chosen.items():
        plan.append(functools.partial(run_list_fault, None, list_name, options))
        plan.extend(functools.partial(run_list_fault, s, list_name, options) for s in switches)
    rows = []
    for run in plan:
        row = run()
        rows.append(row)
        if on_result is not None:
            on_result(row)
    return rows
