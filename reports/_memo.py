"""What a writer worked out about a run, kept by the run's identity while the run lives.

Several writers ask the same question of one result (is it scrubbed? where is each
exchange?), and on a run over a large thread each answer walks tens of thousands of
exchanges.  The answer is kept beside the result, looked up by identity: hashing a
result would hash all its exchanges, and two equal results are not the same run.
"""

from __future__ import annotations

import weakref
from typing import Generic, TypeVar

__all__ = ["ByIdentity"]

K = TypeVar("K")
V = TypeVar("V")


class ByIdentity(Generic[K, V]):
    """A value per live object, dropped when the object is collected."""

    def __init__(self) -> None:
        self._held: dict[int, tuple[weakref.ref[K], V]] = {}

    def get(self, key: K) -> V | None:
        """The value kept for this very object, or None."""
        held = self._held.get(id(key))
        return held[1] if held is not None and held[0]() is key else None

    def put(self, key: K, value: V) -> V:
        """Keep ``value`` for ``key`` until ``key`` is collected; return it."""
        self._held[id(key)] = (weakref.ref(key), value)
        weakref.finalize(key, self._held.pop, id(key), None)
        return value
