"""LR-WRITE: pagination under concurrent writes, and the runs the suite creates (--allow-writes).

Its checks are in ``conformance.checks.write``; ``conformance.model.catalogue`` lists
these requirements in the order they have here.
"""

from __future__ import annotations

from conformance.model._catalogue.sources import OPENAI, C, M, entry
from conformance.model._catalogue.types import Requirement

WRITE: tuple[Requirement, ...] = (
    entry(
        "LR-WRITE-001",
        M,
        C,
        "A walk stays exact while runs are created: every earlier run is listed once, in order",
        f'{OPENAI}: after "defines your place in the list" (a cursor names a run, not an offset)',
        "Checked only with --allow-writes: the suite creates one run before every page of a desc "
        "and an asc walk (limit 20). New runs may or may not be listed; every run that existed "
        "before must be listed exactly once and in order, which tells real cursors from offsets.",
    ),
    entry(
        "LR-WRITE-002",
        M,
        C,
        "A run the suite creates is dated when it was created: created_at lies between the "
        "request and its answer, within the clock skew",
        f'{OPENAI}: RunObject.created_at ("The Unix timestamp (in seconds) for when the run was '
        'created"); createRun (the answer is the run created)',
        "Checked with --allow-writes on every run the suite creates (those created between the "
        "pages of the walks under writes, and the second thread's): created_at lies no earlier "
        "than the second the POST was sent and no later than its answer came, by the suite's "
        "clock, with 300 s of clock skew allowed either way; and, when the answer carries a "
        "Date header, within the same window by the target's own clock. A run dated after its "
        "answer is never possible: a clock an hour ahead (local time stored as UTC) fails.",
    ),
    entry(
        "LR-WRITE-003",
        M,
        C,
        "A run the suite creates names the thread it was created in",
        f'{OPENAI}: RunObject.thread_id ("The ID of the thread that was executed on as a part '
        'of this run"); createRun, path parameter thread_id',
        "Judged on the answer to every POST /threads/{thread_id}/runs the suite sends; "
        "LR-RUN-001 judges the runs as listed.",
    ),
    entry(
        "LR-WRITE-004",
        M,
        C,
        "A run the suite creates has a new ID: none its thread listed before, none another "
        "creation returned",
        f'{OPENAI}: RunObject.id ("The identifier, which can be referenced in API endpoints"); '
        'listRuns after/before ("an object ID that defines your place in the list")',
        "Passed only on evidence that could have shown a reused ID: runs the thread listed "
        "before the POST was sent, or a second creation.",
    ),
    entry(
        "LR-WRITE-005",
        M,
        C,
        "A run the suite creates is listed exactly once by a complete walk made after its creation",
        f'{OPENAI}: listRuns "Returns a list of runs belonging to a thread"; after "defines '
        'your place in the list"',
        "Every complete walk of the run's thread whose first request was sent after the answer "
        "to the POST lists it once, and no walk lists it twice. Judged on the walks the suite "
        "makes anyway (the asc walk under writes for the runs the desc walk created, the walks "
        "of the second thread for its run); not checked when no complete walk followed a "
        "creation.",
    ),
)
