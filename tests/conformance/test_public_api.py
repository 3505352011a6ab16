from __future__ import annotations

import inspect
from types import ModuleType

import pytest

import conformance
import conformance.model
import conformance.server
import reports
import strategies


@pytest.mark.parametrize(
    "module", [conformance, conformance.model, conformance.server, reports, strategies]
)
def test_all_lists_exactly_the_public_names_the_package_exports(module: ModuleType) -> None:
    public = {
        name
        for name, value in vars(module).items()
        if not name.startswith("_") and not inspect.ismodule(value)
    }
    public.discard("annotations")
    assert set(module.__all__) == public | ({"__version__"} & set(module.__all__))


@pytest.mark.parametrize(
    "module", [conformance, conformance.model, conformance.server, reports, strategies]
)
def test_every_name_in_all_exists(module: ModuleType) -> None:
    missing = [name for name in module.__all__ if not hasattr(module, name)]
    assert missing == []


def test_every_requirement_of_every_list_has_exactly_one_check() -> None:
    from conformance.model.catalogue import LISTS, catalogue_for

    assert set(conformance.CHECKS) == set(catalogue_for(LISTS))


def test_a_generic_check_is_one_function_for_every_list() -> None:
    assert conformance.CHECKS["LM-PAGE-006"] is conformance.CHECKS["LR-PAGE-006"]


def test_the_run_family_is_checked_for_list_runs_only() -> None:
    assert "LM-RUN-004" not in conformance.CHECKS
    assert "LR-ITEM-004" not in conformance.CHECKS


def test_requirement_ids_follow_the_lr_family_number_pattern() -> None:
    import re

    assert all(re.fullmatch(r"LR-[A-Z]+-\d{3}", i) for i in conformance.CATALOGUE)


def test_every_requirement_names_its_source_and_level() -> None:
    for req in conformance.CATALOGUE.values():
        assert req.source, req.id
        assert req.level in (conformance.Level.MUST, conformance.Level.SHOULD)


def test_looking_up_an_unknown_requirement_fails_loudly() -> None:
    with pytest.raises(KeyError, match="LR-NOPE-001"):
        conformance.requirement("LR-NOPE-001")
