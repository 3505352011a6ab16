"""The suite's teeth and fairness: the correct server is clean, every fault fails every
requirement it names, and every legitimate variation is certified conformant."""

from __future__ import annotations

import dataclasses
import functools
import time as wall
import types

import anyio
import httpx
import pytest
from starlette.requests import Request

import conformance.server._app as server_app
import conformance.server._variations as server_variations
import conformance.server._wire as server_wire
from conformance import Level, RunOptions, RunResult, Status, Target, Verdict, certify
from conformance.cli.console import selftest_failures
from conformance.model.catalogue import CATALOGUE, requirement
from conformance.selftest import (
    LIST_SECTIONS,
    SELFTEST_DATA_SEED,
    FaultResult,
    list_switches,
    run_fault,
    run_list_fault,
    run_variation,
)
from conformance.server import (
    DEFAULT_API_KEY,
    FAULTS,
    OTHER_LIST_FAULTS_BY_NAME,
    SEEDED_THREAD_ID,
    VARIATIONS,
    ServerConfig,
    create_app,
    fault_requirements,
    serve_in_thread,
)
from tests.conftest import Cli

KEY = "rc-selftest-test-key"
# The classes a single server can be certified in.  The gateway class (LR-DIFF-*) compares
# the target with a second one (--compare-with), so no fault of one server can trip it:
# tests/conformance/runner/test_differential_mode.py runs it against a faulty comparison
# server and a body-altering proxy instead.
SINGLE_SERVER_CLASSES = ("core", "writes", "clients")

# Known gaps of the suite (not of the server), each with the code that owns it.  Strict: the
# day a gap is closed its test passes, fails as XPASS, and its entry here must go.
KNOWN_GAPS: dict[str, str] = {}


def _with_known_gaps(names: list[str]) -> list[object]:
    return [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[name]))
        if name in KNOWN_GAPS
        else name
        for name in names
    ]


# --- the catalogue entries --------------------------------------------------------------------


def test_every_fault_names_requirements_of_the_catalogue() -> None:
    assert all(set(f.requirements) <= set(CATALOGUE) for f in FAULTS.values())


def test_every_variation_names_only_should_readings_of_the_catalogue() -> None:
    for variation in VARIATIONS.values():
        for requirement_id in variation.differs_from:
            assert CATALOGUE[requirement_id].level is Level.SHOULD, (variation.name, requirement_id)


def test_every_must_of_the_single_server_classes_is_named_by_at_least_one_fault() -> None:
    named = {i for fault in FAULTS.values() for i in fault.requirements}
    musts = {
        i
        for i, r in CATALOGUE.items()
        if r.level is Level.MUST and r.conformance_class in SINGLE_SERVER_CLASSES
    }
    assert sorted(musts - named) == []


def test_every_should_of_the_single_server_classes_is_named_by_a_fault_or_a_variation() -> None:
    named = {i for fault in FAULTS.values() for i in fault.requirements}
    named |= {i for variation in VARIATIONS.values() for i in variation.differs_from}
    shoulds = {
        i
        for i, r in CATALOGUE.items()
        if r.level is Level.SHOULD and r.conformance_class in SINGLE_SERVER_CLASSES
    }
    assert sorted(shoulds - named) == []


def test_every_requirement_a_fault_trips_only_by_the_clock_another_fault_trips_every_time() -> None:
    by_the_clock = {i: f.name for f in FAULTS.values() for i in f.by_the_clock_for("LR")}
    for requirement_id, name in by_the_clock.items():
        assert requirement_id in FAULTS[name].requirements, (name, requirement_id)
        provers = [
            f.name
            for f in FAULTS.values()
            if requirement_id in f.requirements and requirement_id not in f.by_the_clock_for("LR")
        ]
        assert provers, f"{requirement_id}: tripped only by the clock ({name})"


def test_every_known_gap_names_a_fault_or_a_variation() -> None:
    assert set(KNOWN_GAPS) <= {*FAULTS, *VARIATIONS}


