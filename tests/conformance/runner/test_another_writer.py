"""A correct server whose list another client adds to mid-run is not failed for it.

The reference server in a thread; a read-only certification of its thread; and, once the
suite's first walk is done, another client creating a run in that thread, as an application
writing to a staging thread would.  The later reads then list a run the first walk did not:
the comparisons of reads made at different times are not-checked, naming it; nothing fails.
"""

from __future__ import annotations

import httpx
import pytest

from conformance import RunOptions, Status, Target, certify
from conformance.model import Exchange
from conformance.server import SEEDED_THREAD_ID, ServerConfig, serve_in_thread

pytestmark = pytest.mark.e2e

KEY = "rc-another-writer-key-0123456789"
HEADERS = {"x-portkey-api-key": KEY, "OpenAI-Beta": "assistants=v2"}


def test_a_run_another_client_adds_mid_run_sets_aside_the_comparisons_and_fails_nothing() -> None:
    with serve_in_thread(ServerConfig(api_key=KEY)) as server:
        runs_url = f"{server.base_url}/threads/{SEEDED_THREAD_ID}/runs"
        first = httpx.get(runs_url, headers=HEADERS, params={"limit": 1}).json()["data"][0]
        added: list[str] = []

        def another_writer(exchange: Exchange) -> None:
            # once the first walk is read, before every read it is compared with
            if not added and exchange.label == "walk desc/100 past the end":
                made = httpx.post(
                    runs_url, headers=HEADERS, json={"assistant_id": first["assistant_id"]}
                )
                added.append(made.json()["id"])

        result = certify(
            Target(server.base_url, SEEDED_THREAD_ID, KEY),
            RunOptions.quick(),
            on_exchange=another_writer,
        )
    assert len(added) == 1
    statuses = {r.requirement.id: r for r in result.results}
    assert [i for i, r in statuses.items() if r.status is Status.FAILED] == []
    set_aside = [i for i, r in statuses.items() if "the list changed while" in r.message]
    assert set_aside
    assert all(added[0] in statuses[i].message for i in set_aside)
