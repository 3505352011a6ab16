"""``runs-conformance matrix --pivot``: each report as a list × requirement table.

The plain matrix puts targets side by side; a vendor comparing the lists of one product
wants the other cut: does ``PAGE-006`` (the page after X starts with the item after X)
hold on List runs *and* on List messages?  So each report gets a table whose rows are the
requirements without their list's prefix (``PAGE-006``: ``LR-PAGE-006``, ``LM-PAGE-006``...),
grouped by conformance class, and whose columns are the lists it certified, each headed by
the list's title and its own verdict.  A cell is the status, linked to the requirement in
that report's ``report.html``; ``n/a`` where the list has no such requirement (run steps
cannot be written to, so they have no ``WRITE-*``).  A list's own item checks share the row
of the generic check of the same number: List runs' ``RUN-004`` is in row ``ITEM-004``,
which says the same of every list's items, and its cell links to ``LR-RUN-004``.

Rows follow the catalogue: the first list's requirements in its order, another list's own
placed after the requirement they follow in that list.  A row
is titled in words of no list ("No item appears twice...").
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from conformance.model import CLASSES, ENDPOINT_PROFILES, EndpointProfile, Requirement
from conformance.model.catalogue import TEMPLATES, catalogue_for
from reports._lists import lists_label
from reports._matrix import MATRIX_FORMAT_VERSION, Column, matrix_lists

__all__ = [
    "NOT_A_REQUIREMENT",
    "PivotRow",
    "PivotTable",
    "pivot_html",
    "pivot_json",
    "pivot_markdown",
    "pivot_tables",
]

NOT_A_REQUIREMENT = "n/a"
"""The cell of a list that has no such requirement (not instantiated for it)."""

_ENV = Environment(
    loader=PackageLoader("reports", "templates"),
    autoescape=select_autoescape(enabled_extensions=("html.j2",), default=False),
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)

_GENERIC = {
    "item": "item",
    "items": "items",
    "a_item": "an item",
    "parent": "parent",
    "parents": "parents",
    "title": "list",
}
"""The words a row's title is written in: those of no list."""
_HOLE = re.compile(r"\{([A-Za-z_]+)\}")


@dataclass(frozen=True, slots=True)
class PivotRow:
    """One requirement across the lists of one report."""

    suffix: str
    level: str
    title: str
    cells: tuple[tuple[str, str | None], ...]
    """Per list: the status and the requirement's ID (None: the list has no such one)."""


@dataclass(frozen=True, slots=True)
class PivotTable:
    """One report: its column of the plain matrix, its lists, and its rows by class."""

    column: Column
    lists: tuple[EndpointProfile, ...]
    verdicts: tuple[str, ...]
    groups: tuple[tuple[str, str, tuple[PivotRow, ...]], ...]


def _title(suffix: str, fallback: str) -> str:
    """The requirement's title in words of no list; a list's own requirement keeps its own."""
    template = TEMPLATES.get(suffix)
    if template is None:
        return fallback

    def hole(match: re.Match[str]) -> str:
        name = match.group(1)
        word = _GENERIC.get(name[0].lower() + name[1:])
        if word is None:
            return match.group(0)
        return word[0].upper() + word[1:] if name[0].isupper() else word

    return _HOLE.sub(hole, template.title)


def _row_of(requirement: Requirement, profile: EndpointProfile) -> str:
    """The row a requirement of the list is shown in: its ID without the prefix.

    A list's own item checks sit in the row of the generic one of the same number (List
    runs' ``RUN-004`` in ``ITEM-004``: both say the item's timestamps are in seconds).
    """
    suffix = requirement.id.partition("-")[2]
    family, _, number = suffix.partition("-")
    generic = f"ITEM-{number}"
    if family in profile.item_families and family != "ITEM" and generic in TEMPLATES:
        return generic
    return suffix


def _merged(sequences: Sequence[Sequence[str]]) -> list[str]:
    """The rows of every list, each once, in the first list's order.

    Each other list's newcomers come right after the row before them in that list.
    """
    merged: list[str] = []
    for sequence in sequences:
        at = 0
        for suffix in sequence:
            if suffix in merged:
                at = merged.index(suffix) + 1
            else:
                merged.insert(at, suffix)
                at += 1
    return merged


def _table(column: Column) -> PivotTable:
    lists = tuple(ENDPOINT_PROFILES[name] for name in column.list_names)
    own: dict[str, Mapping[str, Requirement]] = {
        p.name: {_row_of(r, p): r for r in catalogue_for([p.name]).values()} for p in lists
    }
    merged = _merged([list(own[p.name]) for p in lists])
    rows: dict[str, list[PivotRow]] = {class_id: [] for class_id in CLASSES}
    for suffix in merged:
        found = [own[p.name].get(suffix) for p in lists]
        first = next(r for r in found if r is not None)
        cells = tuple(
            (NOT_A_REQUIREMENT, None) if r is None else (column.statuses.get(r.id, "absent"), r.id)
            for r in found
        )
        row = PivotRow(suffix, first.level.value, _title(suffix, first.title), cells)
        rows.setdefault(first.conformance_class, []).append(row)
    verdicts = dict(column.lists)
    return PivotTable(
        column,
        lists,
        tuple(verdicts.get(p.name, "") for p in lists),
        tuple(
            (class_id, CLASSES[class_id].title, tuple(found))
            for class_id, found in rows.items()
            if found and class_id in CLASSES
        ),
    )


def pivot_tables(columns: Sequence[Column]) -> list[PivotTable]:
    """A list × requirement table per report, in the matrix's column order."""
    return [_table(c) for c in columns]


def _render(template: str, columns: Sequence[Column]) -> str:
    return _ENV.get_template(template).render(
        tables=pivot_tables(columns),
        label=lists_label(matrix_lists(columns)),
        not_a_requirement=NOT_A_REQUIREMENT,
    )


def pivot_html(columns: Sequence[Column]) -> str:
    """The list × requirement tables as one self-contained HTML page."""
    return _render("pivot.html.j2", columns)


def pivot_markdown(columns: Sequence[Column]) -> str:
    """The list × requirement tables in Markdown: a section per report, a table per class."""
    return _render("pivot.md.j2", columns)


def pivot_json(columns: Sequence[Column]) -> dict[str, Any]:
    """The list × requirement tables as plain data (``matrix --pivot --format json``)."""
    return {
        "format": "runs-conformance-matrix",
        "format_version": MATRIX_FORMAT_VERSION,
        "view": "pivot",
        "reports": [
            {
                "product": t.column.product.as_dict(),
                "product_title": t.column.product.title,
                "target": t.column.target,
                "verdict": t.column.verdict,
                "profile": t.column.profile,
                "suite_version": t.column.suite_version,
                "date": t.column.date,
                "trust": t.column.trust,
                "link": t.column.link,
                "lists": [
                    {"name": p.name, "title": p.title, "verdict": verdict}
                    for p, verdict in zip(t.lists, t.verdicts, strict=True)
                ],
                "requirements": [
                    {
                        "requirement": row.suffix,
                        "class": class_id,
                        "level": row.level,
                        "title": row.title,
                        "statuses": {
                            p.name: cell[0] for p, cell in zip(t.lists, row.cells, strict=True)
                        },
                        "ids": {
                            p.name: cell[1] for p, cell in zip(t.lists, row.cells, strict=True)
                        },
                    }
                    for class_id, _title, rows in t.groups
                    for row in rows
                ],
            }
            for t in pivot_tables(columns)
        ],
    }
