"""Items of any of the seven lists, as the list's endpoint profile and item schema describe them.

List runs' items are the full, status-consistent runs of :mod:`strategies._runs`.  Another
list's item is the least its item schema accepts (every required field at its simplest:
null where null is allowed, an enum's first value, an empty array...), with what the
generic checks read filled in from the profile: the ``id``, the ``object`` constant,
``created_at`` (the list's other timestamps null, or ``created_at`` where null is not
allowed), and the fields naming the list's parents.  Built from the OpenAPI document, never
re-typed, so an item is valid against its schema (a test holds every list's to it).
"""

from __future__ import annotations

import copy
import functools
import string
from collections.abc import Mapping
from typing import Any

from hypothesis import strategies as st

from conformance.model import RUNS, EndpointProfile, contract, endpoint_profile
from strategies._runs import one_run, run_ids, threads

__all__ = [
    "THREAD",
    "id_prefix",
    "item_ids",
    "items_of",
    "list_parents",
    "one_item",
]

THREAD = "thread_abc123"
"""The thread every made-up list of a thread belongs to, unless told otherwise."""
_ALNUM = string.ascii_letters + string.digits


def list_parents(profile: EndpointProfile, thread_id: str = THREAD) -> dict[str, str]:
    """The parent IDs of a made-up list: ``thread_id`` for a thread, ``<name>_abc123`` else.

    A project-wide list (no parent in its path) has none.
    """
    if not thread_id.startswith("thread_"):
        raise ValueError(f"thread_id must begin with 'thread_', got {thread_id!r}")
    tail = thread_id.removeprefix("thread_")
    return {
        p.param: thread_id if p.param == "thread_id" else f"{p.param.removesuffix('_id')}_{tail}"
        for p in profile.parents
    }


def id_prefix(profile: EndpointProfile) -> str:
    """``run_`` for a run, else the noun's words joined: ``message_``, ``vector_store_``."""
    return "run_" if profile is RUNS else profile.noun[0].replace(" ", "_") + "_"


def item_ids(profile: EndpointProfile = RUNS) -> st.SearchStrategy[str]:
    """IDs of the list's items: a prefix from its noun and 24 alphanumerics.

    ``run_...`` for List runs (:func:`~strategies.run_ids`).  Shrinks towards ``<prefix>000...``.
    """
    if not isinstance(profile, EndpointProfile):
        raise TypeError(f"profile must be an EndpointProfile, got {profile!r}")
    if profile is RUNS:
        return run_ids()
    prefix = id_prefix(profile)
    return st.text(_ALNUM, min_size=24, max_size=24).map(lambda s: prefix + s)


def _schemas() -> Mapping[str, Any]:
    schemas: Mapping[str, Any] = contract.document()["components"]["schemas"]
    return schemas


def _least(schema: Mapping[str, Any], depth: int = 0) -> Any:
    """The simplest value ``schema`` accepts, as far as its keywords say (not validated here)."""
    if depth > 20:
        raise ValueError("the item schema nests deeper than a made-up item can follow")
    if "$ref" in schema:
        return _least(_schemas()[str(schema["$ref"]).rsplit("/", 1)[1]], depth + 1)
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return schema["enum"][0]
    for choice in ("oneOf", "anyOf"):
        if choice in schema:
            return _least(schema[choice][0], depth + 1)
    if "allOf" in schema:
        merged: dict[str, Any] = {}
        for part in schema["allOf"]:
            value = _least(part, depth + 1)
            if isinstance(value, dict):
                merged.update(value)
        return merged
    kind = schema.get("type", "object")
    if isinstance(kind, list):
        kind = "null" if "null" in kind else kind[0]
    if kind == "null":
        return None
    if kind == "object":
        properties = schema.get("properties", {})
        return {
            name: _least(properties.get(name, {"type": "null"}), depth + 1)
            for name in schema.get("required", ())
        }
    if kind == "array":
        least = _least(schema.get("items", {}), depth + 1)
        return [copy.deepcopy(least) for _ in range(schema.get("minItems", 0))]
    if kind == "string":
        return "x" * int(schema.get("minLength", 0))
    if kind in ("integer", "number"):
        return max(int(schema.get("minimum", 0)), 0)
    if kind == "boolean":
        return False
    raise ValueError(f"no simplest value for a schema of type {kind!r}")


