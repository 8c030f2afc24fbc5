"""Incidents: list with filters, read one, report, move status, add acts."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest
from ninja import Query, Router, Status

from sabt.access.audit import record_search
from sabt.access.policy import Capability
from sabt.access.queries import (
    case_to_document,
    get_incident_for,
    require,
    visible_evidence,
    visible_incidents,
    visible_statements,
)
from sabt.api.auth import requester
from sabt.api.paths import record_id
from sabt.api.schemas import (
    FAILURES,
    ActIn,
    ActOut,
    CandidateOut,
    Counts,
    IncidentFilters,
    IncidentIn,
    IncidentOut,
    IncidentPageOut,
    IncidentPlaceOut,
    IncidentSummaryOut,
    Range,
    StatementRefOut,
    StatusChangeOut,
    StatusIn,
)
from sabt.records import services
from sabt.records.filters import IncidentFilter, filter_incidents
from sabt.records.models import Act, Incident, IncidentPlace

router = Router(tags=["incidents"])


@router.get("/incidents", response={200: IncidentPageOut, **FAILURES})
def list_incidents(
    request: HttpRequest, filters: Query[IncidentFilters]
) -> IncidentPageOut:
    """Incidents the caller may see, newest first, filtered like the web list."""
    wanted = IncidentFilter(
        event_type=filters.event_type,
        place=filters.place,
        district=filters.district,
        date_from=filters.date_from,
        date_to=filters.date_to,
        status=filters.status,
        perpetrator=filters.perpetrator,
        text=filters.q,
    )
    user = requester(request)
    record_search(username=user.get_username(), text=wanted.text, over="incident",
                  request=request)  # fmt: skip
    rows = filter_incidents(visible_incidents(user), wanted)
    page = rows.prefetch_related("places")[
        filters.offset : filters.offset + filters.limit
    ]
    return IncidentPageOut(
        count=rows.count(), items=[incident_summary(row) for row in page]
    )


@router.get("/incidents/{record}", response={200: IncidentOut, **FAILURES})
def get_incident(request: HttpRequest, record: str) -> IncidentOut:
    """One incident with its places, acts, statements, evidence and history."""
    user = requester(request)
    return incident_detail(user, get_incident_for(user, record_id(record)))


@router.post("/incidents", response={201: IncidentOut, **FAILURES})
def report_incident(request: HttpRequest, payload: IncidentIn) -> Status[IncidentOut]:
    """Report an incident as alleged (``report_incident``)."""
    user = requester(request)
    incident = services.report_incident(
        actor=user,
        case=case_to_document(user, payload.case),
        title=payload.title,
        event_type=payload.event_type,
        date_from=payload.date_from,
        date_precision=payload.date_precision,
        date_to=payload.date_to,
        sub_event_type=payload.sub_event_type,
        description=payload.description,
        places=[place.model_dump() for place in payload.places],
        counts=_count_ranges(payload.counts),
        perpetrator=payload.perpetrator,
        record=str(payload.record) if payload.record else None,
    )
    return Status(201, incident_detail(user, get_incident_for(user, incident.record)))


@router.post("/incidents/{record}/status", response={200: IncidentOut, **FAILURES})
def change_status(request: HttpRequest, record: str, payload: StatusIn) -> IncidentOut:
    """Move an incident through verification, saying why (``change_status``)."""
    user = requester(request)
    incident = get_incident_for(user, record_id(record))
    require(user, Capability.VERIFY, incident)
    services.change_status(
        actor=user, incident=incident, status=payload.status, reason=payload.reason
    )
    return incident_detail(user, get_incident_for(user, incident.record))


@router.post("/incidents/{record}/acts", response={201: ActOut, **FAILURES})
def record_act(request: HttpRequest, record: str, payload: ActIn) -> Status[ActOut]:
    """Record one violation within the incident (``record_act``)."""
    user = requester(request)
    incident = get_incident_for(user, record_id(record))
    require(user, Capability.DOCUMENT, incident)
    act = services.record_act(
        actor=user,
        incident=incident.record,
        act_type=payload.act_type,
        victim=payload.victim,
        victim_group=payload.victim_group,
        victim_count=(payload.victim_count.min, payload.victim_count.max),
        victims_are_children=payload.victims_are_children,
        perpetrator=payload.perpetrator,
        legal_characterisation=payload.legal_characterisation,
        notes=payload.notes,
        record=str(payload.record) if payload.record else None,
    )
    return Status(201, act_out(act))


def incident_summary(incident: Incident) -> IncidentSummaryOut:
    return IncidentSummaryOut(
        record=incident.record,
        title=incident.title,
        event_type=incident.event_type,
        sub_event_type=incident.sub_event_type,
        date_from=incident.date_from,
        date_to=incident.date_to,
        date_precision=incident.date_precision,
        counts=_counts(incident),
        perpetrator=incident.perpetrator,
        status=incident.status,
        places=[_place_out(place) for place in incident.places.all()],
    )


def incident_detail(user: AbstractBaseUser, incident: Incident) -> IncidentOut:
    """The whole incident, with only the statements and evidence ``user`` sees."""
    statements = (
        visible_statements(user)
        .filter(incidents=incident)
        .order_by("made_on", "created_at", "record")
    )
    evidence = visible_evidence(user).filter(incidents=incident)
    return IncidentOut(
        **incident_summary(incident).model_dump(),
        description=incident.description,
        created_by=incident.created_by,
        created_at=incident.created_at,
        updated_at=incident.updated_at,
        is_in_conflict=incident.is_in_conflict,
        acts=[act_out(act) for act in incident.acts.all()],
        statements=[
            StatementRefOut(
                record=statement.record,
                source=statement.source_id,
                stance=statement.stance,
            )
            for statement in statements
        ],
        evidence=list(evidence.values_list("record", flat=True)),
        status_history=[
            StatusChangeOut(
                from_status=change.from_status,
                to_status=change.to_status,
                reason=change.reason,
                actor=change.actor,
                at=change.at,
            )
            for change in incident.status_changes.all()
        ],
    )


def act_out(act: Act) -> ActOut:
    return ActOut(
        record=act.record,
        incident=act.incident_id,
        act_type=act.act_type,
        victim=act.victim_id,
        victim_group=act.victim_group,
        victim_count=Range(min=act.victim_count_min, max=act.victim_count_max),
        victims_are_children=act.victims_are_children,
        perpetrator=act.perpetrator,
        legal_characterisation=act.legal_characterisation,
        notes=act.notes,
        created_by=act.created_by,
        created_at=act.created_at,
    )


def _counts(incident: Incident) -> Counts:
    return Counts(
        killed=Range(min=incident.killed_min, max=incident.killed_max),
        injured=Range(min=incident.injured_min, max=incident.injured_max),
        detained=Range(min=incident.detained_min, max=incident.detained_max),
        displaced=Range(min=incident.displaced_min, max=incident.displaced_max),
    )


def _count_ranges(counts: Counts) -> dict[str, tuple[int | None, int | None]]:
    """The ``(min, max)`` pairs ``report_incident`` takes."""
    ranges = {
        "killed": counts.killed,
        "injured": counts.injured,
        "detained": counts.detained,
        "displaced": counts.displaced,
    }
    return {name: (given.min, given.max) for name, given in ranges.items()}


def _place_out(place: IncidentPlace) -> IncidentPlaceOut:
    return IncidentPlaceOut(
        position=place.position,
        name=place.name_as_given,
        place=place.place_id,
        district=place.district,
        is_resolved=place.is_resolved,
        candidates=[CandidateOut(**candidate) for candidate in place.candidates],
    )
