"""Which records make up an incident's file, for an export."""

from __future__ import annotations

from collections.abc import Collection

from django.db.models import Q

from sabt.evidence.models import EvidenceItem
from sabt.records.models import Act, Incident, IncidentPlace, Person, Source, Statement


def records_of_incidents(incident_ids: Collection[str]) -> set[str]:
    """Return the ids of the incidents and every record they rest on.

    That is their acts, the victims of those acts, the statements about any of
    them, the sources of those statements and of the evidence, the sources
    those derive from, the evidence items, and the places people added.
    """
    incidents = set(
        Incident.objects.filter(pk__in=incident_ids).values_list("pk", flat=True)
    )
    acts = set(Act.objects.filter(incident__in=incidents).values_list("pk", flat=True))
    statements = set(
        Statement.objects.filter(Q(incidents__in=incidents) | Q(acts__in=acts))
        .values_list("pk", flat=True)
        .distinct()
    )
    persons = set(
        Act.objects.filter(pk__in=acts, victim__isnull=False).values_list(
            "victim", flat=True
        )
    ) | set(
        Statement.objects.filter(pk__in=statements, persons__isnull=False).values_list(
            "persons", flat=True
        )
    )
    evidence = set(
        EvidenceItem.objects.filter(incidents__in=incidents).values_list(
            "pk", flat=True
        )
    )
    sources = _with_origins(
        set(
            Statement.objects.filter(pk__in=statements).values_list("source", flat=True)
        )
        | set(
            EvidenceItem.objects.filter(
                pk__in=evidence, source__isnull=False
            ).values_list("source", flat=True)
        )
    )
    places = set(
        IncidentPlace.objects.filter(
            incident__in=incidents, place__isnull=False
        ).values_list("place", flat=True)
    ) | set(
        Person.objects.filter(pk__in=persons, home_place__isnull=False).values_list(
            "home_place", flat=True
        )
    )
    # Shipped gazetteer places have no events; only places people added do.
    return incidents | acts | statements | persons | evidence | sources | places


def _with_origins(sources: set[str]) -> set[str]:
    """Add every source these derive from, however indirectly."""
    found, frontier = set(sources), set(sources)
    while frontier:
        origins = set(
            Source.derived_from.through.objects.filter(
                from_source__in=frontier
            ).values_list("to_source", flat=True)
        )
        frontier = origins - found
        found |= frontier
    return found
