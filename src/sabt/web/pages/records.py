"""What the record pages show, gathered here so views stay short.

Every row comes through ``sabt.access.queries``; the incident's history
through ``sabt.ledger_store.history``. Nothing here writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypedDict

from django.contrib.auth.models import User
from django.db.models import Prefetch, QuerySet

from sabt.access.queries import (
    visible_evidence,
    visible_evidence_files,
    visible_incidents,
    visible_statements,
)
from sabt.evidence import conclusion
from sabt.evidence.duplicates import near_duplicates
from sabt.evidence.models import Assessment, CustodyEntry, EvidenceFile, EvidenceItem
from sabt.evidence.services.custody import chain_of
from sabt.gazetteer.models import District, FeatureCollection, Place
from sabt.ledger_store.history import HistoryEntry, history_of
from sabt.records.corroboration import (
    SUPPORTING_STANCES,
    Corroboration,
    corroboration_of,
)
from sabt.records.models import (
    Act,
    Incident,
    IncidentPlace,
    Person,
    PersonStatus,
    Source,
    Statement,
    StatusChange,
)


class MapPlace(TypedDict):
    name: str
    latitude: float
    longitude: float


class MapData(TypedDict):
    """What ``incident_map.js`` draws: district outlines and resolved places."""

    districts: FeatureCollection
    places: list[MapPlace]


@dataclass(frozen=True)
class StatementGroups:
    """An incident's statements by stance: denials sit beside allegations."""

    supporting: list[Statement]
    denials: list[Statement]
    context: list[Statement]


@dataclass(frozen=True)
class IncidentPage:
    incident: Incident
    places: list[IncidentPlace]
    acts: list[Act]
    statements: StatementGroups
    evidence: list[EvidenceItem]
    corroboration: Corroboration
    status_changes: list[StatusChange]
    history: list[HistoryEntry]
    map_data: MapData


def incident_list(user: User) -> QuerySet[Incident]:
    """Visible incidents with their places, ready for a list: no N+1."""
    places = IncidentPlace.objects.select_related("place").order_by("position")
    return visible_incidents(user).prefetch_related(Prefetch("places", places))


def incident_rows(user: User) -> QuerySet[Incident]:
    """Visible incidents for the list page, each with ``place_rows``.

    The page shows a place as it was written and whether it is resolved, so
    the gazetteer's rows are not read. A list (``to_attr``) and not
    ``places.all``: Django builds a queryset per incident for the latter,
    which cost more than the query itself.
    """
    places = IncidentPlace.objects.order_by("position")
    rows = Prefetch("places", places, to_attr="place_rows")
    return visible_incidents(user).prefetch_related(rows)


def incident_page(user: User, incident: Incident) -> IncidentPage:
    places = list(incident.places.select_related("place").order_by("position"))
    statements = list(
        visible_statements(user)
        .filter(incidents=incident)
        .select_related("source")
        .order_by("made_on", "created_at", "record")
    )
    return IncidentPage(
        incident=incident,
        places=places,
        acts=list(incident.acts.select_related("victim")),
        statements=StatementGroups(
            supporting=[s for s in statements if s.stance in SUPPORTING_STANCES],
            denials=[s for s in statements if s.stance == "denies"],
            context=[s for s in statements if s.stance == "context"],
        ),
        evidence=list(
            visible_evidence(user).filter(incidents=incident).select_related("source")
        ),
        corroboration=corroboration_of(incident),
        status_changes=list(incident.status_changes.all()),
        history=history_of(incident.record),
        map_data=map_data([row.place for row in places if row.place is not None]),
    )


def map_data(places: list[Place]) -> MapData:
    """The district outlines and the given places as map markers."""
    return {
        "districts": District.objects.all().feature_collection(),
        "places": [
            {
                "name": place.name,
                "latitude": place.latitude,
                "longitude": place.longitude,
            }
            for place in places
        ],
    }


@dataclass(frozen=True)
class PersonPage:
    person: Person
    statuses: list[PersonStatus]
    acts: list[Act]
    statements: list[Statement]
    history: list[HistoryEntry]


def person_page(user: User, person: Person) -> PersonPage:
    return PersonPage(
        person=person,
        statuses=list(person.statuses.select_related("source")),
        acts=list(
            person.acts.filter(incident__in=visible_incidents(user)).select_related(
                "incident"
            )
        ),
        statements=list(
            visible_statements(user).filter(persons=person).select_related("source")
        ),
        history=history_of(person.record),
    )


@dataclass(frozen=True)
class SourcePage:
    source: Source
    derived_from: list[Source]
    derivatives: list[Source]
    statements: list[Statement]


def source_page(user: User, source: Source) -> SourcePage:
    statements = visible_statements(user).filter(source=source)
    incidents = Prefetch("incidents", visible_incidents(user))
    return SourcePage(
        source=source,
        derived_from=list(source.derived_from.all()),
        derivatives=list(source.derivatives.all()),
        statements=list(statements.prefetch_related(incidents)),
    )


@dataclass(frozen=True)
class PlacePage:
    place: Place
    incidents: list[Incident]
    map_data: MapData


def place_page(user: User, place: Place) -> PlacePage:
    incidents = visible_incidents(user).filter(places__place=place).distinct()
    return PlacePage(place=place, incidents=list(incidents), map_data=map_data([place]))


@dataclass(frozen=True)
class FileView:
    file: EvidenceFile
    chain: list[CustodyEntry]
    near_duplicates: list[tuple[EvidenceFile, int]]


@dataclass(frozen=True)
class EvidencePage:
    item: EvidenceItem
    incidents: list[Incident]
    files: list[FileView]
    assessments: list[Assessment]
    counting: set[str]


def evidence_page(user: User, item: EvidenceItem) -> EvidencePage:
    """The item, each file with its chain of custody, and the assessments."""
    assessments = list(item.assessments.all())
    others = visible_evidence_files(user)
    return EvidencePage(
        item=item,
        incidents=list(visible_incidents(user).filter(evidence_items=item)),
        files=[
            FileView(file, chain_of(file), near_duplicates(file, others))
            for file in item.files.all()
        ],
        assessments=assessments,
        counting={a.event_id for a in conclusion.counting(assessments)},
    )
