from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import NoReturn

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("ci")

REQUIRE_OPTIONAL_TESTS = "RUNS_CONFORMANCE_REQUIRE_OPTIONAL_TESTS"
"""Names the optional parts (comma-separated) whose tests must run: their skip is a failure.

``.ci/run`` sets it to the parts CI could install (``gateway,sdk`` and ``browser`` when
Chromium is there), so that a green CI run proves they ran; ``all`` names every part.
"""
OPTIONAL_PARTS = ("gateway", "sdk", "browser")


def required_parts(environ: Mapping[str, str] = os.environ) -> frozenset[str]:
    """The optional parts whose tests must not skip; an unknown name is a usage error."""
    parts = {p.strip() for p in environ.get(REQUIRE_OPTIONAL_TESTS, "").split(",") if p.strip()}
    if "all" in parts:
        return frozenset(OPTIONAL_PARTS)
    unknown = parts - set(OPTIONAL_PARTS)
    if unknown:
        raise pytest.UsageError(
            f"{REQUIRE_OPTIONAL_TESTS}: unknown part(s) {', '.join(sorted(unknown))} "
            f"(known: {', '.join(OPTIONAL_PARTS)}, all)"
        )
    if environ.get("RC_REQUIRE_GATEWAY") == "1":  # the older name, for the gateway alone
        parts.add("gateway")
    return frozenset(parts)


def pytest_configure(config: pytest.Config) -> None:
    required_parts()  # a misspelt part would silently require nothing


Unavailable = Callable[[str, str], NoReturn]


@pytest.fixture(scope="session")
def unavailable() -> Unavailable:
    """``unavailable(part, reason)``: skip, or fail when CI requires that part's tests."""

    def unavailable(part: str, reason: str) -> NoReturn:
        assert part in OPTIONAL_PARTS, part
        if part in required_parts():
            pytest.fail(
                f"{REQUIRE_OPTIONAL_TESTS} requires the {part} tests, but {reason}", pytrace=False
            )
        pytest.skip(reason)

    return unavailable
