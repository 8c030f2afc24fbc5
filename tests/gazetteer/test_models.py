"""Tests for ``gazetteer.models``: the districts as a map layer and as the
outlines that place a point, checked against the shipped district column.
"""

from __future__ import annotations

import pytest

from sabt.gazetteer.models import District, Place

pytestmark = pytest.mark.django_db


def test_districts_form_one_feature_collection_for_the_map() -> None:
    collection = District.objects.all().feature_collection()
    assert collection["type"] == "FeatureCollection"
    assert [f["properties"]["name"] for f in collection["features"]] == [
        "Bazarak",
        "Dara",
        "Khenj (Hese- Awal)",
        "Paryan",
        "Rukha",
        "Shutul",
        "Unaba",
    ]
    feature = collection["features"][0]
    assert feature["type"] == "Feature"
    assert feature["geometry"]["type"] == "Polygon"
    assert feature["properties"]["gn_admin2_code"] == "3301"


def test_every_gazetteer_place_lies_in_the_district_the_file_gives() -> None:
    mismatched = []
    for place in Place.objects.all():
        found = District.objects.containing(
            latitude=place.latitude, longitude=place.longitude
        )
        if (found.name if found else "") != place.district:
            mismatched.append(place.key)
    assert mismatched == []


def test_ghajih_lies_in_rukha_although_who_s_on_first_says_bazarak() -> None:
    assert Place.objects.get(key="geonames:1423212").district == "Rukha"


def test_a_place_shows_all_its_names_once() -> None:
    place = Place.objects.get(key="geonames:1143847")
    assert place.all_names() == ["Dashtak", "Daštak", "دشتک", "دشتك"]
