"""runs-conformance: a conformance suite for the Assistants v2 List runs endpoint.

The public API is re-exported here, and only names in ``__all__`` are
promised; the layers behind it (``model``, ``checks``, ``observe``, ``runner``,
``cli``, ``server``) are laid out in ARCHITECTURE.md.
"""

from conformance.checks import CHECKS, Check, evaluate
from conformance.model import (
    CATALOGUE,
    Exchange,
    Finding,
    Level,
    Observations,
    Outcome,
    Requirement,
    RequirementResult,
    Response,
    RunResult,
    Status,
    Verdict,
    Walk,
    WalkEnd,
    __version__,
    requirement,
)
from conformance.model.contract import document, document_digest, document_path, schema_validator
from conformance.observing import Auth, Client, Target
from conformance.runner import RunOptions, TargetUnavailableError, certify, observe

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

# Reprs and tracebacks name the public home of a class (``conformance.RunResult``),
# not the module that happens to define it today.
for _name in __all__:
    _value = globals()[_name]
    if isinstance(_value, type):
        _value.__module__ = __name__
del _name, _value
