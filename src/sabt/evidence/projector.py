"""Turns ``evidence.*`` events into EvidenceItem rows."""

from __future__ import annotations

from sabt.evidence.models import EvidenceFile, EvidenceItem
from sabt.ledger import Event


def apply(event: Event) -> None:
    if event.type == "evidence.registered":
        _registered(event)
    elif event.type == "evidence.file_added":
        _file_added(event)
    else:
        raise ValueError(f"no projection for event type {event.type}")


def _registered(event: Event) -> None:
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


def _file_added(event: Event) -> None:
    body = event.body
    acquisition = dict(body["acquisition"])
    EvidenceFile.objects.create(
        event_id=event.id,
        item_id=event.record,
        sha256=body["sha256"],
        size=body["size"],
        file_name=body["file_name"],
        media_type=body["media_type"],
        metadata=body["metadata"],
        problems=body["problems"],
        perceptual_hash=body["perceptual_hash"],
        acquired_how=acquisition.pop("how"),
        acquired_by=acquisition.pop("by"),
        acquired_at=acquisition.pop("at"),
        acquisition=acquisition,
        added_by=body["actor"],
        added_at=event.at,
    )
    item = EvidenceItem.objects.get(pk=event.record)
    item.advance(event)
    item.save(update_fields=["heads", "updated_at"])
