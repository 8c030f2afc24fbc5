"""Filtering incidents for lists, the API and reports.

Takes a queryset the caller already narrowed to what its user may see
(``sabt.access.queries.visible_incidents``) and narrows it further.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace
from typing import Any

from django.db import connection
from django.db.models import CharField, Exists, F, Func, OuterRef, QuerySet, Value
from django.db.models.functions import Concat

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
    incidents: QuerySet[Incident], wanted: IncidentFilter, *, in_order: bool = True
) -> QuerySet[Incident]:
    """Apply every non-empty criterion; dates select incidents that overlap.

    ``in_order`` when the rows are read in the list's order (newest first),
    not only counted: the database is asked for them differently.
    """
    incidents = _by_fields(incidents, wanted, in_order=in_order)
    if wanted.text:
        incidents = search_incidents(incidents, wanted.text)
    return incidents


def count_filtered(
    incidents: QuerySet[Incident],
    wanted: IncidentFilter,
    cap: int = COUNT_CAP,
    *,
    places: QuerySet[IncidentPlace] | None = None,
) -> int:
    """``capped_count(filter_incidents(incidents, wanted), cap)``, read cheaply.

    The rows of a page are read in the list's order; their count needs none,
    so a search alone counts from the word's index instead
    (``count_matching``). Beside another criterion it does not: starting at
    a common word's matches, when a type or a district leaves few of them,
    reads every match for nothing.

    ``places``, the places of the same visible incidents, count a filter by
    place or district and dates alone: they carry the incident's case and
    dates, so no incident is read.
    """
    if wanted.text and replace(wanted, text="") == IncidentFilter():
        return count_matching(incidents, wanted.text, cap)
    if places is not None and _by_places_alone(wanted):
        # Distinct over an expression, not the column: PostgreSQL otherwise
        # walks the whole incident index in order, hoping to reach the cap
        # soon, instead of reading the district's places.
        incident = Concat("incident_id", Value(""))
        at = _wanted_places(places, wanted).values(one=incident).distinct()
        return capped_count(at, cap)
    return capped_count(filter_incidents(incidents, wanted, in_order=False), cap)


def _by_places_alone(wanted: IncidentFilter) -> bool:
    """Whether only a place or district, and perhaps dates, are asked for."""
    rest = replace(wanted, place="", district="", date_from=None, date_to=None)
    return bool(wanted.place or wanted.district) and rest == IncidentFilter()


# Past this many places in a place or district filter, SQLite reads the list
# newest first and checks each incident's places, as a common word does.
COMMON_PLACES = 2000


def _by_fields(
    incidents: QuerySet[Incident], wanted: IncidentFilter, *, in_order: bool
) -> QuerySet[Incident]:
    """Every criterion but the text; ``in_order`` if rows are read newest first."""
    if wanted.event_type:
        incidents = incidents.filter(event_type=wanted.event_type)
    if wanted.status:
        incidents = incidents.filter(status=wanted.status)
    if wanted.perpetrator:
        incidents = incidents.filter(perpetrator__icontains=wanted.perpetrator)
    if wanted.place or wanted.district:
        incidents = _at_places(incidents, wanted, in_order=in_order)
    if wanted.date_to:
        incidents = incidents.filter(date_from__lte=wanted.date_to)
    if wanted.date_from:
        # An incident without an end date happened on its start date.
        incidents = incidents.exclude(date_to__lt=wanted.date_from).exclude(
            date_to__isnull=True, date_from__lt=wanted.date_from
        )
    return incidents


def _wanted_places(
    places: QuerySet[IncidentPlace], wanted: IncidentFilter, *, by_index: bool = True
) -> QuerySet[IncidentPlace]:
    """The places at the place or in the district asked for, in its dates.

    Not ``by_index`` when the places are one incident's: its own index finds
    them, and the district's, which also holds the incident, must not.
    """
    if wanted.place:
        places = places.filter(place_id=wanted.place)
    if wanted.district:
        district = F("district") if by_index else _unindexed(F("district"))
        places = places.alias(wanted_district=district).filter(
            wanted_district=wanted.district
        )
    # The places carry the dates too, so the index narrows both at once.
    if wanted.date_to:
        places = places.filter(date_from__lte=wanted.date_to)
    if wanted.date_from:
        places = places.filter(date_end__gte=wanted.date_from)
    return places


def _unindexed(column: F) -> Func:
    """The column's value, which SQLite will not look up in an index ("+")."""
    return Func(column, template="+%(expressions)s", output_field=CharField())


def _at_places(
    incidents: QuerySet[Incident], wanted: IncidentFilter, *, in_order: bool
) -> QuerySet[Incident]:
    """Incidents at a place ``wanted`` asks for, planned for how they are read.

    SQLite gathers an ``IN`` list first, then sorts what it kept: at a
    million incidents a district's 20,000 took a quarter of a second to sort
    for one page. When the places are many and the rows are read newest
    first, it walks the list's own index and checks each incident's places
    instead, stopping when the page is full. A count, which needs no order,
    and few places keep the list.
    """
    places = _wanted_places(IncidentPlace.objects.all(), wanted)
    common = (
        in_order
        and connection.vendor == "sqlite"
        and places.order_by("-date_from")[: COMMON_PLACES + 1].count() > COMMON_PLACES
    )
    if common:
        own = IncidentPlace.objects.filter(incident_id=OuterRef("record"))
        return incidents.filter(Exists(_wanted_places(own, wanted, by_index=False)))
    return incidents.filter(record__in=places.values("incident_id"))
