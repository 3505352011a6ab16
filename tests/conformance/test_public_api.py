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


def test_every_requirement_in_the_catalogue_has_exactly_one_check() -> None:
    assert set(conformance.CHECKS) == set(conformance.CATALOGUE)


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
