"""What a fault is: a switch name, a description, the requirements it trips, its hooks.

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
