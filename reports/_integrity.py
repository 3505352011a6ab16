"""The certificate's seal: a SHA-256 over the canonical form of ``report.json``."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

__all__ = ["INTEGRITY_KEY", "canonical_bytes", "report_sha256"]

INTEGRITY_KEY = "integrity"


def canonical_bytes(report: Mapping[str, Any]) -> bytes:
    """The report without its ``integrity`` block, as sorted, compact UTF-8 JSON."""
    body = {key: value for key, value in report.items() if key != INTEGRITY_KEY}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def report_sha256(report: Mapping[str, Any]) -> str:
    """``sha256:<hex>`` of :func:`canonical_bytes`, in the form the OpenAPI digest uses."""
    return "sha256:" + hashlib.sha256(canonical_bytes(report)).hexdigest()
