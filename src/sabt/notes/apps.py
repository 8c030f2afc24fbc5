"""App config for notes; registers the notes projector."""

from __future__ import annotations

from django.apps import AppConfig


class NotesConfig(AppConfig):
    name = "sabt.notes"
    label = "notes"

    def ready(self) -> None:
        from sabt.ledger_store.projection import Projector, register  # noqa: PLC0415
        from sabt.notes import projector  # noqa: PLC0415
        from sabt.notes.models import Note, NoteRevision  # noqa: PLC0415

        register(
            Projector(
                prefix="note.", apply=projector.apply, models=[Note, NoteRevision]
            )
        )
