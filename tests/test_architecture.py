"""Keeps ARCHITECTURE.md true: a module's folder is its layer; the layer says what it may import.

Every ``.py`` file of the three shipped packages is checked.  A module whose
folder is in no layer fails, so a new folder has to be given a place in the
table (and a paragraph in ARCHITECTURE.md) before it can hold code.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import conformance
import reports
import strategies
from conformance.model import ENDPOINT_PROFILES

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


# --- The one place that knows a list (issue 33, design note section 8) ------------------------
# Outside the allow-list, no module names a cursor list: its path (also built as an f-string, or
# relative to the base URL), its operationId, its envelope or item schema, or its item ``object``
# constant.  The names come from the profile table, which tests/conformance/model/test_profiles.py
# holds to the OpenAPI document.  Docstrings and comments are prose and are not read; string
# literals and f-strings are.
LIST_NAMES_ALLOWED = {
    "conformance/model/profiles.py": "the table of the lists: the one place that knows them",
    "conformance/model/_catalogue/lists.py": "the catalogue's own words of each list (it imports "
    "nothing else; tests/conformance/model/test_catalogue_lists.py holds them to the profiles)",
    "conformance/model/_catalogue/sources.py": "requirement sources quote the contract (listRuns)",
    "conformance/model/_catalogue/auth.py": "requirement sources quote the contract (listRuns)",
    "conformance/model/_catalogue/thread.py": "requirement sources quote the contract (listRuns)",
    "conformance/model/_catalogue/run.py": "List runs' own RUN family quotes RunObject",
    "conformance/server/_app.py": "the server keeps a table of its own (it imports no project)",
    "conformance/server/_data.py": "the server's own run objects (its table, not the profiles)",
    "conformance/server/_lists.py": "the server's own table of the lists (it imports no project)",
    "conformance/server/_items.py": "the server's own items of the other lists (its table)",
    "conformance/server/_faults/_other_lists.py": "wrong-object serves another list's object",
}
"""Modules (a path, or a folder ending in /) that may name a list, and why; it only shrinks."""


def _list_names() -> list[tuple[re.Pattern[str], str]]:
    """A pattern per name of every list, and how a violation calls it."""
    names: list[tuple[re.Pattern[str], str]] = []
    for profile in ENDPOINT_PROFILES.values():
        # any value in a parameter's place; after the base URL, or relative to it when it has
        # more than one segment ("assistants" alone is the list's name too); no segment after it
        template = re.sub(r"\\\{\w+\\\}", r"\\{[^}]*\\}", re.escape(profile.path.lstrip("/")))
        path = rf"(?:/|^(?=[^/]+/)){template}(?![\w/])"
        names.append((re.compile(path), f"the path {profile.path}"))
        for word in (profile.operation_id, profile.envelope_schema, profile.item_schema):
            names.append((re.compile(rf"\b{re.escape(word)}\b"), word))
        names.append(
            (re.compile(rf"^{re.escape(profile.item_object)}$"), repr(profile.item_object))
        )
    return names


def _strings(tree: ast.AST) -> Iterator[str]:
    """Every string literal and f-string (a value's place as ``{}``), docstrings left out."""
    prose = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, (ast.Constant, ast.JoinedStr))
    }
    parts = {
        id(v) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for v in node.values
    }
    for node in ast.walk(tree):
        if id(node) in prose or id(node) in parts:
            continue
        if isinstance(node, ast.JoinedStr):
            yield "".join(
                v.value if isinstance(v, ast.Constant) and isinstance(v.value, str) else "{}"
                for v in node.values
            )
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.value


def list_names_in(path: Path) -> list[str]:
    """The names of lists the module's code holds, in table order."""
    texts = list(_strings(ast.parse(path.read_text(encoding="utf-8"))))
    return [what for pattern, what in _list_names() if any(pattern.search(t) for t in texts)]


def _allowed(relative: str) -> bool:
    return any(
        relative == entry or (entry.endswith("/") and relative.startswith(entry))
        for entry in LIST_NAMES_ALLOWED
    )


def scan_list_names(roots: dict[str, Path]) -> list[str]:
    """Every module outside the allow-list that names a list, with the names."""
    problems = []
    for package, root in roots.items():
        for path in sorted(root.rglob("*.py")):
            relative = f"{package}/{path.relative_to(root).as_posix()}"
            names = list_names_in(path)
            if names and not _allowed(relative):
                problems.append(f"{relative} names a list outside the profiles: {', '.join(names)}")
    return problems


