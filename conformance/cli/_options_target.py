"""The rows of the option table that say where requests go and what they carry.

The target and its credentials, the self-hosted gateway's headers, and the second
target of differential mode.  :mod:`conformance.cli.options` joins them into ``OPTIONS``
in the table's order.  A tuple per heading, in three modules, keeps each module
small without moving a row.
"""

from __future__ import annotations

from typing import Final

import click

from conformance.cli._option_spec import RUN, SEED, Heading, OptionSpec
from conformance.cli.settings import check_url, gateway_config, parse_header, parse_lists
from conformance.observing.politeness import GIVE_UP_AFTER

__all__ = ["DIFFERENTIAL_OPTIONS", "GATEWAY_OPTIONS", "TARGET_OPTIONS"]

_URL_HELP = "Base URL of the target, e.g. https://api.portkey.ai/v1. "
_HEADER_METAVAR = "'NAME: VALUE'"

TARGET_OPTIONS: Final[tuple[OptionSpec, ...]] = (
    OptionSpec(
        flag="--base-url",
        name="base_url",
        setting="base_url",
        heading=Heading.TARGET,
        metavar="URL",
        check=check_url,
        commands=frozenset({RUN, SEED}),
        help=_URL_HELP + "Default: start the embedded reference server and certify it.",
        help_for={
            SEED: "Base URL of the target. Default: the embedded reference server "
            "(which stops when the command ends; useful to try the command only)."
        },
    ),
    OptionSpec(
        flag="--thread-id",
        name="thread_id",
        setting="thread_id",
        heading=Heading.TARGET,
        metavar="ID",
        help="Thread to list (required with --base-url). Default: the reference "
        "server's seeded thread.",
    ),
    OptionSpec(
        flag="--other-thread-id",
        name="other_thread_id",
        setting="other_thread_id",
        heading=Heading.TARGET,
        metavar="ID",
        help="A second thread of the target, only read: neither thread's list may show the "
        "other's runs, and one of its runs is sent as a cursor. Default: with --allow-writes "
        "the suite creates one (a thread with one run) and deletes it afterwards; without, "
        "isolation is checked on one thread only.",
    ),
    OptionSpec(
        flag="--run-id",
        name="run_id",
        setting="run_id",
        heading=Heading.TARGET,
        metavar="ID",
        help="The run of the --thread-id thread whose steps --lists steps lists (required "
        "with --base-url when steps is listed). Default: the reference server's seeded run.",
    ),
    OptionSpec(
        flag="--vector-store-id",
        name="vector_store_id",
        setting="vector_store_id",
        heading=Heading.TARGET,
        metavar="ID",
        help="The vector store whose files --lists vector-store-files and batch-files list "
        "(required with --base-url when either is listed). Default: the reference server's "
        "seeded store.",
    ),
    OptionSpec(
        flag="--batch-id",
        name="batch_id",
        setting="batch_id",
        heading=Heading.TARGET,
        metavar="ID",
        help="The file batch of the --vector-store-id store whose files --lists batch-files "
        "lists (required with --base-url when batch-files is listed). Default: the reference "
        "server's seeded batch.",
    ),
    OptionSpec(
        flag="--lists",
        name="lists",
        setting="lists",
        heading=Heading.TARGET,
        metavar="LIST,...",
        check=parse_lists,
        help="The cursor lists to certify, comma-separated, or all: runs, messages, steps, "
        "assistants, vector-stores, vector-store-files, batch-files. Each is observed and "
        "judged in turn, List runs first; its requirements have their own prefix (LM- for List "
        "messages). runs and messages read the --thread-id thread, steps --run-id too, "
        "vector-store-files --vector-store-id, batch-files --batch-id too; assistants and "
        "vector-stores are the project's. The lists beside runs run the property phase "
        "without its stateful phase. A list the target answers 404 at its first request is "
        "not checked, with a warning. Default: runs.",
    ),
    OptionSpec(
        flag="--api-key",
        name="api_key",
        setting="api_key",
        heading=Heading.TARGET,
        metavar="KEY",
        envvar="PORTKEY_API_KEY",
        commands=frozenset({RUN, SEED}),
        help="Sent as x-portkey-api-key.",
    ),
    OptionSpec(
        flag="--virtual-key",
        name="virtual_key",
        setting="virtual_key",
        heading=Heading.TARGET,
        metavar="KEY",
        envvar="PORTKEY_PROVIDER_VIRTUAL_KEY",
        commands=frozenset({RUN, SEED}),
        help="Sent as x-portkey-virtual-key.",
    ),
    OptionSpec(
        flag="--header",
        name="headers",
        setting="headers",
        heading=Heading.TARGET,
        metavar=_HEADER_METAVAR,
        multiple=True,
        default=(),
        check=parse_header,
        commands=frozenset({RUN, SEED}),
        help="Extra request header (repeatable). Headers that carry credentials are redacted "
        "in every report.",
    ),
    OptionSpec(
        flag="--timeout",
        name="timeout",
        setting="timeout",
        heading=Heading.TARGET,
        param_type=click.FloatRange(min=0.1),
        default=30.0,
        show_default=True,
        metavar="SECONDS",
        commands=frozenset({RUN, SEED}),
        help="Connect and read timeout of each request; a body still arriving this long after "
        "the request was sent is cut off (a trickle), so a request takes at most about twice "
        f"this. After {GIVE_UP_AFTER} requests fail (refused, reset, timed out, cut off) with "
        "no answer below 400 between them, the run gives up on the target (exit 3).",
    ),
    OptionSpec(
        flag="--ca-bundle",
        name="ca_bundle",
        setting="ca_bundle",
        heading=Heading.TARGET,
        param_type=click.Path(exists=True, dir_okay=False),
        metavar="PATH",
        help="Verify the target's TLS certificate against this CA bundle.",
    ),
    OptionSpec(
        flag="--insecure",
        name="insecure",
        setting="insecure",
        heading=Heading.TARGET,
        is_flag=True,
        default=False,
        help="Do not verify TLS certificates (recorded as a warning in the report).",
    ),
)
"""Target and credentials."""

