"""The conformance classes and the profiles a certificate may promise (data)."""

from __future__ import annotations

from collections.abc import Mapping

from conformance.model._catalogue.types import ConformanceClass, Profile

CLASSES: Mapping[str, ConformanceClass] = {
    c.id: c
    for c in (
        ConformanceClass(
            "core",
            "Core read-only listing",
            "a thread of more than 100 runs with several created in the same second "
            "(--seed-data makes one), and the property phase",
        ),
        ConformanceClass(
            "writes",
            "Pagination under concurrent writes",
            "--allow-writes (or --seed-data): the suite creates runs while it walks",
        ),
        ConformanceClass(
            "clients",
            "Official clients",
            "the official SDKs (openai, portkey-ai), installed with the suite",
        ),
        ConformanceClass(
            "gateway", "Gateway transparency", "--compare-with URL: the upstream behind the gateway"
        ),
    )
}


PROFILES: Mapping[str, Profile] = {
    p.name: p
    for p in (
        Profile(
            "full", ("core", "writes", "clients"), "every class that any target can be run through"
        ),
        Profile(
            "read-only",
            ("core", "clients"),
            "no writes: the walk under concurrent writes is not promised",
        ),
        Profile("no-clients", ("core", "writes"), "the official SDKs' walks are not promised"),
        Profile("core", ("core",), "core read-only listing only"),
    )
}
DEFAULT_PROFILE = "full"
"""The gateway class joins whatever profile is accepted whenever --compare-with is given."""