def test_no_module_outside_the_allow_list_names_a_list() -> None:
    assert scan_list_names(PACKAGES) == []


@pytest.mark.parametrize("entry", sorted(LIST_NAMES_ALLOWED))
def test_every_entry_of_the_allow_list_still_names_a_list_so_the_list_only_shrinks(
    entry: str,
) -> None:
    package, _, rest = entry.partition("/")
    paths = (
        sorted((PACKAGES[package] / rest).rglob("*.py"))
        if entry.endswith("/")
        else [PACKAGES[package] / rest]
    )
    assert any(path.is_file() and list_names_in(path) for path in paths), (
        f"{entry} names no list any more: take it off LIST_NAMES_ALLOWED"
    )


def test_the_observe_layer_and_the_runner_are_off_the_allow_list() -> None:
    held = [
        e
        for e in LIST_NAMES_ALLOWED
        if e.startswith(("conformance/observing", "conformance/runner"))
    ]
    assert held == []


def test_a_list_path_in_an_observe_module_fails_the_list_names_rule(tmp_path: Path) -> None:
    roots = _plant(
        tmp_path, {"conformance/observing/http.py": 'PATH = "/threads/{thread_id}/runs"\n'}
    )
    assert scan_list_names(roots) == [
        "conformance/observing/http.py names a list outside the profiles: "
        "the path /threads/{thread_id}/runs"
    ]


def test_a_list_path_built_as_an_f_string_fails_the_list_names_rule(tmp_path: Path) -> None:
    roots = _plant(
        tmp_path,
        {"conformance/runner/certify.py": 'URL = f"{BASE}/vector_stores/{store}/files"'},
    )
    assert scan_list_names(roots) == [
        "conformance/runner/certify.py names a list outside the profiles: "
        "the path /vector_stores/{vector_store_id}/files"
    ]


def test_a_relative_list_path_fails_the_list_names_rule(tmp_path: Path) -> None:
    roots = _plant(
        tmp_path, {"conformance/observing/seeding.py": 'WHERE = f"threads/{thread}/messages"\n'}
    )
    assert scan_list_names(roots) == [
        "conformance/observing/seeding.py names a list outside the profiles: "
        "the path /threads/{thread_id}/messages"
    ]


def test_an_operation_id_or_a_schema_name_fails_the_list_names_rule(tmp_path: Path) -> None:
    roots = _plant(
        tmp_path,
        {"reports/_json.py": 'OPERATION = "listMessages"\nITEM = "validate RunStepObject"\n'},
    )
    assert scan_list_names(roots) == [
        "reports/_json.py names a list outside the profiles: listMessages, RunStepObject"
    ]


def test_an_item_object_constant_fails_the_list_names_rule(tmp_path: Path) -> None:
    roots = _plant(tmp_path, {"strategies/_pages.py": 'OBJECT = "thread.message"\n'})
    assert scan_list_names(roots) == [
        "strategies/_pages.py names a list outside the profiles: 'thread.message'"
    ]


def test_prose_and_words_that_only_resemble_a_list_pass_the_list_names_rule(
    tmp_path: Path,
) -> None:
    roots = _plant(
        tmp_path,
        {
            "conformance/observing/walk.py": (
                '"""Walks GET /threads/{thread_id}/runs, a list of RunObject."""\n'
                "# listRuns, thread.run\n"
                'NOUN = "an assistant"\n'
                'LABEL = "created 3 assistants"\n'
                'OTHER = "/threads/{thread_id}/runsfoo"\n'
                'HEADER = "assistants=v2"\n'
                'NAME = "assistants"\n'
                'STORE = "/vector_stores/{id}"\n'
            )
        },
    )
    assert scan_list_names(roots) == []


def test_an_allow_listed_module_may_name_a_list(tmp_path: Path) -> None:
    roots = _plant(
        tmp_path,
        {
            "conformance/model/profiles.py": 'PATH = "/threads/{thread_id}/runs"\n',
            "conformance/model/_catalogue/sources.py": 'SOURCE = "listRuns"\n',
        },
    )
    assert scan_list_names(roots) == []


def test_a_catalogue_family_module_may_not_name_a_list(tmp_path: Path) -> None:
    roots = _plant(tmp_path, {"conformance/model/_catalogue/page.py": 'SOURCE = "listRuns"\n'})
    assert scan_list_names(roots) == [
        "conformance/model/_catalogue/page.py names a list outside the profiles: listRuns"
    ]
