"""What a schema says about an instance, in one normal form, so two documents can be compared.

The project's document and OpenAI's published one write the same contract differently:
OpenAPI 3.0 `nullable: true` (and `allOf [X, {nullable: true}]`) against JSON Schema 2020-12
`type: [T, "null"]` / `anyOf [X, {type: "null"}]`; `enum: [v]` with `x-stainless-const`
against `const: v`; a schema inlined in one and a `$ref` to a component in the other.
:func:`shape` reduces a schema of either document to what constrains an instance (types,
nullability, enum, properties, required, items, alternatives, bounds, format, default,
additional properties, a conditional) with every `$ref` resolved, and :func:`differences`
lists where two shapes disagree, path by path. Annotations (description, title, examples,
`x-*`, `deprecated`, `discriminator`) are left out: they constrain nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Difference", "Shape", "differences", "resolve", "shape"]

_BOUNDS = (
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
)
_ANNOTATIONS = frozenset(
    {
        "description",
        "title",
        "example",
        "examples",
        "deprecated",
        "discriminator",
        "readOnly",
        "writeOnly",
    }
)
_STRUCTURE = frozenset(
    {
        "$ref",
        "type",
        "nullable",
        "enum",
        "const",
        "properties",
        "required",
        "items",
        "additionalProperties",
        "propertyNames",
        "anyOf",
        "oneOf",
        "allOf",
        "format",
        "default",
        "if",
        "then",
        "else",
        *_BOUNDS,
    }
)
_MAX_DEPTH = 40


@dataclass
class Shape:
    """What one schema demands of an instance; ``None`` in a field means "no constraint"."""

    types: frozenset[str] | None = None
    nullable: bool = False
    enum: frozenset[str] | None = None
    properties: dict[str, Shape] = field(default_factory=dict)
    required: frozenset[str] = frozenset()
    items: Shape | None = None
    alternatives: tuple[Shape, ...] = ()
    additional: Shape | bool = True
    property_names: Shape | None = None
    bounds: dict[str, Any] = field(default_factory=dict)
    format: str | None = None
    default: str | None = None
    conditional: str | None = None


@dataclass(frozen=True)
class Difference:
    """One place where the two documents disagree: a path, an aspect and the two values."""

    path: str
    aspect: str
    upstream: str
    project: str

    def __str__(self) -> str:
        return f"{self.path} [{self.aspect}]: upstream {self.upstream}, project {self.project}"


def resolve(document: Mapping[str, Any], pointer: str) -> Mapping[str, Any]:
    """The node a local ``#/...`` pointer names in ``document``."""
    if not pointer.startswith("#/"):
        raise ValueError(f"not a local pointer: {pointer}")
    node: Any = document
    for token in pointer[2:].split("/"):
        node = node[token.replace("~1", "/").replace("~0", "~")]
    if not isinstance(node, Mapping):
        raise ValueError(f"{pointer} is not an object")
    return node


def _canonical(value: object) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def shape(schema: Mapping[str, Any], document: Mapping[str, Any], depth: int = 0) -> Shape:
    """The normal form of ``schema``, its ``$ref`` pointers resolved in ``document``."""
    if depth > _MAX_DEPTH:
        raise RecursionError("schema nests deeper than any list item does")
    unknown = set(schema) - _STRUCTURE - _ANNOTATIONS
    unknown = {key for key in unknown if not key.startswith("x-")}
    if unknown:
        # A keyword this normal form does not know would be compared as nothing: refuse.
        raise ValueError(f"keywords the comparison does not model: {sorted(unknown)}")
    result = Shape()
    if "$ref" in schema:
        result = _merge(result, shape(resolve(document, schema["$ref"]), document, depth + 1))
    for part in schema.get("allOf", ()):
        result = _merge(result, shape(part, document, depth + 1))
    if "type" in schema:
        declared = schema["type"]
        names = {declared} if isinstance(declared, str) else set(declared)
        if "null" in names:
            result.nullable = True
            names.discard("null")
        result.types = _intersect(result.types, frozenset(names)) if names else result.types
        if not names and result.types is None:
            result.types = frozenset()  # {type: "null"} alone: nothing but null
    if schema.get("nullable") is True:
        result.nullable = True
    values: list[Any] | None = None
    if "const" in schema:
        values = [schema["const"]]
    if "enum" in schema:
        values = list(schema["enum"])
    if values is not None:
        if None in values:
            result.nullable = True
            values = [v for v in values if v is not None]
        result.enum = frozenset(_canonical(v) for v in values)
    for name, sub in schema.get("properties", {}).items():
        result.properties[name] = shape(sub, document, depth + 1)
    result.required = result.required | frozenset(schema.get("required", ()))
    if "items" in schema:
        result.items = shape(schema["items"], document, depth + 1)
    if "additionalProperties" in schema:
        extra = schema["additionalProperties"]
        result.additional = extra if isinstance(extra, bool) else shape(extra, document, depth + 1)
    if "propertyNames" in schema:
        result.property_names = shape(schema["propertyNames"], document, depth + 1)
    for bound in _BOUNDS:
        if bound in schema:
            result.bounds[bound] = schema[bound]
    if "format" in schema:
        result.format = str(schema["format"])
    if "default" in schema:
        result.default = _canonical(schema["default"])
    if "if" in schema:
        conditional = {key: schema[key] for key in ("if", "then", "else") if key in schema}
        result.conditional = _canonical(conditional)
    branches = [*schema.get("anyOf", ()), *schema.get("oneOf", ())]
    if branches:
        shapes = [shape(branch, document, depth + 1) for branch in branches]
        real: list[Shape] = []
        for branch_shape in shapes:
            if _is_null_only(branch_shape):
                result.nullable = True
            elif _is_pure_union(branch_shape):
                # anyOf [oneOf [A, B], C] says what oneOf [A, B, C] says: one flat set.
                result.nullable = result.nullable or branch_shape.nullable
                real.extend(branch_shape.alternatives)
            else:
                real.append(branch_shape)
        if len(real) == 1:
            result = _merge(result, real[0])
        elif real:
            result.alternatives = tuple(real)
    return result