GATEWAY_OPTIONS: Final[tuple[OptionSpec, ...]] = (
    OptionSpec(
        flag="--provider",
        name="provider",
        setting="provider",
        heading=Heading.GATEWAY,
        metavar="NAME",
        help="Self-hosted Portkey gateway: sent as x-portkey-provider (e.g. openai).",
    ),
    OptionSpec(
        flag="--custom-host",
        name="custom_host",
        setting="custom_host",
        heading=Heading.GATEWAY,
        metavar="URL",
        check=check_url,
        help="Self-hosted Portkey gateway: the upstream, sent as x-portkey-custom-host "
        "(ending in /v1).",
    ),
    OptionSpec(
        flag="--config",
        name="config",
        setting="config",
        heading=Heading.GATEWAY,
        metavar="JSON|@FILE",
        to_setting=gateway_config,
        help="A Portkey config, sent as x-portkey-config (redacted in reports).",
    ),
)
"""Gateway (self-hosted Portkey)."""

DIFFERENTIAL_OPTIONS: Final[tuple[OptionSpec, ...]] = (
    OptionSpec(
        flag="--compare-with",
        name="compare_with",
        setting="compare_with",
        heading=Heading.DIFFERENTIAL,
        metavar="URL",
        check=check_url,
        help="Differential mode: make every List runs request to this second target too "
        "(e.g. the upstream behind a gateway) and report any difference (LR-DIFF).",
    ),
    OptionSpec(
        flag="--compare-api-key",
        name="compare_api_key",
        setting="compare_api_key",
        heading=Heading.DIFFERENTIAL,
        metavar="KEY",
        help="Sent as x-portkey-api-key to the --compare-with target.",
    ),
    OptionSpec(
        flag="--compare-header",
        name="compare_headers",
        setting="compare_headers",
        heading=Heading.DIFFERENTIAL,
        metavar=_HEADER_METAVAR,
        multiple=True,
        default=(),
        check=parse_header,
        help="Header for the --compare-with target (repeatable).",
    ),
)
"""Differential mode."""
