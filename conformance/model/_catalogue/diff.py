"""DIFF: differential mode: the target against a comparison target (--compare-with).

Every list's (templates).  Its checks are in ``conformance.checks.diff``;
``conformance.model.catalogue`` lists these requirements in the order they have here.
"""

from __future__ import annotations

from conformance.model._catalogue.lists import RUNS_TERMS
from conformance.model._catalogue.sources import DIFFERENTIAL, D, M
from conformance.model._catalogue.template import instantiate, template
from conformance.model._catalogue.types import Requirement

_TRANSPARENT = f"{DIFFERENTIAL}: a gateway is transparent for {{title}}"

DIFF_TEMPLATES = (
    template(
        "DIFF-001",
        M,
        D,
        "Every {title} request gets the same status code from the target and the comparison target",
        _TRANSPARENT,
        "Each hand-written {title} request (not the property phase, not the walks under "
        "writes, not the malformed-credential probes: a gateway answers for credentials "
        "itself) is sent to both targets with the same parameters and auth mode, each target "
        "with its own base URL and credentials.",
    ),
    template(
        "DIFF-002",
        M,
        D,
        "Every {title} request gets the same body and media type from both targets",
        _TRANSPARENT,
        "Bodies are compared as parsed JSON (key order ignored, array order kept), as text when "
        "neither is JSON; of the headers only the content-type media type is compared (no "
        "parameters, no case). Pairs whose status codes differ are left to {prefix}-DIFF-001. "
        "The first differing path of each pair is reported.",
    ),
    template(
        "DIFF-003",
        M,
        D,
        "Paging through the {parent} yields the same {item} IDs on both targets",
        _TRANSPARENT,
        "The canonical walk (order=desc, limit=100) is replayed on the comparison target's "
        "answers to the same requests, stopping where a client of the comparison target would "
        "stop (has_more not true, an empty page, a non-200).",
    ),
)
"""Every list's: a gateway is transparent for every list it proxies."""

DIFF: tuple[Requirement, ...] = instantiate(DIFF_TEMPLATES, RUNS_TERMS)
