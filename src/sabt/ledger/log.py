"""Appending to the log: the checks every event passes before it is stored."""

from __future__ import annotations

from sabt.ledger.errors import MalformedEvent, MissingParent
from sabt.ledger.event import Event, event_from_dict
from sabt.ledger.store import EventStore
from sabt.ledger.trust import TrustedAuthors


def append(store: EventStore, event: Event, trust: TrustedAuthors | None = None) -> int:
    """Check an event and store it; return its log index.

    Checks structure, canonical form, id, signature, and that every parent is
    already in the log and belongs to the same record; given ``trust`` (the
    trusted authors at the head of the log), that the author may sign it. An
    event already in the
    log is not stored again: its existing index is returned, so importing the
    same bundle twice changes nothing.

    Raises MalformedEvent, HashMismatch, InvalidSignature, MissingParent or
    UnknownAuthor.
    """
    # Re-parsing from the dict runs every shape check on events built by hand.
    checked = event_from_dict(event.to_dict())
    if event.payload and event.payload != checked.payload:
        raise MalformedEvent("stored bytes are not the canonical form of the event")
    # One lookup for the event and its parents: it runs for every append.
    found = store.locate([checked.id, *checked.parents])
    if checked.id in found:
        return found[checked.id].index
    if trust is not None:
        trust.check(checked.to_dict())
    for parent in checked.parents:
        if parent not in found:
            raise MissingParent(f"parent {parent} is not in the log")
        if found[parent].record != checked.record:
            raise MissingParent(
                f"parent {parent} belongs to record {found[parent].record}, "
                f"not {checked.record}"
            )
    return store.add(checked)
