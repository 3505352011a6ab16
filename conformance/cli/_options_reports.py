"""The rows of the option table that say what a run writes, whose it is, and its defaults.

The reports and output (options of the face, not settings of the run), the product
the certificate names (issue 31; sealed and signed with it), and the configuration
file (read by :mod:`conformance.cli.config`; never settings of the run).
:mod:`conformance.cli.options` joins them into ``OPTIONS`` in the table's order.  A
tuple per heading, in three modules, keeps each module small without moving a row.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

import click

from conformance.cli._option_spec import Heading, OptionSpec
from conformance.cli.settings import check_url

__all__ = ["CONFIGURATION_OPTIONS", "PRODUCT_OPTIONS", "REPORT_OPTIONS"]

REPORT_OPTIONS: Final[tuple[OptionSpec, ...]] = (
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
)
"""Reports and output: options of the face, not settings of the run."""

PRODUCT_OPTIONS: Final[tuple[OptionSpec, ...]] = (
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
)
"""Product certified: what the certificate names."""

CONFIGURATION_OPTIONS: Final[tuple[OptionSpec, ...]] = (
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
"""Configuration file: options of the face, never settings of the run."""
