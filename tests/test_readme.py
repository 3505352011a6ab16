"""The README's requirements table is the catalogue's, so that it cannot drift.

``UPDATE_README=1 pytest tests/test_readme.py`` rewrites the table after a catalogue change.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from conformance.model import CATALOGUE, CLASSES, Requirement

README = Path(__file__).parents[1] / "README.md"
START, END = "<!-- catalogue:start -->", "<!-- catalogue:end -->"


def _first_sentence(text: str) -> str:
    match = re.match(r"(.+?[.;])(\s|$)", text)
    return (match.group(1) if match else text).rstrip(";.")


def _basis(requirement: Requirement) -> str:
    if requirement.is_reading:
        reading = requirement.choice.removeprefix("Reading:").strip()
        return f"**reading**: {_first_sentence(reading)}"
    return f"{requirement.basis.value}: {requirement.source}"


def catalogue_table() -> str:
    rows = [
        "| ID | level | class | requirement | basis: source, or the reading |",
        "|---|---|---|---|---|",
    ]
    for r in CATALOGUE.values():
        cells = [r.id, r.level.value, CLASSES[r.conformance_class].id, r.title, _basis(r)]
        rows.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(rows)


def test_the_readme_lists_every_requirement_with_its_level_class_and_basis() -> None:
    text = README.read_text(encoding="utf-8")
    before, _, rest = text.partition(START)
    _, _, after = rest.partition(END)
    expected = f"{before}{START}\n{catalogue_table()}\n{END}{after}"
    if os.environ.get("UPDATE_README"):
        README.write_text(expected, encoding="utf-8")
    assert START in text
    assert text == expected
