"""Hypothesis strategies shared by the suite and the project's own tests.

Each function returns a ``SearchStrategy`` and rejects bad arguments at once;
its docstring says what it generates and how it shrinks.
"""

from strategies._observations import (
    CLEAN_PROPERTY_RUN,
    CREATED_AT,
    ERROR_BODY,
    OTHER_THREAD,
    created_run_exchange,
    error_response,
    observations_of,
    probe_answer,
    probe_responses,
)
from strategies._queries import invalid_query_params, run_mutations, valid_query_params
from strategies._runs import RUN_STATUSES, one_run, run_ids, run_objects, threads
from strategies._walks import Defect, defective_walks, page_response, paginate

__all__ = [
    "CLEAN_PROPERTY_RUN",
    "CREATED_AT",
    "ERROR_BODY",
    "OTHER_THREAD",
    "RUN_STATUSES",
    "Defect",
    "created_run_exchange",
    "defective_walks",
    "error_response",
    "invalid_query_params",
    "observations_of",
    "one_run",
    "page_response",
    "paginate",
    "probe_answer",
    "probe_responses",
    "run_ids",
    "run_mutations",
    "run_objects",
    "threads",
    "valid_query_params",
]
