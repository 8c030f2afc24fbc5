"""Projects ``field.imported`` events into ``BundleImport``."""

from __future__ import annotations

from sabt.field.models import BundleImport
from sabt.ledger import Event
from sabt.ledger_store.projection import dispatch

IMPORTED = "field.imported"


def _imported(event: Event) -> None:
    body = event.body
    BundleImport.objects.create(
        bundle=body["bundle"],
        event_id=event.id,
        kit=body["kit"],
        kit_name=body["kit_name"],
        case=body["case"],
        imported_by=body["actor"],
        imported_at=event.at,
        events=body["events"],
        files=body["files"],
        events_in_bundle=body["events_in_bundle"],
    )


apply = dispatch({IMPORTED: _imported})
