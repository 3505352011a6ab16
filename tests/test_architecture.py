"""Keeps the layering of ARCHITECTURE.md true: each layer imports only what it may."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import conformance
import reports
import strategies

PACKAGES = {
    "conformance": Path(conformance.__file__).parent,
    "reports": Path(reports.__file__).parent,
    "strategies": Path(strategies.__file__).parent,
}

FORBIDDEN = {
    "conformance.catalogue": ["conformance.", "reports", "strategies", "httpx", "jsonschema"],
    "conformance._model": ["conformance._http", "conformance._runner", "conformance.checks",
                           "conformance.server", "reports", "httpx"],
    "conformance._contract": ["httpx", "conformance._http", "conformance.server"],
    "conformance.checks": ["httpx", "schemathesis", "conformance._http", "conformance._walk",
                           "conformance._property_phase", "conformance._mirror",
                           "conformance._clients", "openai", "portkey_ai",
                           "conformance._runner", "conformance.server", "conformance.cli",
                           "reports"],
    "conformance._http": ["conformance.checks", "conformance.server", "reports"],
    "conformance._walk": ["conformance.checks", "conformance.server", "reports"],
    "conformance._runner": ["conformance.server", "conformance.cli", "reports"],
    "conformance._property_phase": ["conformance._runner", "conformance.server",
                                    "conformance.cli", "reports"],
    "conformance.server": ["conformance.catalogue", "conformance.checks", "conformance._",
                           "conformance.cli", "reports", "strategies"],
    "reports": ["httpx", "conformance._http", "conformance._walk", "conformance._runner",
                "conformance.cli", "conformance.server"],
    "strategies": ["httpx", "conformance._http", "conformance._runner", "conformance.server",
                   "conformance.cli"],
}


def _modules():
    for package, root in PACKAGES.items():
        for path in sorted(root.rglob("*.py")):
            parts = [package, *path.relative_to(root).with_suffix("").parts]
            if parts[-1] == "__init__":
                parts.pop()
            yield ".".join(parts), path


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _layer(module: str) -> str | None:
    layers = [layer for layer in FORBIDDEN if module == layer or module.startswith(layer + ".")]
    return max(layers, key=len) if layers else None


def _matches(name: str, ban: str) -> bool:
    if ban.endswith((".", "_")):
        return name.startswith(ban)
    return name == ban or name.startswith(ban + ".")


def violations(module: str, imported: set[str]) -> list[str]:
    layer = _layer(module)
    if layer is None:
        return []
    return sorted(
        name for name in imported
        if any(_matches(name, ban) for ban in FORBIDDEN[layer])
        and not (name == layer or name.startswith(layer + "."))
    )


@pytest.mark.parametrize(("module", "path"), list(_modules()), ids=lambda v: str(v))
def test_every_module_imports_only_what_its_layer_may(module, path):
    assert violations(module, _imports(path)) == []


@pytest.mark.parametrize(("module", "imported"), [
    ("conformance.checks._shape", "httpx"),
    ("conformance.checks._shape", "conformance._http"),
    ("conformance.catalogue", "conformance._model"),
    ("conformance.server._app", "conformance.checks._shape"),
    ("conformance.server._app", "conformance._contract"),
    ("reports._json", "conformance._runner"),
])
def test_the_layer_rules_catch_a_forbidden_import(module, imported):
    assert violations(module, {imported}) == [imported]


def test_the_layer_rules_allow_imports_within_a_layer():
    assert violations("conformance.server._app", {"conformance.server._store"}) == []
