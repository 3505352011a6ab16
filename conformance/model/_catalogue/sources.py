"""What the families' entries are written with: the sources they cite and one constructor.

A requirement's class follows from its family (``LR-WRITE-*`` is ``writes``), so an entry
never names it; ``M``/``S`` and ``C``/``CL``/``D``/``R`` keep the tables short.
"""

from __future__ import annotations

from conformance.model._catalogue.types import Basis, Level, Requirement

OPENAI = "OpenAI Assistants v2 contract (openai/openai-openapi, listRuns)"
PORTKEY = "Portkey List runs page (shared/spec/list-runs.portkey.txt)"
DIFFERENTIAL = "differential mode: --compare-with"
CLIENTS = "official clients (runs-conformance[clients])"

_FAMILY_CLASS = {"WRITE": "writes", "CLIENT": "clients", "DIFF": "gateway"}


def entry(
    id_: str,
    level: Level,
    basis: Basis,
    title: str,
    source: str,
    choice: str = "",
    *,
    list_name: str = "runs",
) -> Requirement:
    """One requirement, its class read off its family (core unless the family has a class)."""
    family = id_.split("-")[1]
    return Requirement(
        id_, level, _FAMILY_CLASS.get(family, "core"), basis, title, source, choice, list_name
    )


# the tables' shorthand: level, then basis
M, S = Level.MUST, Level.SHOULD
C, CL, D, R = Basis.CONTRACT, Basis.CLIENT, Basis.DEFINITION, Basis.READING
