"""The compiled validator (jsonschema-rs) and the reference one (jsonschema) answer alike.

LR-SCHEMA-002 asks the compiled validator first and the reference only for a run
it rejects (LR-SCHEMA-001 likewise for a page's envelope): a run the compiled one let
through that the reference rejects would be a missed finding, so the two are held to
the same answer on valid runs and envelopes and on ones with a field replaced by any
JSON value.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conformance.model import contract
from strategies import run_objects

_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**40), 2**40)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)


def _agree(run: Any) -> None:
    reference = contract.schema_validator("RunObject").is_valid(run)
    fast = contract.fast_schema_validator("RunObject").is_valid(run)
    assert fast == reference, f"jsonschema says {reference}, jsonschema-rs says {fast}: {run!r}"


@given(run_objects())
def test_both_validators_accept_every_generated_valid_run(run: dict[str, Any]) -> None:
    assert contract.fast_schema_validator("RunObject").is_valid(run)
    _agree(run)


@settings(max_examples=300)
@given(run_objects(), st.data())
def test_both_validators_agree_on_a_run_with_one_field_replaced(
    run: dict[str, Any], data: st.DataObject
) -> None:
    field = data.draw(st.sampled_from(sorted(run)))
    run[field] = data.draw(_JSON)
    _agree(run)


@given(run_objects(), st.data())
def test_both_validators_agree_on_a_run_with_one_field_removed_or_added(
    run: dict[str, Any], data: st.DataObject
) -> None:
    if data.draw(st.booleans()):
        del run[data.draw(st.sampled_from(sorted(run)))]
    else:
        run[data.draw(st.text(min_size=1, max_size=8))] = data.draw(_JSON)
    _agree(run)


def _envelopes() -> st.SearchStrategy[dict[str, Any]]:
    """A page's envelope as LR-SCHEMA-001 judges it: its runs left out (``data`` empty)."""
    ids = st.none() | st.text(min_size=1, max_size=12)
    return st.fixed_dictionaries(
        {"object": st.just("list"), "data": st.just([]), "has_more": st.booleans()},
        optional={"first_id": ids, "last_id": ids},
    )


@settings(max_examples=300)
@given(_envelopes(), st.data())
def test_both_validators_agree_on_an_envelope_with_one_field_replaced_removed_or_added(
    envelope: dict[str, Any], data: st.DataObject
) -> None:
    how = data.draw(st.sampled_from(["keep", "replace", "remove", "add"]))
    if how == "replace":
        envelope[data.draw(st.sampled_from(sorted(envelope)))] = data.draw(_JSON)
    elif how == "remove":
        del envelope[data.draw(st.sampled_from(sorted(envelope)))]
    elif how == "add":
        envelope[data.draw(st.text(min_size=1, max_size=8))] = data.draw(_JSON)
    reference = contract.schema_validator("ListRunsResponse").is_valid(envelope)
    fast = contract.fast_schema_validator("ListRunsResponse").is_valid(envelope)
    assert fast == reference, (
        f"jsonschema says {reference}, jsonschema-rs says {fast}: {envelope!r}"
    )


def test_an_unknown_component_is_refused_by_name() -> None:
    with pytest.raises(KeyError, match="NoSuchSchema"):
        contract.fast_schema_validator("NoSuchSchema")
