"""The catalogue keeps its fairness promises: a MUST rests on a sentence, a reading is a SHOULD."""

from __future__ import annotations

import re

import pytest

from conformance.model import (
    CATALOGUE,
    CLASSES,
    DEFAULT_PROFILE,
    PROFILES,
    Basis,
    Level,
    Requirement,
)

REQUIREMENTS = list(CATALOGUE.values())


def _id(requirement: Requirement) -> str:
    return requirement.id


@pytest.mark.parametrize("requirement", REQUIREMENTS, ids=_id)
def test_every_must_rests_on_the_contract_the_official_client_or_its_class_definition(
    requirement: Requirement,
) -> None:
    if requirement.level is Level.MUST:
        assert requirement.basis is not Basis.READING
        assert requirement.source


@pytest.mark.parametrize("requirement", REQUIREMENTS, ids=_id)
def test_every_reading_is_a_should_that_names_its_reading_and_why(
    requirement: Requirement,
) -> None:
    if requirement.is_reading:
        assert requirement.level is Level.SHOULD
        assert requirement.choice.startswith("Reading"), requirement.choice


@pytest.mark.parametrize("requirement", REQUIREMENTS, ids=_id)
def test_every_requirement_belongs_to_a_defined_conformance_class(
    requirement: Requirement,
) -> None:
    assert requirement.conformance_class in CLASSES


def test_only_differential_mode_rests_on_a_class_definition() -> None:
    defined = {r.id for r in REQUIREMENTS if r.basis is Basis.DEFINITION}
    assert defined == {r.id for r in REQUIREMENTS if r.conformance_class == "gateway"}


def test_a_requirement_that_kept_its_id_but_became_a_reading_points_to_its_must_part() -> None:
    """Old IDs keep their meaning as readings; the contract's part has a new MUST ID."""
    for requirement in REQUIREMENTS:
        for mentioned in re.findall(r"LR-[A-Z]+-\d{3}", requirement.choice):
            assert mentioned in CATALOGUE, f"{requirement.id} names unknown {mentioned}"


def test_every_class_has_at_least_one_must_so_that_covering_it_promises_something() -> None:
    for cls in CLASSES:
        assert any(r.level is Level.MUST for r in REQUIREMENTS if r.conformance_class == cls)


def test_every_profile_covers_the_core_class_and_names_only_defined_classes() -> None:
    assert DEFAULT_PROFILE in PROFILES
    for profile in PROFILES.values():
        assert "core" in profile.classes
        assert set(profile.classes) <= set(CLASSES)
    assert set(PROFILES[DEFAULT_PROFILE].classes) == {"core", "writes", "clients"}


def test_requirement_ids_are_unique_and_well_formed() -> None:
    assert all(re.fullmatch(r"LR-[A-Z]+-\d{3}", r.id) for r in REQUIREMENTS)
    assert len({r.id for r in REQUIREMENTS}) == len(REQUIREMENTS)
