"""PAGE: pagination: the walk as a whole, single pages, cursor probes and cursor misuse.

Every list's (templates; PAGE-020, a cursor of another parent, only a list's that has a
parent).  Its checks are in ``conformance.checks.page``; ``conformance.model.catalogue``
lists these requirements in the order they have here.
"""

from __future__ import annotations

from conformance.model._catalogue.lists import RUNS_TERMS
from conformance.model._catalogue.sources import CL, C, M, R, S
from conformance.model._catalogue.template import instantiate, template
from conformance.model._catalogue.types import Requirement

PAGE_TEMPLATES = (
    template(
        "PAGE-001",
        M,
        C,
        "No {item} appears twice in a walk through the pages",
        '{openai}: after/before "defines your place in the list"',
    ),
    template(
        "PAGE-002",
        M,
        C,
        "first_id and last_id are the IDs of the first and last {item} of data",
        "{openai}: {envelope}.first_id, last_id (example: the ends of the example data)",
        "An empty page has no first or last {item}: whatever it says there is not judged. Every "
        "page is judged, after and before pages in both orders.",
    ),
    template(
        "PAGE-003",
        S,
        R,
        "has_more is true exactly when another non-empty page follows",
        "{openai}: {envelope}.has_more",
        "Reading: has_more is false on the last page (the official client then saves one "
        "request), and on a page fetched with before it speaks of the direction of travel, as in "
        "Stripe-style cursor lists. The contract only types has_more; {prefix}-PAGE-012 is its "
        "part that the official client needs. Judged along every walk: forward and back, in desc "
        "and in asc.",
    ),
    template(
        "PAGE-004",
        S,
        R,
        "A page holds at most limit {items}, and exactly limit when has_more is true",
        '{openai}: limit "A limit on the number of objects to be returned"',
        "Reading: a short page with has_more true is legal under the sentence (a limit is an "
        "upper bound); {prefix}-PAGE-013 is the contract's part.",
    ),
    template(
        "PAGE-005",
        S,
        R,
        "Without limit, a page holds 20 {items}",
        '{openai}: limit "the default is 20"',
        "Reading: exactly 20 when the {parent} has more (pages filled to the limit); "
        "{prefix}-PAGE-014 is the contract's part. Checkable only on a {parent} of more than 20 "
        "{items}.",
    ),
    template(
        "PAGE-006",
        M,
        C,
        "after is exclusive: the page after X starts with the {item} that follows X",
        '{openai}: after "ending with obj_foo, your subsequent call can include after=obj_foo '
        'in order to fetch the next page"',
        "Probed at several cursor positions in each order (desc and asc, each against the "
        "suite's walk of the whole list in that order), so that no single wrong resolution "
        "passes, nor one that is right in one order only.",
    ),
    template(
        "PAGE-007",
        S,
        R,
        "before is exclusive: the page before X ends with the {item} that precedes X",
        '{openai}: before "... before=obj_foo in order to fetch the previous page"',
        "Reading: the previous page holds exactly the {items} the list shows just before X, as "
        "the walk of that order lists them, so it ends next to X. That a page is listed in the "
        "requested order is a MUST of its own ({prefix}-ORDER-001/002 judge every page, before "
        "pages included); this requirement stays a reading for what it adds, {items} of one "
        "second in the order the walk gave them. Probed in both orders; {prefix}-PAGE-015 is the "
        "contract's part.",
    ),
    template(
        "PAGE-008",
        S,
        R,
        "Walking back with before from the end of the list reproduces the same sequence",
        '{openai}: before "fetch the previous page of the list"',
        "Reading: the walk back gives the very sequence of the walk of its order, {items} of one "
        "second included. The order of each page is {prefix}-ORDER-001/002's MUST (see "
        "{prefix}-PAGE-007). Walked back in both orders: in desc at limit 20, in asc at limit 100 "
        "(at most 250 {items} each); {prefix}-PAGE-016 is the contract's part.",
    ),
    template(
        "PAGE-009",
        M,
        C,
        "The sequence of {items} does not depend on the page size",
        "{openai}: limit, after (a cursor defines a place in one list)",
        "Walks with limit 1, 7, 20 and 100 must give the same sequence; long walks with a "
        "small limit are compared on their prefix to bound the requests.",
    ),
    template(
        "PAGE-010",
        S,
        R,
        "Repeating an identical request gives the same page",
        '{openai}: order "Sort order by the created_at timestamp"',
        "Reading: {items} of the same second keep one order between requests. Compared on {item} "
        "IDs, first_id, last_id and has_more, not on {item} contents, which may progress between "
        "requests on a live system.",
    ),
    template(
        "PAGE-011",
        M,
        C,
        "An unknown cursor gives a 4xx error or a list, never a server error",
        "{openai}: after, before (object IDs); {op} responses (no 5xx is documented)",
        "The contract does not say what an unknown cursor yields; either an error envelope or a "
        "list is accepted, a 5xx is not. Probed with a made-up ID, one shaped like the "
        "{parent}'s own, a malformed one, one of 2,048 characters, one of URL-special "
        "characters[[ and, when a second {parent} is known, {a_item} of that {parent}]]; the one "
        "shaped like the {parent}'s own[[ and the {item} of the other {parent} are| is]] sent in "
        "asc too.",
    ),
    template(
        "PAGE-012",
        M,
        CL,
        "On a forward walk, has_more is never false while more {items} follow the page",
        (
            "openai-python (SyncCursorPage: follows after=<ID of the last {item}>, "
            "stops when has_more is false)",
            "{openai}: {envelope}.has_more",
        ),
        "Checked with one request past every page that says has_more: false.",
    ),
    template(
        "PAGE-013",
        M,
        C,
        "A page never holds more {items} than limit",
        '{openai}: limit "A limit on the number of objects to be returned"',
    ),
    template(
        "PAGE-014",
        M,
        C,
        "Without limit, a page holds as many {items} as with limit=20",
        '{openai}: limit "the default is 20"',
        "Compared with the first page of the limit-20 walk, so no page is assumed to be full.",
    ),
    template(
        "PAGE-015",
        M,
        C,
        "before is exclusive: the page before X holds the {items} immediately preceding X",
        '{openai}: before "... before=obj_foo in order to fetch the previous page"',
        "Compared as a set, in whatever order the page lists them; probed at several cursor "
        "positions in each order (desc and asc).",
    ),
    template(
        "PAGE-016",
        M,
        C,
        "Walking back with before from the end of the list reaches every {item} exactly once",
        '{openai}: before "fetch the previous page of the list"',
        "The walk back goes on until a page comes back empty, whatever has_more says on a "
        "before page ({prefix}-PAGE-003 judges that), and is compared as a set; it is made in "
        "both orders, each compared with the suite's walk of that order.",
    ),
    template(
        "PAGE-017",
        M,
        C,
        "{A_item} of the {parent} given as both after and before gives a 4xx error or a list, "
        "never a server error",
        "{openai}: after, before (object IDs); {op} responses (no 5xx is documented)",
        "The contract neither allows nor forbids the pair ({prefix}-PROP-004); whatever a server "
        "makes of it, a 5xx is no answer the contract has. Asked in both orders.",
    ),
    template(
        "PAGE-018",
        S,
        R,
        "{A_item} of the {parent} given as both after and before gives a 4xx error or an empty "
        "list",
        '{openai}: after, before ("defines your place in the list")',
        "Reading: no {item} lies both after X and before X, so the pair selects nothing; a "
        "refusal is accepted too (the contract does not say the pair is valid). A server that "
        "honours one cursor and drops the other serves a page the request did not ask for. "
        "Asked in both orders.",
    ),
    template(
        "PAGE-019",
        S,
        R,
        "An unknown cursor is not silently ignored: it does not answer the first page again",
        '{openai}: after, before ("an object ID that defines your place in the list")',
        "Reading: an ID that names no {item} of the {parent} defines no place, so a 4xx (or a "
        "list placed some other way) is accepted, but not the same {items} as the request "
        "without the cursor: a client walking with a stale cursor would restart its walk and see "
        "every {item} again. Judged on every unknown cursor probed ({prefix}-PAGE-011's), only "
        "when the {parent} has {items}: in desc against the parameterless page, in asc against "
        "the first page of the asc walk, asked for with the same query.",
    ),
    template(
        "PAGE-020",
        S,
        R,
        "{A_item} of another {parent} given as a cursor is refused with a 4xx or answered with "
        "an empty list",
        '{openai}: after, before ("defines your place in the list"); {op} "{op_quote}"',
        "Reading: {a_item} of another {parent} has no place in this {parent}'s list. A page of "
        "this {parent}'s {items} placed by it (by its created_at, or its position in its own "
        "{parent}) or the first page again lets a client that mixed up two {parents} page "
        "silently through the wrong list; {items} of the other {parent} served here are "
        "{prefix}-{own}-001's. Checked only when a second {parent} is known (--allow-writes "
        "creates one, {other_option} names one), as after and before, in desc and in asc.",
        needs_parent=True,
    ),
)
"""Every list's: the cursor contract is one contract over every list."""

PAGE: tuple[Requirement, ...] = instantiate(PAGE_TEMPLATES, RUNS_TERMS)
