"""Filtering incidents for lists, the API and reports.

Takes a queryset the caller already narrowed to what its user may see
(``sabt.access.queries.visible_incidents``) and narrows it further.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace
from typing import Any

from django.db.models import QuerySet

from sabt.records.models import Incident, IncidentPlace
from sabt.records.search import count_matching, search_incidents


@dataclass(frozen=True)
class IncidentFilter:
    """What a user asked for; empty fields do not filter."""

    event_type: str = ""
    place: str = ""
    district: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    status: str = ""
    perpetrator: str = ""
    text: str = ""


# Counting every match of a common word costs as much as reading them all; a
# list says "10,000 or more" past this many, as search pages usually do.
COUNT_CAP = 10_000


def capped_count(rows: QuerySet[Any], cap: int = COUNT_CAP) -> int:
    """Count up to ``cap`` + 1 rows: a result above ``cap`` means "more than cap"."""
    # Without the order: rows counted need no sorting first.
    return rows.order_by()[: cap + 1].count()


def filter_incidents(
    incidents: QuerySet[Incident], wanted: IncidentFilter
) -> QuerySet[Incident]:
    """Apply every non-empty criterion; dates select incidents that overlap."""
    incidents = _by_fields(incidents, wanted)
    if wanted.text:
        incidents = search_incidents(incidents, wanted.text)
    return incidents


def count_filtered(
    incidents: QuerySet[Incident], wanted: IncidentFilter, cap: int = COUNT_CAP
) -> int:
    """``capped_count(filter_incidents(incidents, wanted), cap)``, read cheaply.

    The rows of a page are read in the list's order; their count needs none,
    so a search alone counts from the word's index instead
    (``count_matching``). Beside another criterion it does not: starting at
    a common word's matches, when a type or a district leaves few of them,
    reads every match for nothing.
    """
    if wanted.text and replace(wanted, text="") == IncidentFilter():
        return count_matching(incidents, wanted.text, cap)
    return capped_count(filter_incidents(incidents, wanted), cap)


def _by_fields(
    incidents: QuerySet[Incident], wanted: IncidentFilter
) -> QuerySet[Incident]:
    """Every criterion but the text."""
    if wanted.event_type:
        incidents = incidents.filter(event_type=wanted.event_type)
    if wanted.status:
        incidents = incidents.filter(status=wanted.status)
    if wanted.perpetrator:
        incidents = incidents.filter(perpetrator__icontains=wanted.perpetrator)
    if wanted.place or wanted.district:
        places = IncidentPlace.objects.all()
        if wanted.place:
            places = places.filter(place_id=wanted.place)
        if wanted.district:
            places = places.filter(district=wanted.district)
        # The places carry the dates too, so the index narrows both at once.
        if wanted.date_to:
            places = places.filter(date_from__lte=wanted.date_to)
        if wanted.date_from:
            places = places.filter(date_end__gte=wanted.date_from)
        incidents = incidents.filter(record__in=places.values("incident_id"))
    if wanted.date_to:
        incidents = incidents.filter(date_from__lte=wanted.date_to)
    if wanted.date_from:
        # An incident without an end date happened on its start date.
        incidents = incidents.exclude(date_to__lt=wanted.date_from).exclude(
            date_to__isnull=True, date_from__lt=wanted.date_from
        )
    return incidents
