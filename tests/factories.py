"""Test data made through the real services, so every row has its signed event."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User

from sabt.notes.models import Note
from sabt.notes.services import create_note


def make_note(actor: User, **overrides: Any) -> Note:
    fields = {"title": "Darhel, 10 September", "text": "Shots after a gunshot."}
    fields.update(overrides)
    return create_note(actor=actor, **fields)
