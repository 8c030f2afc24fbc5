"""Sources: list, read one, register a source under its pseudonym."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Status

from sabt.access.queries import case_to_document, get_source_for, visible_sources
from sabt.api.auth import requester
from sabt.api.paths import record_id
from sabt.api.schemas import (
    FAILURES,
    Page,
    SourceIn,
    SourceOut,
    SourcePageOut,
)
from sabt.records import services
from sabt.records.models import Source

router = Router(tags=["sources"])


@router.get("/sources", response={200: SourcePageOut, **FAILURES})
def list_sources(request: HttpRequest, page: Query[Page]) -> SourcePageOut:
    """Sources the caller may see, by pseudonym."""
    rows = visible_sources(requester(request))
    items = rows.prefetch_related("derived_from")[
        page.offset : page.offset + page.limit
    ]
    return SourcePageOut(count=rows.count(), items=[source_out(s) for s in items])


@router.get("/sources/{record}", response={200: SourceOut, **FAILURES})
def get_source(request: HttpRequest, record: str) -> SourceOut:
    return source_out(get_source_for(requester(request), record_id(record)))


@router.post("/sources", response={201: SourceOut, **FAILURES})
def register_source(request: HttpRequest, payload: SourceIn) -> Status[SourceOut]:
    """Register who told us, under a pseudonym (``register_source``).

    A real name and contact, if given, are sealed before they are stored and
    never come back in an answer.
    """
    user = requester(request)
    case = case_to_document(user, payload.case)
    source = services.register_source(
        case=case,
        actor=user,
        kind=payload.kind,
        pseudonym=payload.pseudonym,
        description=payload.description,
        reliability=payload.reliability,
        derived_from=payload.derived_from,
        real_name=payload.real_name,
        contact=payload.contact,
        contact_notes=payload.contact_notes,
        record=str(payload.record) if payload.record else None,
    )
    return Status(201, source_out(get_source_for(user, source.record)))


def source_out(source: Source) -> SourceOut:
    return SourceOut(
        record=source.record,
        kind=source.kind,
        pseudonym=source.pseudonym,
        description=source.description,
        reliability=source.reliability,
        derived_from=sorted(parent.record for parent in source.derived_from.all()),
        created_by=source.created_by,
        created_at=source.created_at,
    )
