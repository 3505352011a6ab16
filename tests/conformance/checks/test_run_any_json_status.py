"""A run's status is whatever JSON the target sent: no value of it crashes the run checks."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from conformance.checks import run_contract_problems, run_semantics_problems
from conformance.checks.run import plainly_clean

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3)
    ),
    max_leaves=6,
)


@given(status=JSON, required_action=JSON, usage=JSON)
def test_the_run_checks_take_any_json_status_without_raising(
    status: Any, required_action: Any, usage: Any
) -> None:
    run = {"id": "run_1", "status": status, "required_action": required_action, "usage": usage}
    # a status that is no status of the enum is the schema check's business: no finding here
    if not isinstance(status, str):
        assert run_contract_problems(run) == []
        assert run_semantics_problems(run) == []
    assert plainly_clean(run, None) in (True, False)
