"""The one table of option specifications: every flag of ``run`` (and of ``seed``), once.

``run`` and ``seed`` build their click options from :data:`OPTIONS`, and the pytest
plugin its argparse options; :func:`settings_from` builds :class:`Settings` from the
parsed values by keyword.  Flags declared by hand in two faces drift apart (the
plugin once offered 13 of the CLI's 34), and a ``Settings`` built by position wires
a flag to the wrong setting the day two arguments are transposed; one table read by
every face, and keywords, rule out both.

:data:`UNDER_PYTEST` is the table of what differs under pytest: an alias where
pytest or a common plugin owns the name, a default, or why an option is CLI-only.
"""

from __future__ import annotations

import enum
import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, TypeVar

import click
import cloup

from conformance.cli.settings import (
    DEFAULT_REMOTE_MAX_RPS,
    Settings,
    UsageError,
    check_url,
    gateway_config,
    parse_header,
    parse_lists,
)
from conformance.model import DEFAULT_PROFILE, PROFILES
from conformance.observing.politeness import DEFAULT_DEADLINE, GIVE_UP_AFTER
from conformance.observing.property_phase import TIME_BOX_SHARE
from conformance.observing.seeding import DEFAULT_SEED_RUNS
from conformance.runner import DEFAULT_MAX_EXAMPLES, QUICK_MAX_EXAMPLES

__all__ = [
    "CLI_ONLY",
    "ENV_PREFIX",
    "OPTIONS",
    "PYTEST_ALIASES",
    "RUN",
    "SEED",
    "UNDER_PYTEST",
    "Heading",
    "OptionSpec",
    "UnderPytest",
    "click_options",
    "envvars_of",
    "options_of",
    "settings_from",
]

F = TypeVar("F", bound=Callable[..., Any])

RUN, SEED = "run", "seed"
"""The commands that read the table (``serve`` configures a server, not a client)."""


class Heading(enum.Enum):
    """The sections of ``--help``, in the order they are shown.

    Thirty-four flags in one alphabet soup hide the few a first run needs; the
    sections follow the questions a user asks, in the order they ask them.
    """

    TARGET = "Target and credentials"
    BUDGET = "Budget and politeness"
    PROPERTIES = "Property phase"
    REPORTS = "Reports and output"
    PRODUCT = "Product certified"
    GATEWAY = "Gateway (self-hosted Portkey)"
    DIFFERENTIAL = "Differential mode"
    SEEDING = "Writes and seeding"
    CONFIGURATION = "Configuration file"


@dataclass(frozen=True, kw_only=True)
class OptionSpec:
    """One option, as every face offers it."""

    flag: str
    """The flag on the command line (under pytest, see :data:`UNDER_PYTEST`)."""
    short: str | None = None
    """A one-letter form of the flag on the command line (never under pytest, which owns them)."""
    name: str
    """The key of the parsed value: the click parameter, ``rc_<name>`` under pytest."""
    setting: str | None
    """The :class:`Settings` field it sets; None for an output option of the face."""
    heading: Heading
    help: str
    param_type: click.ParamType[Any] | None = None
    """Parses and validates the value in both faces (a string when None)."""
    default: Any = None
    show_default: bool = False
    metavar: str | None = None
    envvar: str | None = None
    """Read when the flag is not given (click and the plugin both honour it)."""
    is_flag: bool = False
    multiple: bool = False
    """Repeatable; the value is a tuple of every occurrence."""
    check: Callable[[str], Any] | None = None
    """Checks (and may convert) each value as it is parsed; raises UsageError."""
    to_setting: Callable[[Any], Any] | None = None
    """Turns a given (not None) value into the setting; may raise UsageError."""
    commands: frozenset[str] = frozenset({RUN})
    help_for: Mapping[str, str] = field(default_factory=dict)
    """Help text of a command that reads the option differently (``seed``)."""

    def help_of(self, command: str) -> str:
        """The help text as ``command`` shows it."""
        return self.help_for.get(command, self.help)


_URL_HELP = "Base URL of the target, e.g. https://api.portkey.ai/v1. "
_HEADER_METAVAR = "'NAME: VALUE'"

