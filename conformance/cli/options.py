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

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, TypeVar

import click
import cloup

from conformance.cli._option_spec import RUN, SEED, Heading, OptionSpec
from conformance.cli._options_budget import BUDGET_OPTIONS, PROPERTY_OPTIONS, SEEDING_OPTIONS
from conformance.cli._options_reports import (
    CONFIGURATION_OPTIONS,
    PRODUCT_OPTIONS,
    REPORT_OPTIONS,
)
from conformance.cli._options_target import (
    DIFFERENTIAL_OPTIONS,
    GATEWAY_OPTIONS,
    TARGET_OPTIONS,
)
from conformance.cli.settings import Settings, UsageError

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

OPTIONS: Final[tuple[OptionSpec, ...]] = (
    *TARGET_OPTIONS,
    *BUDGET_OPTIONS,
    *PROPERTY_OPTIONS,
    *REPORT_OPTIONS,
    *PRODUCT_OPTIONS,
    *GATEWAY_OPTIONS,
    *DIFFERENTIAL_OPTIONS,
    *SEEDING_OPTIONS,
    *CONFIGURATION_OPTIONS,
)
"""Every option, once, in the table's order: ``--help`` shows them in it within each
heading, and the pytest plugin offers them in it.

The rows live in ``_options_target``, ``_options_budget`` and ``_options_reports``, a
tuple per heading (the modules stay small); the order they are joined in here is the
order the table has always had, so no face's order changes.
"""

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
