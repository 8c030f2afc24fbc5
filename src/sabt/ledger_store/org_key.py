"""The organisation's key on this node: its files, and the unlocked key in memory.

The private key is stored only locked (``ledger.sealing``). ``sabt serve``
unlocks it at start with the passphrase from ``SABT_ORG_PASSPHRASE`` (or its
``_FILE``) or a prompt, and it stays in this process's memory alone. A field
kit holds only the public key: it can seal, never open.
"""

from __future__ import annotations

import functools
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from nacl.public import PrivateKey, PublicKey

from sabt.ledger.errors import KeyFileError
from sabt.ledger.sealing import (
    MODERATE,
    KdfLimits,
    SealingError,
    generate_org_key,
    load_locked,
    load_org_public_key,
    save_org_key,
    unlock_org_key,
)


class OrgKeyLocked(SealingError):
    """The organisation's private key is not unlocked in this process."""


# Unlocked keys by key-file path: the one place the private key lives.
_unlocked: dict[Path, PrivateKey] = {}


def org_key_path() -> Path:
    return Path(settings.SABT_ORG_KEY)


def org_public_key_path() -> Path:
    return Path(settings.SABT_ORG_PUBLIC_KEY)


def org_key_exists() -> bool:
    """True if this node holds the organisation's (locked) private key."""
    return org_key_path().exists()


def create_org_key(passphrase: str, limits: KdfLimits = MODERATE) -> PublicKey:
    """Create the organisation's key, lock it under ``passphrase``, unlock it here.

    Raises KeyFileError if a key file exists already, SealingError for an
    empty passphrase.
    """
    key = generate_org_key()
    save_org_key(key, passphrase, org_key_path(), org_public_key_path(), limits)
    _unlocked[org_key_path()] = key
    return key.public_key


def new_passphrase() -> str:
    """A random passphrase for a first start nobody gave one for."""
    return secrets.token_urlsafe(24)


def unlock(passphrase: str) -> PublicKey:
    """Unlock the private key for this process; return its public key.

    Raises KeyFileError if there is no key file, WrongPassphrase if the
    passphrase does not open it.
    """
    key = unlock_org_key(load_locked(org_key_path()), passphrase)
    _unlocked[org_key_path()] = key
    return key.public_key


@dataclass(frozen=True)
class Opening:
    """What ``open_at_start`` did with the organisation's key.

    ``public_key`` is None on a node holding only the public key file (a
    field kit), which has nothing to unlock.
    """

    public_key: PublicKey | None
    created: bool = False
    # A passphrase made up on first start, to show once; empty otherwise.
    new_passphrase: str = ""


def open_at_start(passphrase: str, ask: Callable[[], str]) -> Opening:
    """Unlock the organisation's key as a server starts; make it on first start.

    ``passphrase`` is the configured one (may be empty); ``ask`` is called
    for one when it is empty and a key exists. On first start with no
    passphrase configured, a random one is made and returned to show once.
    A node with only the public key file is left as it is. Raises
    WrongPassphrase, KeyFileError, SealingError; ``ask`` may raise too.
    """
    if not org_key_exists() and org_public_key_path().exists():
        return Opening(public_key=None)
    if not org_key_exists():
        chosen = passphrase or new_passphrase()
        public = create_org_key(chosen)
        shown = "" if passphrase else chosen
        return Opening(public, created=True, new_passphrase=shown)
    return Opening(unlock(passphrase or ask()))


def forget() -> None:
    """Drop every unlocked key from memory (tests; a server that locks itself)."""
    _unlocked.clear()


def is_unlocked() -> bool:
    return org_key_path() in _unlocked


def org_private_key() -> PrivateKey:
    """Return the unlocked private key.

    Unlocks it first with ``SABT_ORG_PASSPHRASE`` if that is set (a server
    started by another WSGI runner than ``sabt serve``). Raises OrgKeyLocked
    when it is not unlocked and cannot be, naming why.
    """
    path = org_key_path()
    if path in _unlocked:
        return _unlocked[path]
    if not path.exists():
        raise OrgKeyLocked(
            "this node holds no organisation private key: sealed fields "
            "cannot be opened here"
        )
    if not settings.SABT_ORG_PASSPHRASE:
        raise OrgKeyLocked(
            "the organisation's key is locked: start the server with sabt serve "
            "or set SABT_ORG_PASSPHRASE"
        )
    unlock(settings.SABT_ORG_PASSPHRASE)
    return _unlocked[path]


def org_public_key() -> PublicKey:
    """Return the organisation's public key, which seals data keys.

    With the private key unlocked, its own public half; else the public key
    file (all a field kit has). Raises KeyFileError if there is neither.
    """
    unlocked = _unlocked.get(org_key_path())
    if unlocked is not None:
        return unlocked.public_key
    path = org_public_key_path()
    return _load_public(path, _mtime(path))


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError as exc:
        raise KeyFileError(
            f"{path}: this node has no organisation public key; run "
            "sabt keys org-init, or copy the organisation's public key here"
        ) from exc


@functools.lru_cache(maxsize=8)
def _load_public(path: Path, mtime: int) -> PublicKey:
    return load_org_public_key(path)
