"""ITEM: each listed item on its own, on every list but List runs (which has its RUN family).

Numbered to line up with the LR-RUN requirement each generalises, so that a list x
requirement table pivots on the number too: ITEM-001 (items of the parent only) is
LR-RUN-001's, ITEM-004/005 (timestamps in seconds, as JSON integers) LR-RUN-004/005's,
ITEM-009/010 (IDs non-empty, unique, sendable back) LR-RUN-009/010's.  ITEM-012 is new: a
list's own filter (a message's ``run_id``, a file's ``filter``) answers only what it asks
for.  The gaps (002, 003, 006..008) are RUN's readings of a run's status and life, and are
never used for another meaning.  Its checks are in ``conformance.checks.item``.
"""

from __future__ import annotations

from conformance.model._catalogue.sources import C, M, R, S
from conformance.model._catalogue.template import template

ITEM_TEMPLATES = (
    template(
        "ITEM-001",
        M,
        C,
        "Every listed {item} belongs to the requested {parent}",
        '{openai}: {op} "Returns {op_quote}"; {schema}.{parent_field} ("{parent_quote}")',
        "Checked on every {item}'s {parent_field}, which must be the {parent_field} of the path "
        "it was listed under.",
        needs_parent=True,
    ),
    template(
        "ITEM-004",
        M,
        C,
        "{A_item}'s timestamps of past events are Unix seconds: none lies after the answer",
        '{openai}: {schema}.{past_timestamps} (type integer, format unixtime: "{created_quote}")',
        "Each of these dates an event that has happened, in seconds, so none lies after the "
        "moment the request was answered (a day of clock skew is tolerated). A millisecond count "
        "does (1732000000000 s is beyond the year 50000); where the answer's time is not known, "
        "a value of 10^11 or more (a millisecond count of any date since 1973) is reported.",
    ),
    template(
        "ITEM-005",
        S,
        R,
        "Every timestamp is written as a JSON integer, not as a number with a fraction or point",
        "{openai}: {schema}.{timestamps} (type integer, format unixtime)",
        "Reading: JSON Schema counts 1732000000.0 as an integer, so the schema "
        "({prefix}-SCHEMA-002) admits it; typed clients do not (Go's encoding/json refuses it "
        "for an int64, pydantic's strict mode for an int), and a fractional value (which "
        "{prefix}-SCHEMA-002 also reports) is not a count of seconds.",
    ),
    template(
        "ITEM-009",
        M,
        C,
        "Every {item}'s id is a non-empty string, and no two {items} of a page share one",
        '{openai}: {schema}.id ("{id_quote}"); {op} after/before ("an object ID that defines '
        'your place in the list")',
        "An empty string cannot be referenced in a path or sent as a cursor, and one ID on two "
        "{items} identifies neither; an id that is not a string at all is {prefix}-SCHEMA-002's.",
    ),
    template(
        "ITEM-010",
        M,
        C,
        "Every {item}'s id can be sent back as a cursor: at most 8,000 octets percent-encoded",
        '{openai}: {schema}.id ("{id_quote}"); {op} after/before ("an object ID that defines '
        'your place in the list"); RFC 9110 section 4.1 (URIs of at least 8,000 octets '
        "recommended)",
        "An id whose percent-encoded form is longer than the 8,000 octets of URI RFC 9110 "
        "recommends every sender and recipient support cannot be relied on to reach the target "
        "as a cursor, so it cannot be referenced in API endpoints. Control characters are not a "
        "finding: percent-encoded, a URL carries them.",
    ),
    template(
        "ITEM-012",
        M,
        C,
        "A filter answers only the {items} it asks for",
        "{openai}: {op} query parameter {filters}",
        "Every {item} answered to a request with {filters} has the field it filters on equal to "
        "the value sent.",
        needs_filter=True,
    ),
)
"""Every list's but List runs': its RUN family says all of this of a run, and more."""
