"""Faults scoped to one list (``name@list``) show on that list and leave every other alone.

Each case builds an in-process app with one scoped fault (12 ms: no port, no thread; kept
for the case's other test, as the correct app is kept for the module) and reads it as a
client does, with plain httpx: the defect is seen on the wire, and every other list (List
runs too) answers byte for byte what the correct server answers.
"""

from __future__ import annotations

import functools
import subprocess
import sys
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import anyio
import httpx
import pytest
from starlette.applications import Starlette

from conformance.cli import main
from conformance.server import (
    FAULTS,
    LISTS,
    OTHER_LIST_FAULTS_BY_NAME,
    OTHER_LISTS,
    ServerConfig,
    UnknownFaultError,
    create_app,
    fault_requirements,
    seeded_parents,
)

if TYPE_CHECKING:
    from tests.conformance.server.conftest import ServeCommand

KEY = "rc-list-faults-key"
HEADERS = {"x-portkey-api-key": KEY, "OpenAI-Beta": "assistants=v2"}
PARENTS = seeded_parents()
EVERY_LIST = ("runs", *OTHER_LISTS)
Request = tuple[str, Mapping[str, str | int]]
Body = dict[str, Any]


def _path(name: str) -> str:
    return "/v1" + LISTS[name].path.format(**PARENTS[name])


@functools.cache
def _app(faults: frozenset[str]) -> Starlette:
    """One app per set of faults, kept: these tests only read, so an app can answer them all."""
    return create_app(ServerConfig(api_key=KEY, faults=faults))


def _answers(faults: frozenset[str], requests: list[Request]) -> list[httpx.Response]:
    """The app's answers to ``requests``, in one event loop."""
    app = _app(faults)

    async def send() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://ref") as http:
            return [await http.get(url, headers=HEADERS, params=p) for url, p in requests]

    return anyio.run(send)


def _tenth_newest() -> dict[str, str]:
    """A cursor in every list: the ID of its tenth newest item, as the correct server has it."""
    answers = _answers(frozenset(), [(_path(name), {"limit": 10}) for name in EVERY_LIST])
    return {name: a.json()["last_id"] for name, a in zip(EVERY_LIST, answers, strict=True)}


CURSORS = _tenth_newest()


def _first_pages() -> list[Request]:
    """What "untouched" compares: each list's newest 30, oldest 30, and 30 after a cursor."""
    requests: list[Request] = []
    for name in EVERY_LIST:
        requests += [
            (_path(name), {"limit": 30}),
            (_path(name), {"limit": 30, "order": "asc"}),
            (_path(name), {"limit": 30, "after": CURSORS[name]}),
        ]
    requests.append((_path("vector-store-files"), {"filter": "failed"}))
    return requests


@pytest.fixture(scope="module")
def correct_pages() -> list[bytes]:
    return [answer.content for answer in _answers(frozenset(), _first_pages())]


def _untouched_but(name: str, faults: frozenset[str], correct: list[bytes]) -> None:
    """Every list but ``name`` answers exactly what the correct server answers."""
    answers = _answers(faults, _first_pages())
    changed = {
        url
        for (url, _), got, want in zip(_first_pages(), answers, correct, strict=True)
        if got.content != want
    }
    assert changed <= {_path(name)}, changed


# --- what each fault does, seen by a client ------------------------------------------------


def _page(name: str, faults: frozenset[str], **params: str | int) -> Body:
    body: Body = _answers(faults, [(_path(name), params)])[0].json()
    return body


def _two_pages(name: str, faults: frozenset[str]) -> tuple[Body, Body]:
    first = _page(name, faults, limit=10, order="asc")
    second = _page(name, faults, limit=10, order="asc", after=first["last_id"])
    return first, second


def _after_inclusive(name: str, faults: frozenset[str]) -> bool:
    first, second = _two_pages(name, faults)
    return bool(second["data"][0]["id"] == first["data"][-1]["id"])


def _has_more_never(name: str, faults: frozenset[str]) -> bool:
    return _page(name, faults, limit=10)["has_more"] is False


def _last_id_off_by_one(name: str, faults: frozenset[str]) -> bool:
    body = _page(name, faults, limit=10)
    return bool(body["last_id"] != body["data"][-1]["id"])


def _limit_plus_one(name: str, faults: frozenset[str]) -> bool:
    return len(_page(name, faults, limit=10)["data"]) == 11


GENERIC: dict[str, Callable[[str, frozenset[str]], bool]] = {
    "after-inclusive": _after_inclusive,
    "has-more-never": _has_more_never,
    "last-id-off-by-one": _last_id_off_by_one,
    "limit-plus-one": _limit_plus_one,
}


def _items(name: str, faults: frozenset[str]) -> list[Body]:
    data: list[Body] = _page(name, faults, limit=30)["data"]
    return data


def _milliseconds(name: str, faults: frozenset[str]) -> bool:
    return all(item["created_at"] > 10**12 for item in _items(name, faults))


def _empty_id(name: str, faults: frozenset[str]) -> bool:
    return all(item["id"] == "" for item in _items(name, faults))


def _foreign_parent(name: str, faults: frozenset[str]) -> bool:
    field = LISTS[name].parent_field
    assert field is not None
    listed = PARENTS[name][field]
    return all(item[field] != listed for item in _items(name, faults))


def _wrong_object(name: str, faults: frozenset[str]) -> bool:
    return all(item["object"] != LISTS[name].item_object for item in _items(name, faults))


