"""The rows of the option table that say how much a run does, and what it may write.

Its budget and politeness, its property phase, and the writes it makes or seeds.
:mod:`conformance.cli.options` joins them into ``OPTIONS`` in the table's order.  A
tuple per heading, in three modules, keeps each module small without moving a row.
"""

from __future__ import annotations

import operator
from typing import Final

import click

from conformance.cli._option_spec import RUN, SEED, Heading, OptionSpec
from conformance.cli.settings import DEFAULT_REMOTE_MAX_RPS
from conformance.model import DEFAULT_PROFILE, PROFILES
from conformance.observing.politeness import DEFAULT_DEADLINE
from conformance.observing.property_phase import TIME_BOX_SHARE
from conformance.observing.seeding import DEFAULT_SEED_RUNS
from conformance.runner import DEFAULT_MAX_EXAMPLES, QUICK_MAX_EXAMPLES

__all__ = ["BUDGET_OPTIONS", "PROPERTY_OPTIONS", "SEEDING_OPTIONS"]

BUDGET_OPTIONS: Final[tuple[OptionSpec, ...]] = (
    OptionSpec(
        flag="--max-rps",
        name="max_rps",
        setting="max_rps",
        heading=Heading.BUDGET,
        param_type=click.FloatRange(min=0.1),
        metavar="N",
        help=f"Requests per second at most [default: {DEFAULT_REMOTE_MAX_RPS:g} for a remote "
        "target, no limit for the embedded server or a loopback target].",
    ),
    OptionSpec(
        flag="--max-requests",
        name="max_requests",
        setting="max_requests",
        heading=Heading.BUDGET,
        param_type=click.IntRange(min=1),
        metavar="N",
        help="Hard budget of requests for the whole run; when spent, the run stops and "
        "reports what it could not check (exit 3 unless a MUST already failed).",
    ),
    OptionSpec(
        flag="--deadline",
        name="deadline",
        setting="deadline",
        heading=Heading.BUDGET,
        param_type=click.FloatRange(min=1),
        metavar="SECONDS",
        help=f"Total time for the run [default: {DEFAULT_DEADLINE:g} s]; when reached it stops "
        "like --max-requests. The property phase gets "
        f"{TIME_BOX_SHARE:.0%} of it and then ends with what it checked.",
    ),
    OptionSpec(
        flag="--concurrency",
        name="concurrency",
        setting="concurrency",
        heading=Heading.BUDGET,
        param_type=click.IntRange(1, 16),
        default=1,
        show_default=True,
        metavar="N",
        help="Independent walks made at the same time (within --max-rps).",
    ),
    OptionSpec(
        flag="--max-pages",
        name="max_pages",
        setting="max_pages",
        heading=Heading.BUDGET,
        param_type=click.IntRange(min=2),
        default=1000,
        show_default=True,
        metavar="N",
        help="Pages a walk may read before it is stopped; what needs the end of a longer "
        "list is then not checked (1000 pages: 100,000 runs at limit 100).",
    ),
    OptionSpec(
        flag="--exitfirst",
        short="-x",
        name="exitfirst",
        setting=None,
        heading=Heading.BUDGET,
        is_flag=True,
        default=False,
        help="Stop at the first MUST that fails, as pytest -x does: the rest is marked "
        "not-checked, every report is written, and the exit code is 1.",
    ),
    OptionSpec(
        flag="--no-sdk-walks",
        name="no_sdk_walks",
        setting="sdk_walks",
        heading=Heading.BUDGET,
        is_flag=True,
        default=False,
        to_setting=operator.not_,
        help="Skip the walks with the official openai and portkey-ai SDKs (LR-CLIENT).",
    ),
    # --accept-profile is shown under Reports and output (its heading) but has always sat
    # here in the table: the plugin's options follow the table's order, so it stays.
    OptionSpec(
        flag="--accept-profile",
        name="accept_profile",
        setting="profile",
        heading=Heading.REPORTS,
        param_type=click.Choice(list(PROFILES)),
        default=DEFAULT_PROFILE,
        show_default=True,
        metavar="PROFILE",
        help="The conformance classes the certificate promises: "
        + "; ".join(f"{p.name}: {', '.join(p.classes)}" for p in PROFILES.values())
        + " (gateway joins any profile with --compare-with). A covered MUST that cannot be "
        "checked makes the verdict incomplete (exit 4); a narrower profile, named in the "
        "certificate, accepts a partial run explicitly (e.g. read-only without writes).",
    ),
)
"""Budget and politeness (and ``--accept-profile``, see above)."""

