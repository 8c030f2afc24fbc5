"""Turns ``note.*`` events into Note and NoteRevision rows.

Written with ``ledger_store.rows`` rather than the ORM: notes carry the
ledger benchmark, which appends a hundred thousand events through here.
"""

from __future__ import annotations

from sabt.access.models import DEFAULT_CASE
from sabt.ledger import Event
from sabt.ledger_store import rows
from sabt.notes.models import Note, NoteRevision


def apply(event: Event) -> None:
    """Apply one note event; unknown note event types are an error."""
    if event.type == "note.created":
        _create(event)
    elif event.type == "note.edited":
        _edit(event)
    else:
        raise ValueError(f"no projection for event type {event.type}")


def _create(event: Event) -> None:
    body = event.body
    rows.insert(
        Note,
        record=event.record,
        title=body["title"],
        text=body["text"],
        created_by=body["actor"],
        created_at=event.at,
        updated_at=event.at,
        heads=[event.id],
        case=body.get("case", DEFAULT_CASE),
    )
    _add_revision(event)


def _edit(event: Event) -> None:
    found = rows.fetch(Note, event.record, "heads")
    if found is None:
        raise ValueError(f"event {event.id} edits a note not in the table")
    # The parents are no longer heads; a head the editor did not see stays,
    # which is how a concurrent edit shows as a conflict.
    heads = sorted({*found[0]} - set(event.parents) | {event.id})
    rows.update(
        Note,
        event.record,
        heads=heads,
        title=event.body["title"],
        text=event.body["text"],
        updated_at=event.at,
    )
    _add_revision(event)


def _add_revision(event: Event) -> None:
    rows.insert(
        NoteRevision,
        event_id=event.id,
        note=event.record,
        title=event.body["title"],
        text=event.body["text"],
        actor=event.body["actor"],
        author=event.author,
        at=event.at,
    )
