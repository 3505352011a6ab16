"""Ed25519 signatures over ``report.json``: what makes a certificate unforgeable.

The seal (:mod:`reports._integrity`) is a digest anyone can recompute; a signature
can only be made with the private key, so a reader who holds the signer's public
key knows the report is the one the signer published.  The crypto is the
``cryptography`` library's; keys are read in PEM (PKCS#8 / SubjectPublicKeyInfo)
or OpenSSH format, and the fingerprint is the one ``ssh-keygen -lf`` prints.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from reports._integrity import INTEGRITY_KEY, SIGNATURE_KEY, report_sha256, signed_bytes

__all__ = [
    "ALGORITHM",
    "KeyPair",
    "SigningError",
    "check_signature",
    "embedded_key_signature_ok",
    "fingerprint",
    "generate_key_pair",
    "load_private_key",
    "load_public_key",
    "public_key_line",
    "sign_report",
    "signature_block",
]

ALGORITHM = "ed25519"


class SigningError(ValueError):
    """A key that cannot be read or is not Ed25519, or a report that cannot be signed."""


@dataclass(frozen=True, slots=True)
class KeyPair:
    """A new key pair, serialised: the private key (unencrypted) and the public key."""

    private: bytes
    public: bytes
    fingerprint: str


def generate_key_pair(key_format: str = "openssh") -> KeyPair:
    """A fresh Ed25519 key pair in ``openssh`` or ``pem`` format."""
    key = Ed25519PrivateKey.generate()
    if key_format == "openssh":
        private = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.OpenSSH,
            serialization.NoEncryption(),
        )
        public = public_key_line(key.public_key()).encode() + b"\n"
    elif key_format == "pem":
        private = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        public = key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    else:
        raise SigningError(f"unknown key format {key_format!r} (openssh or pem)")
    return KeyPair(private, public, fingerprint(key.public_key()))


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise SigningError(f"cannot read {path}: {exc.strerror or exc}") from None


def load_private_key(path: Path) -> Ed25519PrivateKey:
    """An unencrypted Ed25519 private key in PEM (PKCS#8) or OpenSSH format."""
    data = _read(path)
    loaders = (
        serialization.load_ssh_private_key
        if b"OPENSSH PRIVATE KEY" in data
        else serialization.load_pem_private_key
    )
    try:
        key = loaders(data, password=None)
    except TypeError:
        raise SigningError(f"{path} is encrypted; give an unencrypted key") from None
    except (ValueError, UnsupportedAlgorithm) as exc:
        raise SigningError(f"{path} is not a PEM or OpenSSH private key ({exc})") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningError(f"{path} is not an Ed25519 key (ssh-keygen -t ed25519 makes one)")
    return key


def load_public_key(path: Path) -> Ed25519PublicKey:
    """An Ed25519 public key: OpenSSH (``ssh-ed25519 AAAA...``), PEM, or the private key."""
    data = _read(path)
    if b"PRIVATE KEY" in data:
        return load_private_key(path).public_key()
    try:
        key: object = (
            serialization.load_pem_public_key(data)
            if data.lstrip().startswith(b"-----BEGIN")
            else serialization.load_ssh_public_key(data.strip())
        )
    except (ValueError, UnsupportedAlgorithm) as exc:
        raise SigningError(f"{path} is not a PEM or OpenSSH public key ({exc})") from None
    if not isinstance(key, Ed25519PublicKey):
        raise SigningError(f"{path} is not an Ed25519 public key")
    return key


def public_key_line(key: Ed25519PublicKey) -> str:
    """The key as one OpenSSH line, ``ssh-ed25519 AAAA...``."""
    return key.public_bytes(
        serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH
    ).decode()


def fingerprint(key: Ed25519PublicKey) -> str:
    """``SHA256:<base64>``, as ``ssh-keygen -lf`` prints it for the same key."""
    blob = base64.b64decode(public_key_line(key).split()[1])
    return "SHA256:" + base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("=")


def signature_block(report: Mapping[str, Any], key: Ed25519PrivateKey) -> dict[str, str]:
    """The ``signature`` block for a sealed report."""
    public = key.public_key()
    return {
        "algorithm": ALGORITHM,
        "public_key": public_key_line(public),
        "fingerprint": fingerprint(public),
        "value": base64.b64encode(key.sign(signed_bytes(report))).decode(),
    }


def sign_report(path: Path, key: Ed25519PrivateKey) -> str:
    """Sign the ``report.json`` at ``path`` in place; returns the signer's fingerprint.

    A report whose seal does not match its content is refused: signing it would
    vouch for an edit.  An earlier signature is replaced.
    """
    try:
        report: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SigningError(f"{path} is not a readable report.json ({exc})") from None
    if not isinstance(report, dict) or not isinstance(report.get(INTEGRITY_KEY), dict):
        raise SigningError(f"{path} is not a sealed runs-conformance report")
    if report[INTEGRITY_KEY].get("report_sha256") != report_sha256(report):
        raise SigningError(f"{path} was edited after it was written; it will not be signed")
    report.pop(SIGNATURE_KEY, None)
    block = signature_block(report, key)
    report[SIGNATURE_KEY] = block
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return block["fingerprint"]


def check_signature(report: Mapping[str, Any], key: Ed25519PublicKey) -> list[str]:
    """What is wrong with the report's signature under ``key`` (empty: it is the key's)."""
    block = report.get(SIGNATURE_KEY)
    if not isinstance(block, dict):
        return ["the report is not signed"]
    if block.get("algorithm") != ALGORITHM:
        return [f"the signature's algorithm is {block.get('algorithm')!r}, not {ALGORITHM}"]
    try:
        value = base64.b64decode(str(block.get("value", "")), validate=True)
    except (binascii.Error, ValueError):
        return ["the signature is not base64"]
    expected = fingerprint(key)
    problems = []
    if block.get("fingerprint") != expected:
        problems.append(
            f"the report was signed by {block.get('fingerprint')}, not by the given key {expected}"
        )
    try:
        key.verify(value, signed_bytes(report))
    except InvalidSignature:
        problems.append(
            f"the signature does not match the report under the key {expected}: "
            "the report was changed after it was signed, or signed with another key"
        )
    return problems


def embedded_key_signature_ok(report: Mapping[str, Any]) -> bool:
    """Whether the report's signature matches the public key it names (no identity check)."""
    block = report.get(SIGNATURE_KEY)
    if not isinstance(block, dict):
        return False
    try:
        key = serialization.load_ssh_public_key(str(block.get("public_key", "")).encode())
    except (ValueError, UnsupportedAlgorithm):
        return False
    return isinstance(key, Ed25519PublicKey) and not check_signature(report, key)