def _is_null_only(candidate: Shape) -> bool:
    return candidate.types == frozenset() and candidate.nullable


def _is_pure_union(candidate: Shape) -> bool:
    bare = Shape(alternatives=candidate.alternatives, nullable=candidate.nullable)
    return bool(candidate.alternatives) and candidate == bare


def _intersect(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    if a is None:
        return b
    if b is None:
        return a
    return a & b


def _merge(a: Shape, b: Shape) -> Shape:
    """Both constraints at once (``allOf``, or a ``$ref`` with siblings, or the one real branch)."""
    properties = dict(a.properties)
    for name, sub in b.properties.items():
        properties[name] = _merge(properties[name], sub) if name in properties else sub
    if a.alternatives and b.alternatives:
        raise ValueError("two sets of alternatives in one schema are not modelled")
    return Shape(
        types=_intersect(a.types, b.types),
        nullable=a.nullable or b.nullable,
        enum=a.enum if b.enum is None else b.enum if a.enum is None else a.enum & b.enum,
        properties=properties,
        required=a.required | b.required,
        items=b.items if a.items is None else a.items,
        alternatives=a.alternatives or b.alternatives,
        additional=b.additional if a.additional is True else a.additional,
        property_names=a.property_names or b.property_names,
        bounds={**a.bounds, **b.bounds},
        format=a.format or b.format,
        default=a.default if a.default is not None else b.default,
        conditional=a.conditional or b.conditional,
    )


def _show(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, frozenset):
        return "{" + ", ".join(sorted(value)) + "}"
    return str(value)


def _branch_key(branch: Shape) -> str:
    """How two alternatives are paired: by the value of their ``type`` property, else by kind."""
    tag = branch.properties.get("type")
    if tag is not None and tag.enum is not None:
        return "type=" + _show(tag.enum)
    return f"{_show(branch.types)}/{_show(branch.enum)}"


def differences(upstream: Shape, project: Shape, path: str) -> Iterator[Difference]:
    """Every aspect in which ``project`` says something other than ``upstream`` at ``path``."""
    scalar_aspects: tuple[tuple[str, object, object], ...] = (
        ("types", upstream.types, project.types),
        ("nullable", upstream.nullable, project.nullable),
        ("enum", upstream.enum, project.enum),
        ("required", upstream.required, project.required),
        ("format", upstream.format, project.format),
        ("default", upstream.default, project.default),
        ("conditional", upstream.conditional, project.conditional),
    )
    for aspect, theirs, ours in scalar_aspects:
        if theirs != ours:
            yield Difference(path, aspect, _show(theirs), _show(ours))
    for bound in sorted(set(upstream.bounds) | set(project.bounds)):
        theirs, ours = upstream.bounds.get(bound), project.bounds.get(bound)
        if theirs != ours:
            yield Difference(path, bound, _show(theirs), _show(ours))
    for name in sorted(set(upstream.properties) | set(project.properties)):
        if name not in project.properties:
            yield Difference(f"{path}.{name}", "property", "declared", "absent")
        elif name not in upstream.properties:
            yield Difference(f"{path}.{name}", "property", "absent", "declared")
        else:
            yield from differences(
                upstream.properties[name], project.properties[name], f"{path}.{name}"
            )
    yield from _compare_optional(upstream.items, project.items, f"{path}[]", "items")
    yield from _compare_optional(
        upstream.property_names, project.property_names, f"{path}{{name}}", "propertyNames"
    )
    if isinstance(upstream.additional, bool) or isinstance(project.additional, bool):
        if upstream.additional != project.additional:
            yield Difference(
                path,
                "additionalProperties",
                _show(_additional(upstream.additional)),
                _show(_additional(project.additional)),
            )
    else:
        yield from differences(upstream.additional, project.additional, f"{path}{{*}}")
    theirs_by_key = {_branch_key(b): b for b in upstream.alternatives}
    ours_by_key = {_branch_key(b): b for b in project.alternatives}
    if len(theirs_by_key) != len(upstream.alternatives) or len(ours_by_key) != len(
        project.alternatives
    ):
        raise ValueError(f"{path}: two alternatives share a key; pair them another way")
    for key in sorted(set(theirs_by_key) | set(ours_by_key)):
        if key not in ours_by_key:
            yield Difference(f"{path}|{key}", "alternative", "declared", "absent")
        elif key not in theirs_by_key:
            yield Difference(f"{path}|{key}", "alternative", "absent", "declared")
        else:
            yield from differences(theirs_by_key[key], ours_by_key[key], f"{path}|{key}")


def _additional(value: Shape | bool) -> str:
    if value is True:
        return "allowed"
    if value is False:
        return "forbidden"
    return "a schema"


def _compare_optional(
    upstream: Shape | None, project: Shape | None, path: str, aspect: str
) -> Iterator[Difference]:
    if upstream is None and project is None:
        return
    if upstream is None or project is None:
        yield Difference(
            path, aspect, "declared" if upstream else "-", "declared" if project else "-"
        )
        return
    yield from differences(upstream, project, path)
