"""What ``pip install runs-conformance`` brings: enough to certify the default profile.

The default profile (``full``) covers the ``clients`` class, whose requirements read the
thread with the official SDKs; were they an extra, the default install would certify the
embedded server ``incomplete``.  The installed metadata is read (not pyproject.toml), so
this holds of what pip installed.
"""

from __future__ import annotations

import tomllib
from importlib.metadata import requires
from pathlib import Path

from packaging.requirements import Requirement

from conformance.model import DEFAULT_PROFILE, PROFILES
from conformance.observing import SDKS

PYPROJECT = Path(__file__).parents[1] / "pyproject.toml"


def _unconditional() -> dict[str, Requirement]:
    found = [Requirement(line) for line in requires("runs-conformance") or ()]
    return {r.name: r for r in found if r.marker is None}


def test_the_official_sdks_are_dependencies_of_the_default_install() -> None:
    dependencies = _unconditional()
    assert "clients" in PROFILES[DEFAULT_PROFILE].classes
    assert set(SDKS) <= set(dependencies)
    assert dependencies["openai"].specifier.contains("1.40.0")
    assert not dependencies["openai"].specifier.contains("2.0.0")


def test_the_clients_extra_is_still_accepted_and_adds_nothing() -> None:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    assert project["optional-dependencies"]["clients"] == []
