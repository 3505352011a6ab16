"""What the checks say is in the words of the list they judge, never List runs' on another list.

Requirement titles are worded per list; the findings and the reasons of a skipped or
not-checked requirement must be too (``checks._words``): a vendor certifying List messages
reads "message msg_1 served again", not "run msg_1".  Planted breaks of every kind
(``strategies.Defect``) and lists too small to decide are judged on every list beside List
runs, and no message may speak of runs or threads where that list has none: a run step's
list may name its run (not "runs" as its items), a message's its thread.  List runs keeps
its words (its golden reports pin them).  Few examples each: the point is the words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from conformance.checks import evaluate
from conformance.checks._needs import MORE_THAN_A_DEFAULT_PAGE, SAME_SECOND
from conformance.checks._words import RUN_WORDS, words_of
from conformance.model import ENDPOINT_PROFILES, RUNS, EndpointProfile, Observations, Walk
from conformance.model import keys as k
from conformance.model.profiles import endpoint_profile
from conformance.observing.seeding import plan_seeding
from strategies import Defect, defective_walks, items_of, observations_of

OTHERS = [p for p in ENDPOINT_PROFILES.values() if p.name != RUNS.name]
FEW = settings(
    max_examples=2,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.generate],  # a wrong word shows as is: no need to shrink
)
PLACES = (k.CANONICAL, "desc/7")
"""Where a broken walk is planted: as the walk every other is compared with, and beside it."""

_LEGITIMATE = re.compile(
    r"run_id|run steps?|runs-conformance|--run-id|--other-thread-id|\bList runs\b"
    r"|thread(\.\w+)+|other-thread/\S+|property phase did not run|on this run"
)
"""What may name a run or a thread on any list: a field, the run step's noun, the tool, an
option, an item ``object`` constant, a walk's label, the suite's own run."""


def _name(profile: EndpointProfile) -> str:
    return profile.name


def _foreign_words(profile: EndpointProfile, text: str) -> list[str]:
    """The words of List runs that ``text`` uses where ``profile``'s list has no such thing."""
    rest = _LEGITIMATE.sub("", text)
    found = []
    runs = r"\bruns\b" if profile.name == "steps" else r"\bruns?\b"  # a step's parent is a run
    if re.search(runs, rest, re.IGNORECASE):
        found.append("run")
    if profile.name != "messages" and re.search(r"\bthreads?\b", rest, re.IGNORECASE):
        found.append("thread")
    return found


def _said(obs: Observations) -> Iterable[str]:
    """Every finding message and reason the list's requirements are judged with."""
    for result in evaluate(obs):
        yield from (f.message for f in result.outcome.findings)
        if result.outcome.reason:
            yield result.outcome.reason


def _assert_in_its_words(obs: Observations) -> None:
    wrong = [(text, words) for text in _said(obs) for words in (_foreign_words(obs.profile, text),)]
    wrong = [(text, words) for text, words in wrong if words]
    assert not wrong, f"{obs.profile.title} says {wrong[0][1]}: {wrong[0][0]!r}"


@pytest.mark.parametrize("defect", list(Defect), ids=lambda d: d.name)
@pytest.mark.parametrize("profile", OTHERS, ids=_name)
def test_a_planted_break_is_reported_in_the_list_s_own_words(
    profile: EndpointProfile, defect: Defect
) -> None:
    @FEW
    @given(defective_walks(defect, profile))
    def says(pair: tuple[Walk, Walk]) -> None:
        correct, broken = pair
        for place in PLACES:
            walks = {place: replace(broken, name=place)}
            _assert_in_its_words(observations_of(list(correct.runs), profile=profile, walks=walks))

    says()


@pytest.mark.parametrize("profile", OTHERS, ids=_name)
def test_a_list_too_small_to_decide_says_why_in_its_own_words(profile: EndpointProfile) -> None:
    @FEW
    @given(items_of(profile, min_size=0, max_size=3))
    def says(items: list[dict[str, Any]]) -> None:
        _assert_in_its_words(observations_of(items, profile=profile, allow_writes=False))

    says()


def test_list_runs_keeps_its_words() -> None:
    assert (RUN_WORDS.item, RUN_WORDS.items, RUN_WORDS.parent) == ("run", "runs", "thread")
    assert (RUN_WORDS.a_item, RUN_WORDS.a_parent) == ("a run", "a thread")
    assert RUN_WORDS.parent_of("three") == "a thread of three runs or more"


@pytest.mark.parametrize("defect", [Defect.DUPLICATE, Defect.OVER_LIMIT], ids=lambda d: d.name)
def test_a_planted_break_on_list_runs_still_says_run(defect: Defect) -> None:
    @FEW
    @given(defective_walks(defect))
    def says(pair: tuple[Walk, Walk]) -> None:
        correct, broken = pair
        walks = {"desc/7": replace(broken, name="desc/7")}
        findings = [
            f.message
            for r in evaluate(observations_of(list(correct.runs), walks=walks))
            for f in r.outcome.findings
        ]
        assert any(re.search(r"\bruns?\b", message) for message in findings), findings

    says()


def test_the_words_of_each_list() -> None:
    said = {
        name: (w.item, w.items, w.a_item, w.parent)
        for name in ENDPOINT_PROFILES
        for w in (words_of(endpoint_profile(name)),)
    }
    assert said == {
        "runs": ("run", "runs", "a run", "thread"),
        "messages": ("message", "messages", "a message", "thread"),
        "steps": ("run step", "run steps", "a run step", "run"),
        "assistants": ("assistant", "assistants", "an assistant", "list"),
        "vector-stores": ("vector store", "vector stores", "a vector store", "list"),
        "vector-store-files": ("file", "files", "a file", "vector store"),
        "batch-files": ("file", "files", "a file", "file batch"),
    }


@pytest.mark.parametrize("profile", list(ENDPOINT_PROFILES.values()), ids=_name)
def test_the_way_to_more_items_names_seeding_only_where_seeding_fills_the_list(
    profile: EndpointProfile,
) -> None:
    """The needs' remedy and ``observing._seed_plan`` agree on which lists seeding fills."""
    seeds = bool(plan_seeding([profile.name], 130).seeded)
    remedy = MORE_THAN_A_DEFAULT_PAGE.cure(profile)
    assert ("--seed-data" in remedy and "cannot" not in remedy) is seeds, remedy
    assert ("seed" in SAME_SECOND.cure(profile)) is seeds


def test_the_burst_the_same_second_need_promises_is_seeding_s() -> None:
    """Seeding creates in bursts of ten, or of a quarter of the items past 40: as said."""
    from conformance.observing import seeding

    assert [seeding._burst(n) for n in (10, 40, 41, 163)] == [10, 10, 11, 41]
    assert "bursts of ten" in SAME_SECOND.remedy
    assert "more than 40" in SAME_SECOND.remedy
