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

from conformance.model import Exchange, Response
from conformance.model._json import MAX_DEPTH, loads, too_deep


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
@given(st.lists(_NUMBERS | st.sampled_from(['"\\u00e9"', '"a"', "true", "{}", "[]"]), max_size=5))
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
        "\ufeff{}",
        "[1, 2",
        "",
        '{"a": "\u00e9\u4e2d\U0001f600"}',
    ],
)
def test_a_known_hard_text_parses_as_json_loads_parses_it(text: str) -> None:
    assert _answer(loads, text) == _answer(json.loads, text)


def test_a_text_holding_a_lone_surrogate_parses_as_json_loads_parses_it() -> None:
    text = '["\ud800"]'  # not in the JSON escape: in the text itself
    assert _answer(loads, text) == _answer(json.loads, text)


@pytest.mark.parametrize("text", ['"\\ud800"', '{"id": "run_\\udc00"}', '{"\\ud800": 1}'])
def test_a_string_escaping_a_lone_surrogate_is_a_value_error(text: str) -> None:
    with pytest.raises(ValueError, match="lone surrogate"):
        loads(text)


def _nested_metadata(depth: int) -> str:
    return '{"object": "list", "data": [{"id": "run_1", "metadata": ' + (
        '{"a": ' * depth + "1" + "}" * depth + "}], " + '"has_more": false}'
    )


@pytest.mark.parametrize("depth", [MAX_DEPTH, MAX_DEPTH - 1])
def test_a_text_nested_to_the_limit_parses_as_json_loads_parses_it(depth: int) -> None:
    text = "[" * depth + "]" * depth
    assert _answer(loads, text) == _answer(json.loads, text)


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 1000, 5000, 100_000])
def test_a_text_nested_past_the_limit_is_a_value_error_never_a_recursion_error(
    depth: int,
) -> None:
    with pytest.raises(ValueError, match=f"nested more than {MAX_DEPTH} levels deep"):
        loads("[" * depth + "]" * depth)


def test_a_run_whose_metadata_nests_100000_objects_deep_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="nested more than"):
        loads(_nested_metadata(100_000))


def test_a_deep_text_that_json_loads_parses_is_refused_on_the_long_integer_path_too() -> None:
    # 19 digits send the text to json.loads, which parses 300 levels: the limit still holds
    text = '{"created_at": 18446744073709551616, "m": ' + "[" * 300 + "]" * 300 + "}"
    with pytest.raises(ValueError, match="nested more than"):
        loads(text)


def test_a_page_nested_past_the_limit_is_a_body_that_is_not_json() -> None:
    exchange = Exchange(
        id="E0001",
        label="deep",
        method="GET",
        url="http://127.0.0.1/v1/threads/t/runs",
        request_headers=(),
        status=200,
        response_headers=(("content-type", "application/json"),),
        body=_nested_metadata(100_000),
    )
    page = Response(exchange, {}, "t")
    assert not page.is_json
    assert page.ids == ()


@given(st.recursive(st.none(), lambda inner: st.lists(inner, max_size=2), max_leaves=40))
def test_too_deep_agrees_with_a_recursive_count_of_the_nesting(value: Any) -> None:
    def depth(node: Any) -> int:
        return 1 + max(map(depth, node), default=0) if isinstance(node, list) else 0

    for limit in range(depth(value) + 2):
        assert too_deep(value, limit) == (depth(value) > limit)
