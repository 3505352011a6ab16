"""The contract with portkey-ai's undocumented inner client: its own retry is switched off."""

from __future__ import annotations

import importlib.metadata
import warnings

import httpx
import portkey_ai
import pytest

from conformance.observing._private_sdks import VERIFIED_PORTKEY_MINOR, without_portkey_retries


def _asked(switch_off: bool) -> int:
    calls = 0

    def answer(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        return httpx.Response(500, json={"error": {"message": "down", "type": "server_error"}})

    client = portkey_ai.Portkey(
        base_url="http://127.0.0.1:9/v1",
        api_key="rc-contract-key",
        http_client=httpx.Client(transport=httpx.MockTransport(answer)),
    )
    if switch_off:
        without_portkey_retries(client)
    with warnings.catch_warnings():  # the Assistants API's deprecation, as in the SDK walks
        warnings.simplefilter("ignore", DeprecationWarning)
        # portkey-ai raises the error class of the openai copy it vendors
        with pytest.raises(Exception, match="Error code: 500"):
            client.beta.threads.runs.list("thread_contract", limit=1)
    return calls


def test_portkey_retries_a_500_on_its_own_when_left_alone() -> None:
    # what the adapter is for: should a release stop retrying, this says the adapter can go
    assert _asked(switch_off=False) == 2


def test_without_portkey_retries_a_500_is_asked_once() -> None:
    assert _asked(switch_off=True) == 1, (
        "portkey-ai still retries after openai_client.max_retries = 0: update "
        "conformance/observing/_private_sdks.py for this release"
    )


def test_the_pin_is_the_minor_version_this_contract_was_last_held_on() -> None:
    installed = ".".join(importlib.metadata.version("portkey-ai").split(".")[:2])
    assert installed == VERIFIED_PORTKEY_MINOR
