"""The page parser gives ``json.loads``'s answer for every text: the same value, of the same
types, in the same key order, or the same error.

Python's equality would hide the difference that matters (``1 == 1.0 == True``), so the
answers are compared as typed trees.
"""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conformance.model._json import loads


def _typed(value: Any) -> Any:
    if isinstance(value, dict):
        return ("object", [(key, _typed(item)) for key, item in value.items()])
    if isinstance(value, list):
        return ("array", [_typed(item) for item in value])
    if isinstance(value, float) and math.isnan(value):
        return ("float", "nan")
    return (type(value).__name__, value)


def _answer(parse: Any, text: str) -> Any:
    try:
        return ("value", _typed(parse(text)))
    except (ValueError, RecursionError) as exc:  # JSONDecodeError is a ValueError
        return ("error", type(exc).__name__ if isinstance(exc, RecursionError) else "ValueError")


_NUMBERS = st.sampled_from(
    [
        "0",
        "-0",
        "-0.0",
        "1e400",
        "-1e400",
        "1e-400",
        "1.7976931348623157e308",
        "1.7976931348623159e308",
        "9223372036854775807",
        "9223372036854775808",
        "-9223372036854775809",
        "18446744073709551615",
        "18446744073709551616",
        "123456789012345678901234567890",
        "0.1e1",
        "1E2",
        "NaN",
        "Infinity",
        "-Infinity",
        "01",
        "1.",
        ".5",
        "+1",
    ]
)

_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(alphabet=st.characters(codec="utf-8"), max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=12,
)


@settings(max_examples=400)
@given(_VALUES)
def test_a_dumped_value_parses_to_what_json_loads_makes_of_it(value: Any) -> None:
    text = json.dumps(value, ensure_ascii=False)
    assert _answer(loads, text) == _answer(json.loads, text)


@settings(max_examples=400)
@given(st.lists(_NUMBERS | st.sampled_from(['"\\ud800"', '"a"', "true", "{}", "[]"]), max_size=5))
@example(["18446744073709551616"])
@example(["NaN"])
def test_edge_literals_in_an_array_parse_as_json_loads_parses_them(literals: list[str]) -> None:
    text = "[" + ", ".join(literals) + "]"
    assert _answer(loads, text) == _answer(json.loads, text)


@pytest.mark.parametrize(
    "text",
    [
        '{"a": 1, "b": 2, "a": 3}',  # a repeated key: the last value, at the first place
        '{"created_at": 18446744073709551616}',
        '{"id": "run_1234567890123456789"}',  # 19 digits in a string: json.loads decides
        '"\\ud800"',
        "\ufeff{}",
        "[1, 2",
        "",
        "[" * 5000 + "]" * 5000,
        '{"a": "\u00e9\u4e2d\U0001f600"}',
    ],
)
def test_a_known_hard_text_parses_as_json_loads_parses_it(text: str) -> None:
    assert _answer(loads, text) == _answer(json.loads, text)


def test_a_text_holding_a_lone_surrogate_parses_as_json_loads_parses_it() -> None:
    text = '["\ud800"]'  # not in the JSON escape: in the text itself
    assert _answer(loads, text) == _answer(json.loads, text)
