"""The certificate's seal: SHA-256 digests of ``report.json`` and of the files beside it.

The seal is a digest, not a signature: it shows that a report was not edited by
accident, and anyone who edits a report can recompute it.  What makes a report
unforgeable is the Ed25519 signature (:mod:`reports._signing`) over the sealed report.

* ``integrity.report_sha256`` covers the report without its ``integrity`` and
  ``signature`` blocks (:func:`canonical_bytes`);
* ``integrity.files`` names the other files of the report folder (``evidence.har``,
  ``junit.xml``, ``report.html``, ``summary.md``) with the SHA-256 of their bytes;
* the signature covers everything but itself (:func:`signed_bytes`), the seal included,
  so it vouches for the files too.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

__all__ = [
    "INTEGRITY_KEY",
    "SIGNATURE_KEY",
    "canonical_bytes",
    "file_sha256",
    "report_sha256",
    "signed_bytes",
]

INTEGRITY_KEY = "integrity"
SIGNATURE_KEY = "signature"


def _canonical(body: Mapping[str, Any]) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def canonical_bytes(report: Mapping[str, Any]) -> bytes:
    """The report without its ``integrity`` and ``signature`` blocks, as sorted, compact JSON."""
    return _canonical({k: v for k, v in report.items() if k not in (INTEGRITY_KEY, SIGNATURE_KEY)})


def signed_bytes(report: Mapping[str, Any]) -> bytes:
    """What the signature covers: the report (its seal included) without the signature."""
    return _canonical({k: v for k, v in report.items() if k != SIGNATURE_KEY})


def report_sha256(report: Mapping[str, Any]) -> str:
    """``sha256:<hex>`` of :func:`canonical_bytes`, in the form the OpenAPI digest uses."""
    return file_sha256(canonical_bytes(report))


def file_sha256(data: bytes) -> str:
    """``sha256:<hex>`` of some bytes (a file of the report folder)."""
    return "sha256:" + hashlib.sha256(data).hexdigest()
