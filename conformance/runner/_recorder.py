"""What a run has observed so far, and ``--exitfirst``'s look at it after each step."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from conformance.checks import evaluate
from conformance.model import (
    RUNS,
    ClientWalk,
    EndpointProfile,
    Exchange,
    Level,
    Observations,
    PropertyRun,
    Response,
    Status,
    ThreadProfile,
    Walk,
)
from conformance.observing import Client, RunStoppedError, mirrored_of
from conformance.runner._options import RunOptions

__all__ = ["FirstFailureError", "Recorder", "settle"]


class FirstFailureError(RunStoppedError):
    """``--exitfirst``: a MUST failed, so the run stops there (a red light is all it wanted)."""

    def __init__(self, requirement: str) -> None:
        super().__init__(f"--exitfirst: {requirement} failed")
        self.requirement = requirement


def settle(state: Recorder, client: Client, options: RunOptions) -> None:
    """With ``exitfirst``, stop as soon as what was observed so far fails a MUST.

    Checks skip what they have no observation for, so a failure on part of the
    observations is a failure of the whole run too.
    """
    if not options.exitfirst:
        return
    for result in evaluate(state.observations(client)):
        if result.status is Status.FAILED and result.requirement.level is Level.MUST:
            raise FirstFailureError(result.requirement.id)


@dataclass
class Recorder:
    """What a run has observed so far: kept outside :func:`observe` so a stopped run keeps it."""

    responses: dict[str, Response] = field(default_factory=dict)
    walks: dict[str, Walk] = field(default_factory=dict)
    write_walks: dict[str, Walk] = field(default_factory=dict)
    writes: list[Exchange] = field(default_factory=list)
    other_writes: list[tuple[str, Exchange]] = field(default_factory=list)
    """The runs created in the second thread (with its ID): judged as every created run is."""
    properties: PropertyRun | None = None
    client_walks: dict[str, ClientWalk] = field(default_factory=dict)
    thread: ThreadProfile | None = None
    property_error: str | None = None
    """Why the property phase could not run (the suite's own error), if it could not."""
    warnings: list[str] = field(default_factory=list)
    """What the run could not do, beside the client's own warnings (a second thread kept)."""
    phases: dict[str, float] = field(default_factory=dict)
    """Wall seconds per phase of :func:`observe`, in its order (:func:`certify`'s ``phases``)."""
    profile: EndpointProfile = RUNS
    """The list observed: one recorder per list."""
    since: int = 0
    """The client's exchanges before this list's first: another list's, not judged here."""

    def lap(self, phase: str, since: float) -> float:
        """Add the time since ``since`` to ``phase`` and return now, the next phase's start."""
        now = time.perf_counter()
        self.phases[phase] = self.phases.get(phase, 0.0) + now - since
        return now

    def observations(self, client: Client) -> Observations:
        threaded = any(p.param == "thread_id" for p in self.profile.parents)
        return Observations(
            # a project-wide list's or a store's items belong to no thread
            client.target.thread_id if threaded else "",
            dict(self.responses),
            dict(self.walks),
            tuple(client.exchanges[self.since :]),
            dict(self.write_walks),
            tuple(self.writes),
            self.properties,
            mirrored=mirrored_of(client),
            client_walks=dict(self.client_walks),
            property_error=self.property_error,
            other_writes=tuple(self.other_writes),
            profile=self.profile,
            parents={
                p.param: value
                for p in self.profile.parents
                if (value := client.target.parents().get(p.param))
            },
        )
