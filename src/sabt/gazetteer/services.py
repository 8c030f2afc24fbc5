"""The write path for places users add: validate, then record a signed event.

Gazetteer rows are loaded from the shipped files (``loading``), never
written here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sabt.core.validation import is_storable, new_record_id
from sabt.gazetteer.districts import district_named
from sabt.gazetteer.models import District, Place
from sabt.gazetteer.place_names import is_arabic_script
from sabt.ledger_store.recording import record_event

NAME_MAX = 200
NOTE_MAX = 1000

# Afghanistan's extent (about 29.4-38.5 N, 60.5-74.9 E) widened by about one
# degree, so places near the border, and typing slips of a few kilometres,
# pass while swapped or mistyped coordinates (69.5, 35.3) do not.
LATITUDE_RANGE = (28.0, 39.5)
LONGITUDE_RANGE = (59.5, 76.0)


def add_place(
    *,
    actor: AbstractBaseUser,
    name: str,
    names_arabic: Sequence[str] = (),
    district: str = "",
    latitude: float,
    longitude: float,
    location_note: str,
    record: str | None = None,
) -> Place:
    """Record a place the gazetteer lacks and return it.

    ``location_note`` says where the coordinates come from ("approximate,
    from a witness's description"). A blank district is taken from the
    district outline holding the coordinates. ``record`` fixes the place's
    key (a lowercase UUID, as a demo loader needs); a fresh UUID otherwise.
    The same record, or the same name at the same coordinates, twice records
    nothing the second time. Raises ValidationError naming each bad field;
    nothing is recorded then.
    """
    key = new_record_id(record)
    if record is not None and (known := Place.objects.filter(key=key).first()):
        return known
    fields = _clean(
        name=name,
        names_arabic=names_arabic,
        district=district,
        latitude=latitude,
        longitude=longitude,
        location_note=location_note,
    )
    existing = Place.objects.filter(
        origin=Place.Origin.USER,
        name=fields["name"],
        latitude=fields["latitude"],
        longitude=fields["longitude"],
    ).first()
    if existing is not None:
        return existing
    event = record_event(
        type="place.added",
        record=key,
        body={"actor": actor.get_username(), **fields},
    )
    return Place.objects.get(key=event.record)


def _clean(
    *,
    name: str,
    names_arabic: Sequence[str],
    district: str,
    latitude: float,
    longitude: float,
    location_note: str,
) -> dict[str, Any]:
    errors: dict[str, str] = {}
    name = " ".join(name.split())
    if not name:
        errors["name"] = _("A place needs a name.")
    elif len(name) > NAME_MAX:
        errors["name"] = _("A name has at most %(max)d characters.") % {"max": NAME_MAX}
    arabic = list(dict.fromkeys(" ".join(n.split()) for n in names_arabic))
    arabic = [n for n in arabic if n]
    if any(not is_arabic_script(n) or len(n) > NAME_MAX for n in arabic):
        errors["names_arabic"] = _(
            "Arabic-script names must be written in Arabic script, "
            "at most %(max)d characters each."
        ) % {"max": NAME_MAX}
    coordinate_errors = {
        "latitude": _coordinate_error(latitude, LATITUDE_RANGE),
        "longitude": _coordinate_error(longitude, LONGITUDE_RANGE),
    }
    errors.update({k: message for k, message in coordinate_errors.items() if message})
    location_note = location_note.strip()
    if not location_note:
        errors["location_note"] = _(
            "Say where the coordinates come from, for example "
            "“approximate, from a witness's description”."
        )
    elif len(location_note) > NOTE_MAX:
        errors["location_note"] = _("A note has at most %(max)d characters.") % {
            "max": NOTE_MAX
        }
    known_district: District | None = None
    if district.strip():
        known_district = _named_district(district)
        if known_district is None:
            errors["district"] = _(
                "No district called “%(district)s” is known; leave it blank "
                "to take the district from the coordinates."
            ) % {"district": district.strip()}
    elif not coordinate_errors["latitude"] and not coordinate_errors["longitude"]:
        # As for gazetteer rows: the district whose outline holds the point.
        known_district = District.objects.containing(
            latitude=float(latitude), longitude=float(longitude)
        )
    texts = {"name": [name], "names_arabic": arabic, "location_note": [location_note]}
    for field, values in texts.items():
        if not all(is_storable(value) for value in values):
            errors[field] = _("Text cannot contain NUL characters or broken Unicode.")
    if errors:
        raise ValidationError(errors)
    return {
        "name": name,
        "names_arabic": arabic,
        "district": known_district.name if known_district else "",
        "province": known_district.province if known_district else "",
        "latitude": float(latitude),
        "longitude": float(longitude),
        "location_note": location_note,
    }


def _coordinate_error(value: float, bounds: tuple[float, float]) -> str:
    try:
        degrees = float(value) if not isinstance(value, bool) else math.nan
    except (TypeError, ValueError):
        degrees = math.nan
    if math.isnan(degrees):
        return _("Coordinates are decimal degrees, such as 35.3129.")
    if not bounds[0] <= degrees <= bounds[1]:
        return _("This is not in or near Afghanistan (%(low)s to %(high)s).") % {
            "low": bounds[0],
            "high": bounds[1],
        }
    return ""


def _named_district(text: str) -> District | None:
    """Return the district a name means ("Rokha" means Rukha), if known."""
    named = district_named(text)
    return District.objects.filter(name=named.name).first() if named else None
