"""Defence in depth: even if a secret got past the HTTP layer, no report file carries it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from conformance.model import Exchange, Finding, Outcome, RequirementResult, RunResult
from conformance.model.catalogue import requirement
from reports import WRITERS, write_reports
from reports._scrub import is_secret

SECRET = "sk-live-SECRET123456"


def _leaky(result: RunResult) -> RunResult:
    """A result as if redaction had been bypassed: the key in headers, echoed in a body."""
    leaked = (
        Exchange(
            "E0101",
            "leaky",
            "GET",
            "http://127.0.0.1:8080/v1/threads/thread_abc/runs",
            (
                ("x-portkey-api-key", SECRET),
                ("Authorization", f"Bearer {SECRET}"),
                ("x-portkey-virtual-key", SECRET),
                ("accept", "application/json"),
            ),
            401,
            (("content-type", "application/json"), ("x-echo-token", SECRET)),
            body=f'{{"error": {{"message": "bad key {SECRET}"}}}}',
            error=None,
        ),
    )
    return replace(
        result,
        exchanges=result.exchanges + leaked,
        results=(
            *result.results,
            RequirementResult(
                requirement("LR-AUTH-001"),
                Outcome.from_findings(
                    [Finding(f"the key {SECRET} was refused with 401", ("E0101",))]
                ),
            ),
        ),
    )


def test_no_report_file_contains_the_secret_or_its_prefix(
    tmp_path: Path, result: RunResult
) -> None:
    paths = write_reports(_leaky(result), tmp_path)
    assert len(paths) == len(WRITERS)
    for path in tmp_path.iterdir():
        text = path.read_text(encoding="utf-8")
        assert SECRET not in text, path.name
        assert SECRET[:8] not in text, path.name
        assert "[REDACTED]" in text or path.name == "junit.xml", path.name


def test_headers_are_shown_by_name_with_the_value_redacted(
    tmp_path: Path, result: RunResult
) -> None:
    page = WRITERS["html"](_leaky(result), tmp_path).read_text(encoding="utf-8")
    assert "x-portkey-api-key" in page
    assert "Authorization" in page
    assert "application/json" in page  # harmless headers keep their value


@pytest.mark.parametrize(
    "name",
    [
        "x-portkey-api-key",
        "X-Portkey-Virtual-Key",
        "authorization",
        "proxy-authorization",
        "cookie",
        "x-my-token",
        "api-key",
    ],
)
def test_secret_header_names(name: str) -> None:
    assert is_secret(name)


@pytest.mark.parametrize("name", ["content-type", "accept", "openai-beta", "x-request-id"])
def test_ordinary_header_names(name: str) -> None:
    assert not is_secret(name)


def test_scrubbing_an_already_redacted_result_keeps_its_exchanges_not_copies(
    result: RunResult,
) -> None:
    # every writer scrubs: on a large thread a copy of every exchange per writer would
    # cost tens of megabytes for nothing
    from reports._scrub import scrub

    scrubbed = scrub(result)
    assert scrubbed.exchanges
    assert all(a is b for a, b in zip(scrubbed.exchanges, result.exchanges, strict=True))


def test_scrubbing_a_leaky_result_still_copies_the_exchange_that_leaks(
    result: RunResult,
) -> None:
    from reports._scrub import scrub

    leaky = _leaky(result)
    scrubbed = scrub(leaky)
    assert scrubbed.exchanges[-1] is not leaky.exchanges[-1]
    assert SECRET not in repr(scrubbed.exchanges[-1])


def test_a_result_scrub_made_comes_back_as_it_is_when_scrubbed_again(result: RunResult) -> None:
    # write_reports scrubs once and every writer asks again: the second pass is skipped
    from reports._scrub import scrub

    scrubbed = scrub(_leaky(result))
    assert scrub(scrubbed) is scrubbed


def test_a_copy_of_a_scrubbed_result_with_the_leak_put_back_is_scrubbed_again(
    result: RunResult,
) -> None:
    from reports._scrub import scrub

    leaky = _leaky(result)
    releaked = replace(scrub(leaky), exchanges=leaky.exchanges)
    assert SECRET not in repr(scrub(releaked).exchanges[-1])
