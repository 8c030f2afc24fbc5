"""The node's own signing key: where it lives and how it is created."""

from __future__ import annotations

import functools
from pathlib import Path

from django.conf import settings
from nacl.signing import SigningKey

from sabt.ledger import generate_key, load_key, save_key


def node_key_path() -> Path:
    return Path(settings.SABT_NODE_KEY)


def ensure_node_key() -> bool:
    """Create the node's key file if there is none; return whether it was created."""
    path = node_key_path()
    if path.exists():
        return False
    save_key(generate_key(), path)
    return True


def node_key() -> SigningKey:
    """Return the node's signing key (read once per path and process).

    Raises KeyFileError if the key file is missing or unsafe.
    """
    # Keyed by the setting's text: every event is signed with this key, and
    # building and hashing a Path each time cost more than the signature's
    # bookkeeping around it.
    return _load_cached(str(settings.SABT_NODE_KEY))


@functools.cache
def _load_cached(path: str) -> SigningKey:
    return load_key(Path(path))
