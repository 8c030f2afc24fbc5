"""Signed JSON documents: what kits and headquarters hand each other.

A document is a JSON object with a ``format`` tag and a version ``v``; its
``sig`` is the hex Ed25519 signature, by the key its ``signer`` field names,
over the SHA-256 of the RFC 8785 form of every other field (as events are
signed). Request files, kit files, sealed envelopes, bundle manifests and
acknowledgements are all such documents. No Django here.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from nacl.signing import SigningKey

from sabt.ledger.canonical import canonical_bytes
from sabt.ledger.errors import InvalidSignature, LedgerError, MalformedEvent
from sabt.ledger.event import check_signature
from sabt.ledger.keys import public_key_hex


class DocumentError(LedgerError):
    """A document is not of the expected format, or its signature fails."""


def sign_document(
    key: SigningKey, fmt: str, fields: Mapping[str, Any], *, signer: str
) -> dict[str, Any]:
    """Return ``fields`` tagged with ``fmt``, version 1, and signed by ``key``.

    ``signer`` names the field that carries the signing key (``kit``, ``hq``).
    """
    document = {**fields, "format": fmt, "v": 1, signer: public_key_hex(key)}
    digest = hashlib.sha256(canonical_bytes(document)).digest()
    return {**document, "sig": key.sign(digest).signature.hex()}


def check_document(document: Any, fmt: str, *, signer: str) -> dict[str, Any]:
    """Check the format tag and the signature; return the document.

    Raises DocumentError naming what is wrong.
    """
    if not isinstance(document, dict) or document.get("format") != fmt:
        raise DocumentError(f"not a {fmt} file")
    if document.get("v") != 1:
        raise DocumentError(f"{fmt}: unsupported version {document.get('v')!r}")
    unsigned = {name: value for name, value in document.items() if name != "sig"}
    try:
        digest = hashlib.sha256(canonical_bytes(unsigned)).hexdigest()
        check_signature(digest, str(document.get("sig", "")), str(unsigned[signer]))
    except (InvalidSignature, MalformedEvent, KeyError, ValueError) as exc:
        raise DocumentError(f"{fmt}: the signature does not verify") from exc
    return document


def parse_document(raw: bytes, fmt: str, *, signer: str) -> dict[str, Any]:
    """Parse JSON bytes and check them as ``check_document`` does."""
    try:
        document = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise DocumentError(f"not a {fmt} file: not JSON") from exc
    return check_document(document, fmt, signer=signer)


def document_bytes(document: Mapping[str, Any]) -> bytes:
    """The bytes a document is written to a file as (readable, one per file)."""
    return json.dumps(document, indent=2, ensure_ascii=True).encode("ascii") + b"\n"