OPTIONS: Final[tuple[OptionSpec, ...]] = (
    # Target and credentials
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
    # Budget and politeness
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
    # Property phase
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
    # Reports and output: options of the face, not settings of the run
    OptionSpec(
        flag="--report-dir",
        name="report_dir",
        setting=None,
        heading=Heading.REPORTS,
        param_type=click.Path(file_okay=False, path_type=Path),
        metavar="DIR",
        default=Path("runs-conformance-report"),
        show_default=True,
        help="Folder for report.json and junit.xml.",
    ),
    OptionSpec(
        flag="--baseline",
        name="baseline",
        setting=None,
        heading=Heading.REPORTS,
        param_type=click.Path(dir_okay=False, path_type=Path),
        metavar="FILE",
        help="Known deviations (TOML): accepted failures do not change the exit code; "
        "entries that now pass are reported stale.",
    ),
    OptionSpec(
        flag="--sign-key",
        name="sign_key",
        setting=None,
        heading=Heading.REPORTS,
        param_type=click.Path(exists=True, dir_okay=False, path_type=Path),
        metavar="KEY",
        help="Sign report.json with this Ed25519 private key (OpenSSH or PEM; "
        "runs-conformance keygen makes one); readers check it with verify --public-key.",
    ),
    OptionSpec(
        flag="--quiet",
        name="quiet",
        setting=None,
        heading=Heading.REPORTS,
        is_flag=True,
        default=False,
        help="No progress display and no table: one verdict line.",
    ),
    OptionSpec(
        flag="--format",
        name="format",
        setting=None,
        heading=Heading.REPORTS,
        param_type=click.Choice(["table", "json"]),
        default="table",
        show_default=True,
        help="json: print report.json on stdout (for scripts) instead of the table.",
    ),
    # Product certified: what the certificate names (issue 31); sealed and signed with it
    OptionSpec(
        flag="--product",
        name="product",
        setting="product",
        heading=Heading.PRODUCT,
        metavar="NAME",
        help="The product certified (e.g. Acme Gateway), named in report.json under its seal "
        "and signature, in every report, the badge and the matrix. Default: none, and the "
        "reports say 'unnamed target'.",
    ),
    OptionSpec(
        flag="--product-version",
        name="product_version",
        setting="product_version",
        heading=Heading.PRODUCT,
        metavar="V",
        help="The version of the product certified (e.g. 1.4.2); needs --product.",
    ),
    OptionSpec(
        flag="--vendor",
        name="vendor",
        setting="vendor",
        heading=Heading.PRODUCT,
        metavar="NAME",
        help="Who makes the product certified; needs --product.",
    ),
    OptionSpec(
        flag="--product-url",
        name="product_url",
        setting="product_url",
        heading=Heading.PRODUCT,
        metavar="URL",
        check=check_url,
        help="The product's page (http or https); needs --product.",
    ),
    # Gateway
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
    # Differential mode
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
    # Writes and seeding
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
    # Configuration file (read by conformance.cli.config; never settings of the run)
    OptionSpec(
        flag="--config-file",
        name="config_file",
        setting=None,
        heading=Heading.CONFIGURATION,
        param_type=click.Path(exists=True, dir_okay=False, path_type=Path),
        metavar="PATH",
        help="TOML file of default values for these options, by long name (base-url = "
        "...): a runs-conformance.toml, or a pyproject.toml's [tool.runs-conformance] "
        "table. Default: the first of the two found from the working directory upwards. "
        "Precedence: flag > environment > --profile section > file > default. Secrets "
        "(keys, credential headers) are refused in the file: set them in the environment.",
    ),
    OptionSpec(
        flag="--profile",
        name="config_profile",
        setting=None,
        heading=Heading.CONFIGURATION,
        metavar="NAME",
        help="Use the [profiles.NAME] section of the configuration file (e.g. staging) over "
        "its top-level values. Not the conformance profile: that is --accept-profile.",
    ),
)

_BY_NAME: Final[Mapping[str, OptionSpec]] = {spec.name: spec for spec in OPTIONS}
_SAME: Final = object()


@dataclass(frozen=True, kw_only=True)
class UnderPytest:
    """How an option of ``run`` differs under pytest (every other option is the same)."""

    why: str
    flag: str | None = None
    """An alias, where pytest or a common plugin owns the CLI's name."""
    default: Any = _SAME
    offered: bool = True
    """False: CLI-only, for the reason in ``why``."""
    shared_with: str | None = None
    """A plugin (its top-level module) that may own the very same flag: then it is read
    from that plugin, under the same name and destination."""

    @property
    def changes_default(self) -> bool:
        """Whether pytest's default differs from the CLI's (then it is ``default``)."""
        return self.default is not _SAME


UNDER_PYTEST: Final[Mapping[str, UnderPytest]] = {
    "--timeout": UnderPytest(flag="--request-timeout", why="pytest-timeout owns --timeout"),
    "--config": UnderPytest(
        flag="--rc-config", why="under pytest, a config is pytest's own (-c/--config-file)"
    ),
    "--report-dir": UnderPytest(
        default=None, why="no reports unless it is given (pytest prints the results)"
    ),
    "--quiet": UnderPytest(
        offered=False, why="pytest owns -q/--quiet, and its own output is what it shows"
    ),
    "--format": UnderPytest(
        offered=False,
        why="pytest prints its own report; report.json is written with "
        "--report-dir (and junit.xml with pytest's --junit-xml)",
    ),
    "--config-file": UnderPytest(
        flag="--rc-config-file", why="pytest owns -c/--config-file (its own ini file)"
    ),
    "--profile": UnderPytest(flag="--rc-profile", why="pytest-profiling owns --profile"),
    "--lists": UnderPytest(
        offered=False,
        why="the shipped pytest suite has one test per List runs requirement; the other "
        "lists' requirements are certified by the CLI",
    ),
    **{
        flag: UnderPytest(
            offered=False,
            why="it names the parent of a list beside List runs, which the shipped pytest "
            "suite does not certify (see --lists)",
        )
        for flag in ("--run-id", "--vector-store-id", "--batch-id")
    },
    "--exitfirst": UnderPytest(
        flag="--rc-exitfirst", why="pytest owns -x/--exitfirst (it stops at the first failed test)"
    ),
    "--base-url": UnderPytest(
        shared_with="pytest_base_url",
        why="pytest-base-url offers the same option; when it is installed it owns the flag "
        "and the suite reads its value",
    ),
}
"""What differs under pytest, by CLI flag; each entry says why."""

