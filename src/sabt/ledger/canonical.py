"""Canonical JSON bytes (RFC 8785, the JSON Canonicalization Scheme).

Hashes and signatures are taken over these bytes, so two machines that hold the
same event always agree on its id.
"""

from __future__ import annotations

from typing import Any

import rfc8785

from sabt.ledger.errors import MalformedEvent


def canonical_bytes(value: Any) -> bytes:
    """Return the RFC 8785 encoding of a JSON value.

    Raises MalformedEvent for values JSON cannot carry (NaN, non-string keys,
    integers beyond IEEE 754 double precision, ...).
    """
    try:
        return rfc8785.dumps(value)
    except (rfc8785.CanonicalizationError, TypeError, ValueError) as exc:
        raise MalformedEvent(f"not canonical JSON: {exc}") from exc
