"""``runs-conformance seed``: create a thread to certify, and keep it."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import click
import cloup

from conformance.cli import console
from conformance.cli.exits import EXIT_OK, Unavailable
from conformance.cli.options import SEED, click_options, settings_from
from conformance.cli.settings import confirm_writes, target_for
from conformance.observing.http import Client
from conformance.observing.seeding import Seeded, SeedError, cleanup_after_failure, seed

__all__ = ["seed_command"]


@cloup.command(
    "seed",
    epilog="Prints the thread ID on stdout. What it creates is kept: delete "
    "it with the IDs it prints, or use 'run --seed-data', which "
    "cleans up after itself.",
)
@click_options(SEED)
def seed_command(**values: Any) -> int:
    """Create a thread with enough runs to certify (kept for later runs)."""
    settings = settings_from(
        {
            **values,
            "thread_id": "unused" if values["base_url"] else None,
            "allow_writes": True,
            "seed_data": True,
        }
    )
    question = confirm_writes(settings)
    if question is not None:
        raise click.UsageError(question.replace("--seed-data", "seed"))
    err = console.plain_console(stderr=True)
    made = Seeded()
    with target_for(settings) as target, Client(replace(target, allow_writes=True)) as client:
        try:
            seed(
                client,
                settings.max_runs,
                assistant_id=settings.assistant_id,
                seeded=made,
                on_progress=lambda m: err.print(f"Seeding: {m}"),
            )
        except SeedError as exc:  # what it made is kept, as seed keeps: named, to delete
            kept = cleanup_after_failure(client, made, keep=True)
            raise Unavailable(f"seeding failed: {exc} ({kept})") from None
    if made.created_assistant:
        err.print(f"Created assistant {made.assistant_id}")
    click.echo(made.thread_id)
    return EXIT_OK