def _filter_ignored(name: str, faults: frozenset[str]) -> bool:
    served = LISTS[name]
    assert served.filter is not None
    param, field = served.filter
    value = (
        next(i[field] for i in _items(name, frozenset()) if i[field])
        if param == "run_id"
        else "failed"
    )
    answered = _page(name, faults, limit=100, **{param: value})["data"]
    return any(item[field] != value for item in answered)


ITEM: dict[str, Callable[[str, frozenset[str]], bool]] = {
    "created-at-milliseconds": _milliseconds,
    "empty-id": _empty_id,
    "foreign-parent": _foreign_parent,
    "wrong-object": _wrong_object,
    "filter-ignored": _filter_ignored,
}

CASES = [
    (fault, name)
    for fault, shows in (*GENERIC.items(), *ITEM.items())
    for name in OTHER_LISTS
    if name in (FAULTS.get(fault) or OTHER_LIST_FAULTS_BY_NAME[fault]).lists
]


def test_every_generic_pagination_fault_may_be_scoped_to_every_list() -> None:
    assert all(FAULTS[fault].lists == frozenset(OTHER_LISTS) for fault in GENERIC)


def test_the_item_faults_may_be_scoped_to_every_list_that_has_what_they_break() -> None:
    scopes = {name: f.lists for name, f in OTHER_LIST_FAULTS_BY_NAME.items()}
    assert set(scopes) == set(ITEM)
    assert scopes["foreign-parent"] == {"messages", "steps", "vector-store-files", "batch-files"}
    assert scopes["filter-ignored"] == {"messages", "vector-store-files", "batch-files"}


@pytest.mark.parametrize(("fault", "name"), CASES, ids=[f"{f}@{n}" for f, n in CASES])
def test_a_scoped_fault_shows_on_its_list_and_the_correct_list_does_not(
    fault: str, name: str
) -> None:
    shows = {**GENERIC, **ITEM}[fault]
    assert shows(name, frozenset({f"{fault}@{name}"}))
    assert not shows(name, frozenset())


@pytest.mark.parametrize(("fault", "name"), CASES, ids=[f"{f}@{n}" for f, n in CASES])
def test_a_scoped_fault_leaves_every_other_list_untouched(
    fault: str, name: str, correct_pages: list[bytes]
) -> None:
    _untouched_but(name, frozenset({f"{fault}@{name}"}), correct_pages)


@pytest.mark.parametrize("fault", list(GENERIC))
def test_a_bare_generic_fault_still_breaks_list_runs_only(
    fault: str, correct_pages: list[bytes]
) -> None:
    assert GENERIC[fault]("runs", frozenset({fault}))
    _untouched_but("runs", frozenset({fault}), correct_pages)


def test_a_fault_scoped_to_all_breaks_every_list() -> None:
    assert all(_limit_plus_one(name, frozenset({"limit-plus-one@all"})) for name in EVERY_LIST)


# --- the switch and the requirements it names ----------------------------------------------


@pytest.mark.parametrize(
    ("switch", "words"),
    [
        ("after-inclusive@nolist", "no list 'nolist'"),
        ("empty-id", "scope it"),
        ("foreign-parent@assistants", "applies to"),
        ("timestamps-as-floats@messages", "applies to runs only"),
    ],
)
def test_a_switch_out_of_scope_is_refused_at_start_on_one_line(switch: str, words: str) -> None:
    with pytest.raises(UnknownFaultError) as refused:
        create_app(ServerConfig(faults=frozenset({switch})))
    assert words in str(refused.value)
    assert "\n" not in str(refused.value)


def test_a_scoped_fault_names_the_requirements_of_its_list() -> None:
    assert fault_requirements("limit-plus-one") == FAULTS["limit-plus-one"].requirements
    assert fault_requirements("limit-plus-one@messages") == tuple(
        r.replace("LR-", "LM-") for r in FAULTS["limit-plus-one"].requirements
    )
    assert fault_requirements("empty-id@batch-files") == (
        "LB-ITEM-009",
        "LB-ITEM-010",
        "LB-PAGE-001",
        "LB-PAGE-009",
        "LB-PROP-004",
        "LB-PROP-005",
    )
    # run steps cannot be written to: has-more-never trips no write requirement there
    assert not any("WRITE" in r for r in fault_requirements("has-more-never@steps"))
    every = fault_requirements("wrong-object@all")
    assert {r.split("-")[0] for r in every} == {"LM", "LS", "LA", "LV", "LF", "LB"}


def test_the_serve_command_accepts_a_scoped_fault_and_refuses_an_unknown_list() -> None:
    refused = subprocess.run(
        [sys.executable, "-m", "conformance", "serve", "--fault", "after-inclusive@nolist"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert refused.returncode == 2
    assert len(refused.stderr.strip().splitlines()) == 1
    assert "no list 'nolist'" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_the_serve_command_serves_the_other_lists_with_a_fault_scoped_to_one(
    serve_command: ServeCommand,
) -> None:
    base = serve_command("--api-key", KEY, "--fault", "limit-plus-one@messages")
    messages = httpx.get(base + _path("messages"), headers=HEADERS, params={"limit": 5})
    runs = httpx.get(base + _path("runs"), headers=HEADERS, params={"limit": 5})
    files = httpx.get(base + _path("batch-files"), headers=HEADERS, params={"limit": 5})
    assert [len(a.json()["data"]) for a in (messages, runs, files)] == [6, 5, 5]


def test_the_faults_command_lists_the_other_lists_faults_with_their_lists(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "250")
    with pytest.raises(SystemExit) as exited:
        main(["faults"])
    out = capsys.readouterr().out
    assert exited.value.code == 0
    assert "Faults of the other lists" in out
    assert all(name in out for name in (*OTHER_LIST_FAULTS_BY_NAME, *GENERIC))
