"""Places: list, look a name up, read one, add a place the gazetteer lacks."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Status

from sabt.access.policy import Capability
from sabt.access.queries import get_place_for, require_anywhere, visible_places
from sabt.api.auth import requester
from sabt.api.paths import place_key
from sabt.api.schemas import (
    FAILURES,
    MatchOut,
    PlaceFilters,
    PlaceIn,
    PlaceOut,
    PlacePageOut,
)
from sabt.gazetteer.districts import district_named
from sabt.gazetteer.lookup import resolve
from sabt.gazetteer.models import Place
from sabt.gazetteer.services import add_place

router = Router(tags=["places"])


@router.get("/places", response={200: PlacePageOut, **FAILURES})
def list_places(request: HttpRequest, filters: Query[PlaceFilters]) -> PlacePageOut:
    """Places by name; with ``q``, the places that name may mean, best first.

    The lookup (``gazetteer.lookup.resolve``) reads names in Latin or Arabic
    script; ``resolved`` is set only when one place is clearly meant.
    """
    rows = visible_places(requester(request))
    window = slice(filters.offset, filters.offset + filters.limit)
    if filters.q.strip():
        resolution = resolve(filters.q, district=filters.district)
        found = rows.in_bulk([c.key for c in resolution.candidates])
        matches = [
            place_out(found[c.key], MatchOut(score=c.score, why=c.why))
            for c in resolution.candidates
            if c.key in found
        ]
        resolved = resolution.place.key if resolution.place else None
        is_visible = resolved is None or resolved in found
        return PlacePageOut(
            count=len(matches),
            items=matches[window],
            resolved=resolved if is_visible else None,
            district=(resolution.district or None) if is_visible else None,
        )
    if filters.district.strip():
        named = district_named(filters.district)
        rows = rows.filter(district=named.name if named else filters.district)
    return PlacePageOut(count=rows.count(), items=[place_out(p) for p in rows[window]])


@router.get("/places/{key}", response={200: PlaceOut, **FAILURES})
def get_place(request: HttpRequest, key: str) -> PlaceOut:
    """One place, by gazetteer key (``geonames:<id>``) or record id."""
    return place_out(get_place_for(requester(request), place_key(key)))


@router.post("/places", response={201: PlaceOut, **FAILURES})
def create_place(request: HttpRequest, payload: PlaceIn) -> Status[PlaceOut]:
    """Add a place the gazetteer lacks, saying where its coordinates come from."""
    user = requester(request)
    require_anywhere(user, Capability.DOCUMENT)
    place = add_place(
        actor=user,
        name=payload.name,
        names_arabic=payload.names_arabic,
        district=payload.district,
        latitude=payload.latitude,
        longitude=payload.longitude,
        location_note=payload.location_note,
        record=str(payload.record) if payload.record else None,
    )
    return Status(201, place_out(get_place_for(user, place.key)))


def place_out(place: Place, match: MatchOut | None = None) -> PlaceOut:
    return PlaceOut(
        key=place.key,
        name=place.name,
        ascii_name=place.ascii_name,
        names_arabic=place.names_arabic,
        names_latin=place.names_latin,
        province=place.province,
        district=place.district,
        latitude=place.latitude,
        longitude=place.longitude,
        feature_code=place.feature_code,
        geonames_id=place.geonames_id,
        origin=place.origin,
        location_note=place.location_note,
        added_by=place.added_by,
        match=match,
    )
