"""SCHEMA: the shape of an answer: the list envelope, the item object, the media type.

SCHEMA-001..004 are every list's (templates); LR-SCHEMA-005 is List runs' own.  Its checks
are in ``conformance.checks.schema``; ``conformance.model.catalogue`` lists these
requirements in the order they have here.
"""

from __future__ import annotations

from conformance.model._catalogue.lists import RUNS_TERMS
from conformance.model._catalogue.sources import OPENAI, PORTKEY, C, M, R, S, entry
from conformance.model._catalogue.template import instantiate, template
from conformance.model._catalogue.types import Requirement

SCHEMA_TEMPLATES = (
    template(
        "SCHEMA-001",
        M,
        C,
        "A 200 body is the list envelope: object, data, first_id, last_id, has_more",
        ("{openai}: {envelope} (all five keys required)", "{portkey}: Response 200"),
        "first_id/last_id may be null when data is empty (what the live API returned for "
        "empty lists); extra keys are allowed (no additionalProperties: false).",
    ),
    template(
        "SCHEMA-002",
        M,
        C,
        "Every {item} in data matches the {Item} object schema (keys, types, nullability, enums)",
        ("{openai}: {schema}, {required} required properties", "{portkey}: Response 200"),
        "{schema_note}",
    ),
    template(
        "SCHEMA-003",
        S,
        R,
        'The envelope\'s object is "list"',
        ("{openai}: {envelope}.object (example: list)", '{portkey}: Example "list"'),
        'Reading: the schema gives "list" as an example, not an enum; every published '
        "response uses it and clients that dispatch on object rely on it.",
    ),
    template(
        "SCHEMA-004",
        M,
        C,
        "Responses are served as application/json",
        "{openai}: responses 200 and 429, content application/json",
        "Judged on the final answer to each request: an attempt that was retried (a 429 or "
        "503 from a rate limiter) is evidence of politeness, not a {title} answer.",
    ),
)
"""Every list's: the envelope and item schemas named by the list's operation."""

SCHEMA: tuple[Requirement, ...] = (
    *instantiate(SCHEMA_TEMPLATES, RUNS_TERMS),
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
