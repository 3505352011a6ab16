"""The certificate on the wire: keygen, run --sign-key, verify --public-key and --replay, matrix."""

from __future__ import annotations

import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest

from conformance.server import SEEDED_THREAD_ID, RunningServer, ServerConfig, serve_in_thread
from tests.conftest import Cli

pytestmark = pytest.mark.e2e

KEY = "sk-live-CERTIFICATE-5ecret-0123456789"
SEED = "11"


def _certify(server: RunningServer, folder: Path, cli: Cli, *extra: str) -> Path:
    cli(
        [
            "run",
            "--base-url",
            server.base_url,
            "--thread-id",
            SEEDED_THREAD_ID,
            "--api-key",
            KEY,
            "--report-dir",
            str(folder),
            "--quick",
            "--seed",
            SEED,
            "--quiet",
            "--accept-profile",
            "read-only",
            *extra,
        ]
    )
    return folder / "report.json"


def _keygen(tmp_path: Path, cli: Cli) -> tuple[Path, Path]:
    key = tmp_path / "signer"
    code, out, _ = cli(["keygen", str(key)])
    assert code == 0, out
    return key, tmp_path / "signer.pub"


def test_a_report_signed_by_run_sign_key_verifies_with_the_public_key_and_names_its_signer(
    tmp_path: Path, cli: Cli
) -> None:
    key, public = _keygen(tmp_path, cli)
    with serve_in_thread(ServerConfig(api_key=KEY)) as server:
        report = _certify(server, tmp_path / "r", cli, "--sign-key", str(key))
    code, out, err = cli(["verify", str(report), "--public-key", str(public)])
    assert code == 0, err
    assert out.startswith("verified: conformant (signed by SHA256:")


def test_verify_without_a_key_says_it_checked_integrity_only_and_anyone_could_pass_it(
    tmp_path: Path, cli: Cli
) -> None:
    with serve_in_thread(ServerConfig(api_key=KEY)) as server:
        report = _certify(server, tmp_path / "r", cli)
    code, out, err = cli(["verify", str(report)])
    assert code == 0, err
    assert out.splitlines() == ["verified: conformant", "product: unnamed target"]
    assert "integrity and consistency only" in err
    assert "anyone can produce a report that passes" in err


def test_a_report_signed_with_another_key_fails_verify_on_the_command_line(
    tmp_path: Path, cli: Cli
) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    _, public = _keygen(tmp_path / "a", cli)
    other, _ = _keygen(tmp_path / "b", cli)
    with serve_in_thread(ServerConfig(api_key=KEY)) as server:
        report = _certify(server, tmp_path / "r", cli)
    assert cli(["sign", str(report), "--key", str(other)])[0] == 0
    code, out, err = cli(["verify", str(report), "--public-key", str(public)])
    assert code == 1
    assert "NOT VERIFIED" in out
    assert "not by the given key" in err


