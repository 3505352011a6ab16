"""Dependencies are reached by their public doors; the few private ones only through adapters.

Every use of a dependency below its documented API lives in a module named ``_private_*.py``
whose docstring says why and which contract test holds it (ARCHITECTURE.md lists them).  This
test reads every other shipped module and fails on a private door: an import from a
dependency's internal package, a private attribute of an imported module (``atexit._x``), or
one of the private names the adapters exist for.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

import conformance
import reports
import strategies

ROOTS = [Path(str(p.__file__)).parent for p in (conformance, reports, strategies)]
INTERNAL_PACKAGES = (
    "hypothesis.internal",
    "schemathesis.engine",
    "schemathesis.transport",
    "schemathesis.core",
    "schemathesis.specs",
    "schemathesis.generation",
    "portkey_ai._vendor",
    "openai._",
)
"""Packages of a dependency that its documentation does not offer to users."""
PRIVATE_NAMES = {"_content", "_content_consumed", "_serializers", "openai_client", "__class__"}
"""Private attributes of a dependency's objects that an adapter reaches for."""
DOCUMENTED = {
    "os._exit": "documented in the os module",
    "zlib._Decompress": "typeshed's name for the decompressor's type, in an annotation only",
}
"""Names with a leading underscore that are their module's documented API."""
ADAPTERS = {
    "conformance/observing/_private_schemathesis.py",
    "conformance/observing/_private_hypothesis.py",
    "conformance/observing/_private_sdks.py",
    "conformance/cli/_private_stdlib.py",
}


def _modules() -> Iterator[tuple[str, Path]]:
    for root in ROOTS:
        for path in sorted(root.rglob("*.py")):
            yield str(path.relative_to(root.parent)), path


def private_doors(tree: ast.AST) -> list[str]:
    """Where ``tree`` reaches below a dependency's documented API, one line each."""
    found: list[str] = []
    imported: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                imported.add((alias.asname or alias.name).split(".")[0])
                if alias.name.startswith(INTERNAL_PACKAGES):
                    found.append(f"line {node.lineno}: import {alias.name}")
        elif (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.level == 0
            and node.module.startswith(INTERNAL_PACKAGES)
        ):
            found.append(f"line {node.lineno}: from {node.module} import ...")
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute):
            continue
        if node.attr in PRIVATE_NAMES and not (
            isinstance(node.value, ast.Name) and node.value.id in {"self", "cls"}
        ):
            found.append(f"line {node.lineno}: .{node.attr}")
        elif (
            isinstance(node.value, ast.Name)
            and node.value.id in imported
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
            and f"{node.value.id}.{node.attr}" not in DOCUMENTED
        ):
            found.append(f"line {node.lineno}: {node.value.id}.{node.attr}")
    return found


@pytest.mark.parametrize(("name", "path"), list(_modules()), ids=lambda v: str(v))
def test_no_module_but_an_adapter_reaches_below_a_dependency_s_public_api(
    name: str, path: Path
) -> None:
    if name in ADAPTERS:
        return
    doors = private_doors(ast.parse(path.read_text(), str(path)))
    assert not doors, (
        f"{name} reaches below a dependency's public API ({'; '.join(doors)}): use the public "
        "API, or move it into a _private_*.py adapter with a contract test"
    )


def test_every_adapter_names_the_contract_test_that_holds_it() -> None:
    tests = Path(__file__).parent
    for name in sorted(ADAPTERS):
        root = next(r for r in ROOTS if name.startswith(r.name + "/"))
        text = (root.parent / name).read_text()
        words = (word.strip("`.,;:()") for word in text.split())
        named = [word for word in words if word.startswith("tests/")]
        assert named, f"{name} does not name the test that holds its contract"
        for test in named:
            assert (tests.parent / test).is_file(), f"{name} names {test}, which does not exist"


@pytest.mark.parametrize(
    "source",
    [
        "import atexit\natexit._run_exitfuncs()",
        "from hypothesis.internal.charmap import charmap_file",
        "from schemathesis.engine import from_schema",
        "response._content = b''",
        "client.openai_client.max_retries = 0",
        "schema.__class__ = Other",
    ],
)
def test_a_planted_private_door_is_found(source: str) -> None:
    assert private_doors(ast.parse(source))
