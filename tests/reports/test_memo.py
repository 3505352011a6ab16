"""``ByIdentity``: a writer's answer about one run, kept while that very run lives."""

from __future__ import annotations

import gc
from dataclasses import dataclass

from reports._memo import ByIdentity


@dataclass(frozen=True)
class _Run:
    name: str


def test_the_value_kept_for_an_object_is_found_for_that_object() -> None:
    memo: ByIdentity[_Run, int] = ByIdentity()
    run = _Run("a")
    assert memo.put(run, 7) == 7
    assert memo.get(run) == 7


def test_an_equal_but_other_object_finds_nothing() -> None:
    memo: ByIdentity[_Run, int] = ByIdentity()
    memo.put(_Run("a"), 7)
    kept = _Run("a")
    memo.put(kept, 8)
    assert memo.get(_Run("a")) is None
    assert memo.get(kept) == 8


def test_the_value_goes_when_the_object_is_collected() -> None:
    memo: ByIdentity[_Run, list[int]] = ByIdentity()
    run = _Run("a")
    memo.put(run, [1, 2, 3])
    del run
    gc.collect()
    assert memo._held == {}
