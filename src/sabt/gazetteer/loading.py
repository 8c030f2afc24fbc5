"""Loading the shipped gazetteer files into the Place and District tables.

Runs after every ``migrate`` (see ``apps``) and as the gazetteer projector's
``reset`` during ``sabt rebuild``. Reference rows are not ledger events: the
files in ``data/`` are their source, so loading twice changes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.db import DEFAULT_DB_ALIAS, transaction

from sabt.gazetteer.districts import DISTRICTS
from sabt.gazetteer.models import District, Place
from sabt.gazetteer.places_file import read_rows, split_names

DATA_DIR = Path(__file__).resolve().parent / "data"
DISTRICTS_FILE = DATA_DIR / "panjshir_districts_geoboundaries.geojson"

# A coordinate with this many decimals or fewer is about 1 km coarse
# (GeoNames' old 2008 records); say so beside the place.
COARSE_DECIMALS = 2
COARSE_NOTE = "GeoNames coordinates to 2 decimals (about 1 km)."
GEONAMES_NOTE = "GeoNames coordinates."

PLACE_FIELDS = [
    "name",
    "ascii_name",
    "names_arabic",
    "names_latin",
    "province",
    "district",
    "latitude",
    "longitude",
    "feature_code",
    "geonames_id",
    "origin",
    "location_note",
    "added_by",
]


def load_gazetteer(using: str = DEFAULT_DB_ALIAS) -> None:
    """Insert or update every shipped place and district, in one transaction.

    Rows are updated in place rather than deleted and inserted, so anything
    that refers to a place keeps its link; gazetteer places no longer in the
    file are removed. User-added places are not touched.
    """
    districts = read_districts()
    places = read_places()
    with transaction.atomic(using=using):
        District.objects.using(using).bulk_create(
            districts,
            update_conflicts=True,
            unique_fields=["gn_admin2_code"],
            update_fields=["name", "province", "geometry"],
        )
        District.objects.using(using).exclude(
            gn_admin2_code__in=[d.gn_admin2_code for d in districts]
        ).delete()
        Place.objects.using(using).bulk_create(
            places,
            update_conflicts=True,
            unique_fields=["key"],
            update_fields=PLACE_FIELDS,
        )
        Place.objects.using(using).filter(origin=Place.Origin.GAZETTEER).exclude(
            key__in=[place.key for place in places]
        ).delete()


def read_places() -> list[Place]:
    """Return the places of the TSV file as unsaved rows.

    Columns are described in ``data/README.md``; list columns are
    ``|``-separated. The district is the geoBoundaries 2014 one.
    """
    return [_place(row) for row in read_rows()]


def read_districts() -> list[District]:
    """Return the district outlines of the GeoJSON file as unsaved rows.

    Raises ValueError for a district missing from ``districts.DISTRICTS``,
    whose admin2 code would then be unknown.
    """
    codes = {district.name: district.gn_admin2_code for district in DISTRICTS}
    collection: dict[str, Any] = json.loads(DISTRICTS_FILE.read_text("utf-8"))
    districts = []
    for feature in collection["features"]:
        name = feature["properties"]["shapeName"]
        if name not in codes:
            raise ValueError(f"district {name!r} is not in districts.DISTRICTS")
        districts.append(
            District(
                gn_admin2_code=codes[name],
                name=name,
                province=feature["properties"]["province"],
                geometry=feature["geometry"],
            )
        )
    return districts


def _place(row: dict[str, str]) -> Place:
    geonameid = row["geonameid"]
    return Place(
        key=f"geonames:{geonameid}",
        name=row["name"],
        ascii_name=row["asciiname"],
        names_arabic=split_names(row["names_arabic_script"]),
        names_latin=split_names(row["names_latin"]),
        province=row["province"],
        district=row["district_geoboundaries_2014"],
        latitude=float(row["latitude"]),
        longitude=float(row["longitude"]),
        feature_code=row["feature_code"],
        geonames_id=int(geonameid),
        origin=Place.Origin.GAZETTEER,
        location_note=_location_note(row),
        added_by="",
    )


def _location_note(row: dict[str, str]) -> str:
    # Stored data, like the names: English, as in the source files.
    coarse = all(
        len(row[column].partition(".")[2]) <= COARSE_DECIMALS
        for column in ("latitude", "longitude")
    )
    notes = [COARSE_NOTE if coarse else GEONAMES_NOTE, row["note"].strip()]
    return " ".join(note for note in notes if note)
