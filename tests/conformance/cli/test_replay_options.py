"""A report keeps what replay needs to make the same requests, and never a secret."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from conformance import RunOptions, Target, certify
from conformance.cli.replay import replay_options
from conformance.server import SEEDED_THREAD_ID, ServerConfig, serve_in_thread
from reports import write_json

KEY = "sk-live-REPLAY-5ecret-0123456789"


def test_a_report_keeps_routing_headers_and_budgets_for_replay_but_no_credential_header(
    tmp_path: Path,
) -> None:
    headers = (("Authorization", f"Bearer {KEY}"), ("x-portkey-provider", "openai"))
    options = replace(RunOptions.quick(seed=3), properties=None, sdk_walks=(), max_pages=50)
    with serve_in_thread(ServerConfig(api_key=KEY)) as server:
        result = certify(Target(server.base_url, SEEDED_THREAD_ID, headers=headers), options)
    report = json.loads(write_json(result, tmp_path).read_text(encoding="utf-8"))
    assert KEY not in json.dumps(report)
    assert report["options"]["headers"] == [["x-portkey-provider", "openai"]]
    assert report["options"]["max_pages"] == 50
    assert report["options"]["sdk_walks"] == []
    target, replayed = replay_options(report)
    assert target.headers == (("x-portkey-provider", "openai"),)
    assert replayed.max_pages == 50
    assert replayed.sdk_walks == ()
    assert not target.allow_writes


def test_replay_takes_a_credential_header_again_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    report = {
        "target": {"base_url": "http://127.0.0.1:9/v1", "thread_id": SEEDED_THREAD_ID},
        "options": {"property_phase": False, "headers": [["x-portkey-provider", "openai"]]},
    }
    monkeypatch.setenv("RUNS_CONFORMANCE_HEADER", f"Authorization: Bearer {KEY}")
    target, _ = replay_options(report)
    assert target.headers == (("x-portkey-provider", "openai"), ("Authorization", f"Bearer {KEY}"))


@pytest.mark.parametrize(
    ("options", "lists"),
    [({}, ("runs",)), ({"lists": ["runs", "messages"]}, ("runs", "messages"))],
)
def test_replay_certifies_the_lists_the_report_names_and_list_runs_alone_when_it_names_none(
    options: dict[str, object], lists: tuple[str, ...]
) -> None:
    report = {
        "target": {"base_url": "http://127.0.0.1:9/v1", "thread_id": SEEDED_THREAD_ID},
        "options": {"property_phase": False, **options},
    }
    _, replayed = replay_options(report)
    assert replayed.lists == lists
