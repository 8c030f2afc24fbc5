"""Turns ``evidence.*`` events into items, files, custody and assessments."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sabt.evidence.conclusion import conclusion_of
from sabt.evidence.models import Assessment, CustodyEntry, EvidenceFile, EvidenceItem
from sabt.ledger import Event
from sabt.ledger_store.projection import Handler, dispatch


def _on_item(handler: Callable[[Event, EvidenceItem], None]) -> Handler:
    """A handler of an event that changes an existing item and moves its heads."""

    def apply(event: Event) -> None:
        item = EvidenceItem.objects.get(pk=event.record)
        handler(event, item)
        item.advance(event)
        item.save(update_fields=["heads", "updated_at", "verification"])

    return apply


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


def _file_added(event: Event, item: EvidenceItem) -> None:
    acquisition = dict(event.body["acquisition"])
    how, by, at = acquisition.pop("how"), acquisition.pop("by"), acquisition.pop("at")
    _file(event, item, acquired_how=how, acquired_by=by, acquired_at=at,
          acquisition=acquisition)  # fmt: skip
    _entry(event, item, "acquired", event.body["sha256"], {"how": how, "by": by})


def _derivative_added(event: Event, item: EvidenceItem) -> None:
    body = event.body
    original = EvidenceFile.objects.get(item=item, sha256=body["derived_from"])
    _file(
        event,
        item,
        acquired_how=original.acquired_how,
        acquired_by=body["actor"],
        acquired_at=event.at,
        acquisition={"description": body["description"]},
        derived_from=body["derived_from"],
        derivation=body["derivation"],
    )
    details = {
        "derivative": body["sha256"],
        "derivation": body["derivation"],
        "description": body["description"],
    }
    _entry(event, item, "derived", body["derived_from"], details)


def _custody(event: Event, item: EvidenceItem) -> None:
    details = dict(event.body)
    action, sha256 = details.pop("action"), details.pop("sha256")
    details.pop("actor")
    _entry(event, item, action, sha256, details)


def _assessed(event: Event, item: EvidenceItem) -> None:
    body = event.body
    Assessment.objects.create(
        event_id=event.id,
        item=item,
        kind=body["kind"],
        method=body["method"],
        finding=body["finding"],
        details=body["details"],
        confidence=body["confidence"],
        analyst=body["analyst"],
        sha256=body.get("sha256", ""),
        recorded_by=body["actor"],
        at=event.at,
    )
    item.verification = conclusion_of(item.assessments.all())


def _file(event: Event, item: EvidenceItem, **fields: Any) -> None:
    body = event.body
    EvidenceFile.objects.create(
        event_id=event.id,
        item=item,
        sha256=body["sha256"],
        size=body["size"],
        file_name=body["file_name"],
        media_type=body["media_type"],
        metadata=body["metadata"],
        problems=body["problems"],
        perceptual_hash=body["perceptual_hash"],
        added_by=body["actor"],
        added_at=event.at,
        **fields,
    )


def _entry(
    event: Event, item: EvidenceItem, action: str, sha256: str, details: Any
) -> None:
    CustodyEntry.objects.create(
        event_id=event.id,
        item=item,
        sha256=sha256,
        action=action,
        actor=event.body["actor"],
        at=event.at,
        details=details,
    )


apply = dispatch(
    {
        "evidence.registered": _registered,
        "evidence.file_added": _on_item(_file_added),
        "evidence.derivative_added": _on_item(_derivative_added),
        "evidence.custody": _on_item(_custody),
        "evidence.assessed": _on_item(_assessed),
    }
)
