"""``runs-conformance matrix``: several reports side by side, one page a gateway vendor publishes.

Targets are the columns and requirements the rows, grouped by conformance class and, when
the reports certify more than List runs, by list within each class (the lists' titles from
the endpoint profiles; a list a report did not certify is ``not-certified`` in its column).
Each column is headed by the product and version its report certifies (the base URL
beneath), with its verdict, profile, suite version, date and signature state, and
columns are ordered by product (then version, in natural order; unnamed targets last);
each cell is the status, linked to the requirement in that report's ``report.html``
(its evidence and reproducer).  Every report is verified first: a column says
``verified`` only when the report passed every check and its signature matched one
of the public keys given; a signed report checked against no key says so, and a
report that fails verification says why.

``matrix --pivot`` turns each report the other way (:mod:`reports._pivot`): rows are the
requirements without their list's prefix (``PAGE-006``), columns the lists it certified.

``matrix.json`` format versions: **1**, the first; **2** (this one) adds ``lists`` to each
column (each list's name, title and own verdict) and ``list`` to each requirement.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from jinja2 import Environment, PackageLoader, select_autoescape

from conformance.model import (
    CLASSES,
    ENDPOINT_PROFILES,
    EndpointProfile,
    Product,
    product_of,
    product_sort_key,
)
from conformance.model.catalogue import catalogue_for
from reports._integrity import SIGNATURE_KEY
from reports._lists import list_verdicts, lists_label, targets
from reports._signing import embedded_key_signature_ok
from reports._verify import verify

__all__ = [
    "MATRIX_FORMAT_VERSION",
    "NOT_CERTIFIED",
    "Column",
    "MatrixRow",
    "columns_of",
    "matrix_html",
    "matrix_json",
    "matrix_markdown",
]

MATRIX_FORMAT_VERSION = 2
"""``format_version`` of ``matrix.json``."""

_ENV = Environment(
    loader=PackageLoader("reports", "templates"),
    autoescape=select_autoescape(enabled_extensions=("html.j2",), default=False),
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


@dataclass(frozen=True, slots=True)
class Column:
    """One report: its target, verdict, what verification established, and its statuses."""

    target: str
    verdict: str
    profile: str
    classes: tuple[str, ...]
    suite_version: str
    trust: str
    """``verified``, ``signed``, ``unsigned`` or ``not verified``."""
    trust_note: str
    statuses: dict[str, str]
    link: str
    """The report's report.html (or report.json), relative to the matrix page."""
    product: Product = field(default_factory=Product)
    date: str = ""
    """When the run started (the report's ``timestamp``)."""
    lists: tuple[tuple[str, str], ...] = (("runs", ""),)
    """The lists the report certified, in report order, each with its own verdict."""

    @property
    def list_names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.lists)


@dataclass(frozen=True, slots=True)
class MatrixRow:
    """One requirement across every column."""

    id: str
    level: str
    title: str
    cells: tuple[str, ...]


def _trust(
    path: Path, report: dict[str, Any], keys: Sequence[Ed25519PublicKey], digest: str
) -> tuple[str, str]:
    signed = isinstance(report.get(SIGNATURE_KEY), dict)
    for key in keys:
        outcome = verify(path, digest, key)
        if outcome.ok:
            return "verified", f"signed by {outcome.signer}; every check passed"
    outcome = verify(path, digest)
    if not outcome.ok:
        return "not verified", outcome.problems[0]
    if signed and embedded_key_signature_ok(report):
        named = report[SIGNATURE_KEY].get("fingerprint")
        return "signed", f"signed by {named}, a key that was not given to check the signer"
    return "unsigned", "consistent, but not signed: anyone could have produced it"


