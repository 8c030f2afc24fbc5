"""Projects ``field.imported`` events into ``BundleImport``.

A kit's list entry (``field.list_entry_recorded``) projects nothing: at
import it gives rise to the tracing events that add it to its register's
list (``field.registers``), and those project the list.
"""

from __future__ import annotations

from sabt.field.models import BundleImport
from sabt.ledger import Event
from sabt.ledger_store.projection import dispatch

IMPORTED = "field.imported"
LIST_ENTRY_RECORDED = "field.list_entry_recorded"


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


def _list_entry(event: Event) -> None:
    """Nothing: the tracing events it gave rise to hold the entry."""


apply = dispatch({IMPORTED: _imported, LIST_ENTRY_RECORDED: _list_entry})
