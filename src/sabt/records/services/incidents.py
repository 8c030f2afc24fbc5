"""Reporting incidents and settling where they happened."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _

from sabt.core.cases import DEFAULT_CASE
from sabt.core.services import (
    Actor,
    clean_case,
    existing,
    raise_if,
    record_by,
    require_row,
)
from sabt.core.validation import (
    Errors,
    add_error,
    clean_code,
    clean_date,
    clean_range,
    clean_text,
    iso,
    new_record_id,
)
from sabt.gazetteer.lookup import resolve
from sabt.gazetteer.models import Place
from sabt.records.models import Incident
from sabt.records.vocabularies import date_precisions, event_types, sub_event_types

COUNTS = ("killed", "injured", "detained", "displaced")
MAX_PLACES = 50


def report_incident(
    *,
    actor: Actor,
    title: str,
    event_type: str,
    date_from: datetime.date | str,
    date_precision: str = "day",
    date_to: datetime.date | str | None = None,
    sub_event_type: str = "",
    description: str = "",
    places: Sequence[Mapping[str, Any]] = (),
    counts: Mapping[str, tuple[Any, Any]] | None = None,
    perpetrator: str = "",
    case: str = DEFAULT_CASE,
    record: str | None = None,
) -> Incident:
    """Report an incident as alleged: what, where, when, how many, by whom.

    ``places`` are ``{"name": ..., "district": ...}`` (resolved through the
    gazetteer; a name it cannot settle is kept verbatim, flagged unresolved,
    with its candidates) or ``{"place": <place key>}``. A name with no
    candidate at all is refused unless ``"keep_unresolved": True`` says the
    documenter means it. Counts are ``(min, max)`` ranges, either end
    open. Raises ValidationError naming each bad field; a place name that
    matches nothing at all is an error, so a typo is not stored as a place.
    """
    if found := existing(Incident, record):
        return found
    errors: Errors = {}
    body: dict[str, Any] = {
        "title": clean_text(errors, "title", title, max_length=300, required=True),
        "description": clean_text(
            errors, "description", description, max_length=20_000
        ),
        "event_type": clean_code(errors, "event_type", event_type, event_types()),
        "sub_event_type": clean_code(
            errors,
            "sub_event_type",
            sub_event_type,
            sub_event_types(event_type),
            required=False,
        ),
        "date_precision": clean_code(
            errors, "date_precision", date_precision, date_precisions()
        ),
        "perpetrator": clean_text(errors, "perpetrator", perpetrator, max_length=200),
        "case": clean_case(errors, case),
    }
    start = clean_date(errors, "date_from", date_from, required=True)
    end = clean_date(errors, "date_to", date_to)
    if start and end and end < start:
        add_error(errors, "date_to", _("The end date is before the start date."))
    body["date_from"], body["date_to"] = iso(start), iso(end)
    given = counts or {}
    unknown = sorted(set(given) - set(COUNTS))
    if unknown:
        add_error(
            errors,
            "counts",
            _("Unknown counts: %(names)s.") % {"names": ", ".join(unknown)},
        )
    body["counts"] = {
        name: clean_range(errors, name, *given.get(name, (None, None)))
        for name in COUNTS
    }
    body["places"] = _clean_places(errors, places)
    raise_if(errors)
    record_id = record_by(
        actor, "incident.reported", new_record_id(record), body
    ).record
    return Incident.objects.get(pk=record_id)


def resolve_incident_place(
    *, actor: Actor, incident: Incident, position: int, place: str
) -> Incident:
    """Settle an unresolved place name of an incident on a gazetteer place.

    Raises ValidationError if there is no such name or place.
    """
    errors: Errors = {}
    if not incident.places.filter(position=position).exists():
        add_error(errors, "position", _("This incident has no place at that position."))
    require_row(errors, "place", Place, place)
    raise_if(errors)
    record_by(
        actor,
        "incident.place_resolved",
        incident.record,
        {"position": position, "place": place},
    )
    return Incident.objects.get(pk=incident.record)


def _clean_places(
    errors: Errors, places: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """Resolve each place now, so replaying the event never depends on the gazetteer."""
    if len(places) > MAX_PLACES:
        add_error(errors, "places", _("At most %(max)d places.") % {"max": MAX_PLACES})
        return []
    cleaned: list[dict[str, Any]] = []
    for given in places:
        key = str(given.get("place") or "")
        if key:
            row = require_row(errors, "places", Place, key)
            if row:
                cleaned.append(
                    {
                        "name": row.name,
                        "place": key,
                        "district": row.district,
                        "candidates": [],
                    }
                )
            continue
        name = clean_text(
            errors, "places", given.get("name", ""), max_length=200, required=True
        )
        if not name:
            continue
        resolution = resolve(name, district=str(given.get("district") or ""))
        keep = bool(given.get("keep_unresolved"))
        if resolution.place is None and not resolution.candidates and not keep:
            message = _(
                "No place in the gazetteer matches %(name)s: add the place, "
                "or keep the name as written, unresolved."
            )
            add_error(errors, "places", message % {"name": repr(name)})
            continue
        cleaned.append(
            {
                "name": name,
                "place": resolution.place.key if resolution.place else None,
                "district": resolution.district,
                "candidates": [
                    {
                        "place": c.key,
                        "name": c.name,
                        "district": c.district,
                        "score": round(c.score, 3),
                    }
                    for c in resolution.candidates[:5]
                ],
            }
        )
    return cleaned
