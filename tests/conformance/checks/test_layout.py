"""A failing ``LR-X-NNN`` leads straight to its file: ``checks/<family>`` holds its check.

A family's checks live in the module ``checks/<family>.py``, or, once that module has
grown seams, in the package ``checks/<family>/`` (its check in one of the package's
modules): either way the family's name leads to the place.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from conformance.checks import CHECKS, FAMILY_MODULES
from conformance.model import CATALOGUE, ENDPOINT_PROFILES
from conformance.model.catalogue import catalogue_for


def _lives_in(where: str, family_module: str) -> bool:
    """Whether a check defined in module ``where`` lives in ``family_module`` (or its package)."""
    if where == family_module:
        return True
    package = hasattr(importlib.import_module(family_module), "__path__")
    return package and where.startswith(f"{family_module}.")


@pytest.mark.parametrize("requirement_id", list(CATALOGUE))
def test_every_requirement_is_checked_in_the_module_named_after_its_family(
    requirement_id: str,
) -> None:
    family_module = f"conformance.checks.{CATALOGUE[requirement_id].family.lower()}"
    assert _lives_in(CHECKS[requirement_id].__module__, family_module)


@pytest.mark.parametrize(
    ("where", "family_module"),
    [
        ("conformance.checks.order", "conformance.checks.page"),
        ("conformance.checks.pagination", "conformance.checks.page"),
        ("conformance.checks._common", "conformance.checks.page"),
        ("conformance.checks.page._walk_shape", "conformance.checks.order"),
        ("conformance.checks.auth.inner", "conformance.checks.auth"),
    ],
)
def test_a_check_outside_its_familys_module_or_package_breaks_the_layout_rule(
    where: str, family_module: str
) -> None:
    assert not _lives_in(where, family_module)


def test_every_family_of_the_catalogue_has_its_module_and_no_module_is_left_over() -> None:
    every_list = catalogue_for(ENDPOINT_PROFILES).values()
    families = {requirement.family for requirement in every_list}
    assert set(FAMILY_MODULES) == families
    for family, module in FAMILY_MODULES.items():
        assert module.__name__ == f"conformance.checks.{family.lower()}"


def test_the_checks_folder_holds_only_family_modules_and_the_layers_own_helpers() -> None:
    folder = Path(next(iter(FAMILY_MODULES.values())).__file__ or "").parent
    names = {path.stem for path in folder.glob("*.py")}
    packages = {path.parent.name for path in folder.glob("*/__init__.py")}
    helpers = {
        "__init__",
        "_common",
        "_item_fields",
        "_needs",
        "_odd_inputs",
        "_orders",
        "_other_writers",
        "_registry",
        "_served",
        "_words",
        "sufficiency",
    }
    assert not names & packages  # a family is a module or a package, never both
    assert (names | packages) - helpers == {family.lower() for family in FAMILY_MODULES}
