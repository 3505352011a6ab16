"""Query parameters of List runs, valid and invalid, and runs broken on purpose."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from hypothesis import strategies as st

__all__ = ["invalid_query_params", "run_mutations", "valid_query_params"]

_ORDERS = ("asc", "desc")


def valid_query_params(cursors: Sequence[str] = ()) -> st.SearchStrategy[dict[str, str]]:
    """Query strings the contract must answer with 200 on a thread holding ``cursors``.

    Each of ``limit`` (1..100), ``order``, ``after`` and ``before`` is present
    or not; cursors are drawn from ``cursors`` only (an unknown cursor is not
    valid input), so with no cursors given none is sent.  Shrinks towards the
    empty query.
    """
    if isinstance(cursors, str):
        raise TypeError("cursors must be a sequence of run IDs, not one string")
    cursor = st.sampled_from(list(cursors)) if cursors else st.nothing()
    return st.fixed_dictionaries(
        {},
        optional={
            "limit": st.integers(1, 100).map(str),
            "order": st.sampled_from(_ORDERS),
            "after": cursor,
            "before": cursor,
        },
    )


def invalid_query_params() -> st.SearchStrategy[dict[str, str]]:
    """Query strings with exactly one parameter the contract says must be refused with 400.

    A ``limit`` below 1, above 100 or not an integer, or an ``order`` other
    than asc/desc, next to an otherwise valid query.  Shrinks towards
    ``limit=0``.
    """
    bad_limit = st.one_of(
        st.integers(max_value=0),
        st.integers(min_value=101),
        st.sampled_from(["abc", "1.5", "1e3", "twenty", "0x10"]),
    ).map(str)
    bad_order = st.text(min_size=1, max_size=12).filter(lambda s: s not in _ORDERS)
    return st.one_of(
        st.fixed_dictionaries({"limit": bad_limit}, optional={"order": st.sampled_from(_ORDERS)}),
        st.fixed_dictionaries(
            {"order": bad_order}, optional={"limit": st.integers(1, 100).map(str)}
        ),
    )


_MUTATIONS: tuple[tuple[str, Any], ...] = (
    ("created_at", "1730000000"),
    ("created_at", None),
    ("status", "paused"),
    ("object", "run"),
    ("id", 42),
    ("tools", {}),
    ("metadata", "none"),
    ("parallel_tool_calls", "true"),
    ("response_format", "json"),
    ("tool_choice", "sometimes"),
    ("truncation_strategy", {"type": "first_messages"}),
    ("max_prompt_tokens", 255),
    ("temperature", "hot"),
    ("usage", {"prompt_tokens": 1}),
)
_REQUIRED = (
    "id",
    "object",
    "created_at",
    "thread_id",
    "assistant_id",
    "status",
    "model",
    "tools",
    "metadata",
    "parallel_tool_calls",
    "response_format",
)


def run_mutations(run: Mapping[str, Any]) -> st.SearchStrategy[tuple[str, dict[str, Any]]]:
    """One schema-breaking change of ``run``: a wrong value, or a required key removed.

    Yields ``(description, mutated_run)``; shrinks towards the first mutation
    (a string ``created_at``).
    """
    if "id" not in run:
        raise ValueError("run must be a Run object with an id")

    def change(field: str, value: Any) -> tuple[str, dict[str, Any]]:
        return f"{field}={value!r}", {**run, field: value}

    def remove(field: str) -> tuple[str, dict[str, Any]]:
        return f"without {field}", {k: v for k, v in run.items() if k != field}

    return st.one_of(
        st.sampled_from(_MUTATIONS).map(lambda m: change(*m)),
        st.sampled_from(_REQUIRED).map(remove),
    )
