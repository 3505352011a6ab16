"""Faults and variations hook into named steps; the correct path names neither."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest

import conformance.server
from conformance.server import (
    FAULTS,
    OTHER_LIST_FAULTS_BY_NAME,
    SEEDED_THREAD_ID,
    VARIATIONS,
    ServerConfig,
    create_app,
)
from conformance.server._steps import STEPS, Server, Step

EVERY_FAULT = {**FAULTS, **OTHER_LIST_FAULTS_BY_NAME}

SERVER_PACKAGE_DIRECTORY = Path(conformance.server.__file__).parent
CATALOGUE_PATHS = (
    SERVER_PACKAGE_DIRECTORY / "_faults",
    SERVER_PACKAGE_DIRECTORY / "_variations.py",
)
CORRECT_PATH_FILE_NAMES = ("_app.py", "_listing.py", "_steps.py", "_wire.py")
UNIT_TEST_API_KEY = "rc-hooks-unit-key"
LIST_RUNS_PATH = f"/v1/threads/{SEEDED_THREAD_ID}/runs"
LIST_RUNS_HEADERS = {"x-portkey-api-key": UNIT_TEST_API_KEY, "OpenAI-Beta": "assistants=v2"}


def _server_modules_other_than_the_catalogues() -> list[Path]:
    return sorted(
        path
        for path in SERVER_PACKAGE_DIRECTORY.rglob("*.py")
        if not any(path.is_relative_to(catalogue) for catalogue in CATALOGUE_PATHS)
    )


def _list_runs_in_process(config: ServerConfig, query_parameters: dict[str, str]) -> httpx.Response:
    application = create_app(config)

    async def send_one_request() -> httpx.Response:
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://ref") as client:
            return await client.get(
                LIST_RUNS_PATH, headers=LIST_RUNS_HEADERS, params=query_parameters
            )

    return anyio.run(send_one_request)


@pytest.mark.parametrize("fault_name", sorted(EVERY_FAULT))
def test_every_fault_is_registered_against_at_least_one_step(fault_name: str) -> None:
    hooks_of_the_fault = EVERY_FAULT[fault_name].hooks
    assert hooks_of_the_fault, f"{fault_name} changes no step"
    assert all(isinstance(step, Step) and step in STEPS for step in hooks_of_the_fault)
    assert all(callable(hook) for hook in hooks_of_the_fault.values())


@pytest.mark.parametrize("variation_name", sorted(VARIATIONS))
def test_every_variation_is_registered_against_at_least_one_step(variation_name: str) -> None:
    hooks_of_the_variation = VARIATIONS[variation_name].hooks
    assert hooks_of_the_variation, f"{variation_name} changes no step"
    assert all(isinstance(step, Step) and step in STEPS for step in hooks_of_the_variation)
    assert all(callable(hook) for hook in hooks_of_the_variation.values())


def test_every_step_is_hooked_by_at_least_one_fault_or_variation() -> None:
    hooked = {step for fault in EVERY_FAULT.values() for step in fault.hooks}
    hooked |= {step for variation in VARIATIONS.values() for step in variation.hooks}
    assert [step.name for step in STEPS if step not in hooked] == []


def test_the_correct_path_is_read_from_the_expected_source_files() -> None:
    checked_file_names = {path.name for path in _server_modules_other_than_the_catalogues()}
    assert set(CORRECT_PATH_FILE_NAMES) <= checked_file_names


@pytest.mark.parametrize(
    "server_module_path",
    _server_modules_other_than_the_catalogues(),
    ids=lambda path: path.name,
)
def test_no_server_module_but_the_catalogues_names_a_fault_or_variation(
    server_module_path: Path,
) -> None:
    source_text = server_module_path.read_text(encoding="utf-8")
    names_in_the_source = [name for name in (*EVERY_FAULT, *VARIATIONS) if name in source_text]
    assert names_in_the_source == []


def test_a_server_without_faults_runs_every_step_as_written() -> None:
    server_state: Any = create_app(ServerConfig(api_key=UNIT_TEST_API_KEY)).state.reference
    assert isinstance(server_state, Server)
    assert dict(server_state.hooks) == {}


def test_a_server_with_one_variation_hooks_exactly_the_steps_that_variation_names() -> None:
    variation = VARIATIONS["extra-fields"]
    server_state: Any = create_app(
        ServerConfig(api_key=UNIT_TEST_API_KEY, variations=frozenset({variation.name}))
    ).state.reference
    assert isinstance(server_state, Server)
    assert set(server_state.hooks) == set(variation.hooks)


def test_a_server_with_one_fault_hooks_exactly_the_steps_that_fault_names() -> None:
    fault = FAULTS["stale-offset-cursor"]
    server_state: Any = create_app(
        ServerConfig(api_key=UNIT_TEST_API_KEY, faults=frozenset({fault.name}))
    ).state.reference
    assert isinstance(server_state, Server)
    assert set(server_state.hooks) == set(fault.hooks)


def test_hooks_of_several_faults_on_one_step_wrap_each_other_in_catalogue_order() -> None:
    # limit-zero-default asks the step beneath it for the default, and default-limit-10 (earlier
    # in the catalogue, so beneath it) answers 10: both bugs show, as in a real server.
    both_limit_faults = frozenset({"limit-zero-default", "default-limit-10"})
    response = _list_runs_in_process(
        ServerConfig(api_key=UNIT_TEST_API_KEY, faults=both_limit_faults), {"limit": "0"}
    )
    assert response.status_code == 200
    assert len(response.json()["data"]) == 10


def test_a_hook_that_changes_a_result_keeps_the_rest_of_the_correct_answer() -> None:
    correct_body = _list_runs_in_process(
        ServerConfig(api_key=UNIT_TEST_API_KEY), {"limit": "3"}
    ).json()
    faulty_body = _list_runs_in_process(
        ServerConfig(api_key=UNIT_TEST_API_KEY, faults=frozenset({"first-id-null"})), {"limit": "3"}
    ).json()
    assert faulty_body["first_id"] is None
    assert {**faulty_body, "first_id": correct_body["first_id"]} == correct_body
