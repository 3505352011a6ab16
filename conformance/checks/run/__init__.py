"""LR-RUN: each listed run is of the thread, and what it says agrees with its status.

The JSON Schema cannot say "usage is null until the run ends", nor that a
timestamp counts seconds, nor that a run starts after it was created; these
functions can, and both the hand-written walk and the property phase apply them.  What the
Run object's field descriptions say outright (a field is null in such a state)
is :func:`run_contract_problems` (LR-RUN-003, a MUST); the reading that also asks
a failed or incomplete run to say why is added by :func:`run_semantics_problems`
(LR-RUN-002, a SHOULD whose meaning includes the contract's part).

The seams: ``_timestamps`` (seconds, JSON integers, a life in order: LR-RUN-004..007),
``_fields`` (the status's own fields, usage, IDs, and :func:`plainly_clean`), ``_reading``
(the one reading of every run of every page the checks share) and ``_checks`` (the ten
checks, and :func:`shared_run_findings` for a run listed under two threads).
"""

from conformance.checks.run._checks import shared_run_findings
from conformance.checks.run._fields import (
    TERMINAL_STATUSES,
    id_problems,
    plainly_clean,
    run_contract_problems,
    run_semantics_problems,
    unsendable_id_problems,
    usage_problems,
)
from conformance.checks.run._timestamps import (
    PAST_EVENT_TIMESTAMPS,
    TIMESTAMPS,
    life_contract_problems,
    life_reading_problems,
    timestamp_encoding_problems,
    timestamp_unit_problems,
)

__all__ = [
    "PAST_EVENT_TIMESTAMPS",
    "TERMINAL_STATUSES",
    "TIMESTAMPS",
    "id_problems",
    "life_contract_problems",
    "life_reading_problems",
    "plainly_clean",
    "run_contract_problems",
    "run_semantics_problems",
    "shared_run_findings",
    "timestamp_encoding_problems",
    "timestamp_unit_problems",
    "unsendable_id_problems",
    "usage_problems",
]
