"""The sealed envelope: a kit-signed event whose body headquarters alone can read.

The kit signs the real event with its key, as any author would, then seals
the whole signed event (canonical JSON) to the organisation's public key
(a sealed box) and signs an envelope around the ciphertext::

    {"format": "sabt-field-envelope", "v": 1, "kit": <key>, "seq": n,
     "type": ..., "record": ..., "event": <id>, "parents": [...], "at": ...,
     "files": [<file id>...], "sealed": <base64>, "sig": ...}

The envelope's signature covers the ciphertext, so a bundle is checked
before anything is opened; the inner signature is the event's own, so the
event joins headquarters' log as the kit's. What stays readable on the kit
is the envelope's clear fields: type, time, record and event ids.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping, Sequence
from typing import Any

from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.signing import SigningKey

from sabt.field.errors import BundleRefused
from sabt.field.signed import DocumentError, check_document, sign_document
from sabt.ledger import Event, LedgerError, event_from_dict
from sabt.ledger.canonical import canonical_bytes

ENVELOPE_FORMAT = "sabt-field-envelope"
CLEAR_FIELDS = ("type", "record", "parents", "at")


def seal_event(
    key: SigningKey,
    event: Event,
    *,
    seq: int,
    files: Sequence[str],
    org_public: PublicKey,
) -> dict[str, Any]:
    """Seal ``event`` (signed by ``key``) to the organisation; sign the envelope."""
    sealed = SealedBox(org_public).encrypt(canonical_bytes(event.to_dict()))
    fields = {
        "seq": seq,
        "event": event.id,
        **{name: event.to_dict()[name] for name in CLEAR_FIELDS},
        "files": sorted(files),
        "sealed": base64.b64encode(bytes(sealed)).decode("ascii"),
    }
    return sign_document(key, ENVELOPE_FORMAT, fields, signer="kit")


def check_envelope(envelope: Any, kit: str) -> dict[str, Any]:
    """Check an envelope's form and that ``kit`` signed it; raise BundleRefused."""
    try:
        checked = check_document(envelope, ENVELOPE_FORMAT, signer="kit")
    except DocumentError as exc:
        raise BundleRefused(f"an event's envelope: {exc}") from exc
    if checked["kit"] != kit:
        raise BundleRefused(
            f"event {checked.get('event')} was sealed by another kit than the bundle's"
        )
    if not isinstance(checked.get("seq"), int) or not isinstance(
        checked.get("files"), list
    ):
        raise BundleRefused(f"event {checked.get('event')}: a malformed envelope")
    return checked


def open_envelope(envelope: Mapping[str, Any], org_private: PrivateKey) -> Event:
    """Open a checked envelope; return the event the kit signed inside.

    Raises BundleRefused if it does not open, or the event inside is not
    the one the envelope names, or not the kit's own.
    """
    name = envelope.get("event")
    try:
        raw = SealedBox(org_private).decrypt(base64.b64decode(envelope["sealed"]))
        event = event_from_dict(json.loads(raw))
    except (CryptoError, binascii.Error, ValueError, LedgerError) as exc:
        raise BundleRefused(f"event {name} does not open: {exc}") from exc
    clear = event.to_dict()
    same = event.id == name and event.author == envelope["kit"]
    if not same or any(clear[field] != envelope[field] for field in CLEAR_FIELDS):
        raise BundleRefused(f"event {name}: the sealed event is not the one named")
    return event
