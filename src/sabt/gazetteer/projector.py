"""Turns ``place.*`` events into Place rows (places users add)."""

from __future__ import annotations

from sabt.gazetteer.models import Place
from sabt.gazetteer.place_names import ascii_name, is_arabic_script
from sabt.ledger import Event
from sabt.ledger_store.projection import dispatch


def _add(event: Event) -> None:
    body = event.body
    name: str = body["name"]
    names_arabic = list(body["names_arabic"])
    # A name written in Arabic script is searched among the Arabic names.
    if is_arabic_script(name) and name not in names_arabic:
        names_arabic.insert(0, name)
    latin = ascii_name(name)
    names_latin = list(dict.fromkeys([name, latin])) if latin else []
    Place.objects.create(
        key=event.record,
        name=name,
        ascii_name=latin,
        names_arabic=names_arabic,
        names_latin=names_latin,
        province=body["province"],
        district=body["district"],
        latitude=float(body["latitude"]),
        longitude=float(body["longitude"]),
        feature_code="",
        geonames_id=None,
        origin=Place.Origin.USER,
        location_note=body["location_note"],
        added_by=body["actor"],
    )


apply = dispatch({"place.added": _add})
