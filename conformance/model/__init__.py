"""The pure foundation every layer stands on: requirements, records, the contract, redaction.

Nothing here makes a request or writes a file: the catalogue says what each
requirement means, ``records`` holds the immutable values passed between the
layers, ``contract`` loads the OpenAPI document and its JSON Schemas, ``keys``
names the observations, and ``redact`` keeps secrets out of everything (the
observe layer redacts at the source, the report writers scrub a second time).
"""

from conformance.model.catalogue import (
    CATALOGUE,
    Level,
    Requirement,
    UnknownRequirementError,
    requirement,
)
from conformance.model.records import (
    ClientWalk,
    Exchange,
    Finding,
    Observations,
    Outcome,
    PropertyFinding,
    PropertyRun,
    RequirementResult,
    Response,
    RunResult,
    Status,
    ThreadProfile,
    Verdict,
    Walk,
    WalkEnd,
)
from conformance.model.version import __version__

__all__ = [
    "CATALOGUE",
    "ClientWalk",
    "Exchange",
    "Finding",
    "Level",
    "Observations",
    "Outcome",
    "PropertyFinding",
    "PropertyRun",
    "Requirement",
    "RequirementResult",
    "Response",
    "RunResult",
    "Status",
    "ThreadProfile",
    "UnknownRequirementError",
    "Verdict",
    "Walk",
    "WalkEnd",
    "__version__",
    "requirement",
]