PROPERTY_OPTIONS: Final[tuple[OptionSpec, ...]] = (
    OptionSpec(
        flag="--max-examples",
        name="max_examples",
        setting="max_examples",
        heading=Heading.PROPERTIES,
        param_type=click.IntRange(min=1),
        metavar="N",
        help=f"Property phase: examples per phase and generation mode "
        f"[default: {DEFAULT_MAX_EXAMPLES}; {QUICK_MAX_EXAMPLES} with --quick].",
    ),
    OptionSpec(
        flag="--seed",
        name="seed",
        setting="seed",
        heading=Heading.PROPERTIES,
        param_type=click.IntRange(min=0),
        metavar="N",
        help="Property phase seed: the same seed against the same target sends the same "
        "requests. Default: a random one, printed and stored in report.json.",
    ),
    OptionSpec(
        flag="--quick",
        name="quick",
        setting="quick",
        heading=Heading.PROPERTIES,
        is_flag=True,
        default=False,
        help="Pull-request profile: a small property budget (coverage and fuzzing only).",
    ),
    OptionSpec(
        flag="--no-properties",
        name="no_properties",
        setting="no_properties",
        heading=Heading.PROPERTIES,
        is_flag=True,
        default=False,
        help="Skip the property phase (its requirements are reported as skipped).",
    ),
)
"""Property phase."""

SEEDING_OPTIONS: Final[tuple[OptionSpec, ...]] = (
    OptionSpec(
        flag="--allow-writes",
        name="allow_writes",
        setting="allow_writes",
        heading=Heading.SEEDING,
        is_flag=True,
        default=False,
        help="Allow the suite to create runs in the thread (at most 14: one before each page "
        "of two walks, from the second, at most 7 a walk) to check pagination under "
        "concurrent writes and to judge the runs it creates. Always on for the embedded "
        "reference server.",
    ),
    OptionSpec(
        flag="--assistant-id",
        name="assistant_id",
        setting="assistant_id",
        heading=Heading.SEEDING,
        metavar="ID",
        commands=frozenset({RUN, SEED}),
        help="Assistant for the runs created with --allow-writes. Default: the assistant of "
        "the newest run in the thread.",
        help_for={SEED: "Assistant for the runs. Default: create one (model gpt-4o-mini)."},
    ),
    OptionSpec(
        flag="--seed-data",
        name="seed_data",
        setting="seed_data",
        heading=Heading.SEEDING,
        is_flag=True,
        default=False,
        help="Create what the --lists need (a thread with --max-runs runs and 163 messages, 163 "
        "assistants, 163 vector stores; in bursts) through the target's own API, and delete it "
        "afterwards. Implies --allow-writes.",
    ),
    OptionSpec(
        flag="--max-runs",
        name="max_runs",
        setting="max_runs",
        heading=Heading.SEEDING,
        param_type=click.IntRange(1, 1000),
        default=DEFAULT_SEED_RUNS,
        show_default=True,
        metavar="N",
        commands=frozenset({RUN, SEED}),
        help="Runs --seed-data creates.",
        help_for={SEED: "Runs to create."},
    ),
    OptionSpec(
        flag="--keep",
        name="keep",
        setting="keep",
        heading=Heading.SEEDING,
        is_flag=True,
        default=False,
        help="Keep what --seed-data created and print its IDs.",
    ),
    OptionSpec(
        flag="--yes",
        name="yes",
        setting="yes",
        heading=Heading.SEEDING,
        is_flag=True,
        default=False,
        commands=frozenset({RUN, SEED}),
        help="Confirm that --seed-data may create data on a remote target.",
        help_for={SEED: "Confirm creating data on a remote target."},
    ),
)
"""Writes and seeding."""
