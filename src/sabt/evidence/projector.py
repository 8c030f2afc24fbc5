"""Turns ``evidence.*`` events into EvidenceItem rows."""

from __future__ import annotations

from sabt.evidence.models import EvidenceItem
from sabt.ledger import Event


def apply(event: Event) -> None:
    if event.type != "evidence.registered":
        raise ValueError(f"no projection for event type {event.type}")
    body = event.body
    item = EvidenceItem.objects.create(
        **EvidenceItem.fields_created_by(event),
        kind=body["kind"],
        title=body["title"],
        description=body["description"],
        url=body["url"],
        posted_by=body["posted_by"],
        posted_on=body["posted_on"],
        source_id=body["source"],
    )
    item.incidents.set(body["incidents"])
