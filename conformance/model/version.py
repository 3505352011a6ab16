"""The suite version, stored in every report so that a certificate names its maker."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("runs-conformance")
except PackageNotFoundError:  # pragma: no cover - running from a bare source tree
    __version__ = "0.0.0+unknown"
