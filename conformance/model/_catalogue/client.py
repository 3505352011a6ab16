"""LR-CLIENT: the official clients' own pagination.

Its checks are in ``conformance.checks.client``; ``conformance.model.catalogue`` lists
these requirements in the order they have here.
"""

from __future__ import annotations

from conformance.model._catalogue.sources import CL, CLIENTS, M, entry
from conformance.model._catalogue.types import Requirement

CLIENT: tuple[Requirement, ...] = (
    entry(
        "LR-CLIENT-001",
        M,
        CL,
        "The official openai SDK's auto-pagination reads exactly the runs of the suite's walk",
        f"{CLIENTS}: openai-python 1.x, client.beta.threads.runs.list(...) iterated",
        'runs.list(thread_id, limit=100, order="desc") with the target\'s headers, iterated '
        "to its end (the SDK follows after=<ID of the last run> until has_more is false). It "
        "must yield the canonical walk's IDs, and the list must not go on past where the SDK "
        "stopped. Skipped when the SDK is not installed.",
    ),
    entry(
        "LR-CLIENT-002",
        M,
        CL,
        "The portkey-ai SDK's pages, followed as the openai SDK follows them, read exactly the "
        "runs of the suite's walk",
        f"{CLIENTS}: portkey-ai (Python), Portkey(...).beta.threads.runs.list(...)",
        "The Portkey SDK returns one page (no auto-pagination); its pages are followed with "
        "after=<ID of the last run> until has_more is false or a page is empty, with the "
        "target's base URL, API key, virtual key and headers. Skipped when the SDK is not "
        "installed.",
    ),
)
