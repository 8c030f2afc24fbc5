"""Turns ``audit.read`` events into ReadAudit rows, and marks destroyed words."""

from __future__ import annotations

from sabt.access.audit import QUERY_FIELD
from sabt.access.models import ReadAudit
from sabt.ledger import Event
from sabt.ledger_store.projection import dispatch


def _read(event: Event) -> None:
    body = event.body
    token = body.get("sealed", {}).get(QUERY_FIELD, "")
    ReadAudit.objects.create(
        event_id=event.id,
        record=event.record,
        actor=body["actor"],
        action=body["action"],
        target=body["target"],
        target_type=body["target_type"],
        detail=body["detail"],
        query_token=token,
        query_subject=(body.get("query_subject") or event.record) if token else "",
        address=body["address"],
        at=event.at,
    )


def _shredded(event: Event) -> None:
    """Mark the search words a ``subject.shredded`` event destroyed."""
    keys = event.body.get("search_words", [])
    if keys:
        ReadAudit.objects.filter(query_subject__in=keys).update(
            query_destroyed_with=event.record, query_destroyed_at=event.at
        )


apply = dispatch({"audit.read": _read})
apply_shredded = dispatch({"subject.shredded": _shredded})
