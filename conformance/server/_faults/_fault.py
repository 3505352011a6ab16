"""What a fault is: a switch name, a description, the requirements it trips, its hooks.

A fault is a bug of List runs unless it says which other lists it may be scoped to:
``after-inclusive`` is List runs', ``after-inclusive@messages`` the same bug on List
messages, ``after-inclusive@all`` on every list it applies to.

Beside it, the hook that faults of several sections share: the correct envelope, edited.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from conformance.server._steps import Hooks, Proceed, Server

__all__ = ["Body", "EnvelopeHook", "Fault", "envelope_field"]


@dataclass(frozen=True)
class Fault:
    """One deliberate bug: its switch name, what it does, what it trips, how it hooks in."""

    name: str
    description: str
    requirements: tuple[str, ...]
    """Every requirement the bug fails on the self-test's thread, MUST and SHOULD alike."""
    hooks: Hooks = field(default_factory=dict, compare=False, repr=False)
    """The steps this bug changes, each with the hook that changes it."""
    lists: frozenset[str] = frozenset()
    """The lists beside List runs this bug may be scoped to (``name@list``): its hooks act
    on steps every list runs.  Empty: a bug of List runs only."""
    templates: tuple[str, ...] | None = None
    """The requirements it trips on another list, without the list's prefix ("PAGE-006");
    None: those of ``requirements``, their ``LR-`` prefix dropped."""

    with_parent_only: frozenset[str] = frozenset()
    """Templates it trips only on a list the suite walks a second parent of (a second
    thread): seen only in those walks.  A project-wide list has no parent, and the suite
    walks no second run, store or batch."""

    by_the_clock: frozenset[str] = frozenset()
    """Templates of what it trips ("WRITE-005") that it trips only as the wall clock falls.

    The server dates the items the suite creates by the second each arrives in, which no
    run controls: a bug of items of one second (their order left to chance) acts on them
    only when they share one, and a second that ends between two creations can leave it
    nothing to act on.  The self-test counts these neither as missed when they pass nor as
    unnamed when they fail; a test holds each to another fault that trips it every time.
    """

    def requirements_for(
        self, prefix: str, *, creatable: bool = True, second_parent: bool = True
    ) -> tuple[str, ...]:
        """The requirement IDs the bug trips on the list of ``prefix`` (``LM``, ...).

        A list the server cannot add items to has no write requirement to trip; a
        list without a ``second_parent`` walked none of :attr:`with_parent_only`.
        """
        if prefix == "LR":
            return self.requirements
        templates = (
            self.templates
            if self.templates is not None
            else tuple(r.removeprefix("LR-") for r in self.requirements)
        )
        return tuple(
            f"{prefix}-{t}"
            for t in templates
            if (creatable or not t.startswith("WRITE-"))
            and (second_parent or t not in self.with_parent_only)
        )

    def by_the_clock_for(self, prefix: str, **scope: bool) -> tuple[str, ...]:
        """The IDs among :meth:`requirements_for` that it trips only as the clock falls."""
        return tuple(
            i
            for i in self.requirements_for(prefix, **scope)
            if i.partition("-")[2] in self.by_the_clock
        )


Body = dict[str, Any]
"""A JSON object as a hook reads and edits it (a run, an envelope, an error)."""

EnvelopeHook = Callable[[Proceed[Body], Server, list[Body], bool], Body]
"""A hook of ``shape_envelope``."""


def envelope_field(change: Callable[[Body], None]) -> EnvelopeHook:
    """A hook of ``shape_envelope`` that edits the shaped list envelope in place."""

    def hook(proceed: Proceed[Body], server: Server, runs: list[Body], has_more: bool) -> Body:
        envelope = proceed(server, runs, has_more)
        change(envelope)
        return envelope

    return hook
