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
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings

from sabt.ledger.errors import KeyFileError
from sabt.ledger.sealing import (
    MODERATE,
    KdfLimits,
    LockedFormat,
    SealingError,
    lock_secret,
    unlock_secret,
    write_new_key_file,
)

ODK_KEY = LockedFormat("sabt-odk-key", "ODK key file", "the ODK key")
RSA_BITS = 2048  # what ODK Central and Collect use


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
    write_new_key_file(odk_key_path(), lock_odk_key(key, passphrase, limits))
    write_new_key_file(odk_public_key_path(), (public + "\n").encode("ascii"))
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
    der = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return lock_secret(
        der,
        passphrase,
        file_format=ODK_KEY,
        public_key=public_key_text(key.public_key()),
        limits=limits,
    )


def unlock_odk_key(passphrase: str) -> rsa.RSAPrivateKey:
    """Open the ODK private key. Raises KeyFileError, WrongPassphrase, SealingError."""
    path = odk_key_path()
    try:
        locked = path.read_bytes()
    except OSError as exc:
        raise KeyFileError(
            f"{path}: this node has no ODK key; run sabt keys odk-init"
        ) from exc
    der, public = unlock_secret(locked, passphrase, file_format=ODK_KEY)
    key = serialization.load_der_private_key(der, None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise SealingError("the ODK key file holds no RSA key")
    if public_key_text(key.public_key()) != public:
        raise SealingError(
            "the ODK key file's public key does not match its private key"
        )
    return key
