"""What a certificate certifies: a product, its version, its vendor and its page.

A base URL says where a run went, not what answered there: the same gateway release
runs at many URLs, and one URL serves release after release.  Certification
programmes record the product and its version with the evidence (Kubernetes
conformance's PRODUCT.yaml, the OpenID Foundation's one entry per certified
version), so the report does too.  Every field is optional: a run without them is
an *unnamed target*, and every format says so rather than leave the reader to guess.

Pure and I/O-free, like the rest of the model: the faces fill it from their options,
the runner copies it into the :class:`~conformance.model.RunResult`, and the
report writers (and the commands that read a written report) show it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

__all__ = ["UNNAMED", "Product", "product_of", "product_sort_key"]

UNNAMED: Final = "unnamed target"
"""What every format says when a report names no product."""

_FIELDS: Final = ("name", "version", "vendor", "url")


@dataclass(frozen=True, slots=True)
class Product:
    """The product a run certified (``--product``, ``--product-version``, and so on)."""

    name: str | None = None
    version: str | None = None
    vendor: str | None = None
    url: str | None = None

    @property
    def named(self) -> bool:
        """Whether the run names what it certified (a product name at least)."""
        return bool(self.name)

    @property
    def title(self) -> str:
        """The name and version (``Acme Gateway 1.4.2``), or :data:`UNNAMED`."""
        if not self.name:
            return UNNAMED
        return f"{self.name} {self.version}" if self.version else self.name

    def describe(self) -> str:
        """One line for people: title, vendor and page (``Acme Gateway 1.4.2 by Acme <URL>``)."""
        text = self.title
        if self.vendor:
            text += f" by {self.vendor}"
        if self.url:
            text += f" <{self.url}>"
        return text

    def as_dict(self) -> dict[str, str | None]:
        """The ``product`` block of ``report.json``: every field, null when not given."""
        return {key: getattr(self, key) for key in _FIELDS}


def product_of(report: Mapping[str, Any]) -> Product:
    """The product a parsed ``report.json`` names; an unnamed one for a report without it.

    Reports of format 3 and before have no ``product`` block, and a hand-edited one may
    hold anything: what is not a string is left out, never raised on (``verify`` is the
    command that judges a report's shape).
    """
    block = report.get("product")
    if not isinstance(block, Mapping):
        return Product()
    values = {key: block.get(key) for key in _FIELDS}
    return Product(**{key: v if isinstance(v, str) and v else None for key, v in values.items()})


def _natural(text: str) -> tuple[tuple[int, int | str], ...]:
    """``1.10`` after ``1.9``: digits compared as numbers, the rest without case."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part.casefold())
        for part in re.findall(r"\d+|\D+", text)
    )


def product_sort_key(product: Product) -> tuple[Any, ...]:
    """Named products first, by name, then by version in natural order; unnamed last."""
    return (
        not product.named,
        (product.name or "").casefold(),
        _natural(product.version or ""),
        (product.vendor or "").casefold(),
    )
