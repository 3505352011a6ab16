"""The official-client checks (LR-CLIENT-*) on hand-built SDK walks, without a server."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import pytest

from conformance.checks import CHECKS
from conformance.model import ClientWalk, Observations, Status
from conformance.model import keys as k
from strategies import observations_of, page_response


def _runs(count: int) -> list[dict[str, Any]]:
    """A thread of ``count`` runs, newest first (the checks here read IDs and bodies only)."""
    return [
        {
            "id": f"run_{count - i:05d}",
            "object": "thread.run",
            "created_at": 1_700_000_000 - i,
            "model": "gpt-4o",
        }
        for i in range(count)
    ]


SDKS = {"LR-CLIENT-001": "openai", "LR-CLIENT-002": "portkey-ai"}
RUNS = _runs(130)


def _obs(**walks: ClientWalk) -> Observations:
    return replace(observations_of(RUNS), client_walks=walks)


def _walk(sdk: str, ids: Sequence[str], **kwargs: Any) -> ClientWalk:
    return ClientWalk(sdk, "1.0", tuple(ids), ("GET /runs?limit=100",) * 2, **kwargs)


@pytest.mark.parametrize(("rid", "sdk"), SDKS.items())
def test_an_sdk_that_reads_the_canonical_walk_passes(rid: str, sdk: str) -> None:
    obs = observations_of(RUNS)
    outcome = CHECKS[rid](replace(obs, client_walks={sdk: _walk(sdk, obs.walks[k.CANONICAL].ids)}))
    assert outcome.status is Status.PASSED


@pytest.mark.parametrize(("rid", "sdk"), SDKS.items())
def test_an_sdk_that_is_not_installed_is_skipped_with_the_install_hint(rid: str, sdk: str) -> None:
    reason = f"the {sdk} SDK is not installed: install runs-conformance[clients]"
    outcome = CHECKS[rid](_obs(**{sdk: ClientWalk(sdk, unavailable=reason)}))
    assert (outcome.status, outcome.reason) == (Status.SKIPPED, reason)


@pytest.mark.parametrize("rid", SDKS)
def test_no_sdk_walk_is_a_skip(rid: str) -> None:
    assert CHECKS[rid](_obs()).status is Status.SKIPPED


def test_an_sdk_that_stops_after_the_first_page_fails() -> None:
    obs = observations_of(RUNS)
    ids = obs.walks[k.CANONICAL].ids[:100]
    outcome = CHECKS["LR-CLIENT-001"](replace(obs, client_walks={"openai": _walk("openai", ids)}))
    assert outcome.status is Status.FAILED
    assert "30 runs missing from position 100" in outcome.findings[0].message


def test_an_sdk_error_fails_and_is_reported() -> None:
    obs = observations_of(RUNS)
    walk = _walk("portkey-ai", obs.walks[k.CANONICAL].ids[:100], error="ValidationError: data.0.id")
    outcome = CHECKS["LR-CLIENT-002"](replace(obs, client_walks={"portkey-ai": walk}))
    assert outcome.status is Status.FAILED
    assert "failed after 100 runs in 2 requests: ValidationError" in outcome.findings[0].message


def test_an_sdk_that_stops_where_has_more_wrongly_says_the_list_ends_fails() -> None:
    # has_more is false on the first page, so both the suite's walk and the SDK stop there;
    # the suite's request past the end shows the list goes on.
    first = RUNS[:100]
    page = page_response(
        first, has_more=False, params={"order": "desc", "limit": "100"}, exchange_id="C0001"
    )
    trailing = page_response(
        RUNS[100:],
        has_more=False,
        exchange_id="C0002",
        params={"order": "desc", "limit": "100", "after": first[-1]["id"]},
    )
    obs = observations_of(RUNS)
    walk = replace(obs.walks[k.CANONICAL], pages=(page,), trailing=trailing)
    obs = replace(
        obs,
        walks={**obs.walks, k.CANONICAL: walk},
        client_walks={"openai": _walk("openai", walk.ids)},
    )
    outcome = CHECKS["LR-CLIENT-001"](obs)
    assert outcome.status is Status.FAILED
    assert "the next page still held 30 runs" in outcome.findings[0].message


def test_observations_of_a_correct_server_include_sdk_walks_that_pass_unless_left_out() -> None:
    assert {CHECKS[rid](observations_of(RUNS)).status for rid in SDKS} == {Status.PASSED}
    assert {CHECKS[rid](observations_of(RUNS, sdk_walks=False)).status for rid in SDKS} == {
        Status.SKIPPED
    }


@pytest.mark.parametrize(("rid", "sdk"), SDKS.items())
def test_an_sdk_that_reads_both_ends_of_a_long_thread_passes(rid: str, sdk: str) -> None:
    obs = observations_of(RUNS)
    ids = tuple(obs.walks[k.CANONICAL].ids)
    ends = _walk(sdk, ids[:20] + ids[100:], resumed=(20, 100))
    assert CHECKS[rid](replace(obs, client_walks={sdk: ends})).status is Status.PASSED


@pytest.mark.parametrize(("rid", "sdk"), SDKS.items())
def test_an_sdk_whose_resumed_end_differs_from_the_walk_fails(rid: str, sdk: str) -> None:
    obs = observations_of(RUNS)
    ids = tuple(obs.walks[k.CANONICAL].ids)
    shifted = _walk(sdk, ids[:20] + ids[101:], resumed=(20, 100))  # one run of the end missing
    outcome = CHECKS[rid](replace(obs, client_walks={sdk: shifted}))
    assert outcome.status is Status.FAILED
