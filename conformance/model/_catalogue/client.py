"""CLIENT: the official clients' own pagination.

Every list's (templates): both SDKs offer every list.  Its checks are in
``conformance.checks.client``; ``conformance.model.catalogue`` lists these requirements in
the order they have here.
"""

from __future__ import annotations

from conformance.model._catalogue.lists import RUNS_TERMS
from conformance.model._catalogue.sources import CL, CLIENTS, M
from conformance.model._catalogue.template import instantiate, template
from conformance.model._catalogue.types import Requirement

CLIENT_TEMPLATES = (
    template(
        "CLIENT-001",
        M,
        CL,
        "The official openai SDK's auto-pagination reads exactly the {items} of the suite's walk",
        f"{CLIENTS}: openai-python 1.x, client.{{sdk_openai}}(...) iterated",
        "{sdk_call} with the target's headers, iterated to its end (the SDK follows "
        "after=<ID of the last {item}> until has_more is false). It must yield the canonical "
        "walk's IDs, and the list must not go on past where the SDK stopped. Skipped when the "
        "SDK is not installed.",
    ),
    template(
        "CLIENT-002",
        M,
        CL,
        "The portkey-ai SDK's pages, followed as the openai SDK follows them, read exactly the "
        "{items} of the suite's walk",
        f"{CLIENTS}: portkey-ai (Python), Portkey(...).{{sdk_portkey}}(...)",
        "The Portkey SDK returns one page (no auto-pagination); its pages are followed with "
        "after=<ID of the last {item}> until has_more is false or a page is empty, with the "
        "target's base URL, API key, virtual key and headers. Skipped when the SDK is not "
        "installed.",
    ),
)
"""Every list's: both SDKs list every one of the seven."""

CLIENT: tuple[Requirement, ...] = instantiate(CLIENT_TEMPLATES, RUNS_TERMS)
