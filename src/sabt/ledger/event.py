"""The signed event: the only unit of change in sabt.

An event is a JSON object (DESIGN.md "The event")::

    {"v": 1, "id": ..., "type": "note.created", "record": <uuid>,
     "parents": [...], "author": <hex Ed25519 key>, "at": <RFC 3339 UTC>,
     "body": {...}, "sig": ...}

``id`` is the hex SHA-256 of the RFC 8785 canonical form of the event without
``id`` and ``sig`` (its *payload*); ``sig`` is the hex Ed25519 signature over the
32 raw bytes of that digest. Parents are the record's previous heads, sorted, so
a record's events form a DAG.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from nacl.encoding import HexEncoder
from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

from sabt.ledger.canonical import canonical_bytes
from sabt.ledger.errors import HashMismatch, InvalidSignature, MalformedEvent
from sabt.ledger.keys import public_key_hex

EVENT_VERSION = 1
UNSIGNED_FIELDS = ("v", "type", "record", "parents", "author", "at", "body")

_HEX64 = re.compile(r"[0-9a-f]{64}")
_HEX128 = re.compile(r"[0-9a-f]{128}")
_TYPE = re.compile(r"[a-z][a-z_]*(\.[a-z][a-z_]*)+")
_AT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z")


@dataclass(frozen=True)
class Event:
    """A signed event. Treat ``body`` as read-only: the id covers it."""

    id: str
    type: str
    record: str
    parents: tuple[str, ...]
    author: str
    at: str
    body: Mapping[str, Any]
    sig: str
    v: int = EVENT_VERSION
    payload: bytes = field(default=b"", repr=False, compare=False)

    def unsigned(self) -> dict[str, Any]:
        """Return the fields the id is computed over."""
        return {
            "v": self.v,
            "type": self.type,
            "record": self.record,
            "parents": list(self.parents),
            "author": self.author,
            "at": self.at,
            "body": self.body,
        }

    def to_dict(self) -> dict[str, Any]:
        """Return the whole event as a JSON object."""
        return {**self.unsigned(), "id": self.id, "sig": self.sig}

    def canonical_payload(self) -> bytes:
        """Return the canonical unsigned bytes (cached when parsed from them)."""
        return self.payload or canonical_bytes(self.unsigned())


def utc_now() -> str:
    """Return the current UTC time as RFC 3339 with microseconds and ``Z``."""
    stamp = datetime.now(UTC).isoformat(timespec="microseconds")
    return stamp.replace("+00:00", "Z")


def digest_hex(payload: bytes) -> str:
    """Return the event id for a canonical payload."""
    return hashlib.sha256(payload).hexdigest()


def sign_event(
    key: SigningKey,
    *,
    type: str,
    record: str,
    parents: Sequence[str],
    body: Mapping[str, Any],
    at: str | None = None,
) -> Event:
    """Build, hash and sign an event authored by ``key``.

    Raises MalformedEvent if a field is out of shape.
    """
    unsigned = {
        "v": EVENT_VERSION,
        "type": type,
        "record": record,
        "parents": sorted(set(parents)),
        "author": public_key_hex(key),
        "at": at or utc_now(),
        "body": dict(body),
    }
    check_shape(unsigned)
    payload = canonical_bytes(unsigned)
    digest = hashlib.sha256(payload).digest()
    sig = key.sign(digest).signature.hex()
    return event_from_payload(payload, digest.hex(), sig)


def event_from_dict(data: Mapping[str, Any]) -> Event:
    """Parse a whole event (as exported or sent in a bundle) and check it.

    Raises MalformedEvent, HashMismatch or InvalidSignature.
    """
    if not isinstance(data, Mapping):
        raise MalformedEvent("an event must be a JSON object")
    extra = set(data) - {*UNSIGNED_FIELDS, "id", "sig"}
    if extra:
        raise MalformedEvent(f"unknown fields: {', '.join(sorted(extra))}")
    unsigned: dict[str, Any] = {name: data.get(name) for name in UNSIGNED_FIELDS}
    check_shape(unsigned)
    parents = unsigned["parents"]
    if parents != sorted(set(parents)):
        raise MalformedEvent("parents must be sorted and distinct")
    event_id, sig = data.get("id"), data.get("sig")
    if not isinstance(event_id, str) or not _HEX64.fullmatch(event_id):
        raise MalformedEvent("id must be 64 lowercase hex digits")
    if not isinstance(sig, str) or not _HEX128.fullmatch(sig):
        raise MalformedEvent("sig must be 128 lowercase hex digits")
    event = event_from_payload(canonical_bytes(unsigned), event_id, sig)
    check_signed(event)
    return event


def event_from_payload(payload: bytes, event_id: str, sig: str) -> Event:
    """Build an event from its canonical bytes, without checks.

    Every Event is made here, so its body is always the canonical JSON read
    back (1.0 arrives as 1): what a projector sees live is what it sees on
    replay. Stores hand back what ``append`` accepted; ``verify`` re-checks.
    """
    unsigned = json.loads(payload)
    return _event_from_unsigned(unsigned, event_id, sig, payload)


def check_signed(event: Event) -> None:
    """Check that the id hashes the payload and the author signed the id.

    Raises HashMismatch or InvalidSignature (RFC 8032 Ed25519).
    """
    check_id(event.canonical_payload(), event.id)
    check_signature(event.id, event.sig, event.author)


def check_id(payload: bytes, event_id: str) -> None:
    """Raise HashMismatch unless ``event_id`` is the SHA-256 of ``payload``."""
    if hashlib.sha256(payload).hexdigest() != event_id:
        raise HashMismatch("id does not match the SHA-256 of the event")


def check_signature(event_id: str, sig: str, author: str) -> None:
    """Raise InvalidSignature unless ``author`` signed the id (RFC 8032)."""
    try:
        VerifyKey(author.encode("ascii"), encoder=HexEncoder).verify(
            bytes.fromhex(event_id), bytes.fromhex(sig)
        )
    except (BadSignatureError, ValueError) as exc:
        raise InvalidSignature(
            "signature does not verify for the author's key"
        ) from exc


def _event_from_unsigned(
    unsigned: Mapping[str, Any], event_id: str, sig: str, payload: bytes
) -> Event:
    return Event(
        v=unsigned["v"],
        id=event_id,
        type=unsigned["type"],
        record=unsigned["record"],
        parents=tuple(unsigned["parents"]),
        author=unsigned["author"],
        at=unsigned["at"],
        body=unsigned["body"],
        sig=sig,
        payload=payload,
    )


def check_shape(unsigned: Mapping[str, Any]) -> None:
    """Raise MalformedEvent naming the first field out of shape."""
    if unsigned["v"] != EVENT_VERSION:
        raise MalformedEvent(f"unsupported event version {unsigned['v']!r}")
    if not isinstance(unsigned["type"], str) or not _TYPE.fullmatch(unsigned["type"]):
        raise MalformedEvent("type must look like 'record_kind.verb'")
    if not _is_uuid(unsigned["record"]):
        raise MalformedEvent("record must be a lowercase UUID")
    parents = unsigned["parents"]
    if not isinstance(parents, list) or not all(
        isinstance(p, str) and _HEX64.fullmatch(p) for p in parents
    ):
        raise MalformedEvent("parents must be a list of event ids")
    author = unsigned["author"]
    if not isinstance(author, str) or not _HEX64.fullmatch(author):
        raise MalformedEvent("author must be a hex Ed25519 public key")
    if not isinstance(unsigned["at"], str) or not _AT.fullmatch(unsigned["at"]):
        raise MalformedEvent("at must be an RFC 3339 UTC time ending in Z")
    if not isinstance(unsigned["body"], dict):
        raise MalformedEvent("body must be a JSON object")


def _is_uuid(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        return str(uuid.UUID(value)) == value
    except ValueError:
        return False
