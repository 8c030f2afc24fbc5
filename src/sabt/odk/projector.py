"""Applies ``odk.incident_revised``: an edited submission's new version.

The incident keeps its record and its history; the fields the edit changed
are set, its places replaced when the edit named others, and its search
text follows.
"""

from __future__ import annotations

from typing import Any

from sabt.ledger import Event
from sabt.ledger_store.projection import dispatch
from sabt.odk.revisions import REVISED
from sabt.records.models import Incident
from sabt.records.projector import REPORTED_SCALARS, add_places, reindex_incident


def _incident_revised(event: Event) -> None:
    incident = Incident.objects.get(pk=event.record)
    changes: dict[str, Any] = event.body["changes"]
    for name in REPORTED_SCALARS:
        if name in changes:
            setattr(incident, name, changes[name])
    for name, (low, high) in changes.get("counts", {}).items():
        setattr(incident, f"{name}_min", low)
        setattr(incident, f"{name}_max", high)
    incident.advance(event)
    incident.save()
    incident.refresh_from_db()
    if "places" in changes:
        incident.places.all().delete()
        add_places(incident, changes["places"])
    elif {"date_from", "date_to"} & set(changes):
        incident.places.update(
            date_from=incident.date_from,
            date_end=incident.date_to or incident.date_from,
        )
    reindex_incident(incident)


apply = dispatch({REVISED: _incident_revised})
