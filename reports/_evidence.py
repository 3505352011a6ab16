"""How a requirement's evidence is named in every report: the requests, not their bodies."""

from __future__ import annotations

from typing import Any

from conformance._model import Exchange, RequirementResult, RunResult

__all__ = ["evidence_of"]


def evidence_of(result: RunResult, requirement: RequirementResult) -> list[dict[str, Any]]:
    """The exchanges a requirement points at, as small JSON-ready records."""
    by_id: dict[str, Exchange] = {e.id: e for e in result.exchanges}
    records = []
    for exchange_id in requirement.evidence:
        exchange = by_id.get(exchange_id)
        if exchange is None:
            continue
        records.append({
            "id": exchange.id,
            "label": exchange.label,
            "method": exchange.method,
            "url": exchange.url,
            "status": exchange.status,
            **({"error": exchange.error} if exchange.error else {}),
            "reproducer": exchange.as_curl(),
        })
    return records
