"""Keeps ARCHITECTURE.md true: a module's folder is its layer; the layer says what it may import.

Every ``.py`` file of the three shipped packages is checked.  A module whose
folder is in no layer fails, so a new folder has to be given a place in the
table (and a paragraph in ARCHITECTURE.md) before it can hold code.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Layer:
    """One row of the table in ARCHITECTURE.md."""

    name: str
    may_import: frozenset[str]  # other layers
    banned: tuple[str, ...] = ()  # third-party packages this layer must not touch


# folder (package path) -> layer; "conformance" is the package root: the public API and faces
FOLDERS = {
    "conformance.model": "model",
    "conformance.checks": "checks",
    "conformance.observing": "observe",
    "conformance.runner": "runner",
    "conformance.cli": "faces",
    "conformance": "faces",
    "conformance.server": "server",
    "reports": "reports",
    "strategies": "strategies",
}
_IO = ("httpx", "schemathesis", "starlette", "uvicorn", "openai", "portkey_ai")
LAYERS = {
    layer.name: layer
    for layer in (
        Layer("model", frozenset(), _IO),
        Layer("checks", frozenset({"model"}), _IO),
        Layer("observe", frozenset({"model", "checks"}), ("starlette", "uvicorn")),
        Layer("runner", frozenset({"model", "checks", "observe"}), ("starlette", "uvicorn")),
        Layer("faces", frozenset({"model", "checks", "observe", "runner", "server", "reports"})),
        Layer("server", frozenset(), ("httpx", "schemathesis", "jsonschema", "hypothesis")),
        Layer("reports", frozenset({"model"}), _IO),
        Layer("strategies", frozenset({"model"}), _IO),
    )
}
# Within the model layer, the catalogue stands alone: it is the one list every other part reads.
# Its private package (its types, classes and one data module per family) is part of it: the
# modules of both import one another and nothing else of the project.
ALONE = ("conformance.model.catalogue", "conformance.model._catalogue")


def stands_alone(name: str) -> bool:
    """Whether a module (or an imported name) is the catalogue or one of its parts."""
    return any(name == alone or name.startswith(alone + ".") for alone in ALONE)


def folder_of(module: str, is_package: bool) -> str:
    return module if is_package else module.rpartition(".")[0]


def layer_of(module: str, is_package: bool = False) -> str | None:
    """The layer of the longest table folder containing the module's own folder."""
    folder = folder_of(module, is_package)
    candidates = [f for f in FOLDERS if folder == f or folder.startswith(f + ".")]
    if not candidates:
        return None
    best = max(candidates, key=len)
    # a sub-folder of the package root that is not in the table belongs to no layer
    if best == "conformance" and folder != "conformance":
        return None
    return FOLDERS[best]


def layer_of_import(name: str) -> str | None:
    """The layer an imported dotted name lands in (None for third-party and stdlib)."""
    if name.split(".")[0] not in PACKAGES:
        return None
    candidates = [f for f in FOLDERS if name == f or name.startswith(f + ".")]
    best = max(candidates, key=len)
    return FOLDERS[best]


def modules(roots: dict[str, Path]) -> Iterator[tuple[str, bool, Path]]:
    for package, root in roots.items():
        for path in sorted(root.rglob("*.py")):
            parts = [package, *path.relative_to(root).with_suffix("").parts]
            is_package = parts[-1] == "__init__"
            if is_package:
                parts.pop()
            yield ".".join(parts), is_package, path


def imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def violations(module: str, imported: set[str], is_package: bool = False) -> list[str]:
    """Why the module breaks the table (empty when it does not)."""
    layer = layer_of(module, is_package)
    if layer is None:
        return [f"{module}: its folder belongs to no layer"]
    rules = LAYERS[layer]
    problems: list[str] = []
    for name in sorted(imported):
        target = layer_of_import(name)
        if target is None:
            if name.split(".")[0] in rules.banned:
                problems.append(f"{module} ({layer}) imports {name}")
            continue
        if target == layer:
            if stands_alone(module) and name.split(".")[0] in PACKAGES and not stands_alone(name):
                problems.append(f"{module} must stand alone but imports {name}")
            continue
        if target not in rules.may_import:
            problems.append(f"{module} ({layer}) imports {name} ({target})")
        elif any(
            part.startswith("_") and not part.startswith("__") for part in name.split(".")[1:]
        ):
            problems.append(f"{module} ({layer}) reaches into a private helper: {name}")
    return problems


def scan(roots: dict[str, Path]) -> list[str]:
    return [
        problem
        for module, is_package, path in modules(roots)
        for problem in violations(module, imports(path), is_package)
    ]


