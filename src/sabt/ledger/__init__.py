"""The ledger: signed events in an append-only log, in pure Python.

Nothing here imports Django or any other sabt package; storage comes in
through the ``EventStore`` protocol.
"""

from __future__ import annotations

from sabt.ledger.errors import (
    HashMismatch,
    InvalidSignature,
    KeyFileError,
    LedgerError,
    MalformedEvent,
    MissingParent,
    UnknownAuthor,
)
from sabt.ledger.event import Event, event_from_dict, event_from_payload, sign_event
from sabt.ledger.keys import (
    generate_key,
    key_from_seed,
    load_key,
    public_key_hex,
    save_key,
)
from sabt.ledger.log import append
from sabt.ledger.store import EventStore, Located, MemoryStore, StoredRow
from sabt.ledger.trust import TrustedAuthors, TrustedKey, key_record
from sabt.ledger.verify import Problem, verify

__all__ = [
    "Event",
    "EventStore",
    "HashMismatch",
    "InvalidSignature",
    "KeyFileError",
    "LedgerError",
    "Located",
    "MalformedEvent",
    "MemoryStore",
    "MissingParent",
    "Problem",
    "StoredRow",
    "TrustedAuthors",
    "TrustedKey",
    "UnknownAuthor",
    "append",
    "event_from_dict",
    "event_from_payload",
    "generate_key",
    "key_from_seed",
    "key_record",
    "load_key",
    "public_key_hex",
    "save_key",
    "sign_event",
    "verify",
]