def test_replay_reproduces_a_report_and_lists_the_differences_once_the_server_has_a_fault(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PORTKEY_API_KEY", KEY)
    with serve_in_thread(ServerConfig(api_key=KEY)) as server:
        port = server.port
        report = _certify(server, tmp_path / "r", cli)
        code, out, err = cli(["verify", str(report), "--replay"])
        assert code == 0, out + err
        assert "reproduced: the same verdict, statuses and request digest" in out
    faulty = ServerConfig(api_key=KEY, faults=frozenset({"default-order-asc"}))
    with serve_in_thread(faulty, port=port):
        code, out, err = cli(["verify", str(report), "--replay"])
    assert code == 1
    assert (
        "replay: differs: verdict: the report says conformant, the replay gives non-conformant"
        in out
    )
    assert "replay: differs: LR-ORDER-004: the report says passed, the replay gives failed" in out
    assert "NOT REPRODUCED" in out


def _chromium() -> str:
    path = shutil.which("chromium")
    if path is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return path


def test_the_matrix_of_three_reports_renders_in_chromium_and_the_badge_is_valid_svg(
    tmp_path: Path, cli: Cli
) -> None:
    key, public = _keygen(tmp_path, cli)
    reports = []
    for name, faults, product in (
        ("correct", frozenset[str](), ("Zeta Gateway", "2.10")),
        ("order", frozenset({"default-order-asc"}), ("Zeta Gateway", "2.9")),
        ("limit", frozenset({"default-limit-10"}), ("Acme Proxy", "1.0")),
    ):
        with serve_in_thread(ServerConfig(api_key=KEY, faults=faults)) as server:
            sign = ("--sign-key", str(key)) if name == "correct" else ()
            named = ("--product", product[0], "--product-version", product[1])
            reports.append(_certify(server, tmp_path / name, cli, *sign, *named))
    out_dir = tmp_path / "matrix"
    code, out, err = cli(
        [
            "matrix",
            *(str(r.parent) for r in reports),  # the folders, each holding its report.json
            "--public-key",
            str(public),
            "--output",
            str(out_dir),
            "--format",
            "html",
            "--format",
            "markdown",
            "--format",
            "json",
        ]
    )
    assert code == 0, err
    assert "Zeta Gateway 2.10 (http://127.0.0.1:" in out
    assert "conformant (verified" in out
    assert (out_dir / "matrix.md").read_text().count("non-conformant") >= 2
    data = json.loads((out_dir / "matrix.json").read_text())
    # ordered by product, then version in natural order (2.9 before 2.10)
    assert [c["product_title"] for c in data["columns"]] == [
        "Acme Proxy 1.0",
        "Zeta Gateway 2.9",
        "Zeta Gateway 2.10",
    ]
    assert [c["trust"] for c in data["columns"]] == ["unsigned", "unsigned", "verified"]
    assert all(c["suite_version"] and c["date"] for c in data["columns"])
    order = next(r for r in data["requirements"] if r["id"] == "LR-ORDER-004")
    assert order["statuses"] == ["passed", "failed", "passed"]
    code, svg, _ = cli(["badge", str(reports[0])])
    assert code == 0
    assert ET.fromstring(svg).tag == "{http://www.w3.org/2000/svg}svg"

    chromium = _chromium()
    dom = subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-extensions",
            "--disable-background-networking",
            "--disable-dev-shm-usage",
            f"--user-data-dir={tmp_path / 'p'}",
            "--dump-dom",
            (out_dir / "matrix.html").resolve().as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert dom.stdout.count('class="target"') == 3
    assert ">verified<" in dom.stdout
    assert "LR-ORDER-004" in dom.stdout
    assert "../correct/report.html#row-LR-PAGE-001" in dom.stdout
    heads = [
        dom.stdout.index(t) for t in ("Acme Proxy 1.0", "Zeta Gateway 2.9", "Zeta Gateway 2.10")
    ]
    assert heads == sorted(heads)
    assert KEY not in dom.stdout


def test_the_matrix_refuses_a_folder_without_a_report_in_one_line(tmp_path: Path, cli: Cli) -> None:
    code, _, err = cli(["matrix", str(tmp_path), "--output", str(tmp_path / "m")])
    assert code == 2
    assert "is a folder without a report.json" in err
    assert "Traceback" not in err


def test_a_product_page_that_is_not_http_is_shown_in_the_matrix_but_never_linked(
    tmp_path: Path,
) -> None:
    from conformance.model import Product
    from reports import Column, matrix_html

    column = Column(
        target="http://127.0.0.1:1/v1",
        verdict="conformant",
        profile="full",
        classes=("core",),
        suite_version="0",
        trust="unsigned",
        trust_note="",
        statuses={},
        link="r/report.html",
        product=Product("Evil", "1", None, "javascript:alert(1)"),
    )
    page = matrix_html([column])
    assert "javascript:alert(1)" in page
    assert 'href="javascript:' not in page
    safe = matrix_html([replace(column, product=Product("Good", "1", None, "https://g.example"))])
    assert '<a href="https://g.example">' in safe