def test_the_catalogue_of_faults_has_at_least_25_realistic_bugs() -> None:
    assert len(FAULTS) >= 25


def test_the_selftest_thread_has_a_second_across_the_limit_100_page_boundary_both_ways() -> None:
    async def first_two_pages(order: str) -> list[int]:
        transport = httpx.ASGITransport(app=create_app(ServerConfig(seed=SELFTEST_DATA_SEED)))
        headers = {"x-portkey-api-key": DEFAULT_API_KEY, "OpenAI-Beta": "assistants=v2"}
        url = f"/v1/threads/{SEEDED_THREAD_ID}/runs"
        async with httpx.AsyncClient(transport=transport, base_url="http://ref") as client:
            params: dict[str, str | int] = {"order": order, "limit": 100}
            page = (await client.get(url, headers=headers, params=params)).json()
            params["after"] = page["last_id"]
            following = (await client.get(url, headers=headers, params=params)).json()
        return [page["data"][-1]["created_at"], following["data"][0]["created_at"]]

    for order in ("asc", "desc"):
        last_of_page, first_of_next = anyio.run(first_two_pages, order)
        assert last_of_page == first_of_next, order


# --- what a row of the self-test makes of a run (no server) ----------------------------------


def _row(
    named: tuple[str, ...],
    failed: tuple[str, ...],
    *,
    fault: str | None = None,
    variation: str | None = None,
    verdict: Verdict = Verdict.CONFORMANT,
) -> FaultResult:
    musts = tuple(i for i in failed if CATALOGUE[i].level is Level.MUST)
    return FaultResult(fault, named, failed, verdict, 300, None, variation, musts)


def test_a_fault_that_fails_only_some_of_the_requirements_it_names_is_not_proven() -> None:
    row = _row(
        ("LR-PAGE-001", "LR-PAGE-006"),
        ("LR-PAGE-006",),
        fault="after-inclusive",
        verdict=Verdict.NON_CONFORMANT,
    )
    assert (row.ok, row.caught_by, row.missed) == (False, ("LR-PAGE-006",), ("LR-PAGE-001",))
    assert selftest_failures([row]) == [
        "Not caught by all it names: after-inclusive missed LR-PAGE-001"
    ]


def test_a_requirement_a_fault_trips_only_by_the_clock_is_not_missed_when_it_passes() -> None:
    row = dataclasses.replace(
        _row(("LR-PAGE-006", "LR-WRITE-005"), ("LR-PAGE-006",), fault="ties-unstable"),
        by_the_clock=("LR-WRITE-005",),
    )
    assert (row.ok, row.missed, row.also_failed) == (True, (), ())
    assert selftest_failures([row]) == []


def test_a_requirement_a_fault_trips_only_by_the_clock_is_caught_by_when_it_fails() -> None:
    row = dataclasses.replace(
        _row(("LR-PAGE-006", "LR-WRITE-005"), ("LR-PAGE-006", "LR-WRITE-005"), fault="x"),
        by_the_clock=("LR-WRITE-005",),
    )
    assert (row.ok, row.caught_by, row.also_failed) == (True, ("LR-PAGE-006", "LR-WRITE-005"), ())


def test_a_variation_that_fails_only_the_should_readings_it_names_is_fair() -> None:
    row = _row(("LR-ORDER-003",), ("LR-ORDER-003",), variation="ties-by-id-asc")
    assert (row.ok, row.accused, row.label) == (True, (), "(variation) ties-by-id-asc")
    assert selftest_failures([row]) == []


def test_a_variation_failing_anything_it_does_not_name_is_accused() -> None:
    row = _row(("LR-ORDER-003",), ("LR-ORDER-003", "LR-PAGE-010"), variation="ties-by-id-asc")
    assert (row.ok, row.accused) == (False, ("LR-PAGE-010",))
    assert selftest_failures([row]) == ["Accused: (variation) ties-by-id-asc failed LR-PAGE-010"]


