"""Appending to the log: the checks every event passes before it is stored."""

from __future__ import annotations

from sabt.ledger.errors import MalformedEvent, MissingParent
from sabt.ledger.event import Event, event_from_dict
from sabt.ledger.store import EventStore


def append(store: EventStore, event: Event) -> int:
    """Check an event and store it; return its log index.

    Checks structure, canonical form, id, signature, and that every parent is
    already in the log and belongs to the same record. An event already in the
    log is not stored again: its existing index is returned, so importing the
    same bundle twice changes nothing.

    Raises MalformedEvent, HashMismatch, InvalidSignature or MissingParent.
    """
    # Re-parsing from the dict runs every shape check on events built by hand.
    checked = event_from_dict(event.to_dict())
    if event.payload and event.payload != checked.payload:
        raise MalformedEvent("stored bytes are not the canonical form of the event")
    return append_verified(store, checked)


def append_verified(store: EventStore, checked: Event) -> int:
    """Store an event whose shape, id and signature are already checked.

    For an event ``sign_event`` has just made, or one ``event_from_dict`` has
    parsed: checking its signature again would only repeat that work. Still
    checks what depends on the log: duplicates and parents.

    Raises MissingParent.
    """
    existing = store.index_of(checked.id)
    if existing is not None:
        return existing
    records = store.records_of(checked.parents)
    for parent in checked.parents:
        if parent not in records:
            raise MissingParent(f"parent {parent} is not in the log")
        if records[parent] != checked.record:
            raise MissingParent(
                f"parent {parent} belongs to record {records[parent]}, "
                f"not {checked.record}"
            )
    return store.add(checked)