def _skeleton(profile: EndpointProfile) -> tuple[dict[str, Any], frozenset[str]]:
    """The list's least item, and which of its timestamps may be null."""
    return _skeleton_of(profile.name)


@functools.cache
def _skeleton_of(name: str) -> tuple[dict[str, Any], frozenset[str]]:
    profile = endpoint_profile(name)  # a profile holds mappings: cached by its name
    schema = _schemas()[profile.item_schema]
    nullable = frozenset(
        name
        for name in profile.timestamps
        if "null" in (schema["properties"][name].get("type") or ())
    )
    return _least(schema), nullable


def one_item(
    profile: EndpointProfile,
    item_id: str,
    created_at: int,
    parents: Mapping[str, str] | None = None,
    /,
    **fields: Any,
) -> dict[str, Any]:
    """One valid item of the list, created at ``created_at``, of ``parents`` (default: its own).

    A run is a completed run (:func:`~strategies.one_run`); another list's item is the least
    its schema accepts, with the ID, object, timestamps and parent fields set.  ``fields``
    replace fields of the item (a filter's field, a broken value).
    """
    parents = list_parents(profile) if parents is None else parents
    if profile is RUNS:
        return {**one_run(item_id, created_at, parents["thread_id"], "completed"), **fields}
    skeleton, nullable = _skeleton(profile)
    item = copy.deepcopy(skeleton)
    item["id"] = item_id
    item["object"] = profile.item_object
    for name in profile.timestamps:
        item[name] = None if name in nullable else created_at
    item["created_at"] = created_at
    for parent in profile.parents:
        if parent.item_field is not None and parent.param in parents:
            item[parent.item_field] = parents[parent.param]
    item.update(fields)
    return item


def items_of(
    profile: EndpointProfile = RUNS,
    *,
    min_size: int = 0,
    max_size: int = 40,
    parents: Mapping[str, str] | None = None,
) -> st.SearchStrategy[list[dict[str, Any]]]:
    """The items of one list in ``desc`` list order, with distinct IDs and bursts of equal times.

    List runs' are :func:`~strategies.threads` (runs of every status).  Another list's are
    :func:`one_item` values whose ``created_at`` values come from gaps of 0 to 3 seconds, so
    several items often share a second.  ``parents`` default to :func:`list_parents`.
    Shrinks towards fewer items, all created in the same second.
    """
    if not isinstance(profile, EndpointProfile):
        raise TypeError(f"profile must be an EndpointProfile, got {profile!r}")
    if min_size < 0 or max_size < min_size:
        raise ValueError(f"need 0 <= min_size <= max_size, got {min_size}, {max_size}")
    owned = list_parents(profile) if parents is None else dict(parents)
    missing = [p.param for p in profile.parents if p.param not in owned]
    if missing:
        raise ValueError(f"parents must name {', '.join(missing)} for {profile.title}")
    if profile is RUNS:
        return threads(min_size=min_size, max_size=max_size, thread_id=owned["thread_id"])

    def build(gaps: list[int], ids: list[str]) -> list[dict[str, Any]]:
        created, items = 1_730_000_000 + sum(gaps), []
        for gap, item_id in zip(gaps, ids, strict=True):
            items.append(one_item(profile, item_id, created, owned))
            created -= gap
        return items

    return st.integers(min_size, max_size).flatmap(
        lambda n: st.builds(
            build,
            st.lists(st.integers(0, 3), min_size=n, max_size=n),
            st.lists(item_ids(profile), min_size=n, max_size=n, unique=True),
        )
    )