def test_a_variation_failing_a_must_is_accused_whatever_its_entry_names() -> None:
    row = _row(
        ("LR-WRITE-001",),
        ("LR-WRITE-001",),
        variation="ties-by-id-asc",
        verdict=Verdict.NON_CONFORMANT,
    )
    assert (row.ok, row.accused) == (False, ("LR-WRITE-001",))


def test_a_variation_not_certified_conformant_is_not_fair_even_without_a_failure() -> None:
    row = _row((), (), variation="rate-limited", verdict=Verdict.INCOMPLETE)
    assert row.ok is False
    assert selftest_failures([row]) == ["Not conformant: (variation) rate-limited (incomplete)"]


# --- the servers, certified ------------------------------------------------------------------

_fault_row = functools.cache(run_fault)
"""A fault's row, certified once per worker: a test that reads more of the same row shares it."""


@pytest.mark.e2e
def test_the_correct_reference_server_fails_no_must_and_no_should() -> None:
    row = run_fault(None)
    assert (row.failed, row.verdict, row.ok) == ((), Verdict.CONFORMANT, True)


@pytest.mark.e2e
@pytest.mark.parametrize("fault", _with_known_gaps(sorted(FAULTS)))
def test_each_fault_fails_exactly_the_requirements_it_names(fault: str) -> None:
    row = _fault_row(fault)
    unchecked = "; ".join(f"{i} {why}" for i, why in row.unchecked)
    assert row.missed == (), f"{fault}: named but did not fail: {row.missed} ({unchecked})"
    assert row.also_failed == (), f"{fault}: failed but not named: {row.also_failed}"
    if row.first_detection is not None:
        assert row.first_detection <= row.requests
    else:
        assert all(i.startswith("LR-PROP-") for i in row.caught_by)
    must = any(CATALOGUE[i].level is Level.MUST for i in row.named)
    assert row.verdict is (Verdict.NON_CONFORMANT if must else Verdict.CONFORMANT)


