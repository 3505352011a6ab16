"""A failing ``LR-X-NNN`` leads straight to its file: ``checks/<family>.py`` holds its check."""

from __future__ import annotations

from pathlib import Path

import pytest

from conformance.checks import CHECKS, FAMILY_MODULES
from conformance.model import CATALOGUE


@pytest.mark.parametrize("requirement_id", list(CATALOGUE))
def test_every_requirement_is_checked_in_the_module_named_after_its_family(
    requirement_id: str,
) -> None:
    family = CATALOGUE[requirement_id].family
    assert CHECKS[requirement_id].__module__ == f"conformance.checks.{family.lower()}"


def test_every_family_of_the_catalogue_has_its_module_and_no_module_is_left_over() -> None:
    families = {requirement.family for requirement in CATALOGUE.values()}
    assert set(FAMILY_MODULES) == families
    for family, module in FAMILY_MODULES.items():
        assert module.__name__ == f"conformance.checks.{family.lower()}"


def test_the_checks_folder_holds_only_family_modules_and_the_layers_own_helpers() -> None:
    folder = Path(next(iter(FAMILY_MODULES.values())).__file__ or "").parent
    names = {path.stem for path in folder.glob("*.py")}
    helpers = {
        "__init__",
        "_common",
        "_needs",
        "_odd_inputs",
        "_orders",
        "_registry",
        "_served",
        "sufficiency",
    }
    assert names - helpers == {family.lower() for family in FAMILY_MODULES}
