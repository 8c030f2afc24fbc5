"""Forms of the web interface, one module per area; services validate."""

from __future__ import annotations

from sabt.web.forms.notes import NoteForm

__all__ = ["NoteForm"]
