"""The configuration file: default values for ``run``'s options, with named profiles.

A CI pipeline that repeats a dozen flags on every command line drifts from the next
one; the values live in one file instead, under the options' long names::

    # runs-conformance.toml (or pyproject.toml, under [tool.runs-conformance])
    base-url = "https://staging.example/v1"
    max-rps = 2
    header = ["X-Team: platform"]

    [profiles.nightly]          # chosen with --profile nightly
    max-examples = 500

Precedence, highest first: a flag, its environment variable (``RUNS_CONFORMANCE_<FLAG>``),
the ``--profile`` section, the file's top level, the option's default.  Both faces
(``run`` and the pytest plugin) apply it through :func:`layer`, called by
:func:`conformance.cli.plan.plan_run`.

Secrets never sit in a file that is committed: the keys, an inline ``config`` (sent as
the redacted ``x-portkey-config``) and any header :func:`is_secret_header` names are
refused, and so is a key no option has (a typo silently ignored would certify with
the default).  Paths are relative to the file's folder.
"""

from __future__ import annotations

import tomllib
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any, Final

import click

from conformance.cli.options import OPTIONS, RUN, OptionSpec, envvars_of
from conformance.cli.settings import UsageError
from conformance.model.redact import is_secret_header

__all__ = [
    "CONFIG_FILE_NAME",
    "PROFILES_KEY",
    "SECRET_KEYS",
    "ConfigFile",
    "convert_value",
    "find_config_file",
    "layer",
    "load_config_file",
]

CONFIG_FILE_NAME: Final = "runs-conformance.toml"
PYPROJECT: Final = "pyproject.toml"
TOOL_TABLE: Final = "runs-conformance"
PROFILES_KEY: Final = "profiles"
META: Final = frozenset({"config_file", "config_profile"})
"""The options that choose the file and its profile: they cannot be set in it."""
SECRET_KEYS: Final = frozenset({"api_key", "virtual_key", "compare_api_key"})
_HEADER_KEYS: Final = frozenset({"headers", "compare_headers"})


def _key(spec: OptionSpec) -> str:
    return spec.flag.removeprefix("--")


_BY_KEY: Final[Mapping[str, OptionSpec]] = {
    _key(spec): spec for spec in OPTIONS if RUN in spec.commands
}


class ConfigFile:
    """A configuration file's values, checked, keyed by :attr:`OptionSpec.name`."""

    def __init__(self, path: Path, base: Mapping[str, Any], profiles: Mapping[str, Any]) -> None:
        self.path = path
        self.base = base
        self.profiles = profiles

    def values(self, profile: str | None) -> dict[str, Any]:
        """The top-level values, overlaid by ``profile``'s section."""
        values = dict(self.base)
        if profile is not None:
            if profile not in self.profiles:
                known = ", ".join(sorted(self.profiles)) or "none"
                raise UsageError(
                    f"{self.path}: no profile {profile!r} (profiles: {known}); "
                    "--profile names a [profiles.NAME] section (the conformance profile "
                    "is --accept-profile)"
                )
            values.update(self.profiles[profile])
        return values


