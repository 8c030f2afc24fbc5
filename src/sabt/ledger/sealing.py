"""Sealed fields: identities encrypted inside events, and the keys that open them.

DESIGN.md "The event": a protected field travels as ``body.sealed[<field>]``,
a text token encrypted with its subject's 32-byte *data key*. The token is
``"x1." + base64url(nonce || ciphertext)`` with XChaCha20-Poly1305-IETF
(RFC 8439 with a 24-byte random nonce, libsodium's
``crypto_aead_xchacha20poly1305_ietf``); the associated data binds the token
to its subject and field, so a token copied into another record or field
does not open.

Data keys are wrapped to the organisation's X25519 public key with a sealed
box (libsodium ``crypto_box_seal``): whoever holds only the public key (a
field kit) can seal, never open. The organisation's private key is stored
locked under a passphrase (Argon2id, then XSalsa20-Poly1305 secretbox).

Pure functions on bytes and text; the only I/O is reading and writing the
organisation's key files.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nacl.bindings import (
    crypto_aead_xchacha20poly1305_ietf_ABYTES,
    crypto_aead_xchacha20poly1305_ietf_decrypt,
    crypto_aead_xchacha20poly1305_ietf_encrypt,
    crypto_aead_xchacha20poly1305_ietf_KEYBYTES,
    crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
)
from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.pwhash import argon2id
from nacl.secret import SecretBox
from nacl.utils import random

from sabt.ledger.canonical import canonical_bytes
from sabt.ledger.errors import KeyFileError, LedgerError

TOKEN_PREFIX = "x1."  # noqa: S105  (a format tag, not a secret)
DATA_KEY_BYTES = crypto_aead_xchacha20poly1305_ietf_KEYBYTES
_NONCE_BYTES = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
_TAG_BYTES = crypto_aead_xchacha20poly1305_ietf_ABYTES
# Associated data names what a token belongs to; the version keeps a later
# scheme's tokens from ever opening as this one's.
_AAD_SCHEME = "sabt.sealed.v1"
_BASE64URL = re.compile(r"[A-Za-z0-9_-]*")

ORG_KEY_FORMAT = "sabt-organisation-key"
KEY_FILE_MODE = 0o600
# Argon2id costs (libsodium's named limits). MODERATE takes about a second and
# 256 MiB: fine once per server start. Tests pass INTERACTIVE to stay fast.
OPSLIMIT_MODERATE = argon2id.OPSLIMIT_MODERATE
MEMLIMIT_MODERATE = argon2id.MEMLIMIT_MODERATE
OPSLIMIT_INTERACTIVE = argon2id.OPSLIMIT_INTERACTIVE
MEMLIMIT_INTERACTIVE = argon2id.MEMLIMIT_INTERACTIVE


class SealingError(LedgerError):
    """Base of every failure to seal or open a sealed field or key."""


class CannotOpen(SealingError):
    """A token or wrapped key does not open: wrong key, wrong place, or altered."""


class WrongPassphrase(SealingError):
    """The passphrase does not unlock the organisation's key file."""


# Data keys and sealed values


def generate_data_key() -> bytes:
    """Return a new random 32-byte data key for one subject."""
    return random(DATA_KEY_BYTES)


def seal_value(data_key: bytes, plaintext: str, *, subject: str, field: str) -> str:
    """Encrypt ``plaintext`` for ``field`` of ``subject``; return the token.

    XChaCha20-Poly1305-IETF with a random 24-byte nonce; the associated data
    binds subject and field. Raises SealingError for a key of the wrong size.
    """
    _check_data_key(data_key)
    nonce = random(_NONCE_BYTES)
    ciphertext = crypto_aead_xchacha20poly1305_ietf_encrypt(
        plaintext.encode("utf-8"), _aad(subject, field), nonce, data_key
    )
    encoded = base64.urlsafe_b64encode(nonce + ciphertext).rstrip(b"=")
    return TOKEN_PREFIX + encoded.decode("ascii")


def open_value(data_key: bytes, token: str, *, subject: str, field: str) -> str:
    """Decrypt a token made by ``seal_value`` for this subject and field.

    Raises CannotOpen if the token is malformed, was sealed with another key
    or for another subject or field, or was altered.
    """
    _check_data_key(data_key)
    raw = _token_bytes(token)
    nonce, ciphertext = raw[:_NONCE_BYTES], raw[_NONCE_BYTES:]
    try:
        plaintext = crypto_aead_xchacha20poly1305_ietf_decrypt(
            ciphertext, _aad(subject, field), nonce, data_key
        )
    except CryptoError as exc:
        raise CannotOpen(
            f"the sealed {field!r} of {subject} does not open with this key: "
            "another key, another record or field, or altered"
        ) from exc
    return plaintext.decode("utf-8")


