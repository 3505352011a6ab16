"""What a fault is: a switch name, a description, the requirements it trips, its hooks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from conformance.server._steps import Hooks

__all__ = ["Body", "Fault"]


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
