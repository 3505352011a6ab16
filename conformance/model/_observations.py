"""What the runner observed, as the checks read it: the thread, the property phase, the SDKs.

``Observations`` is everything a run fetched, keyed by what it was fetched for; the other
records are the parts of it that are not pages or walks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from conformance.model._evidence import Exchange
from conformance.model._pages import Response
from conformance.model._walks import Walk
from conformance.model.profiles import RUNS, EndpointProfile

__all__ = ["ClientWalk", "Observations", "PropertyFinding", "PropertyRun", "ThreadProfile"]


@dataclass(frozen=True, slots=True)
class ThreadProfile:
    """What the thread under test offers the checks: its size and its ties."""

    runs: int
    complete: bool
    """Whether the walk reached the end (otherwise ``runs`` is a lower bound)."""
    distinct_seconds: int
    sharing_a_second: int
    """Runs whose created_at second is shared with at least one other run."""
    limitations: tuple[str, ...] = ()
    """What cannot be checked on this thread, and why (empty: everything can)."""
    cannot_decide: tuple[tuple[str, str], ...] = ()
    """The sufficiency table applied to this thread: each requirement it cannot decide,
    with what it lacks and how to get it (such a requirement is never passed)."""


@dataclass(frozen=True, slots=True)
class PropertyFinding:
    """A failure found by the property phase, already mapped onto a requirement."""

    requirement_id: str
    check: str
    message: str
    exchange: Exchange


@dataclass(frozen=True, slots=True)
class PropertyRun:
    """What the property phase did: its budget, its seed, its cost and what it found."""

    seed: int
    max_examples: int
    phases: tuple[str, ...]
    requests: int
    seconds: float
    findings: tuple[PropertyFinding, ...] = ()
    cases: int = 0
    requests_digest: str = ""
    """SHA-256 over the requests sent (method, path and query), to show a replay is exact."""
    answered: int = -1
    """Requests that got an HTTP answer (-1: not counted, a result written before this was).
    The phase's requirements are decided on answers, never on cases generated."""
    engine_errors: tuple[str, ...] = ()
    """Errors schemathesis reported of its own (a case it could not build or send): the
    suite's errors, never the target's."""


@dataclass(frozen=True, slots=True)
class ClientWalk:
    """A whole thread read through an official SDK's own pagination (no suite code in the loop).

    ``unavailable`` says why the walk was not made (the SDK is not installed, or
    cannot be pointed at the target); ``error`` why it stopped before its end.
    ``requests`` are the redacted URLs the SDK asked for, in order.  ``resumed`` is
    set when only the two ends of a long thread were read: (head, index) means the
    first ``head`` runs, then the runs from position ``index`` of the suite's walk on.
    """

    sdk: str
    version: str = ""
    ids: tuple[str, ...] = ()
    requests: tuple[str, ...] = ()
    error: str | None = None
    unavailable: str | None = None
    resumed: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class Observations:
    """Everything the runner fetched, keyed by what it was fetched for.

    Checks look observations up by these keys; a missing key means the runner
    could not make that request (e.g. the thread was too small), which a check
    turns into a skip with a reason, never into a pass.  Walks made while runs
    were being created (only with the user's permission) are kept apart, so the
    static invariants are judged on a list that held still.
    """

    thread_id: str
    responses: Mapping[str, Response] = field(default_factory=dict)
    walks: Mapping[str, Walk] = field(default_factory=dict)
    exchanges: Sequence[Exchange] = ()
    write_walks: Mapping[str, Walk] = field(default_factory=dict)
    writes: Sequence[Exchange] = ()
    properties: PropertyRun | None = None
    mirrored: Mapping[str, Exchange] = field(default_factory=dict)
    """Differential mode: primary exchange ID -> the same request made to the comparison target.

    Empty without --compare-with.  The comparison exchanges are kept out of
    ``exchanges``, so that no other check judges the comparison target.
    """
    client_walks: Mapping[str, ClientWalk] = field(default_factory=dict)
    """Whole-thread walks made through the official SDKs, by SDK name ("openai", "portkey-ai")."""
    property_error: str | None = None
    """Why the property phase could not run at all (the suite's own error), if it could not."""
    other_writes: Sequence[tuple[str, Exchange]] = ()
    """Runs the suite created outside the thread under test (the second thread it creates
    with --allow-writes): (that thread's ID, the POST that created the run)."""
    profile: EndpointProfile = RUNS
    """The list these are observations of: one ``Observations`` per list (issue 33), as the
    runner makes one per list of ``RunOptions.lists``; a check of every list reads its item
    schema, noun, timestamps and parents here, and ``evaluate`` the list's requirements."""
    parents: Mapping[str, str] = field(default_factory=dict)
    """The list's parent IDs by path parameter (``{"vector_store_id": ...}``), as listed;
    empty: the thread of ``thread_id`` alone (List runs' observations of before issue 33)."""

    def creations(self) -> tuple[tuple[str, Exchange], ...]:
        """Every POST by which the suite created a run, with its thread, in the order sent.

        ``writes`` (the thread under test) and ``other_writes`` together: what the suite
        created, it judges (LR-WRITE-002..005, and the LR-RUN checks on each answer).
        """
        made = [*self.other_writes, *((self.thread_id, e) for e in self.writes)]
        return tuple(sorted(made, key=lambda pair: pair[1].sent_at))

    def all_list_responses(self) -> tuple[Response, ...]:
        """Every response meant to be a 200 list: single requests and walk pages."""
        found: list[Response] = [r for r in self.responses.values() if r.status == 200]
        for walk in (*self.walks.values(), *self.write_walks.values()):
            found.extend(p for p in walk.pages if p.status == 200)
            if walk.trailing is not None and walk.trailing.status == 200:
                found.append(walk.trailing)
        return tuple(found)
