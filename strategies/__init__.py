"""Hypothesis strategies shared by the suite and the project's own tests.

Each function returns a ``SearchStrategy`` and rejects bad arguments at once;
its docstring says what it generates and how it shrinks.  Pages, walks and observations
are of any of the seven lists: each function takes the list's endpoint profile
(default: List runs), and :func:`items_of` makes the items of any list.
"""

from strategies._items import THREAD, item_ids, items_of, list_parents, one_item
from strategies._observations import (
    CLEAN_PROPERTY_RUN,
    CREATED_AT,
    ERROR_BODY,
    OTHER_THREAD,
    created_item_exchange,
    created_run_exchange,
    error_response,
    observations_of,
    probe_answer,
    probe_responses,
)
from strategies._queries import invalid_query_params, run_mutations, valid_query_params
from strategies._runs import RUN_STATUSES, one_run, run_ids, run_objects, threads
from strategies._walks import Defect, defective_walks, list_url, page_response, paginate

__all__ = [
    "CLEAN_PROPERTY_RUN",
    "CREATED_AT",
    "ERROR_BODY",
    "OTHER_THREAD",
    "RUN_STATUSES",
    "THREAD",
    "Defect",
    "created_item_exchange",
    "created_run_exchange",
    "defective_walks",
    "error_response",
    "invalid_query_params",
    "item_ids",
    "items_of",
    "list_parents",
    "list_url",
    "observations_of",
    "one_item",
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
