"""Tests for ``gazetteer.loading`` and its hook after ``migrate``: the shipped
files fill the Place and District tables, and loading again changes nothing.
"""

from __future__ import annotations

import pytest
from django.core import serializers
from django.core.management import call_command

from sabt.gazetteer.loading import DATA_DIR, load_gazetteer, read_places
from sabt.gazetteer.models import District, Place

pytestmark = pytest.mark.django_db


def snapshot() -> str:
    """Every Place and District row, serialised in key order."""
    return "\n".join(
        serializers.serialize("json", model.objects.order_by("pk"), sort_keys=True)
        for model in (Place, District)
    )


def test_migrate_loads_194_places_and_7_districts() -> None:
    assert Place.objects.filter(origin=Place.Origin.GAZETTEER).count() == 194
    assert District.objects.count() == 7


def test_migrate_reloads_places_that_went_missing() -> None:
    Place.objects.all().delete()
    District.objects.all().delete()
    call_command("migrate", verbosity=0)
    assert (Place.objects.count(), District.objects.count()) == (194, 7)


def test_loading_twice_changes_nothing() -> None:
    before = snapshot()
    load_gazetteer()
    load_gazetteer()
    assert snapshot() == before


def test_loading_restores_an_edited_gazetteer_row() -> None:
    before = snapshot()
    Place.objects.filter(key="geonames:1143847").update(name="Dashtak (edited)")
    District.objects.filter(name="Rukha").update(geometry={})
    load_gazetteer()
    assert snapshot() == before


def test_a_gazetteer_row_keeps_names_in_both_scripts() -> None:
    place = Place.objects.get(key="geonames:1143420")
    assert place.name == "Deh-e Parīān"
    assert place.ascii_name == "Deh-e Parian"
    assert place.names_arabic == ["ده پریان"]
    assert "Paṟyān" in place.names_latin
    assert (place.province, place.district) == ("Panjshir", "Paryan")
    assert (place.latitude, place.longitude) == (35.6256, 70.01457)
    assert (place.geonames_id, place.feature_code) == (1143420, "PPL")
    assert place.added_by == ""


def test_an_old_two_decimal_record_says_it_is_coarse() -> None:
    doab = Place.objects.get(key="geonames:1121842")
    assert doab.location_note == "GeoNames coordinates to 2 decimals (about 1 km)."
    dashtak = Place.objects.get(key="geonames:1143847")
    assert dashtak.location_note == "GeoNames coordinates."


def test_kabul_is_the_one_place_outside_panjshir() -> None:
    outside = Place.objects.exclude(province="Panjshir")
    assert [(p.name, p.province, p.district) for p in outside] == [
        ("Kabul", "Kabul", "")
    ]


def test_districts_carry_their_geonames_admin2_codes() -> None:
    codes = dict(District.objects.values_list("name", "gn_admin2_code"))
    assert codes == {
        "Bazarak": "3301",
        "Dara": "3302",
        "Khenj (Hese- Awal)": "3303",
        "Paryan": "3304",
        "Shutul": "3305",
        "Unaba": "3306",
        "Rukha": "3307",
    }


def test_shipped_files_live_inside_the_package() -> None:
    assert {path.name for path in DATA_DIR.iterdir()} == {
        "README.md",
        "panjshir_geonames.tsv",
        "panjshir_districts_geoboundaries.geojson",
    }
    assert len(read_places()) == 194
