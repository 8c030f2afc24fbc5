"""TOTP seeds sealed in the database under a key kept under SABT_HOME.

django-otp keeps a device's seed in clear (hex in ``otp_totp_totpdevice.
key``): anyone with a copy of the database could produce every user's codes.
Here the column holds ``sealed1:`` and the seed encrypted with
ChaCha20-Poly1305 under a 32-byte key in ``SABT_TOTP_KEY`` (a file, mode
0600, outside the database), bound to the device's user, so a sealed seed
copied onto another user's row opens for no one. The key is made with the
first device; lose it and every device must be set up again (``sabt totp
reset``).
"""

from __future__ import annotations

import base64
import os
import stat
from pathlib import Path
from typing import Any

from django.conf import settings
from nacl import bindings
from nacl.exceptions import CryptoError
from nacl.utils import random

SEALED_PREFIX = "sealed1:"
KEY_BYTES = bindings.crypto_aead_chacha20poly1305_ietf_KEYBYTES
NONCE_BYTES = bindings.crypto_aead_chacha20poly1305_ietf_NPUBBYTES
KEY_FILE_MODE = 0o600
# django-otp's column holds 80 characters: a 20-byte seed sealed takes 72.
COLUMN_LENGTH = 80


class SeedKeyError(RuntimeError):
    """The seed key cannot be read, or does not open a sealed seed."""


def is_sealed(stored: str) -> bool:
    return stored.startswith(SEALED_PREFIX)


def seal_seed(seed: bytes, user_id: int) -> str:
    """The text to store for ``seed`` of a device of user ``user_id``."""
    nonce = random(NONCE_BYTES)
    sealed = bindings.crypto_aead_chacha20poly1305_ietf_encrypt(
        seed, _bound_to(user_id), nonce, seed_key()
    )
    text = SEALED_PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode("ascii")
    if len(text) > COLUMN_LENGTH:
        raise ValueError(f"a seed of {len(seed)} bytes is too long to seal")
    return text


def open_seed(stored: str, user_id: int) -> bytes:
    """The seed that ``seal_seed`` sealed. Raises SeedKeyError."""
    if not is_sealed(stored):
        raise SeedKeyError("this TOTP seed is not sealed; run sabt migrate")
    raw = base64.urlsafe_b64decode(stored[len(SEALED_PREFIX) :])
    nonce, sealed = raw[:NONCE_BYTES], raw[NONCE_BYTES:]
    try:
        return bytes(
            bindings.crypto_aead_chacha20poly1305_ietf_decrypt(
                sealed, _bound_to(user_id), nonce, seed_key()
            )
        )
    except CryptoError as exc:
        raise SeedKeyError(
            f"a TOTP seed does not open with {settings.SABT_TOTP_KEY} (another "
            "key, or another user's seed): reset the device with sabt totp reset"
        ) from exc


def seed_key() -> bytes:
    """The sealing key from ``SABT_TOTP_KEY``, made there if missing."""
    path = Path(settings.SABT_TOTP_KEY)
    if not path.exists():
        _create(path)
    try:
        mode = path.stat().st_mode
        key = path.read_bytes()
    except OSError as exc:
        raise SeedKeyError(f"{path}: cannot read the TOTP seed key") from exc
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise SeedKeyError(f"{path}: key file is open to other users; chmod 600 it")
    if len(key) != KEY_BYTES:
        raise SeedKeyError(f"{path}: not a TOTP seed key ({len(key)} bytes)")
    return key


def seal_device_key(sender: object, instance: Any, **kwargs: object) -> None:
    """``pre_save`` of a TOTP device: seal its seed if it is still in clear."""
    if not is_sealed(instance.key):
        instance.key = seal_seed(bytes.fromhex(instance.key), instance.user_id)


def _create(path: Path) -> None:
    """Write a new key; a key another process wrote first is kept."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, KEY_FILE_MODE)
    with os.fdopen(fd, "wb") as handle:
        handle.write(random(KEY_BYTES))
        handle.flush()
        os.fsync(handle.fileno())
    try:
        os.link(partial, path)  # never replaces a key already there
    except FileExistsError:
        pass
    finally:
        partial.unlink()


def _bound_to(user_id: int) -> bytes:
    return f"sabt totp seed of user {user_id}".encode("ascii")