def is_token(value: object) -> bool:
    """True if ``value`` looks like a sealed-field token (not that it opens)."""
    return isinstance(value, str) and value.startswith(TOKEN_PREFIX)


def wrap_data_key(org_public: PublicKey, data_key: bytes) -> bytes:
    """Encrypt a data key to the organisation's public key (a sealed box)."""
    _check_data_key(data_key)
    return bytes(SealedBox(org_public).encrypt(data_key))


def unwrap_data_key(org_private: PrivateKey, wrapped: bytes) -> bytes:
    """Recover a data key wrapped by ``wrap_data_key``.

    Raises CannotOpen if it was wrapped to another key or altered.
    """
    try:
        data_key = SealedBox(org_private).decrypt(wrapped)
    except CryptoError as exc:
        raise CannotOpen(
            "the data key does not open with the organisation's key: "
            "wrapped to another key, or altered"
        ) from exc
    _check_data_key(data_key)
    return data_key


def _aad(subject: str, field: str) -> bytes:
    return canonical_bytes({"scheme": _AAD_SCHEME, "subject": subject, "field": field})


def _check_data_key(data_key: bytes) -> None:
    if not isinstance(data_key, bytes) or len(data_key) != DATA_KEY_BYTES:
        raise SealingError(f"a data key is {DATA_KEY_BYTES} bytes")


def _token_bytes(token: str) -> bytes:
    if not is_token(token):
        raise CannotOpen(f"not a sealed value: it must start with {TOKEN_PREFIX!r}")
    body = token[len(TOKEN_PREFIX) :]
    if not _BASE64URL.fullmatch(body):
        raise CannotOpen("not a sealed value: broken base64url")
    try:
        raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (binascii.Error, ValueError) as exc:
        raise CannotOpen("not a sealed value: broken base64url") from exc
    if len(raw) < _NONCE_BYTES + _TAG_BYTES:
        raise CannotOpen("not a sealed value: too short")
    return raw


# The organisation's key


def generate_org_key() -> PrivateKey:
    """Return a new random X25519 key pair for the organisation."""
    return PrivateKey.generate()


def public_key_text(key: PrivateKey | PublicKey) -> str:
    """The hex form of the organisation's public key, as files and pages show it."""
    public = key.public_key if isinstance(key, PrivateKey) else key
    return bytes(public).hex()


@dataclass(frozen=True)
class KdfLimits:
    """Argon2id's work factors: passes over memory, and bytes of memory."""

    opslimit: int = OPSLIMIT_MODERATE
    memlimit: int = MEMLIMIT_MODERATE


INTERACTIVE = KdfLimits(OPSLIMIT_INTERACTIVE, MEMLIMIT_INTERACTIVE)
MODERATE = KdfLimits()


@dataclass(frozen=True)
class LockedFormat:
    """What a passphrase-locked key file says it is, and how errors name it."""

    name: str  # the "format" field
    label: str  # "organisation key file"
    whose: str  # "the organisation's key", for a wrong passphrase


ORG_KEY = LockedFormat(
    ORG_KEY_FORMAT, "organisation key file", "the organisation's key"
)
LOCKED_VERSION = 1


def lock_secret(
    secret: bytes,
    passphrase: str,
    *,
    file_format: LockedFormat,
    public_key: str,
    limits: KdfLimits = MODERATE,
) -> bytes:
    """A key file's bytes: ``secret`` encrypted under the passphrase.

    A JSON object holding the format and version, Argon2id's salt and limits,
    the secretbox ciphertext (nonce included) and ``public_key`` as text.
    Raises SealingError for an empty passphrase.
    """
    salt = random(argon2id.SALTBYTES)
    box = SecretBox(_passphrase_key(passphrase, salt, limits))
    locked = {
        "format": file_format.name,
        "v": LOCKED_VERSION,
        "kdf": "argon2id",
        "opslimit": limits.opslimit,
        "memlimit": limits.memlimit,
        "salt": _b64(salt),
        "ciphertext": _b64(bytes(box.encrypt(secret))),
        "public_key": public_key,
    }
    return json.dumps(locked, indent=2).encode("ascii") + b"\n"


def unlock_secret(
    locked: bytes, passphrase: str, *, file_format: LockedFormat
) -> tuple[bytes, str]:
    """The secret ``lock_secret`` locked, and the public key the file names.

    Raises WrongPassphrase if the passphrase does not open it, and
    SealingError if the bytes are not a key file of that format.
    """
    fields = locked_fields(locked, file_format)
    limits = KdfLimits(fields["opslimit"], fields["memlimit"])
    salt = _unb64(fields["salt"], file_format)
    box = SecretBox(_passphrase_key(passphrase, salt, limits))
    try:
        secret = box.decrypt(_unb64(fields["ciphertext"], file_format))
    except CryptoError as exc:
        raise WrongPassphrase(
            f"the passphrase does not unlock {file_format.whose}"
        ) from exc
    return secret, fields["public_key"]


