"""Reads that take a user: the only way interfaces reach protected rows.

"Not yours" and "not there" both raise Http404, so a page never leaks that a
record exists.
"""

from __future__ import annotations

from typing import TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models
from django.db.models import QuerySet
from django.http import Http404

from sabt.evidence.models import EvidenceFile, EvidenceItem
from sabt.gazetteer.models import Place
from sabt.notes.models import Note
from sabt.records.models import Incident, Person, Source, Statement

RowT = TypeVar("RowT", bound=models.Model)


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


def _visible(user: AbstractBaseUser | AnonymousUser) -> bool:
    # Until cases and roles arrive, every active account sees every record.
    return bool(user.is_authenticated and user.is_active)


def visible_incidents(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Incident]:
    return Incident.objects.all() if _visible(user) else Incident.objects.none()


def visible_people(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Person]:
    return Person.objects.all() if _visible(user) else Person.objects.none()


def visible_sources(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Source]:
    return Source.objects.all() if _visible(user) else Source.objects.none()


def visible_statements(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Statement]:
    return Statement.objects.all() if _visible(user) else Statement.objects.none()


def visible_evidence(user: AbstractBaseUser | AnonymousUser) -> QuerySet[EvidenceItem]:
    return EvidenceItem.objects.all() if _visible(user) else EvidenceItem.objects.none()


def visible_evidence_files(
    user: AbstractBaseUser | AnonymousUser,
) -> QuerySet[EvidenceFile]:
    return EvidenceFile.objects.filter(item__in=visible_evidence(user))


def get_evidence_for(
    user: AbstractBaseUser | AnonymousUser, record: str
) -> EvidenceItem:
    return _get(visible_evidence(user), record)


def get_incident_for(user: AbstractBaseUser | AnonymousUser, record: str) -> Incident:
    """Return one visible incident or raise Http404."""
    return _get(visible_incidents(user), record)


def get_person_for(user: AbstractBaseUser | AnonymousUser, record: str) -> Person:
    return _get(visible_people(user), record)


def get_source_for(user: AbstractBaseUser | AnonymousUser, record: str) -> Source:
    return _get(visible_sources(user), record)


def get_statement_for(user: AbstractBaseUser | AnonymousUser, record: str) -> Statement:
    return _get(visible_statements(user), record)


def visible_places(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Place]:
    """Gazetteer and user-added places: a user-added one may mark a grave."""
    return Place.objects.all() if _visible(user) else Place.objects.none()


def get_place_for(user: AbstractBaseUser | AnonymousUser, key: str) -> Place:
    return _get(visible_places(user), key)


def _get(rows: QuerySet[RowT], record: str) -> RowT:
    row = rows.filter(pk=record).first()
    if row is None:
        raise Http404
    return row
