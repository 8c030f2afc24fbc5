"""Making a kit home: the kit's own key and request, then the kit file.

``request`` runs on the kit: it makes the kit's key (or keeps the one made
before) and returns the request to carry to headquarters. ``install`` takes
the kit file headquarters answered with and makes this home a kit.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sabt.field.enrolment import MAX_NAME
from sabt.field.errors import FieldError
from sabt.field.kit import (
    REQUEST_FORMAT,
    is_kit,
    kit_file_path,
    kit_key_path,
    read_kit_file,
    sealed_files_dir,
)
from sabt.field.signed import document_bytes, sign_document
from sabt.ledger import KeyFileError, generate_key, load_key, public_key_hex, save_key
from sabt.ledger_store.org_key import org_key_exists, org_public_key_path


def request(name: str) -> dict[str, Any]:
    """The kit's request to be enrolled as ``name``, signed by its own key."""
    if not name.strip() or len(name) > MAX_NAME:
        raise FieldError("the kit needs a name of 1-100 characters")
    if is_kit():
        raise FieldError("this home is a field kit already")
    if org_key_exists():
        raise FieldError(
            "this home holds the organisation's private key: make the kit in "
            "its own home (SABT_HOME)"
        )
    path = kit_key_path()
    if not path.exists():
        save_key(generate_key(), path)
    try:
        key = load_key(path)
    except KeyFileError as exc:
        raise FieldError(str(exc)) from exc
    return sign_document(key, REQUEST_FORMAT, {"name": name}, signer="kit")


def install(raw: bytes) -> dict[str, Any]:
    """Make this home the kit that ``raw`` (a kit file) enrols; return the file.

    Raises FieldError if the kit file is not one, is not for this home's key,
    or the home is not a kit-to-be.
    """
    document = read_kit_file(raw)
    if is_kit():
        raise FieldError("this home is a field kit already")
    if org_key_exists():
        raise FieldError("this home holds the organisation's private key")
    try:
        key = load_key(kit_key_path())
    except KeyFileError as exc:
        raise FieldError(f"{exc}: run sabt field request in this home first") from exc
    if public_key_hex(key) != document["kit"]:
        raise FieldError("this kit file is for another kit's key, not this home's")
    _write(org_public_key_path(), f"{document['org_public_key']}\n".encode("ascii"))
    sealed_files_dir().mkdir(parents=True, exist_ok=True, mode=0o700)
    _write(kit_file_path(), document_bytes(document))
    return document


def _write(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
