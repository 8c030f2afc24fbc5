"""The write path: sign an event, append it, project it, in one transaction.

Domain services are the only callers. If the projector raises, the append
rolls back with it, so the log and the tables never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from nacl.signing import SigningKey

from sabt.ledger import Event, append, sign_event
from sabt.ledger_store.authors import trusted_authors
from sabt.ledger_store.node import node_key
from sabt.ledger_store.projection import project
from sabt.ledger_store.store import OrmEventStore


def record_event(
    *,
    type: str,
    record: str,
    body: Mapping[str, Any],
    key: SigningKey | None = None,
) -> Event:
    """Sign a new event on top of the record's current heads and project it.

    Signs with the node's key unless ``key`` is given, which must then be a
    trusted author (UnknownAuthor otherwise). Raises the ledger's errors for a
    malformed event; nothing is stored then.

    Inside a caller's transaction no savepoint is taken: an error here rolls
    back the caller's whole transaction, the all-or-nothing an import wants,
    and a batch saves two statements per event (benchmarks/ledger.py).
    """
    with transaction.atomic(savepoint=False):
        store = OrmEventStore()
        store.lock()
        event = sign_event(
            key or node_key(),
            type=type,
            record=record,
            parents=store.heads(record),
            body=body,
        )
        if key is not None:
            trusted_authors().check(event.to_dict())
        # sign_event built it from canonical bytes and signed it just now, on
        # parents read under the lock: they are in the log and in this record.
        # The unique index on event ids refuses a duplicate.
        store.add(event)
        project(event)
    return event


def ingest_event(event: Event) -> bool:
    """Append and project an event signed elsewhere (a field kit, a bundle).

    Returns False, changing nothing, if the log holds it already. Raises the
    ledger's errors for a bad event, UnknownAuthor for an author this log does
    not trust (or has revoked); nothing is stored then.
    """
    with transaction.atomic():
        store = OrmEventStore()
        store.lock()
        if store.locate([event.id]):
            return False
        append(store, event, trusted_authors())
        project(event)
    return True
