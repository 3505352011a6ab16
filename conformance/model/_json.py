"""Parsing a target's body: ``json.loads``'s answer in half the time, or a ``ValueError``.

A certification of a large thread parses every page it reads (a million runs are
10,000 pages of ~90 kB), and the parse is on the walk's critical path: the next
cursor is in it.  orjson parses such a page in 0.3 ms where ``json.loads`` takes
0.6 ms, and gives the same values for everything it accepts but one kind: an
integer of 64 bits or more, which it turns into a float (``created_at:
18446744073709551616`` would then be a float, and judged as one).  So a body with
19 digits in a row anywhere (a string's included: the test is on the raw text, and
cheap) goes to ``json.loads``, as does every body orjson refuses (NaN, Infinity,
lone surrogates, numbers out of range): what parses, and to what, is exactly
``json.loads``'s.  A differential test holds the two to that.

A string holding a lone surrogate (escaped: a high one with no low one after
it, which orjson refuses and ``json.loads`` accepts) is refused too, as I-JSON
(RFC 7493) has it: such a string is no Unicode text, and every consumer that
encodes it (a validator, a report writer) would fail on it.

The other departure is depth.  A body nested more than :data:`MAX_DEPTH` levels deep
(arrays and objects) is refused with a ``ValueError``, as a body that is not JSON
is: ``json.loads`` raised ``RecursionError`` on a run whose ``metadata`` nested
100,000 objects deep, and a value nested a thousand deep breaks whatever reads it
recursively afterwards (comparing, printing, serialising it).  No List runs answer
comes near the limit (a page is four levels deep, a run's deepest free-form field,
a tool's JSON Schema, a few more).  Sizes are bounded before parsing: no body over
``MAX_BODY_BYTES`` (8 MiB) is parsed, and integers have at most Python's 4,300
digits (a longer one is a ``ValueError`` too).
"""

from __future__ import annotations

import json
from typing import Any

import orjson

__all__ = ["MAX_DEPTH", "JsonTooDeepError", "loads", "too_deep"]

MAX_DEPTH = 254
"""Deepest nesting of arrays and objects a parsed body may have (``[[]]`` is 2 deep).

It is the depth orjson serialises, so that checking a value orjson parsed costs one
``orjson.dumps`` (a tenth of the parse), not a walk of the tree in Python.
"""

_DIGITS_TO_ZERO = bytes.maketrans(b"123456789", b"000000000")
_LONG_INTEGER = b"0" * 19  # 2**63 has 19 digits: anything shorter fits orjson's 64 bits


def loads(text: str) -> Any:
    """``json.loads(text)``: the same value or a ``ValueError``, sooner; never too deep.

    A value nested more than :data:`MAX_DEPTH` levels deep is a ``ValueError``, as a
    text that is not JSON is (never a ``RecursionError``).
    """
    raw = text.encode("utf-8", "surrogatepass")
    if _LONG_INTEGER not in raw.translate(_DIGITS_TO_ZERO):
        try:
            value = orjson.loads(raw)
        except orjson.JSONDecodeError:
            pass  # json.loads decides: it accepts more (NaN, 1e400) or says why not
        else:
            try:
                orjson.dumps(value)  # refuses a value deeper than MAX_DEPTH, and only that
            except orjson.JSONEncodeError:
                if too_deep(value):
                    raise _too_deep() from None
            return value
    try:
        value = json.loads(text)
    except RecursionError:
        raise _too_deep() from None
    if too_deep(value):
        raise _too_deep()
    if "\\u" in text and _holds_a_lone_surrogate(value):
        raise ValueError("the JSON holds a lone surrogate (a string that is no Unicode text)")
    return value


def _holds_a_lone_surrogate(value: Any) -> bool:
    """Whether a string of ``value`` (a key too) cannot be encoded as UTF-8."""
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


class JsonTooDeepError(ValueError):
    """A body nested past :data:`MAX_DEPTH`: not parsed, as a body that is not JSON."""


def _too_deep() -> JsonTooDeepError:
    return JsonTooDeepError(
        f"the JSON is nested more than {MAX_DEPTH} levels deep (the parser's limit)"
    )


def too_deep(value: Any, limit: int = MAX_DEPTH) -> bool:
    """Whether ``value`` nests arrays and objects more than ``limit`` levels deep (no recursion)."""
    level = [value] if type(value) is dict or type(value) is list else []
    depth = 0
    while level:
        depth += 1
        if depth > limit:
            return True
        level = [
            item
            for node in level
            for item in (node.values() if type(node) is dict else node)
            if type(item) is dict or type(item) is list
        ]
    return False
