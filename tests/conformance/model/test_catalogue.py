"""The catalogue keeps its fairness promises: a MUST rests on a sentence, a reading is a SHOULD."""

from __future__ import annotations

import importlib
import pkgutil
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

# fmt: off
ORDER_BEFORE_THE_SPLIT = (
    "LR-SCHEMA-001", "LR-SCHEMA-002", "LR-SCHEMA-003", "LR-SCHEMA-004", "LR-SCHEMA-005",
    "LR-RUN-001", "LR-RUN-002", "LR-RUN-003", "LR-RUN-004", "LR-RUN-005", "LR-RUN-006",
    "LR-RUN-007", "LR-RUN-008", "LR-RUN-009", "LR-RUN-010",
    "LR-PAGE-001", "LR-PAGE-002", "LR-PAGE-003", "LR-PAGE-004", "LR-PAGE-005", "LR-PAGE-006",
    "LR-PAGE-007", "LR-PAGE-008", "LR-PAGE-009", "LR-PAGE-010", "LR-PAGE-011", "LR-PAGE-012",
    "LR-PAGE-013", "LR-PAGE-014", "LR-PAGE-015", "LR-PAGE-016", "LR-PAGE-017", "LR-PAGE-018",
    "LR-PAGE-019", "LR-PAGE-020",
    "LR-WRITE-001", "LR-WRITE-002", "LR-WRITE-003", "LR-WRITE-004", "LR-WRITE-005",
    "LR-ORDER-001", "LR-ORDER-002", "LR-ORDER-003", "LR-ORDER-004", "LR-ORDER-005",
    "LR-PARAM-001", "LR-PARAM-002", "LR-PARAM-003", "LR-PARAM-004", "LR-PARAM-005",
    "LR-PROP-001", "LR-PROP-002", "LR-PROP-003", "LR-PROP-004", "LR-PROP-005",
    "LR-ERR-001",
    "LR-THREAD-001", "LR-THREAD-002", "LR-THREAD-003",
    "LR-AUTH-001", "LR-AUTH-002", "LR-AUTH-003", "LR-AUTH-004",
    "LR-DIFF-001", "LR-DIFF-002", "LR-DIFF-003",
    "LR-CLIENT-001", "LR-CLIENT-002",
)
# fmt: on
"""The catalogue's order when it was one module (issue 32), each family on lines of its own:
reports, golden files and docs/reference/requirements.md list requirements in it. A new ID
joins the end of its family here too, on purpose, as the golden files are updated on purpose."""

_NOT_FAMILIES = {"types", "classes", "sources", "template", "lists", "item"}
"""Not a family of List runs: the parts the families are written with, and ITEM (every list's
but List runs', held in ``test_catalogue_lists.py``)."""
FAMILY_MODULES = sorted(
    info.name
    for info in pkgutil.iter_modules(
        importlib.import_module("conformance.model._catalogue").__path__
    )
    if info.name not in _NOT_FAMILIES
)


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


def test_the_catalogue_lists_its_requirements_in_the_order_it_had_before_the_split() -> None:
    assert tuple(CATALOGUE) == ORDER_BEFORE_THE_SPLIT


@pytest.mark.parametrize("name", FAMILY_MODULES)
def test_each_family_module_of_the_catalogue_holds_only_its_own_family(name: str) -> None:
    entries = getattr(importlib.import_module(f"conformance.model._catalogue.{name}"), name.upper())
    assert entries
    assert {r.family for r in entries} == {name.upper()}


def test_every_family_module_of_the_catalogue_is_in_the_catalogue_whole() -> None:
    modules = (importlib.import_module(f"conformance.model._catalogue.{n}") for n in FAMILY_MODULES)
    listed = [
        r for name, m in zip(FAMILY_MODULES, modules, strict=True) for r in getattr(m, name.upper())
    ]
    assert sorted(r.id for r in listed) == sorted(CATALOGUE)
    assert all(CATALOGUE[r.id] is r for r in listed)