@pytest.mark.parametrize(
    ("module", "is_package", "path"),
    list(modules(PACKAGES)),
    ids=lambda v: str(v) if isinstance(v, str) else "",
)
def test_every_module_imports_only_what_its_layer_may(
    module: str, is_package: bool, path: Path
) -> None:
    assert violations(module, imports(path), is_package) == []


def test_every_folder_of_the_table_exists_and_has_a_paragraph_in_architecture_md() -> None:
    text = (Path(__file__).parents[1] / "ARCHITECTURE.md").read_text(encoding="utf-8")
    for folder in FOLDERS:
        package, _, rest = folder.partition(".")
        assert (PACKAGES[package] / rest.replace(".", "/") / "__init__.py").is_file(), folder
        assert f"`{folder.replace('.', '/')}/`" in text, f"{folder} has no paragraph"


def _plant(tmp_path: Path, files: dict[str, str]) -> dict[str, Path]:
    """A throwaway tree shaped like the real one, holding the given files."""
    for relative, text in files.items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        for parent in path.relative_to(tmp_path).parents:
            if parent != Path("."):
                (tmp_path / parent / "__init__.py").touch()
    return {name: tmp_path / name for name in PACKAGES if (tmp_path / name).is_dir()}


def test_a_module_in_a_folder_of_no_layer_fails_the_architecture_test(tmp_path: Path) -> None:
    roots = _plant(tmp_path, {"conformance/helpers/misc.py": "import json\n"})
    assert scan(roots) == [
        "conformance.helpers: its folder belongs to no layer",
        "conformance.helpers.misc: its folder belongs to no layer",
    ]


def test_a_check_importing_the_observe_package_fails_the_architecture_test(tmp_path: Path) -> None:
    roots = _plant(
        tmp_path, {"conformance/checks/page.py": "from conformance.observing import Client\n"}
    )
    assert scan(roots) == [
        "conformance.checks.page (checks) imports conformance.observing (observe)",
        "conformance.checks.page (checks) imports conformance.observing.Client (observe)",
    ]


def test_a_report_writer_importing_the_observe_package_fails_the_architecture_test(
    tmp_path: Path,
) -> None:
    roots = _plant(tmp_path, {"reports/_json.py": "import conformance.observing.http\n"})
    assert scan(roots) == ["reports._json (reports) imports conformance.observing.http (observe)"]


def test_a_check_doing_io_fails_the_architecture_test(tmp_path: Path) -> None:
    roots = _plant(tmp_path, {"conformance/checks/schema.py": "import httpx\n"})
    assert scan(roots) == ["conformance.checks.schema (checks) imports httpx"]


def test_the_reference_server_importing_the_catalogue_fails_the_architecture_test(
    tmp_path: Path,
) -> None:
    roots = _plant(
        tmp_path,
        {"conformance/server/_app.py": "from conformance.model.catalogue import CATALOGUE\n"},
    )
    assert len(scan(roots)) == 2


def test_reaching_into_another_layers_private_helper_fails_the_architecture_test(
    tmp_path: Path,
) -> None:
    roots = _plant(
        tmp_path, {"conformance/runner/certify.py": "from conformance.checks._common import cap\n"}
    )
    assert scan(roots)[0] == (
        "conformance.runner.certify (runner) reaches into a private "
        "helper: conformance.checks._common"
    )


def test_the_catalogue_importing_anything_of_the_project_fails_the_architecture_test(
    tmp_path: Path,
) -> None:
    roots = _plant(
        tmp_path,
        {"conformance/model/catalogue.py": "from conformance.model.records import Status\n"},
    )
    assert scan(roots)[0].startswith("conformance.model.catalogue must stand alone")


def test_a_family_module_of_the_catalogue_importing_the_records_fails_the_architecture_test(
    tmp_path: Path,
) -> None:
    roots = _plant(
        tmp_path,
        {"conformance/model/_catalogue/page.py": "from conformance.model.records import Status\n"},
    )
    assert scan(roots)[0].startswith("conformance.model._catalogue.page must stand alone")


def test_the_catalogue_importing_its_own_types_and_family_modules_is_allowed(
    tmp_path: Path,
) -> None:
    roots = _plant(
        tmp_path,
        {
            "conformance/model/catalogue.py": "from conformance.model._catalogue import page\n",
            "conformance/model/_catalogue/page.py": (
                "from conformance.model._catalogue.types import Requirement\n"
            ),
        },
    )
    assert scan(roots) == []


def test_imports_within_a_layer_and_downwards_are_allowed(tmp_path: Path) -> None:
    roots = _plant(
        tmp_path,
        {
            "conformance/server/_app.py": "from conformance.server._store import x\n",
            "conformance/runner/certify.py": "from conformance.observing import walk\n"
            "from conformance.checks import evaluate\n",
            "reports/_json.py": "from conformance.model import RunResult\n",
        },
    )
    assert scan(roots) == []