def columns_of(
    paths: Sequence[Path], keys: Sequence[Ed25519PublicKey], openapi_digest: str, out_dir: Path
) -> list[Column]:
    """Read and verify each report, ordered by product; raises ValueError naming a non-report."""
    columns = []
    for path in paths:
        try:
            report = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ValueError(f"{path} is not a readable report.json ({exc})") from None
        if not isinstance(report, dict):
            raise ValueError(f"{path} is not a runs-conformance report")
        trust, note = _trust(path, report, keys, openapi_digest)
        target = report.get("target") or {}
        profile = report.get("profile") or {}
        html = path.parent / "report.html"
        page = html if html.is_file() else path
        columns.append(
            Column(
                target=str(target.get("base_url", "?")),
                verdict=str(report.get("verdict", "?")),
                profile=str(profile.get("name", "")),
                classes=tuple(map(str, profile.get("classes", ()))),
                suite_version=str((report.get("suite") or {}).get("version", "?")),
                trust=trust,
                trust_note=note,
                statuses={
                    str(e.get("id")): str(e.get("status"))
                    for e in report.get("requirements", [])
                    if isinstance(e, dict)
                },
                link=Path(os.path.relpath(page.resolve(), out_dir.resolve())).as_posix(),
                product=product_of(report),
                date=str(report.get("timestamp", "")),
                lists=tuple((p.name, verdict) for p, verdict in list_verdicts(report)),
            )
        )
    return sorted(columns, key=lambda c: (product_sort_key(c.product), c.target, c.date))


def matrix_lists(columns: Sequence[Column]) -> tuple[EndpointProfile, ...]:
    """Every list any column certified, in the profiles' order (List runs alone for none)."""
    named = {name for c in columns for name in c.list_names}
    found = tuple(p for name, p in ENDPOINT_PROFILES.items() if name in named)
    return found or (ENDPOINT_PROFILES["runs"],)


NOT_CERTIFIED = "not-certified"
"""The cell of a requirement of a list the column's report did not certify (``--lists``)."""

_Part = tuple[EndpointProfile, list[MatrixRow]]


def _groups(columns: Sequence[Column]) -> list[tuple[str, str, list[_Part]]]:
    """Rows by class, then by list, in catalogue order.

    A requirement a report lacks is ``absent`` in its column, and every requirement of a
    list it did not certify ``not-certified``.
    """
    lists = matrix_lists(columns)
    catalogue = catalogue_for(p.name for p in lists)
    groups = []
    for class_id, cls in CLASSES.items():
        parts: list[_Part] = []
        for profile in lists:
            rows = [
                MatrixRow(
                    r.id,
                    r.level.value,
                    r.title,
                    tuple(
                        c.statuses.get(r.id, "absent")
                        if profile.name in c.list_names
                        else NOT_CERTIFIED
                        for c in columns
                    ),
                )
                for r in catalogue.values()
                if r.conformance_class == class_id and r.list == profile.name
            ]
            if rows:
                parts.append((profile, rows))
        if parts:
            groups.append((class_id, cls.title, parts))
    return groups


def _render(template: str, columns: Sequence[Column]) -> str:
    lists = matrix_lists(columns)
    return _ENV.get_template(template).render(
        columns=columns,
        groups=_groups(columns),
        several=len(lists) > 1,
        heading=targets(lists) if len(lists) == 1 else lists_label(lists),
        label=lists_label(lists),
        titles={p.name: p.title for p in ENDPOINT_PROFILES.values()},
    )


def matrix_html(columns: Sequence[Column]) -> str:
    """The matrix as one self-contained HTML page."""
    return _render("matrix.html.j2", columns)


def matrix_markdown(columns: Sequence[Column]) -> str:
    """The matrix as a Markdown table per class (and per list, for several)."""
    return _render("matrix.md.j2", columns)


def matrix_json(columns: Sequence[Column]) -> dict[str, Any]:
    """The matrix as plain data for other tools (``matrix --format json``)."""
    return {
        "format": "runs-conformance-matrix",
        "format_version": MATRIX_FORMAT_VERSION,
        "columns": [
            {
                "product": c.product.as_dict(),
                "product_title": c.product.title,
                "target": c.target,
                "verdict": c.verdict,
                "profile": c.profile,
                "classes": list(c.classes),
                "suite_version": c.suite_version,
                "date": c.date,
                "trust": c.trust,
                "trust_note": c.trust_note,
                "link": c.link,
                "lists": [
                    {"name": name, "title": ENDPOINT_PROFILES[name].title, "verdict": verdict}
                    for name, verdict in c.lists
                ],
            }
            for c in columns
        ],
        "requirements": [
            {
                "id": row.id,
                "list": profile.name,
                "level": row.level,
                "class": class_id,
                "title": row.title,
                "statuses": list(row.cells),
            }
            for class_id, _title, parts in _groups(columns)
            for profile, rows in parts
            for row in rows
        ],
    }
