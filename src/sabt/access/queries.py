"""Reads that take a user: the only way interfaces reach protected rows.

"Not yours" and "not there" both raise Http404, so a page never leaks that a
record exists.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.http import Http404

from sabt.notes.models import Note


def visible_notes(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Note]:
    """Return the notes a user may read: every note for an active account."""
    if not user.is_authenticated or not user.is_active:
        return Note.objects.none()
    return Note.objects.all()


def get_note_for(user: AbstractBaseUser | AnonymousUser, record: str) -> Note:
    """Return one visible note or raise Http404."""
    note = visible_notes(user).filter(record=record).first()
    if note is None:
        raise Http404
    return note
