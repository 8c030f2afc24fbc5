"""Reads that take a user: the only way interfaces reach protected rows.

A user sees the records of the cases they belong to (``access.policy``), and
nothing else; an admin sees every case. "Not yours" and "not there" both
raise Http404, so a page never leaks that a record exists. Writing needs
more than seeing: ``require`` checks a capability in the record's case and
raises PermissionDenied (403) for a record the user may see but not change.
Each ``get_<thing>_for(user, record, capability=...)`` does both: Http404
unless the user may see it, PermissionDenied unless they hold ``capability``
in its case, so a view cannot fetch a record and forget the check.
"""

from __future__ import annotations

from typing import TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.http import Http404

from sabt.access.policy import Capability, can, can_anywhere, cases_where
from sabt.core.cases import DEFAULT_CASE, Case
from sabt.evidence.models import EvidenceFile, EvidenceItem
from sabt.gazetteer.models import Place
from sabt.notes.models import Note
from sabt.records.models import (
    Act,
    Incident,
    IncidentPlace,
    Person,
    Source,
    Statement,
)

RowT = TypeVar("RowT", bound=models.Model)
User = AbstractBaseUser | AnonymousUser


def in_cases(
    user: User, rows: QuerySet[RowT], capability: Capability = Capability.VIEW
) -> QuerySet[RowT]:
    """The rows whose ``case`` grants the user ``capability``."""
    cases = cases_where(user, capability)
    if cases is None:
        return rows
    return rows.filter(case__in=cases)


def require(user: User, capability: Capability, record: models.Model) -> None:
    """Raise PermissionDenied unless the user holds ``capability`` in its case."""
    if not can(user, capability, str(getattr(record, "case", ""))):
        raise PermissionDenied


def require_anywhere(user: User, capability: Capability) -> None:
    """Raise PermissionDenied unless the user holds ``capability`` in some case."""
    if not can_anywhere(user, capability):
        raise PermissionDenied


def case_to_document(user: User, case: str | None) -> str:
    """The case a new record goes into: the one asked for, or the user's own.

    Raises PermissionDenied if the user may not document there (or anywhere).
    """
    if case:
        if not can(user, Capability.DOCUMENT, case):
            raise PermissionDenied
        return case
    cases = cases_where(user, Capability.DOCUMENT)
    if cases is None:
        return DEFAULT_CASE
    if not cases:
        raise PermissionDenied
    return DEFAULT_CASE if DEFAULT_CASE in cases else cases[0]


def cases_for(user: User, capability: Capability) -> QuerySet[Case]:
    """The cases in which the user may use ``capability`` (for case pickers)."""
    cases = cases_where(user, capability)
    return Case.objects.all() if cases is None else Case.objects.filter(pk__in=cases)


def visible_notes(user: User) -> QuerySet[Note]:
    """Notes of the cases the user may see, as for every record."""
    return in_cases(user, Note.objects.all())


def get_note_for(user: User, record: str) -> Note:
    """Return one visible note or raise Http404."""
    return get_or_404(visible_notes(user), record)


def visible_incidents(user: User) -> QuerySet[Incident]:
    return in_cases(user, Incident.objects.all())


def visible_incident_places(user: User) -> QuerySet[IncidentPlace]:
    """The places of visible incidents: each carries its incident's case."""
    return in_cases(user, IncidentPlace.objects.all())


def visible_people(user: User) -> QuerySet[Person]:
    return in_cases(user, Person.objects.all())


def visible_sources(user: User) -> QuerySet[Source]:
    return in_cases(user, Source.objects.all())


def visible_statements(user: User) -> QuerySet[Statement]:
    return in_cases(user, Statement.objects.all())


def visible_acts(user: User) -> QuerySet[Act]:
    return in_cases(user, Act.objects.all())


def visible_evidence(user: User) -> QuerySet[EvidenceItem]:
    return in_cases(user, EvidenceItem.objects.all())


def visible_evidence_files(user: User) -> QuerySet[EvidenceFile]:
    return EvidenceFile.objects.filter(item__in=visible_evidence(user))


def get_evidence_for(
    user: User, record: str, *, capability: Capability | None = None
) -> EvidenceItem:
    return checked(user, get_or_404(visible_evidence(user), record), capability)


def get_incident_for(
    user: User, record: str, *, capability: Capability | None = None
) -> Incident:
    return checked(user, get_or_404(visible_incidents(user), record), capability)


def get_person_for(
    user: User, record: str, *, capability: Capability | None = None
) -> Person:
    return checked(user, get_or_404(visible_people(user), record), capability)


def get_source_for(
    user: User, record: str, *, capability: Capability | None = None
) -> Source:
    return checked(user, get_or_404(visible_sources(user), record), capability)


def get_statement_for(
    user: User, record: str, *, capability: Capability | None = None
) -> Statement:
    return checked(user, get_or_404(visible_statements(user), record), capability)


def visible_places(user: User) -> QuerySet[Place]:
    """The gazetteer is shared by every case; members of any case see it.

    A user-added place may mark a grave; it is a place, not a person, and
    incidents that name it stay within their case.
    """
    if not can_anywhere(user, Capability.VIEW):
        return Place.objects.none()
    return Place.objects.all()


def get_place_for(user: User, key: str) -> Place:
    return get_or_404(visible_places(user), key)


def checked(user: User, row: RowT, capability: Capability | None) -> RowT:
    """``row``, once the user is found to hold ``capability`` in its case."""
    if capability is not None:
        require(user, capability, row)
    return row


def get_or_404(rows: QuerySet[RowT], record: str) -> RowT:
    """The row with this key among ``rows``, or Http404."""
    row = rows.filter(pk=record).first()
    if row is None:
        raise Http404
    return row
