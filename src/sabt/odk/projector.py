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
from sabt.records.models import Incident, IncidentPlace
from sabt.records.search import index_incident

SCALARS = (
    "title",
    "description",
    "event_type",
    "sub_event_type",
    "date_from",
    "date_to",
    "date_precision",
    "perpetrator",
)


def _incident_revised(event: Event) -> None:
    incident = Incident.objects.get(pk=event.record)
    changes: dict[str, Any] = event.body["changes"]
    for name in SCALARS:
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
        IncidentPlace.objects.bulk_create(
            IncidentPlace(
                key=f"{incident.record}/{position}",
                incident=incident,
                position=position,
                name_as_given=place["name"],
                place_id=place["place"],
                district=place["district"],
                candidates=place["candidates"],
                date_from=incident.date_from,
                date_end=incident.date_to or incident.date_from,
            )
            for position, place in enumerate(changes["places"])
        )
    elif {"date_from", "date_to"} & set(changes):
        incident.places.update(
            date_from=incident.date_from,
            date_end=incident.date_to or incident.date_from,
        )
    _reindex(incident)


def _reindex(incident: Incident) -> None:
    names = []
    for place in incident.places.select_related("place"):
        names.append(place.name_as_given)
        if place.place is not None:
            names.extend([place.place.name, *place.place.names_arabic])
    parts = [incident.title, incident.description, incident.perpetrator, *names]
    incident.search_text = "\n".join(p for p in parts if p)
    incident.save(update_fields=["search_text"])
    index_incident(incident)


apply = dispatch({REVISED: _incident_revised})
