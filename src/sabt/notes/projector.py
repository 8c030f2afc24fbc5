"""Turns ``note.*`` events into Note and NoteRevision fast_rows.

Written with ``ledger_store.fast_rows`` rather than the ORM: notes carry the
ledger benchmark, which appends a hundred thousand events through here.
"""

from __future__ import annotations

from sabt.core.cases import DEFAULT_CASE
from sabt.ledger import Event
from sabt.ledger_store import fast_rows
from sabt.ledger_store.projection import dispatch
from sabt.notes.models import Note, NoteRevision


def _create(event: Event) -> None:
    body = event.body
    fast_rows.insert(
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
    found = fast_rows.fetch(Note, event.record, "heads")
    if found is None:
        raise ValueError(f"event {event.id} edits a note not in the table")
    # The parents are no longer heads; a head the editor did not see stays,
    # which is how a concurrent edit shows as a conflict.
    heads = sorted({*found[0]} - set(event.parents) | {event.id})
    fast_rows.update(
        Note,
        event.record,
        heads=heads,
        title=event.body["title"],
        text=event.body["text"],
        updated_at=event.at,
    )
    _add_revision(event)


def _add_revision(event: Event) -> None:
    fast_rows.insert(
        NoteRevision,
        event_id=event.id,
        note=event.record,
        title=event.body["title"],
        text=event.body["text"],
        actor=event.body["actor"],
        author=event.author,
        at=event.at,
    )


apply = dispatch({"note.created": _create, "note.edited": _edit})
