#!/usr/bin/env python3
"""Install the pinned open-source Portkey gateway into a cache folder and print its entry point.

The versions are those of ``tools/gateway/package.json`` and its lock file, which
are copied into the cache folder and installed with ``npm ci``, so every machine
gets the same tree.  The cache folder is ``<repo>/.cache/portkey-gateway`` unless
``RC_GATEWAY_DIR`` (or ``--dir``) names another one; it holds a ``.gitignore`` of
``*`` so that nothing installed there can be committed by mistake.

Idempotent: when the cache already holds the pinned versions, installed from the
same package.json and lock file, nothing is run.  Stdout is one line, the path of
``start-server.js``; everything else goes to stderr.  Exit status: 0 installed,
75 (EX_TEMPFAIL) npm failed for want of a network, 1 any other failure.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

SOURCE = Path(__file__).resolve().parent / "gateway"
REPO = SOURCE.parent.parent
DEFAULT_DIR = REPO / ".cache" / "portkey-gateway"
GATEWAY = "@portkey-ai/gateway"
NODE_SERVER = "@hono/node-server"
MANIFESTS = ("package.json", "package-lock.json")
EX_TEMPFAIL = 75
# What npm prints when the registry cannot be reached (DNS, refused, reset, timeouts, proxy).
NETWORK_ERRORS = (
    "ENOTFOUND",
    "EAI_AGAIN",
    "ECONNREFUSED",
    "ECONNRESET",
    "ETIMEDOUT",
    "ENETUNREACH",
    "EHOSTUNREACH",
    "network request",
    "ERR_SOCKET_TIMEOUT",
    "request to https://",
    "getaddrinfo",
)


class InstallError(Exception):
    """npm could not install the gateway; ``network`` when the registry was unreachable."""

    def __init__(self, message: str, *, network: bool = False) -> None:
        super().__init__(message)
        self.network = network


def cache_dir(explicit: str | None = None) -> Path:
    """The folder the gateway is installed into: --dir, else RC_GATEWAY_DIR, else the default."""
    chosen = explicit or os.environ.get("RC_GATEWAY_DIR") or DEFAULT_DIR
    return Path(chosen).expanduser().resolve()


def pinned() -> dict[str, str]:
    """The package versions the install must end up with, read from tools/gateway/package.json."""
    manifest = json.loads((SOURCE / "package.json").read_text(encoding="utf-8"))
    return {
        GATEWAY: manifest["dependencies"][GATEWAY],
        NODE_SERVER: manifest["overrides"][NODE_SERVER],
    }


def entry_point(directory: Path) -> Path:
    """Where start-server.js is once the gateway is installed in ``directory``."""
    return directory / "node_modules" / GATEWAY / "build" / "start-server.js"


def installed_version(directory: Path, package: str) -> str | None:
    """The version of ``package`` in ``directory``'s node_modules, or None when absent."""
    try:
        manifest = json.loads(
            (directory / "node_modules" / package / "package.json").read_text(encoding="utf-8")
        )
    except (OSError, ValueError):
        return None
    version = manifest.get("version")
    return version if isinstance(version, str) else None


def is_installed(directory: Path) -> bool:
    """True when the pinned versions are installed, from the current manifests, in ``directory``."""
    for name in MANIFESTS:
        copy = directory / name
        if not copy.is_file() or copy.read_bytes() != (SOURCE / name).read_bytes():
            return False
    if not entry_point(directory).is_file():
        return False
    return all(
        installed_version(directory, package) == version for package, version in pinned().items()
    )


@contextlib.contextmanager
def _locked(directory: Path) -> Iterator[None]:
    """One installer at a time per folder (pytest-xdist workers each run the fixture)."""
    directory.mkdir(parents=True, exist_ok=True)
    with (directory / ".install.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _npm(directory: Path) -> list[str]:
    npm = shutil.which("npm")
    if npm is None:
        raise InstallError("npm is not on PATH")
    verb = "ci" if (directory / "package-lock.json").is_file() else "install"
    # --prefer-offline: the lock file pins every tarball by integrity, so a warm npm cache is as
    # good as the registry, and a reinstall then works without a network.
    return [
        npm,
        verb,
        "--no-audit",
        "--no-fund",
        "--no-update-notifier",
        "--prefer-offline",
        "--prefix",
        str(directory),
    ]


def install(directory: Path, *, force: bool = False, timeout: float = 600) -> Path:
    """Install the pinned gateway in ``directory`` unless it is there; return start-server.js."""
    with _locked(directory):
        if not force and is_installed(directory):
            return entry_point(directory)
        (directory / ".gitignore").write_text("*\n", encoding="utf-8")
        for name in MANIFESTS:
            shutil.copyfile(SOURCE / name, directory / name)
        command = _npm(directory)
        try:
            done = subprocess.run(
                command, cwd=directory, capture_output=True, text=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired as exc:
            raise InstallError(
                f"{' '.join(command)} timed out after {timeout:g} s (no or slow network?)",
                network=True,
            ) from exc
        output = f"{done.stdout}\n{done.stderr}".strip()
        if done.returncode != 0:
            network = any(marker in output for marker in NETWORK_ERRORS)
            raise InstallError(
                f"{' '.join(command)} exited with {done.returncode}:\n{output}", network=network
            )
        if output:
            print(output, file=sys.stderr)
        if not is_installed(directory):
            found = {p: installed_version(directory, p) for p in pinned()}
            raise InstallError(
                f"npm succeeded but the install is not the pinned one: "
                f"wanted {pinned()}, found {found}"
            )
        return entry_point(directory)


def main(argv: list[str] | None = None) -> int:
    """Command line: install (or find) the gateway and print the path of start-server.js."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--dir", help=f"cache folder (default: $RC_GATEWAY_DIR or {DEFAULT_DIR.relative_to(REPO)})"
    )
    parser.add_argument("--force", action="store_true", help="reinstall even if up to date")
    parser.add_argument("--timeout", type=float, default=600, help="npm timeout in seconds")
    args = parser.parse_args(argv)
    try:
        path = install(cache_dir(args.dir), force=args.force, timeout=args.timeout)
    except InstallError as exc:
        print(f"install_gateway: {exc}", file=sys.stderr)
        return EX_TEMPFAIL if exc.network else 1
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
