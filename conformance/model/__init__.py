"""The pure foundation every layer stands on: requirements, records, the contract, redaction.

Nothing here makes a request or writes a file: the catalogue says what each
requirement means, the records (evidence, pages, walks, observations, outcomes and
the verdict, each in its own private module) are the immutable values passed between
the layers, ``contract`` loads the OpenAPI document and its JSON Schemas, ``keys``
names the observations, and ``redact`` keeps secrets out of everything (the
observe layer redacts at the source, the report writers scrub a second time).
"""

from conformance.model._evidence import Exchange, StoredBody
from conformance.model._json import MAX_DEPTH as JSON_MAX_DEPTH
from conformance.model._json import JsonTooDeepError
from conformance.model._json import loads as parse_json
from conformance.model._observations import (
    ClientWalk,
    Observations,
    PropertyFinding,
    PropertyRun,
    ThreadProfile,
)
from conformance.model._outcomes import (
    BUG_REPORT_HINT,
    SUITE_ERROR,
    Finding,
    Outcome,
    RequirementResult,
    Status,
    suite_error_reason,
)
from conformance.model._pages import Response, read_each_page
from conformance.model._verdict import (
    ClassCoverage,
    RunResult,
    Verdict,
    class_coverage,
    decide_verdict,
    required_classes,
)
from conformance.model._walks import Walk, WalkEnd
from conformance.model.catalogue import (
    CATALOGUE,
    CLASSES,
    DEFAULT_PROFILE,
    PROFILES,
    Basis,
    ConformanceClass,
    Level,
    Profile,
    Requirement,
    UnknownRequirementError,
    requirement,
)
from conformance.model.product import UNNAMED, Product, product_of, product_sort_key
from conformance.model.profiles import (
    ENDPOINT_PROFILES,
    RUNS,
    EndpointProfile,
    UnknownListError,
    endpoint_profile,
)
from conformance.model.version import __version__

__all__ = [
    "BUG_REPORT_HINT",
    "CATALOGUE",
    "CLASSES",
    "DEFAULT_PROFILE",
    "ENDPOINT_PROFILES",
    "JSON_MAX_DEPTH",
    "PROFILES",
    "RUNS",
    "SUITE_ERROR",
    "UNNAMED",
    "Basis",
    "ClassCoverage",
    "ClientWalk",
    "ConformanceClass",
    "EndpointProfile",
    "Exchange",
    "Finding",
    "JsonTooDeepError",
    "Level",
    "Observations",
    "Outcome",
    "Product",
    "Profile",
    "PropertyFinding",
    "PropertyRun",
    "Requirement",
    "RequirementResult",
    "Response",
    "RunResult",
    "Status",
    "StoredBody",
    "ThreadProfile",
    "UnknownListError",
    "UnknownRequirementError",
    "Verdict",
    "Walk",
    "WalkEnd",
    "__version__",
    "class_coverage",
    "decide_verdict",
    "endpoint_profile",
    "parse_json",
    "product_of",
    "product_sort_key",
    "read_each_page",
    "required_classes",
    "requirement",
    "suite_error_reason",
]
