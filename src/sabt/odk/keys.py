"""The organisation's ODK key pair: RSA, as ODK's encrypted forms require.

The public key goes into every form built (``public_key`` in the XLSForm
settings), so phones encrypt each finalised submission to it and keep no
readable copy. The private key is stored only locked, as the organisation's
key is (``ledger.sealing``): Argon2id from the same passphrase
(``SABT_ORG_PASSPHRASE``), then a secretbox over its PKCS#8 bytes; it is
unlocked in memory only for an import. Both files live beside the
organisation's key (``SABT_ODK_KEY``, ``SABT_ODK_PUBLIC_KEY``).
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import unicodedata
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from nacl.exceptions import CryptoError
from nacl.pwhash import argon2id
from nacl.secret import SecretBox
from nacl.utils import random

from sabt.ledger.errors import KeyFileError
from sabt.ledger.sealing import MODERATE, KdfLimits, SealingError, WrongPassphrase

KEY_FORMAT = "sabt-odk-key"
KEY_VERSION = 1
RSA_BITS = 2048  # what ODK Central and Collect use
_FILE_MODE = 0o600


def odk_key_path() -> Path:
    return Path(settings.SABT_ODK_KEY)


def odk_public_key_path() -> Path:
    return Path(settings.SABT_ODK_PUBLIC_KEY)


def create_odk_key(passphrase: str, limits: KdfLimits = MODERATE) -> str:
    """Make the key pair, write it locked; return the public key as forms carry it.

    Raises KeyFileError if a key file exists, SealingError for an empty
    passphrase.
    """
    for path in (odk_key_path(), odk_public_key_path()):
        if path.exists():
            raise KeyFileError(f"{path}: the ODK key exists already")
    key = rsa.generate_private_key(public_exponent=65537, key_size=RSA_BITS)
    public = public_key_text(key.public_key())
    _write_new(odk_key_path(), lock_odk_key(key, passphrase, limits))
    _write_new(odk_public_key_path(), (public + "\n").encode("ascii"))
    return public


def public_key_text(key: rsa.RSAPublicKey) -> str:
    """Base64 of the DER SubjectPublicKeyInfo: XLSForm's ``public_key`` setting."""
    der = key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return base64.b64encode(der).decode("ascii")


def odk_public_key() -> str:
    """The public key text, or "" when this node has no ODK key."""
    path = odk_public_key_path()
    if not path.exists():
        return ""
    return path.read_text(encoding="ascii").strip()


def lock_odk_key(
    key: rsa.RSAPrivateKey, passphrase: str, limits: KdfLimits = MODERATE
) -> bytes:
    """The key file's bytes: the private key encrypted under the passphrase."""
    salt = random(argon2id.SALTBYTES)
    der = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    box = SecretBox(_passphrase_key(passphrase, salt, limits))
    locked = {
        "format": KEY_FORMAT,
        "v": KEY_VERSION,
        "kdf": "argon2id",
        "opslimit": limits.opslimit,
        "memlimit": limits.memlimit,
        "salt": base64.b64encode(salt).decode("ascii"),
        "ciphertext": base64.b64encode(bytes(box.encrypt(der))).decode("ascii"),
        "public_key": public_key_text(key.public_key()),
    }
    return json.dumps(locked, indent=2).encode("ascii") + b"\n"


def unlock_odk_key(passphrase: str) -> rsa.RSAPrivateKey:
    """Open the ODK private key. Raises KeyFileError, WrongPassphrase, SealingError."""
    path = odk_key_path()
    try:
        fields = _fields(path.read_bytes())
    except OSError as exc:
        raise KeyFileError(
            f"{path}: this node has no ODK key; run sabt keys odk-init"
        ) from exc
    limits = KdfLimits(fields["opslimit"], fields["memlimit"])
    try:
        salt = base64.b64decode(fields["salt"], validate=True)
        ciphertext = base64.b64decode(fields["ciphertext"], validate=True)
    except (binascii.Error, ValueError) as exc:
        raise SealingError("ODK key file: broken base64") from exc
    box = SecretBox(_passphrase_key(passphrase, salt, limits))
    try:
        der = box.decrypt(ciphertext)
    except CryptoError as exc:
        raise WrongPassphrase("the passphrase does not unlock the ODK key") from exc
    key = serialization.load_der_private_key(der, None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise SealingError("the ODK key file holds no RSA key")
    if public_key_text(key.public_key()) != fields["public_key"]:
        raise SealingError(
            "the ODK key file's public key does not match its private key"
        )
    return key


def _fields(locked: bytes) -> dict[str, Any]:
    try:
        fields = json.loads(locked)
    except (ValueError, UnicodeDecodeError) as exc:
        raise SealingError("not an ODK key file: not JSON") from exc
    if not isinstance(fields, dict) or fields.get("format") != KEY_FORMAT:
        raise SealingError("not an ODK key file")
    if fields.get("v") != KEY_VERSION or fields.get("kdf") != "argon2id":
        raise SealingError("unsupported ODK key file version")
    for name in ("opslimit", "memlimit"):
        if not isinstance(fields.get(name), int):
            raise SealingError(f"ODK key file: {name} must be a number")
    for name in ("salt", "ciphertext", "public_key"):
        if not isinstance(fields.get(name), str):
            raise SealingError(f"ODK key file: {name} is missing")
    return fields


def _passphrase_key(passphrase: str, salt: bytes, limits: KdfLimits) -> bytes:
    if not passphrase:
        raise SealingError("the passphrase is empty")
    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    return bytes(
        argon2id.kdf(
            SecretBox.KEY_SIZE,
            secret,
            salt,
            opslimit=limits.opslimit,
            memlimit=limits.memlimit,
        )
    )


def _write_new(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _FILE_MODE)
    except FileExistsError as exc:
        raise KeyFileError(f"{path}: a key file exists already") from exc
    with os.fdopen(fd, "wb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
