"""The documentation's reference pages are the code's, so that they cannot drift.

``tools/docs_gen.py`` writes them into ``docs/reference/``; these tests regenerate them into a
temporary folder and compare, and check that what the generator renders covers every
requirement, option, exit code, fault and variation (the strict site build is ``make docs``,
run by ``.ci/run``).
"""

from __future__ import annotations

import difflib
import importlib.util
import re
from pathlib import Path
from types import ModuleType

import click

from conformance.cli import cli, exits
from conformance.model import CATALOGUE, CLASSES
from conformance.server import FAULTS, VARIATIONS

ROOT = Path(__file__).parents[1]
REFERENCE = ROOT / "docs" / "reference"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docs_gen", ROOT / "tools" / "docs_gen.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _page(name: str) -> str:
    return (REFERENCE / name).read_text(encoding="utf-8")


def _first_differences(name: str, generated: Path) -> str:
    """The first lines in which the committed page and the generated one differ."""
    committed = _page(name).splitlines(keepends=True) if (REFERENCE / name).is_file() else []
    now = generated.read_text(encoding="utf-8").splitlines(keepends=True)
    lines = difflib.unified_diff(committed, now, f"docs/reference/{name}", "generated now", n=0)
    return "".join(list(lines)[:12])


def test_every_committed_reference_page_is_what_the_generator_writes_now(tmp_path: Path) -> None:
    generator = _generator()
    assert generator.main(["--out", str(tmp_path)]) == 0
    written = sorted(p.name for p in tmp_path.iterdir())
    stale = [
        name
        for name in written
        if not (REFERENCE / name).is_file()
        or _page(name) != (tmp_path / name).read_text(encoding="utf-8")
    ]
    diff = "".join(_first_differences(name, tmp_path / name) for name in stale)
    assert not stale, (
        f"docs/reference/ is stale ({', '.join(stale)}): run `{generator.REFRESH}` and commit\n"
        + diff
    )
    assert sorted(p.name for p in REFERENCE.iterdir()) == written, (
        "docs/reference/ holds a page the generator does not write: remove it"
    )


def test_the_catalogue_page_lists_every_requirement_with_its_level_class_and_basis() -> None:
    text = _page("requirements.md")
    for r in CATALOGUE.values():
        basis = "**reading**: " if r.is_reading else f"{r.basis.value}: "
        row = (
            f"| [{r.id}](#{r.id.lower()}) | {r.level.value} | {CLASSES[r.conformance_class].id} "
            f"| {r.title} | {basis}"
        )
        assert row in text, r.id
        assert f"\n### {r.id}\n" in text


def test_the_cli_page_shows_every_option_of_every_command_and_its_environment_variables() -> None:
    cli_page, environment = _page("cli.md"), _page("environment.md")
    assert isinstance(cli, click.Group)
    for name, command in cli.commands.items():
        assert f"\n## {name}\n" in cli_page
        for param in command.params:
            if isinstance(param, click.Option):
                assert f"`{param.opts[-1]}" in cli_page or f"{param.opts[-1]} " in cli_page, (
                    name,
                    param.opts,
                )
                for variable in (
                    [param.envvar] if isinstance(param.envvar, str) else param.envvar or ()
                ):
                    assert f"| `{variable}` |" in environment


def test_the_exit_code_page_names_every_exit_code_the_cli_defines() -> None:
    defined = {
        value
        for name, value in vars(exits).items()
        if re.fullmatch(r"EXIT_[A-Z]+", name) and isinstance(value, int)
    }
    assert {e.code for e in exits.EXIT_CODES} == defined
    text = _page("exit-codes.md")
    for code in defined:
        assert f"\n| {code} |" in text
        assert re.search(rf"^  {code} ", exits.EXIT_HELP, re.MULTILINE)


def test_the_fault_page_lists_every_fault_and_variation_with_what_it_trips() -> None:
    text = _page("faults.md")
    for fault in FAULTS.values():
        row = next(line for line in text.splitlines() if line.startswith(f"| `{fault.name}` |"))
        assert all(f"[{r}]" in row for r in fault.requirements), fault.name
    for variation in VARIATIONS.values():
        assert f"| `{variation.name}` |" in text
