"""WRITE: pagination under concurrent writes, and the items the suite creates (--allow-writes).

Every list's the suite can add to (templates; WRITE-003, the item names its parent, only
a list's that has one).  Its checks are in ``conformance.checks.write``;
``conformance.model.catalogue`` lists these requirements in the order they have here.
"""

from __future__ import annotations

from conformance.model._catalogue.lists import RUNS_TERMS
from conformance.model._catalogue.sources import C, M
from conformance.model._catalogue.template import instantiate, template
from conformance.model._catalogue.types import Requirement

WRITE_TEMPLATES = (
    template(
        "WRITE-001",
        M,
        C,
        "A walk stays exact while {items} are created: every earlier {item} is listed once, in "
        "order",
        '{openai}: after "defines your place in the list" (a cursor names {a_item}, not an offset)',
        "Checked only with --allow-writes: the suite creates one {item} before every page of a "
        "desc and an asc walk (limit 20). New {items} may or may not be listed; every {item} "
        "that existed before must be listed exactly once and in order, which tells real cursors "
        "from offsets.",
        needs_create=True,
    ),
    template(
        "WRITE-002",
        M,
        C,
        "{A_item} the suite creates is dated when it was created: created_at lies between the "
        "request and its answer, within the clock skew",
        '{openai}: {schema}.created_at ("{created_quote}"); {create} (the answer is the {item} '
        "created)",
        "Checked with --allow-writes on every {item} the suite creates (those created between "
        "the pages of the walks under writes[[, and the second {parent}'s]]): created_at lies no "
        "earlier than the second the POST was sent and no later than its answer came, by the "
        "suite's clock, with 300 s of clock skew allowed either way; and, when the answer "
        "carries a Date header, within the same window by the target's own clock. {A_item} "
        "dated after its answer is never possible: a clock an hour ahead (local time stored as "
        "UTC) fails.",
        needs_create=True,
    ),
    template(
        "WRITE-003",
        M,
        C,
        "{A_item} the suite creates names the {parent} it was created in",
        '{openai}: {schema}.{parent_field} ("{parent_quote}"); {create}, path parameter '
        "{parent_param}",
        "Judged on the answer to every POST {path} the suite sends; {prefix}-{own}-001 judges "
        "the {items} as listed.",
        needs_create=True,
        needs_parent=True,
    ),
    template(
        "WRITE-004",
        M,
        C,
        "{A_item} the suite creates has a new ID: none its {parent} listed before, none another "
        "creation returned",
        '{openai}: {schema}.id ("{id_quote}"); {op} after/before ("an object ID that defines '
        'your place in the list")',
        "Passed only on evidence that could have shown a reused ID: {items} the {parent} listed "
        "before the POST was sent, or a second creation.",
        needs_create=True,
    ),
    template(
        "WRITE-005",
        M,
        C,
        "{A_item} the suite creates is listed exactly once by a complete walk made after its "
        "creation",
        '{openai}: {op} "Returns {op_quote}"; after "defines your place in the list"',
        "Every complete walk of the {item}'s {parent} whose first request was sent after the "
        "answer to the POST lists it once, and no walk lists it twice. Judged on the walks the "
        "suite makes anyway (the asc walk under writes for the {items} the desc walk "
        "created[[, the walks of the second {parent} for its {item}]]); not checked when no "
        "complete walk followed a creation.",
        needs_create=True,
    ),
)
"""Every list's the suite can add an item to: run steps and a batch's files it cannot."""

WRITE: tuple[Requirement, ...] = instantiate(WRITE_TEMPLATES, RUNS_TERMS)
