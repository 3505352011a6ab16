"""runs-conformance: a conformance suite for the Assistants v2 List runs endpoint.

The public API is re-exported here; everything in underscore modules may change
without notice.  See ARCHITECTURE.md for which layer may import which.
"""

from conformance._contract import document, document_digest, document_path, schema_validator
from conformance._http import Auth, Client, Target
from conformance._model import (
    Exchange,
    Finding,
    Observations,
    Outcome,
    RequirementResult,
    Response,
    RunResult,
    Status,
    Verdict,
    Walk,
    WalkEnd,
)
from conformance._runner import RunOptions, TargetUnavailableError, certify, observe
from conformance._version import __version__
from conformance.catalogue import CATALOGUE, Level, Requirement, requirement
from conformance.checks import CHECKS, Check, evaluate

__all__ = [
    "CATALOGUE",
    "CHECKS",
    "Auth",
    "Check",
    "Client",
    "Exchange",
    "Finding",
    "Level",
    "Observations",
    "Outcome",
    "Requirement",
    "RequirementResult",
    "Response",
    "RunOptions",
    "RunResult",
    "Status",
    "Target",
    "TargetUnavailableError",
    "Verdict",
    "Walk",
    "WalkEnd",
    "__version__",
    "certify",
    "document",
    "document_digest",
    "document_path",
    "evaluate",
    "observe",
    "requirement",
    "schema_validator",
]
