"""The read audit: every display of a sealed field, every search, every export.

Each is a signed ``audit.read`` event, so an audit entry cannot be removed
without ``sabt verify`` and the Merkle log showing it. A user's reads of one
day form one record (their chain for that day), which keeps each record's
chain short however much they read. The words of a search may themselves
name a witness, so they are sealed in the event like any identity.
"""

from __future__ import annotations

import datetime
import uuid

from django.db.models import QuerySet
from django.http import HttpRequest

from sabt.access.models import ReadAudit
from sabt.ledger import Event
from sabt.ledger_store.keyring import open_field, seal_fields
from sabt.ledger_store.org_key import org_private_key
from sabt.ledger_store.recording import record_event

AUDIT_NAMESPACE = uuid.UUID("5ab7a0d1-7e6d-4c1e-9a57-2f0c6e3b9a10")
QUERY_FIELD = "query"


def audit_record(username: str, day: datetime.date) -> str:
    """The record holding one user's audited reads of one (UTC) day."""
    return str(uuid.uuid5(AUDIT_NAMESPACE, f"{username}/{day.isoformat()}"))


def record_read(
    *,
    username: str,
    action: str,
    target: str = "",
    target_type: str = "",
    detail: str = "",
    query: str = "",
    request: HttpRequest | None = None,
) -> Event:
    """Record one read; call it in the request that shows what was read."""
    if action not in ReadAudit.Action.values:
        raise ValueError(f"unknown audited action {action!r}")
    record = audit_record(username, datetime.datetime.now(datetime.UTC).date())
    body: dict[str, object] = {
        "actor": username,
        "action": action,
        "target": target,
        "target_type": target_type,
        "detail": detail[:200],
        "address": _address(request),
    }
    if query:
        body["sealed"] = seal_fields(record, {QUERY_FIELD: query})
    return record_event(type="audit.read", record=record, body=body)


def record_search(
    *, username: str, text: str, over: str, request: HttpRequest | None
) -> None:
    """Record a search for ``text`` over ``over`` (e.g. "incident"), if any."""
    if text.strip():
        record_read(
            username=username,
            action="searched",
            target_type=over,
            query=text.strip(),
            request=request,
        )


def query_of(entry: ReadAudit) -> str | None:
    """The words of an audited search, opened for an admin's audit page."""
    if not entry.query_token:
        return None
    return open_field(entry.record, QUERY_FIELD, entry.query_token, org_private_key())


def entries(
    *, actor: str = "", action: str = "", target: str = ""
) -> QuerySet[ReadAudit]:
    """Audit entries, newest first, narrowed by whichever filters are given."""
    rows = ReadAudit.objects.all()
    if actor:
        rows = rows.filter(actor=actor)
    if action:
        rows = rows.filter(action=action)
    if target:
        rows = rows.filter(target=target)
    return rows


def apply(event: Event) -> None:
    """Project an ``audit.read`` event into a ReadAudit row."""
    if event.type != "audit.read":
        raise ValueError(f"no projection for event type {event.type}")
    body = event.body
    ReadAudit.objects.create(
        event_id=event.id,
        record=event.record,
        actor=body["actor"],
        action=body["action"],
        target=body["target"],
        target_type=body["target_type"],
        detail=body["detail"],
        query_token=body.get("sealed", {}).get(QUERY_FIELD, ""),
        address=body["address"],
        at=event.at,
    )


def _address(request: HttpRequest | None) -> str:
    # REMOTE_ADDR only: a forwarded-for header is whatever the client says.
    if request is None:
        return "command line"
    return str(request.META.get("REMOTE_ADDR", ""))[:64]