@pytest.mark.e2e
def test_unstable_ties_still_fail_all_they_name_when_a_second_ends_between_the_creations(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the one place the wall clock decides: the desc walk's creations in one second, the asc
    # walk's in the next, so that no page boundary falls among created runs of one second
    stamped: list[int] = []

    def split_clock() -> float:
        now = wall.time()
        if len(stamped) == 8 and int(now) == stamped[-1]:  # wait for the next second
            wall.sleep(int(now) + 1.01 - now)
            now = wall.time()
        stamped.append(int(now))
        return now

    monkeypatch.setattr(server_wire, "time", types.SimpleNamespace(time=split_clock))
    row = run_fault("ties-unstable")
    assert len(stamped) > 8
    assert stamped[8] > stamped[7]
    assert (row.ok, row.missed, row.also_failed) == (True, (), ())
    assert row.by_the_clock == ("LR-WRITE-005",)


@pytest.mark.e2e
@pytest.mark.parametrize("list_name", LIST_SECTIONS)
def test_the_correct_reference_server_is_clean_in_each_list_section(list_name: str) -> None:
    row = run_list_fault(None, list_name)
    assert (row.failed, row.verdict, row.ok) == ((), Verdict.CONFORMANT, True)
    assert row.label == f"(correct server, {list_name})"


_GENERIC = ("after-inclusive", "has-more-never", "last-id-off-by-one", "limit-plus-one")
_SCOPED = sorted({s.rpartition("@")[0] for n in LIST_SECTIONS for s in list_switches(n)})


def _tested_switches(list_name: str) -> tuple[str, ...]:
    """The switches of a list section this test runs (the self-test command runs them all;
    design note section 5: the suite's time budget).

    The four generic pagination faults on messages and, in turn, two of them on each other
    list; the lists' own item faults on every other list, in turn (each on three); every
    other fault of List runs scoped to the lists on one list each, in turn, so that each is
    proven here at least once.
    """
    turn = LIST_SECTIONS.index(list_name) % 2
    chosen = []
    for switch in list_switches(list_name):
        name = switch.rpartition("@")[0]
        if name in OTHER_LIST_FAULTS_BY_NAME:
            if sorted(OTHER_LIST_FAULTS_BY_NAME).index(name) % 2 == turn:
                chosen.append(switch)
        elif name in _GENERIC:
            if list_name == "messages" or name in _GENERIC[turn::2]:
                chosen.append(switch)
        else:
            applies = [n for n in LIST_SECTIONS if f"{name}@{n}" in list_switches(n)]
            if applies[_SCOPED.index(name) % len(applies)] == list_name:
                chosen.append(switch)
    return tuple(chosen)


def test_every_fault_scoped_to_the_lists_is_proven_on_one_of_them_in_this_suite() -> None:
    tested = {s.rpartition("@")[0] for n in LIST_SECTIONS for s in _tested_switches(n)}
    assert tested == set(_SCOPED)


@pytest.mark.e2e
@pytest.mark.parametrize(
    ("list_name", "switch"), [(n, s) for n in LIST_SECTIONS for s in _tested_switches(n)]
)
def test_each_switch_of_a_list_section_fails_exactly_the_requirements_it_names(
    list_name: str, switch: str
) -> None:
    row = run_list_fault(switch, list_name)
    unchecked = "; ".join(f"{i} {why}" for i, why in row.unchecked)
    assert row.named == tuple(sorted(fault_requirements(switch)))
    assert row.missed == (), f"{switch}: named but did not fail: {row.missed} ({unchecked})"
    assert row.also_failed == (), f"{switch}: failed but not named: {row.also_failed}"
    must = any(requirement(i).level is Level.MUST for i in row.named)
    assert row.verdict is (Verdict.NON_CONFORMANT if must else Verdict.CONFORMANT)


def test_every_list_section_has_a_pagination_fault_and_an_item_fault() -> None:
    for list_name in LIST_SECTIONS:
        named = {
            i.split("-", 2)[1] for s in list_switches(list_name) for i in fault_requirements(s)
        }
        assert {"PAGE", "ITEM"} <= named, list_name


@pytest.mark.e2e
@pytest.mark.parametrize("variation", _with_known_gaps(list(VARIATIONS)))
def test_each_variation_is_certified_conformant_and_differs_only_where_it_says(
    variation: str,
) -> None:
    row = run_variation(variation)
    assert row.accused == (), f"{variation}: a correct server was accused of {row.accused}"
    assert row.verdict is Verdict.CONFORMANT
    assert row.failed_musts == ()


@pytest.mark.e2e
def test_a_stale_offset_cursor_passes_every_static_walk_and_fails_only_under_writes() -> None:
    row = _fault_row("stale-offset-cursor")
    assert row.failed == ("LR-WRITE-001",)


@pytest.mark.e2e
def test_without_allow_writes_nothing_is_created_and_the_write_requirement_is_skipped() -> None:
    with serve_in_thread(
        ServerConfig(api_key=KEY, faults=frozenset({"stale-offset-cursor"}))
    ) as server:
        result = certify(Target(server.base_url, SEEDED_THREAD_ID, KEY))
    assert {e.method for e in result.exchanges} == {"GET"}
    write = next(r for r in result.results if r.requirement.id == "LR-WRITE-001")
    assert write.status is Status.SKIPPED
    assert result.verdict is not Verdict.NON_CONFORMANT


@pytest.mark.e2e
def test_a_correct_server_behind_a_rate_limiter_is_certified_conformant_with_its_429s_kept() -> (
    None
):
    config = ServerConfig(api_key=KEY, variations=frozenset({"rate-limited"}))
    with serve_in_thread(config) as server:
        result = certify(
            Target(server.base_url, SEEDED_THREAD_ID, KEY, allow_writes=True), RunOptions.quick()
        )
    assert result.verdict is Verdict.CONFORMANT
    assert [r.requirement.id for r in result.results if r.status is Status.FAILED] == []
    refused = [e for e in result.exchanges if e.status == 429]
    assert refused
    assert all(e.superseded for e in refused)
    first = result.exchanges[0]
    assert (first.status, first.superseded) == (429, True)
    assert (first.header("content-type") or "").startswith("text/plain")
    assert first.header("retry-after") == "1"
    assert result.retries >= len(refused)


def _certify_quick(config: ServerConfig) -> RunResult:
    with serve_in_thread(config) as server:
        return certify(
            Target(server.base_url, SEEDED_THREAD_ID, KEY, allow_writes=True), RunOptions.quick()
        )


@pytest.mark.e2e
def test_a_429_answered_to_an_sdk_walk_is_retried_as_every_other_request_is(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Where the openai SDK asks for its second page, on the plain server...
    agents: list[str] = []
    guard = server_app._Handlers._guard

    def spy(handlers: server_app._Handlers, request: Request) -> None:
        agents.append(request.headers.get("user-agent", "") + " " + request.url.query)
        guard(handlers, request)

    monkeypatch.setattr(server_app._Handlers, "_guard", spy)
    _certify_quick(ServerConfig(api_key=KEY))
    second_page = next(
        n for n, agent in enumerate(agents, 1) if agent.startswith("OpenAI/") and "after=" in agent
    )
    # ...a rate limiter refuses it (one request later: the retried first request comes first).
    monkeypatch.setattr(server_variations, "RATE_LIMIT_EVERY", second_page + 1)
    result = _certify_quick(ServerConfig(api_key=KEY, variations=frozenset({"rate-limited"})))
    assert [r.requirement.id for r in result.results if r.status is Status.FAILED] == []
    assert result.verdict is Verdict.CONFORMANT


# --- the commands ------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables one row to a line, as the self-test is read (COLUMNS=250)."""
    monkeypatch.setenv("COLUMNS", "250")


def test_the_faults_command_lists_every_fault_and_every_variation(
    cli: Cli,
) -> None:
    code, out, _ = cli(["faults"])
    assert code == 0
    assert all(name in out for name in (*FAULTS, *VARIATIONS))


@pytest.mark.e2e
def test_the_selftest_command_prints_the_table_and_exits_0_when_all_are_caught(
    cli: Cli,
) -> None:
    code, out, err = cli(["selftest", "--fault", "sort-by-id"])
    assert code == 0
    assert "sort-by-id" in out
    assert "LR-ORDER-001" in out
    assert "(variation)" not in out
    assert "caught" in err


@pytest.mark.e2e
def test_the_selftest_command_prints_a_variation_as_a_row_with_the_readings_it_differs_on(
    cli: Cli,
) -> None:
    code, out, err = cli(["selftest", "--variation", "limit-clamped"])
    assert code == 0, err
    row = next(line for line in out.splitlines() if "(variation) limit-clamped" in line)
    assert "conformant" in row
    assert "reading differs: LR-PARAM-002, LR-PROP-003" in row
    assert "1 variations certified conformant" in err


@pytest.mark.e2e
def test_the_selftest_command_runs_a_scoped_switch_in_its_list_section_after_its_correct_server(
    cli: Cli,
) -> None:
    code, out, err = cli(["selftest", "--fault", "last-id-off-by-one@messages"])
    assert code == 0, err
    assert out.index("(correct server, messages)") < out.index("last-id-off-by-one@messages")
    assert "LM-PAGE-002" in out


@pytest.mark.parametrize("option", ["--fault", "--variation"])
def test_the_selftest_command_refuses_an_unknown_name_with_exit_2(option: str, cli: Cli) -> None:
    code, _, err = cli(["selftest", option, "no-such-name"])
    assert code == 2
    assert err.count("\n") == 1
