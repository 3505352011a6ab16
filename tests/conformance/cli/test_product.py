"""The product a certificate names: from a flag, the environment, the file or pytest, to reports."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

import conformance.cli.run as run_module
from conformance.cli import main
from conformance.cli.options import OPTIONS, envvars_of
from conformance.cli.plan import RunPlan, plan_run
from conformance.cli.settings import Settings, UsageError, product_of_settings
from conformance.model import Product
from conformance.pytest_plugin import settings_for

pytest_plugins = ["pytester"]

PRODUCT_FLAGS = [
    "--product",
    "Acme Gateway",
    "--product-version",
    "1.4.2",
    "--vendor",
    "Acme",
    "--product-url",
    "https://acme.example/gateway",
]
ACME = Product("Acme Gateway", "1.4.2", "Acme", "https://acme.example/gateway")


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No variable of the suite from the caller's shell, and no config file above tmp_path."""
    for spec in OPTIONS:
        for name in envvars_of(spec):
            monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def _settings(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> Settings:
    """The Settings ``run`` builds from ``argv`` (stopped before any request)."""
    built: list[Settings] = []

    def spy(values: Mapping[str, Any]) -> RunPlan:
        built.append(plan_run(values).settings)
        raise UsageError("stopped by the test before any request")

    monkeypatch.setattr(run_module, "plan_run", spy)
    with pytest.raises(SystemExit):
        main(["run", *argv])
    assert len(built) == 1
    return built[0]


def test_the_product_flags_reach_the_run_options(monkeypatch: pytest.MonkeyPatch) -> None:
    assert product_of_settings(_settings(PRODUCT_FLAGS, monkeypatch)) == ACME


def test_the_product_comes_from_the_configuration_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "runs-conformance.toml").write_text(
        'product = "Acme Gateway"\nproduct-version = "1.4.2"\nvendor = "Acme"\n'
        'product-url = "https://acme.example/gateway"\n',
        encoding="utf-8",
    )
    assert product_of_settings(_settings([], monkeypatch)) == ACME


def test_the_product_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUNS_CONFORMANCE_PRODUCT", "Acme Gateway")
    monkeypatch.setenv("RUNS_CONFORMANCE_PRODUCT_VERSION", "1.4.2")
    monkeypatch.setenv("RUNS_CONFORMANCE_VENDOR", "Acme")
    monkeypatch.setenv("RUNS_CONFORMANCE_PRODUCT_URL", "https://acme.example/gateway")
    assert product_of_settings(_settings([], monkeypatch)) == ACME


def test_the_pytest_plugin_offers_the_product_flags_and_builds_the_same_settings(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    from_run = _settings(PRODUCT_FLAGS, monkeypatch)
    assert settings_for(pytester.parseconfig(*PRODUCT_FLAGS)) == from_run


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--product-version", "1.4.2"], "--product-version describe a product"),
        (["--vendor", "Acme", "--product-url", "https://a.example"], "--vendor, --product-url"),
        (["--product", "A", "--product-url", "ftp://a.example"], "is not an http(s) URL"),
        (["--product", "A", "--product-url", "https://u:p@a.example"], "a user or password"),
    ],
)
def test_a_product_description_that_names_nothing_is_a_one_line_usage_error(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["run", *argv])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


@pytest.mark.e2e
def test_a_named_run_shows_its_product_in_the_console_every_report_and_verify(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "out"
    with pytest.raises(SystemExit) as exit_info:
        main(
            [
                "run",
                "--quick",
                "--max-examples",
                "2",
                "--no-sdk-walks",
                "--seed",
                "3",
                "--report-dir",
                str(folder),
                *PRODUCT_FLAGS,
            ]
        )
    out, err = capsys.readouterr()
    assert exit_info.value.code in (0, 4), err
    described = "Acme Gateway 1.4.2 by Acme <https://acme.example/gateway>"
    assert f"certifying {described} at http://127.0.0.1:" in " ".join(err.split())
    assert f"List runs conformance: {described} at" in " ".join(out.split())
    report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    assert report["product"] == {
        "name": "Acme Gateway",
        "version": "1.4.2",
        "vendor": "Acme",
        "url": "https://acme.example/gateway",
    }
    assert "Acme Gateway 1.4.2" in (folder / "report.html").read_text(encoding="utf-8")
    assert f"Product: **{described.replace('<', '&lt;').replace('>', '&gt;')}**" in (
        folder / "summary.md"
    ).read_text(encoding="utf-8")
    junit = ET.parse(folder / "junit.xml").getroot()
    properties = {p.get("name"): p.get("value") for p in junit.iter("property")}
    assert (properties["product"], properties["product_version"]) == ("Acme Gateway", "1.4.2")
    with pytest.raises(SystemExit) as exit_info:
        main(["verify", str(folder / "report.json")])
    out, err = capsys.readouterr()
    assert exit_info.value.code == 0, err
    assert f"product: {described}" in out.splitlines()
