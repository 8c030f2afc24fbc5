"""The kit's home: its key, its kit file, and where its sealed files go.

A kit home is a ``SABT_HOME`` holding ``keys/kit.key`` (the kit's own
Ed25519 key, made by ``sabt field request`` and never sent anywhere),
``keys/organisation.pub`` (the only organisation key it ever has) and
``field/kit.json`` (the kit file headquarters signed at enrolment).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from nacl.public import PublicKey
from nacl.signing import SigningKey

from sabt.field.errors import FieldError
from sabt.field.signed import DocumentError, parse_document
from sabt.ledger import KeyFileError, load_key

REQUEST_FORMAT = "sabt-field-request"
KIT_FORMAT = "sabt-field-kit"


def kit_key_path() -> Path:
    return Path(settings.SABT_HOME) / "keys" / "kit.key"


def kit_file_path() -> Path:
    return Path(settings.SABT_HOME) / "field" / "kit.json"


def sealed_files_dir() -> Path:
    return Path(settings.SABT_HOME) / "field" / "files"


def is_kit() -> bool:
    """True if this home was made a field kit by ``sabt field init``."""
    return kit_file_path().exists()


@dataclass(frozen=True)
class KitIdentity:
    """Who this kit is, as headquarters enrolled it."""

    name: str
    key: SigningKey
    public: str
    case: str
    org_public: PublicKey
    hq: str
    enrolled_by: str


def read_kit_file(raw: bytes) -> dict[str, object]:
    """Parse and check a kit file; raise FieldError saying what is wrong."""
    try:
        document = parse_document(raw, KIT_FORMAT, signer="hq")
    except DocumentError as exc:
        raise FieldError(str(exc)) from exc
    for name in ("name", "kit", "case", "org_public_key", "enrolled_by"):
        if not isinstance(document.get(name), str) or not document[name]:
            raise FieldError(f"{KIT_FORMAT}: {name} is missing")
    return document


def kit_identity() -> KitIdentity:
    """This kit's identity; raise FieldError if this home is not a kit."""
    return _identity(str(kit_file_path()), _mtime(kit_file_path()))


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError as exc:
        raise FieldError(
            f"{settings.SABT_HOME} is not a field kit: run sabt field init KIT-FILE"
        ) from exc


@functools.lru_cache(maxsize=4)
def _identity(path: str, mtime: int) -> KitIdentity:
    document = read_kit_file(Path(path).read_bytes())
    try:
        key = load_key(kit_key_path())
    except KeyFileError as exc:
        raise FieldError(str(exc)) from exc
    return KitIdentity(
        name=str(document["name"]),
        key=key,
        public=str(document["kit"]),
        case=str(document["case"]),
        org_public=PublicKey(bytes.fromhex(str(document["org_public_key"]))),
        hq=str(document["hq"]),
        enrolled_by=str(document["enrolled_by"]),
    )
