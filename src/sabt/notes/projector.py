"""Turns ``note.*`` events into Note and NoteRevision rows."""

from __future__ import annotations

from sabt.ledger import Event
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
    note = Note.objects.create(
        record=event.record,
        title=body["title"],
        text=body["text"],
        created_by=body["actor"],
        created_at=event.at,
        updated_at=event.at,
        heads=[event.id],
    )
    _add_revision(note, event)


def _edit(event: Event) -> None:
    note = Note.objects.get(record=event.record)
    # The parents are no longer heads; a head the editor did not see stays,
    # which is how a concurrent edit shows as a conflict.
    note.heads = sorted({*note.heads} - set(event.parents) | {event.id})
    note.title = event.body["title"]
    note.text = event.body["text"]
    note.updated_at = event.at
    note.save(update_fields=["heads", "title", "text", "updated_at"])
    _add_revision(note, event)


def _add_revision(note: Note, event: Event) -> None:
    NoteRevision.objects.create(
        event_id=event.id,
        note=note,
        title=event.body["title"],
        text=event.body["text"],
        actor=event.body["actor"],
        author=event.author,
        at=event.at,
    )
