"""Ed25519 signing keys: generate, save with owner-only permissions, load.

A key file holds the 32-byte seed as hex on one line. The event's ``author`` is
the hex public key, so a verifier needs nothing but the log and the key list.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from nacl.encoding import HexEncoder
from nacl.signing import SigningKey, VerifyKey

from sabt.ledger.errors import KeyFileError

KEY_FILE_MODE = 0o600


def generate_key() -> SigningKey:
    """Return a new random Ed25519 signing key."""
    return SigningKey.generate()


def key_from_seed(seed: bytes) -> SigningKey:
    """Return the signing key for a 32-byte seed (fixed keys for tests)."""
    return SigningKey(seed)


def public_key_hex(key: SigningKey | VerifyKey) -> str:
    """Return the hex public key that events carry as ``author``."""
    verify_key = key.verify_key if isinstance(key, SigningKey) else key
    return verify_key.encode(HexEncoder).decode("ascii")


def save_key(key: SigningKey, path: Path) -> None:
    """Write a key file readable by its owner only; never overwrite one.

    Raises KeyFileError if the file exists already.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    try:
        fd = os.open(path, flags, KEY_FILE_MODE)
    except FileExistsError as exc:
        raise KeyFileError(f"{path}: a key file exists already") from exc
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key.encode(HexEncoder).decode("ascii") + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def load_key(path: Path) -> SigningKey:
    """Read a key file written by ``save_key``.

    Raises KeyFileError if it is missing, readable by others, or not a key.
    """
    try:
        mode = path.stat().st_mode
        text = path.read_text(encoding="ascii").strip()
    except OSError as exc:
        raise KeyFileError(f"{path}: cannot read key file ({exc.strerror})") from exc
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise KeyFileError(f"{path}: key file is open to other users; chmod 600 it")
    try:
        return SigningKey(text.encode("ascii"), encoder=HexEncoder)
    except (ValueError, TypeError) as exc:
        raise KeyFileError(f"{path}: not an Ed25519 key") from exc
