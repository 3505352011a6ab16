"""Access to the OpenAPI document, the one artefact the checks and the server share.

The document lives in the repository's top-level ``openapi/`` folder and is
copied into the wheel as ``conformance/openapi/``; both places are looked up so
that an editable checkout and an installed wheel certify against the same bytes.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jsonschema_rs
import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

__all__ = [
    "DOCUMENT_NAME",
    "document",
    "document_bytes",
    "document_digest",
    "document_path",
    "fast_schema_validator",
    "schema_validator",
]

DOCUMENT_NAME = "list-runs.openapi.yaml"
_DOCUMENT_URI = "urn:runs-conformance:openapi"


def document_path() -> Path:
    """Where the shipped document is, in a wheel or in a source checkout."""
    package = Path(__file__).resolve().parent.parent  # conformance/
    for candidate in (
        package / "openapi" / DOCUMENT_NAME,
        package.parent / "openapi" / DOCUMENT_NAME,
    ):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"the OpenAPI document {DOCUMENT_NAME} is not installed")


@functools.cache
def document_bytes() -> bytes:
    """The exact bytes, so that the digest in a report names what was certified against."""
    return document_path().read_bytes()


@functools.cache
def document() -> Mapping[str, Any]:
    """The parsed document (cached: it is read once per process).

    With libyaml's parser when PyYAML has it (6 ms, not 60): the same safe loader's
    answer, sooner.
    """
    loaded = yaml.load(document_bytes(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if not isinstance(loaded, dict):
        raise ValueError(f"{DOCUMENT_NAME} is not a mapping")
    return loaded


def document_digest() -> str:
    """``sha256:<hex>`` of the document bytes, as stored in every report."""
    return "sha256:" + hashlib.sha256(document_bytes()).hexdigest()


@functools.cache
def _registry() -> Registry[Any]:
    resource: Resource[Any] = DRAFT202012.create_resource(dict(document()))
    registry: Registry[Any] = Registry().with_resource(_DOCUMENT_URI, resource)
    return registry


@functools.cache
def schema_validator(component: str) -> Draft202012Validator:
    """A validator for ``#/components/schemas/<component>``.

    OpenAPI 3.1 schemas are JSON Schema 2020-12, so the document itself is the
    registry that resolves every ``$ref``; no copy of a schema is made by hand.
    """
    if component not in document().get("components", {}).get("schemas", {}):
        raise KeyError(f"no schema {component!r} in {DOCUMENT_NAME}")
    schema = {"$ref": f"{_DOCUMENT_URI}#/components/schemas/{component}"}
    return Draft202012Validator(schema, registry=_registry())


@functools.cache
def fast_schema_validator(component: str) -> Any:
    """A compiled validator of the same schema, for the question "valid or not?" alone.

    A thread of 100,000 runs is 100,000 validations: ``jsonschema`` takes ~1 ms
    each, ``jsonschema-rs`` (the Rust validator schemathesis already depends on)
    a few microseconds.  It answers only valid or not; the findings' wording comes
    from :func:`schema_validator`, the reference, which has the last word on a run
    this one rejects.  A test holds the two to the same answer on generated runs.
    """
    if component not in document().get("components", {}).get("schemas", {}):
        raise KeyError(f"no schema {component!r} in {DOCUMENT_NAME}")
    root = {**document(), "$ref": f"#/components/schemas/{component}"}
    return jsonschema_rs.Draft202012Validator(root)
