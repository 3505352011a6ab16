"""The server's scoped faults name requirements the suite's catalogue has.

The reference server imports nothing of the suite, so its per-list faults name templates
(``PAGE-006``) that it fills with each list's prefix; only a test can hold the two together.
A fault that named an ID no list instantiates (a write check of run steps, a parent check of
a project-wide list) could never be shown failing by the self-test.
"""

from __future__ import annotations

import pytest

from conformance.model.catalogue import LISTS, catalogue_for
from conformance.server import OTHER_LIST_FAULTS_BY_NAME, OTHER_LISTS, fault_requirements
from conformance.server._faults._catalogue import scoped_switches

ALL_IDS = frozenset(catalogue_for(LISTS))


@pytest.mark.parametrize("switch", scoped_switches())
def test_every_requirement_a_scoped_fault_names_is_in_the_catalogue_of_its_list(
    switch: str,
) -> None:
    named = fault_requirements(switch)
    assert named, f"{switch} names no requirement"
    assert [i for i in named if i not in ALL_IDS] == []


def test_every_other_list_has_a_scoped_pagination_fault_and_an_item_fault() -> None:
    switches = scoped_switches()
    for name in OTHER_LISTS:
        scoped = {s.split("@")[0] for s in switches if s.endswith(f"@{name}")}
        assert scoped - set(OTHER_LIST_FAULTS_BY_NAME), name
        assert scoped & set(OTHER_LIST_FAULTS_BY_NAME), name
