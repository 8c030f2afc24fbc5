"""People: list, read one, record a person."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Status

from sabt.access.queries import case_to_document, get_person_for, visible_people
from sabt.api.auth import requester
from sabt.api.paths import record_id
from sabt.api.schemas import (
    FAILURES,
    Page,
    PersonIn,
    PersonOut,
    PersonPageOut,
    PersonStatusOut,
    Range,
)
from sabt.records import services
from sabt.records.models import Person

router = Router(tags=["persons"])


@router.get("/persons", response={200: PersonPageOut, **FAILURES})
def list_persons(request: HttpRequest, page: Query[Page]) -> PersonPageOut:
    """People the caller may see, by name."""
    rows = visible_people(requester(request))
    items = rows.prefetch_related("statuses")[page.offset : page.offset + page.limit]
    return PersonPageOut(count=rows.count(), items=[person_out(p) for p in items])


@router.get("/persons/{record}", response={200: PersonOut, **FAILURES})
def get_person(request: HttpRequest, record: str) -> PersonOut:
    return person_out(get_person_for(requester(request), record_id(record)))


@router.post("/persons", response={201: PersonOut, **FAILURES})
def record_person(request: HttpRequest, payload: PersonIn) -> Status[PersonOut]:
    """Record a person with names exactly as written (``record_person``)."""
    user = requester(request)
    person = services.record_person(
        actor=user,
        case=case_to_document(user, payload.case),
        name=payload.name,
        other_names=payload.other_names,
        father_name=payload.father_name,
        grandfather_name=payload.grandfather_name,
        sex=payload.sex,
        age=(payload.age.min, payload.age.max),
        birth_year=(payload.birth_year.min, payload.birth_year.max),
        home_place=payload.home_place,
        home_place_name=payload.home_place_name,
        record=str(payload.record) if payload.record else None,
    )
    return Status(201, person_out(get_person_for(user, person.record)))


def person_out(person: Person) -> PersonOut:
    return PersonOut(
        record=person.record,
        name=person.name,
        other_names=person.other_names,
        father_name=person.father_name,
        grandfather_name=person.grandfather_name,
        sex=person.sex,
        age=Range(min=person.age_min, max=person.age_max),
        birth_year=Range(min=person.birth_year_min, max=person.birth_year_max),
        home_place=person.home_place_id,
        home_place_name=person.home_place_name,
        status=person.status,
        status_history=[
            PersonStatusOut(
                status=status.status,
                as_of=status.as_of,
                source=status.source_id,
                note=status.note,
            )
            for status in person.statuses.all()
        ],
        created_by=person.created_by,
        created_at=person.created_at,
    )