PYTEST_ALIASES: Final[Mapping[str, str]] = {
    flag: entry.flag for flag, entry in UNDER_PYTEST.items() if entry.flag is not None
}
"""CLI flag -> the name pytest offers it under, where the two differ."""

CLI_ONLY: Final[Mapping[str, str]] = {
    flag: entry.why for flag, entry in UNDER_PYTEST.items() if not entry.offered
}
"""CLI flag -> why pytest does not offer it."""


def options_of(command: str) -> tuple[OptionSpec, ...]:
    """The options ``command`` offers, in table order."""
    return tuple(spec for spec in OPTIONS if command in spec.commands)


def settings_from(values: Mapping[str, Any]) -> Settings:
    """:class:`Settings` from parsed option values, by keyword; what both faces call.

    ``values`` is keyed by :attr:`OptionSpec.name`; output options are skipped and
    absent ones keep the default of :class:`Settings`.  A name no option has is a
    bug of the face, not of the user, so it raises KeyError; a value its option's
    ``to_setting`` rejects (``--config``) raises UsageError.
    """
    kwargs: dict[str, Any] = {}
    for name, value in values.items():
        spec = _BY_NAME[name]
        if spec.setting is None:
            continue
        kwargs[spec.setting] = (
            spec.to_setting(value) if spec.to_setting is not None and value is not None else value
        )
    return Settings(**kwargs)


def _click_callback(spec: OptionSpec) -> Callable[[click.Context, click.Parameter, Any], Any]:
    """The table's per-value check as a click callback: a UsageError becomes a bad value."""
    check = spec.check
    assert check is not None

    def callback(_ctx: click.Context, _param: click.Parameter, value: Any) -> Any:
        if value is None:
            return None
        try:
            return tuple(check(v) for v in value) if spec.multiple else check(value)
        except UsageError as exc:
            raise click.BadParameter(str(exc)) from None

    return callback


ENV_PREFIX: Final = "RUNS_CONFORMANCE_"


def envvars_of(spec: OptionSpec) -> tuple[str, ...]:
    """The environment variables an option is read from, first found wins.

    Every option has ``RUNS_CONFORMANCE_<FLAG>`` (``--max-rps``: ``RUNS_CONFORMANCE_MAX_RPS``);
    the credentials keep their Portkey names after it.  A repeatable option takes one
    value per line; a flag takes 1/0, true/false, yes/no or on/off.
    """
    own = ENV_PREFIX + spec.flag.removeprefix("--").upper().replace("-", "_")
    return (own,) if spec.envvar is None else (own, spec.envvar)


class _Lines(click.types.StringParamType):
    """A string whose environment variable holds one value per line (headers have spaces)."""

    envvar_list_splitter = "\n"

    def split_envvar_value(self, rv: str) -> Sequence[str]:
        return [line.strip() for line in (rv or "").splitlines() if line.strip()]


_LINES: Final = _Lines()


def _click_option(spec: OptionSpec, command: str) -> Callable[[F], F]:
    kwargs: dict[str, Any] = {"help": spec.help_of(command)}
    if spec.is_flag:
        kwargs["is_flag"] = True
    else:
        kwargs.update(
            type=spec.param_type,
            metavar=spec.metavar,
            multiple=spec.multiple,
            show_default=spec.show_default,
        )
        if spec.default is not None:
            kwargs["default"] = spec.default
    kwargs.update(envvar=list(envvars_of(spec)), show_envvar=True)
    if spec.multiple and spec.param_type is None:
        kwargs["type"] = _LINES
    if spec.check is not None:
        kwargs["callback"] = _click_callback(spec)
    flags = (spec.flag,) if spec.short is None else (spec.short, spec.flag)
    return click.option(*flags, spec.name, **kwargs)


def click_options(command: str) -> Callable[[F], F]:
    """Decorate a command with its options from the table, grouped under the headings."""
    groups: list[Callable[[F], F]] = []
    for heading in Heading:
        specs: Sequence[OptionSpec] = [s for s in options_of(command) if s.heading is heading]
        if specs:
            groups.append(
                cloup.option_group(heading.value, *(_click_option(spec, command) for spec in specs))
            )

    def decorate(function: F) -> F:
        for group in reversed(groups):  # decorators apply bottom-up: keep the table's order
            function = group(function)
        return function

    return decorate
