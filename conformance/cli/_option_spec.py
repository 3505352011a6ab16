"""The shape of the option table: what one option is, and the headings of ``--help``.

A module of its own so that the table's rows (``_options_*``) and the faces that read
them (:mod:`conformance.cli.options`) share one definition without importing each other.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import click

__all__ = ["RUN", "SEED", "Heading", "OptionSpec"]

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
