"""The property phase's engine set-up: its options, our checks, its configuration.

What schemathesis is told (seed, budget, phases, checks, the cursors it may send) and
the checks of our own it runs, which call the pure functions of :mod:`conformance.checks`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from conformance.checks import (
    error_envelope_problems,
    run_contract_problems,
    run_semantics_problems,
)
from conformance.model import RUNS, EndpointProfile
from conformance.observing._property_findings import _BUILTIN_CHECKS, _CUSTOM_CHECKS
from conformance.observing.http import Target

__all__ = ["PHASES", "PropertyOptions"]

PHASES = ("examples", "coverage", "fuzzing", "stateful")
_MAX_CURSORS = 64


@dataclass(frozen=True)
class PropertyOptions:
    """Budget and seed of the property phase.

    ``max_examples`` bounds the examples Hypothesis generates per phase and
    generation mode; the seed fixes which, so two runs with the same seed
    against the same target send the same requests.
    """

    seed: int = 0
    max_examples: int = 25
    phases: tuple[str, ...] = PHASES

    def __post_init__(self) -> None:
        if self.max_examples < 1:
            raise ValueError(f"max_examples must be at least 1, got {self.max_examples}")
        unknown = set(self.phases) - set(PHASES)
        if unknown:
            raise ValueError(f"unknown phase(s) {sorted(unknown)}; known: {list(PHASES)}")


@functools.cache
def _register_custom_checks() -> None:
    """Register our checks with schemathesis once per process (its registry is global)."""
    import schemathesis

    @schemathesis.check
    def rc_error_envelope(ctx: Any, response: Any, case: Any) -> bool | None:
        """Every 4xx of the List runs operation carries the error envelope."""
        if case.method.upper() != "GET" or not 400 <= response.status_code < 500:
            return None
        try:
            body = response.json()
        except ValueError:
            raise AssertionError(f"the {response.status_code} body is not JSON") from None
        problems = error_envelope_problems(body)
        if problems:
            raise AssertionError(
                f"the {response.status_code} body is not the error envelope "
                f"({'; '.join(problems[:2])})"
            )
        return True

    def runs_agree(
        response: Any, case: Any, problems_of: Callable[[Any], list[str]]
    ) -> bool | None:
        if case.method.upper() != "GET" or response.status_code != 200:
            return None
        try:
            body = response.json()
        except ValueError:
            return None  # the schema and content-type checks report that
        data = body.get("data") if isinstance(body, dict) else None
        for run in data if isinstance(data, list) else []:
            if isinstance(run, dict):
                problems = problems_of(run)
                if problems:
                    raise AssertionError(f"run {run.get('id')}: {problems[0]}")
        return True

    @schemathesis.check
    def rc_run_contract(ctx: Any, response: Any, case: Any) -> bool | None:
        """Status-dependent fields of every listed run are null where the Run object says."""
        return runs_agree(response, case, run_contract_problems)

    @schemathesis.check
    def rc_run_semantics(ctx: Any, response: Any, case: Any) -> bool | None:
        """Status-dependent fields of every listed run agree with its status, both ways."""
        return runs_agree(response, case, run_semantics_problems)


_ITEM_CHECKS: Mapping[str, frozenset[str]] = {
    RUNS.name: frozenset({"rc_run_contract", "rc_run_semantics"})
}
"""Our checks of the listed items, by the list they are written for (List runs' own)."""


def _checks(profile: EndpointProfile) -> list[str]:
    """The checks enabled for a list: the built-in ones, ours, and the list's own item checks."""
    items = frozenset().union(*_ITEM_CHECKS.values())
    own = _ITEM_CHECKS.get(profile.name, frozenset())
    return [
        *_BUILTIN_CHECKS,
        *(name for name in _CUSTOM_CHECKS if name not in items or name in own),
    ]


def _config(
    target: Target,
    options: PropertyOptions,
    cursors: Sequence[str],
    profile: EndpointProfile = RUNS,
) -> Any:
    """The engine's configuration for one list: its parents pinned, its item IDs as cursors."""
    import schemathesis

    ids = target.parents()
    parameters: dict[str, Any] = {f"path.{p.param}": ids[p.param] for p in profile.parents}
    data: dict[str, Any] = {
        "seed": options.seed,
        "base-url": target.base_url.rstrip("/"),
        "headers": target.configured_headers(),
        "request-timeout": target.timeout,
        "generation": {
            "mode": "all",
            "max-examples": options.max_examples,
            "database": "none",
            "with-security-parameters": False,
        },
        "phases": {
            "examples": {"enabled": "examples" in options.phases},
            # No unexpected methods: the suite stays read-only against the target.
            "coverage": {"enabled": "coverage" in options.phases, "unexpected-methods": []},
            "fuzzing": {"enabled": "fuzzing" in options.phases},
            "stateful": {"enabled": "stateful" in options.phases},
        },
        "checks": {
            "enabled": False,
            **{name: {"enabled": True} for name in _checks(profile)},
        },
        "workers": 1,
        "tls-verify": target.verify,
    }
    if cursors:
        data["dictionaries"] = {profile.name: {"values": list(cursors)}}
        parameters["query.after"] = {"dictionary": profile.name}
        parameters["query.before"] = {"dictionary": profile.name}
    data["parameters"] = parameters
    return schemathesis.Config.from_dict(data)


def _sample(ids: Sequence[str]) -> list[str]:
    """Cursors spread over the whole list, so generated requests reach deep pages."""
    if len(ids) <= _MAX_CURSORS:
        return list(ids)
    step = len(ids) / _MAX_CURSORS
    return [ids[int(i * step)] for i in range(_MAX_CURSORS)]
