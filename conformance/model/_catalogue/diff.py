"""LR-DIFF: differential mode: the target against a comparison target (--compare-with).

Its checks are in ``conformance.checks.diff``; ``conformance.model.catalogue`` lists
these requirements in the order they have here.
"""

from __future__ import annotations

from conformance.model._catalogue.sources import DIFFERENTIAL, D, M, entry
from conformance.model._catalogue.types import Requirement

DIFF: tuple[Requirement, ...] = (
    entry(
        "LR-DIFF-001",
        M,
        D,
        "Every List runs request gets the same status code from the target and the comparison "
        "target",
        f"{DIFFERENTIAL}: a gateway is transparent for List runs",
        "Each hand-written List runs request (not the property phase, not the walks under "
        "writes, not the malformed-credential probes: a gateway answers for credentials "
        "itself) is sent to both targets with the same parameters and auth mode, each target "
        "with its own base URL and credentials.",
    ),
    entry(
        "LR-DIFF-002",
        M,
        D,
        "Every List runs request gets the same body and media type from both targets",
        f"{DIFFERENTIAL}: a gateway is transparent for List runs",
        "Bodies are compared as parsed JSON (key order ignored, array order kept), as text when "
        "neither is JSON; of the headers only the content-type media type is compared (no "
        "parameters, no case). Pairs whose status codes differ are left to LR-DIFF-001. The "
        "first differing path of each pair is reported.",
    ),
    entry(
        "LR-DIFF-003",
        M,
        D,
        "Paging through the thread yields the same run IDs on both targets",
        f"{DIFFERENTIAL}: a gateway is transparent for List runs",
        "The canonical walk (order=desc, limit=100) is replayed on the comparison target's "
        "answers to the same requests, stopping where a client of the comparison target would "
        "stop (has_more not true, an empty page, a non-200).",
    ),
)