def find_config_file(start: Path | None = None) -> Path | None:
    """The nearest runs-conformance.toml, or pyproject.toml with our table, upwards."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        own = folder / CONFIG_FILE_NAME
        if own.is_file():
            return own
        pyproject = folder / PYPROJECT
        if pyproject.is_file() and TOOL_TABLE in _read(pyproject).get("tool", {}):
            return pyproject
    return None


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"cannot read the configuration file {path}: {exc}") from None


def load_config_file(path: Path) -> ConfigFile:
    """Read and check ``path``; every mistake is a UsageError naming the file and key."""
    document = _read(path)
    if path.name == PYPROJECT:
        table = document.get("tool", {}).get(TOOL_TABLE)
        if not isinstance(table, dict):
            raise UsageError(f"{path}: no [tool.{TOOL_TABLE}] table")
        where = f"tool.{TOOL_TABLE}."
    else:
        table, where = document, ""
    table = dict(table)
    profiles = table.pop(PROFILES_KEY, {})
    if not isinstance(profiles, dict) or not all(isinstance(p, dict) for p in profiles.values()):
        raise UsageError(f"{path}: {where}{PROFILES_KEY} must hold [{PROFILES_KEY}.NAME] tables")
    base = _checked(path, where, table)
    sections = {
        name: _checked(path, f"{where}{PROFILES_KEY}.{name}.", section)
        for name, section in profiles.items()
    }
    return ConfigFile(path, base, sections)


def _checked(path: Path, where: str, table: Mapping[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, raw in table.items():
        spec = _BY_KEY.get(key)
        if spec is None:
            hint = f" (write {key.replace('_', '-')})" if key.replace("_", "-") in _BY_KEY else ""
            raise UsageError(f"{path}: unknown key {where}{key}{hint}")
        if spec.name in META:
            raise UsageError(f"{path}: {where}{key} cannot be set in the configuration file")
        _refuse_secret(path, where + key, spec, raw)
        try:
            values[spec.name] = convert_value(spec, _relative_to(path.parent, spec, raw))
        except UsageError as exc:
            raise UsageError(f"{path}: {where}{key}: {exc}") from None
    return values


def _refuse_secret(path: Path, key: str, spec: OptionSpec, raw: Any) -> None:
    where = f"set {' or '.join(envvars_of(spec))} in the environment instead"
    if spec.name in SECRET_KEYS:
        raise UsageError(f"{path}: {key} is a secret and is refused in a file: {where}")
    if spec.name == "config" and isinstance(raw, str) and not raw.startswith("@"):
        raise UsageError(
            f"{path}: {key} may carry credentials (x-portkey-config): write @FILE, or {where}"
        )
    if spec.name in _HEADER_KEYS:
        for header in raw if isinstance(raw, list) else [raw]:
            name = str(header).partition(":")[0].strip()
            if is_secret_header(name):
                raise UsageError(
                    f"{path}: {key}: the header {name} carries credentials and is refused in "
                    f"a file: {where}"
                )


def _relative_to(folder: Path, spec: OptionSpec, raw: Any) -> Any:
    """A path in the file is relative to the file, wherever the command is run from."""
    if not isinstance(raw, str):
        return raw
    if isinstance(spec.param_type, click.Path) and not Path(raw).is_absolute():
        return str(folder / raw)
    if spec.name == "config" and raw.startswith("@") and not Path(raw[1:]).is_absolute():
        return "@" + str(folder / raw[1:])
    return raw


def convert_value(spec: OptionSpec, raw: Any) -> Any:
    """A value from a file or the environment, parsed and checked as the flag's would be.

    A string is read as on the command line (a flag from 1/0, true/false, yes/no,
    on/off; a repeatable option one value per line); TOML's own types are taken as
    they are.  Raises UsageError with the reason.
    """
    try:
        if spec.is_flag:
            if isinstance(raw, bool):
                return raw
            if isinstance(raw, str):
                return click.BOOL.convert(raw, None, None)
            raise UsageError(f"expected true or false, got {raw!r}")
        if spec.multiple:
            items = raw.splitlines() if isinstance(raw, str) else raw
            if not isinstance(items, list | tuple):
                raise UsageError(f"expected a list of strings, got {raw!r}")
            return tuple(_one(spec, item) for item in items if str(item).strip())
        return _one(spec, raw)
    except click.BadParameter as exc:
        raise UsageError(exc.message) from None


_COMMA_SEPARATED = frozenset({"lists"})
"""Options whose one value is names separated by commas: a file may write them as an array."""


def _one(spec: OptionSpec, raw: Any) -> Any:
    if spec.name in _COMMA_SEPARATED and isinstance(raw, list):  # lists = ["runs", "messages"]
        if not raw or not all(isinstance(item, str) for item in raw):
            raise UsageError(f"expected a string or an array of strings, got {raw!r}")
        raw = ",".join(raw)
    if isinstance(raw, dict | list):
        raise UsageError(f"expected one value, got {raw!r}")
    text = raw.strip() if isinstance(raw, str) else raw
    if spec.param_type is not None:
        value = spec.param_type.convert(text, None, None)
    elif isinstance(text, str):
        value = text
    else:
        raise UsageError(f"expected a string, got {raw!r}")
    return spec.check(value) if spec.check is not None else value


def layer(values: Mapping[str, Any], given: Collection[str]) -> dict[str, Any]:
    """``values`` with the configuration file under the ``given`` ones (flag or environment).

    ``values`` hold every option's value, defaults included; ``given`` names those a
    flag or an environment variable set.  The file is ``--config-file``, else the
    nearest one; ``--profile`` without any file is a usage error.
    """
    path: Path | None = values.get("config_file")
    profile: str | None = values.get("config_profile")
    if path is None:
        path = find_config_file()
    if path is None:
        if profile is not None:
            raise UsageError(
                f"--profile {profile}: no configuration file ({CONFIG_FILE_NAME}, or "
                f"[tool.{TOOL_TABLE}] in {PYPROJECT}) in this folder or above; name one "
                "with --config-file"
            )
        return dict(values)
    configured = load_config_file(Path(path)).values(profile)
    return {**values, **{k: v for k, v in configured.items() if k not in given}}
