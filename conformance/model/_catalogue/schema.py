"""LR-SCHEMA: the shape of an answer: the list envelope, the Run object, the media type.

Its checks are in ``conformance.checks.schema``; ``conformance.model.catalogue`` lists
these requirements in the order they have here.
"""

from __future__ import annotations

from conformance.model._catalogue.sources import OPENAI, PORTKEY, C, M, R, S, entry
from conformance.model._catalogue.types import Requirement

SCHEMA: tuple[Requirement, ...] = (
    entry(
        "LR-SCHEMA-001",
        M,
        C,
        "A 200 body is the list envelope: object, data, first_id, last_id, has_more",
        f"{OPENAI}: ListRunsResponse (all five keys required); {PORTKEY}: Response 200",
        "first_id/last_id may be null when data is empty (what the live API returned for "
        "empty lists); extra keys are allowed (no additionalProperties: false).",
    ),
    entry(
        "LR-SCHEMA-002",
        M,
        C,
        "Every run in data matches the Run object schema (keys, types, nullability, enums)",
        f"{OPENAI}: RunObject, 25 required properties; {PORTKEY}: Response 200",
        "instructions may be null (OpenAI's own examples return null); extra keys are allowed; "
        'response_format may also be the legacy "none" that the Portkey page still shows '
        "(the two sources disagree there; LR-SCHEMA-005 reports it as a SHOULD).",
    ),
    entry(
        "LR-SCHEMA-003",
        S,
        R,
        'The envelope\'s object is "list"',
        f'{OPENAI}: ListRunsResponse.object (example: list); {PORTKEY}: Example "list"',
        'Reading: the schema gives "list" as an example, not an enum; every published '
        "response uses it and clients that dispatch on object rely on it.",
    ),
    entry(
        "LR-SCHEMA-004",
        M,
        C,
        "Responses are served as application/json",
        f"{OPENAI}: responses 200 and 429, content application/json",
        "Judged on the final answer to each request: an attempt that was retried (a 429 or "
        "503 from a rate limiter) is evidence of politeness, not a List runs answer.",
    ),
    entry(
        "LR-SCHEMA-005",
        S,
        R,
        'response_format is one of the current upstream values, not the legacy "none"',
        f'{OPENAI}: AssistantsApiResponseFormatOption ("none" removed on 2024-08-06); '
        f'{PORTKEY}: Example response_format "none"',
        'Reading: the sources disagree (the Portkey page\'s example still shows "none"); a '
        "client on the current upstream types may not expect it.",
    ),
)