def lock_org_key(
    key: PrivateKey, passphrase: str, limits: KdfLimits = MODERATE
) -> bytes:
    """The organisation key file's bytes (``lock_secret``)."""
    return lock_secret(
        bytes(key),
        passphrase,
        file_format=ORG_KEY,
        public_key=public_key_text(key),
        limits=limits,
    )


def unlock_org_key(locked: bytes, passphrase: str) -> PrivateKey:
    """Open the bytes ``lock_org_key`` wrote.

    Raises WrongPassphrase if the passphrase does not open them, and
    SealingError if they are not an organisation key file.
    """
    raw, public = unlock_secret(locked, passphrase, file_format=ORG_KEY)
    key = PrivateKey(raw)
    if public_key_text(key) != public:
        raise SealingError("the key file's public key does not match its private key")
    return key


def public_key_of_locked(locked: bytes) -> PublicKey:
    """The public key a locked key file names (no passphrase needed)."""
    return _public_from_hex(locked_fields(locked, ORG_KEY)["public_key"])


def save_org_key(
    key: PrivateKey,
    passphrase: str,
    path: Path,
    public_path: Path,
    limits: KdfLimits = MODERATE,
) -> None:
    """Write the locked private key and the public key; never overwrite either.

    Both files are created with mode 0600 in a 0700 folder. Raises
    KeyFileError if either exists already.
    """
    for target in (path, public_path):
        if target.exists():
            raise KeyFileError(f"{target}: a key file exists already")
    locked = lock_org_key(key, passphrase, limits)
    write_new_key_file(path, locked)
    write_new_key_file(public_path, (public_key_text(key) + "\n").encode("ascii"))


def load_locked(path: Path) -> bytes:
    """Read a locked key file. Raises KeyFileError if it cannot be read."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise KeyFileError(f"{path}: cannot read key file ({exc.strerror})") from exc


def load_org_public_key(path: Path) -> PublicKey:
    """Read the public key file (hex on one line).

    Raises KeyFileError if it is missing or not an X25519 public key.
    """
    try:
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise KeyFileError(f"{path}: cannot read public key file") from exc
    try:
        return _public_from_hex(text)
    except SealingError as exc:
        raise KeyFileError(f"{path}: not an X25519 public key") from exc


def _passphrase_key(passphrase: str, salt: bytes, limits: KdfLimits) -> bytes:
    if not passphrase:
        raise SealingError("the passphrase is empty")
    # NFC, so the same passphrase typed on another keyboard unlocks the key.
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


def locked_fields(locked: bytes, file_format: LockedFormat) -> dict[str, Any]:
    """The fields of a locked key file, checked; SealingError if it is not one."""
    label = file_format.label
    try:
        fields = json.loads(locked)
    except (ValueError, UnicodeDecodeError) as exc:
        raise SealingError(f"not an {label}: not JSON") from exc
    if not isinstance(fields, dict) or fields.get("format") != file_format.name:
        raise SealingError(f"not an {label}")
    if fields.get("v") != LOCKED_VERSION or fields.get("kdf") != "argon2id":
        raise SealingError(f"unsupported {label} version")
    for name in ("opslimit", "memlimit"):
        if not isinstance(fields.get(name), int):
            raise SealingError(f"{label}: {name} must be a number")
    for name in ("salt", "ciphertext", "public_key"):
        if not isinstance(fields.get(name), str):
            raise SealingError(f"{label}: {name} is missing")
    return fields


def _public_from_hex(text: str) -> PublicKey:
    try:
        raw = bytes.fromhex(text)
    except ValueError as exc:
        raise SealingError("a public key is 64 hex digits") from exc
    if len(raw) != PublicKey.SIZE:
        raise SealingError("a public key is 64 hex digits")
    return PublicKey(raw)


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _unb64(text: str, file_format: LockedFormat) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise SealingError(f"{file_format.label}: broken base64") from exc


def write_new_key_file(path: Path, content: bytes) -> None:
    """Create ``path`` (0600, in a 0700 folder) with ``content``; never overwrite."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    try:
        fd = os.open(path, flags, KEY_FILE_MODE)
    except FileExistsError as exc:
        raise KeyFileError(f"{path}: a key file exists already") from exc
    with os.fdopen(fd, "wb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
