"""Statements: list, read one, record a source's account and its stance."""

from __future__ import annotations

from django.core.exceptions import ValidationError as ServiceError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from sabt.access.policy import Capability
from sabt.access.queries import (
    get_statement_for,
    require,
    visible_sources,
    visible_statements,
)
from sabt.api.auth import requester
from sabt.api.paths import record_id
from sabt.api.schemas import (
    FAILURES,
    Page,
    StatementIn,
    StatementOut,
    StatementPageOut,
)
from sabt.records import services
from sabt.records.models import Statement

router = Router(tags=["statements"])


@router.get("/statements", response={200: StatementPageOut, **FAILURES})
def list_statements(request: HttpRequest, page: Query[Page]) -> StatementPageOut:
    """Statements the caller may see, oldest first."""
    rows = visible_statements(requester(request))
    items = _with_links(rows)[page.offset : page.offset + page.limit]
    return StatementPageOut(count=rows.count(), items=[statement_out(s) for s in items])


@router.get("/statements/{record}", response={200: StatementOut, **FAILURES})
def get_statement(request: HttpRequest, record: str) -> StatementOut:
    return statement_out(get_statement_for(requester(request), record_id(record)))


@router.post("/statements", response={201: StatementOut, **FAILURES})
def record_statement(
    request: HttpRequest, payload: StatementIn
) -> Status[StatementOut]:
    """Record a source's account in its own words (``record_statement``).

    An official denial is a statement like any other, with stance ``denies``.
    """
    user = requester(request)
    source = visible_sources(user).filter(pk=str(payload.source)).first()
    if source is None:  # another case's source is as absent as a missing one
        message = _("No such record: %(key)s.") % {"key": payload.source}
        raise ServiceError({"source": [message]})
    require(user, Capability.DOCUMENT, source)
    statement = services.record_statement(
        actor=user,
        source=payload.source,
        text=payload.text,
        language=payload.language,
        stance=payload.stance,
        translation=payload.translation,
        made_on=payload.made_on,
        incidents=payload.incidents,
        acts=payload.acts,
        persons=payload.persons,
        record=str(payload.record) if payload.record else None,
    )
    return Status(201, statement_out(get_statement_for(user, statement.record)))


def statement_out(statement: Statement) -> StatementOut:
    return StatementOut(
        record=statement.record,
        source=statement.source_id,
        text=statement.text,
        language=statement.language,
        translation=statement.translation,
        stance=statement.stance,
        made_on=statement.made_on,
        incidents=sorted(row.record for row in statement.incidents.all()),
        acts=sorted(row.record for row in statement.acts.all()),
        persons=sorted(row.record for row in statement.persons.all()),
        created_by=statement.created_by,
        created_at=statement.created_at,
    )


def _with_links(rows: QuerySet[Statement]) -> QuerySet[Statement]:
    return rows.prefetch_related("incidents", "acts", "persons")
