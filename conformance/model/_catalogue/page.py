"""LR-PAGE: pagination: the walk as a whole, single pages, cursor probes and cursor misuse.

Its checks are in ``conformance.checks.page``; ``conformance.model.catalogue`` lists
these requirements in the order they have here.
"""

from __future__ import annotations

from conformance.model._catalogue.sources import CL, OPENAI, SDK, C, M, R, S, entry
from conformance.model._catalogue.types import Requirement

PAGE: tuple[Requirement, ...] = (
    entry(
        "LR-PAGE-001",
        M,
        C,
        "No run appears twice in a walk through the pages",
        f'{OPENAI}: after/before "defines your place in the list"',
    ),
    entry(
        "LR-PAGE-002",
        M,
        C,
        "first_id and last_id are the IDs of the first and last run of data",
        f"{OPENAI}: ListRunsResponse.first_id, last_id (example: the ends of the example data)",
        "An empty page has no first or last run: whatever it says there is not judged. Every "
        "page is judged, after and before pages in both orders.",
    ),
    entry(
        "LR-PAGE-003",
        S,
        R,
        "has_more is true exactly when another non-empty page follows",
        f"{OPENAI}: ListRunsResponse.has_more",
        "Reading: has_more is false on the last page (the official client then saves one "
        "request), and on a page fetched with before it speaks of the direction of travel, as in "
        "Stripe-style cursor lists. The contract only types has_more; LR-PAGE-012 is its part "
        "that the official client needs. Judged along every walk: forward and back, in desc and "
        "in asc.",
    ),
    entry(
        "LR-PAGE-004",
        S,
        R,
        "A page holds at most limit runs, and exactly limit when has_more is true",
        f'{OPENAI}: limit "A limit on the number of objects to be returned"',
        "Reading: a short page with has_more true is legal under the sentence (a limit is an "
        "upper bound); LR-PAGE-013 is the contract's part.",
    ),
    entry(
        "LR-PAGE-005",
        S,
        R,
        "Without limit, a page holds 20 runs",
        f'{OPENAI}: limit "the default is 20"',
        "Reading: exactly 20 when the thread has more (pages filled to the limit); "
        "LR-PAGE-014 is the contract's part. Checkable only on a thread of more than 20 runs.",
    ),
    entry(
        "LR-PAGE-006",
        M,
        C,
        "after is exclusive: the page after X starts with the run that follows X",
        f'{OPENAI}: after "ending with obj_foo, your subsequent call can include after=obj_foo '
        'in order to fetch the next page"',
        "Probed at several cursor positions in each order (desc and asc, each against the "
        "suite's walk of the whole list in that order), so that no single wrong resolution "
        "passes, nor one that is right in one order only.",
    ),
    entry(
        "LR-PAGE-007",
        S,
        R,
        "before is exclusive: the page before X ends with the run that precedes X",
        f'{OPENAI}: before "... before=obj_foo in order to fetch the previous page"',
        "Reading: the previous page holds exactly the runs the list shows just before X, as the "
        "walk of that order lists them, so it ends next to X. That a page is listed in the "
        "requested order is a MUST of its own (LR-ORDER-001/002 judge every page, before pages "
        "included); this requirement stays a reading for what it adds, runs of one second in "
        "the order the walk gave them. Probed in both orders; LR-PAGE-015 is the contract's "
        "part.",
    ),
    entry(
        "LR-PAGE-008",
        S,
        R,
        "Walking back with before from the end of the list reproduces the same sequence",
        f'{OPENAI}: before "fetch the previous page of the list"',
        "Reading: the walk back gives the very sequence of the walk of its order, runs of one "
        "second included. The order of each page is LR-ORDER-001/002's MUST (see LR-PAGE-007). "
        "Walked back in both orders: in desc at limit 20, in asc at limit 100 (at most 250 "
        "runs each); LR-PAGE-016 is the contract's part.",
    ),
    entry(
        "LR-PAGE-009",
        M,
        C,
        "The sequence of runs does not depend on the page size",
        f"{OPENAI}: limit, after (a cursor defines a place in one list)",
        "Walks with limit 1, 7, 20 and 100 must give the same sequence; long walks with a "
        "small limit are compared on their prefix to bound the requests.",
    ),
    entry(
        "LR-PAGE-010",
        S,
        R,
        "Repeating an identical request gives the same page",
        f'{OPENAI}: order "Sort order by the created_at timestamp"',
        "Reading: runs of the same second keep one order between requests. Compared on run "
        "IDs, first_id, last_id and has_more, not on run contents, which may progress between "
        "requests on a live system.",
    ),
    entry(
        "LR-PAGE-011",
        M,
        C,
        "An unknown cursor gives a 4xx error or a list, never a server error",
        f"{OPENAI}: after, before (object IDs); listRuns responses (no 5xx is documented)",
        "The contract does not say what an unknown cursor yields; either an error envelope or a "
        "list is accepted, a 5xx is not. Probed with a made-up ID, one shaped like the thread's "
        "own, a malformed one, one of 2,048 characters, one of URL-special characters and, when "
        "a second thread is known, a run of that thread; the one shaped like the thread's own "
        "and the run of the other thread are sent in asc too.",
    ),
    entry(
        "LR-PAGE-012",
        M,
        CL,
        "On a forward walk, has_more is never false while more runs follow the page",
        f"{SDK}; {OPENAI}: ListRunsResponse.has_more",
        "Checked with one request past every page that says has_more: false.",
    ),
    entry(
        "LR-PAGE-013",
        M,
        C,
        "A page never holds more runs than limit",
        f'{OPENAI}: limit "A limit on the number of objects to be returned"',
    ),
    entry(
        "LR-PAGE-014",
        M,
        C,
        "Without limit, a page holds as many runs as with limit=20",
        f'{OPENAI}: limit "the default is 20"',
        "Compared with the first page of the limit-20 walk, so no page is assumed to be full.",
    ),
    entry(
        "LR-PAGE-015",
        M,
        C,
        "before is exclusive: the page before X holds the runs immediately preceding X",
        f'{OPENAI}: before "... before=obj_foo in order to fetch the previous page"',
        "Compared as a set, in whatever order the page lists them; probed at several cursor "
        "positions in each order (desc and asc).",
    ),
    entry(
        "LR-PAGE-016",
        M,
        C,
        "Walking back with before from the end of the list reaches every run exactly once",
        f'{OPENAI}: before "fetch the previous page of the list"',
        "The walk back goes on until a page comes back empty, whatever has_more says on a "
        "before page (LR-PAGE-003 judges that), and is compared as a set; it is made in both "
        "orders, each compared with the suite's walk of that order.",
    ),
    entry(
        "LR-PAGE-017",
        M,
        C,
        "A run of the thread given as both after and before gives a 4xx error or a list, never "
        "a server error",
        f"{OPENAI}: after, before (object IDs); listRuns responses (no 5xx is documented)",
        "The contract neither allows nor forbids the pair (LR-PROP-004); whatever a server makes "
        "of it, a 5xx is no answer the contract has. Asked in both orders.",
    ),
    entry(
        "LR-PAGE-018",
        S,
        R,
        "A run of the thread given as both after and before gives a 4xx error or an empty list",
        f'{OPENAI}: after, before ("defines your place in the list")',
        "Reading: no run lies both after X and before X, so the pair selects nothing; a refusal "
        "is accepted too (the contract does not say the pair is valid). A server that honours "
        "one cursor and drops the other serves a page the request did not ask for. Asked in "
        "both orders.",
    ),
    entry(
        "LR-PAGE-019",
        S,
        R,
        "An unknown cursor is not silently ignored: it does not answer the first page again",
        f'{OPENAI}: after, before ("an object ID that defines your place in the list")',
        "Reading: an ID that names no run of the thread defines no place, so a 4xx (or a list "
        "placed some other way) is accepted, but not the same runs as the request without the "
        "cursor: a client walking with a stale cursor would restart its walk and see every run "
        "again. Judged on every unknown cursor probed (LR-PAGE-011's), only when the thread has "
        "runs: in desc against the parameterless page, in asc against the first page of the "
        "asc walk, asked for with the same query.",
    ),
    entry(
        "LR-PAGE-020",
        S,
        R,
        "A run of another thread given as a cursor is refused with a 4xx or answered with an "
        "empty list",
        f'{OPENAI}: after, before ("defines your place in the list"); listRuns "a list of runs '
        'belonging to a thread"',
        "Reading: a run of another thread has no place in this thread's list. A page of this "
        "thread's runs placed by it (by its created_at, or its position in its own thread) or "
        "the first page again lets a client that mixed up two threads page silently through the "
        "wrong list; runs of the other thread served here are LR-RUN-001's. Checked only when a "
        "second thread is known (--allow-writes creates one, --other-thread-id names one), as "
        "after and before, in desc and in asc.",
    ),
)
