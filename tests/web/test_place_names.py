"""Tests for gazetteer names in the reader's script (sabt.web.place_names)."""

from __future__ import annotations

import pytest
from django.utils import translation

from sabt.gazetteer.models import Place
from sabt.web.place_names import district_name, place_name

pytestmark = pytest.mark.django_db

DEH_E_PARIAN = "geonames:1143420"
BARAK = "geonames:1147089"
ASTANA = "geonames:1148173"


def test_dari_names_a_place_in_arabic_script() -> None:
    place = Place.objects.get(key=DEH_E_PARIAN)
    assert place_name(place) == "Deh-e Parīān"
    with translation.override("fa"):
        assert place_name(place) == "ده پریان"


def test_dari_prefers_the_spelling_with_persian_letters() -> None:
    with translation.override("fa"):
        assert place_name(Place.objects.get(key=BARAK)) == "بارک"


def test_a_place_without_an_arabic_script_name_keeps_its_latin_one() -> None:
    with translation.override("fa"):
        assert place_name(Place.objects.get(key=ASTANA)) == "Astana"


def test_a_candidate_of_an_incident_is_named_through_its_key() -> None:
    candidate = {"place": DEH_E_PARIAN, "name": "Deh-e Parīān", "district": "Paryan"}
    with translation.override("fa"):
        assert place_name(candidate) == "ده پریان"
        assert place_name({"place": "geonames:0", "name": "Nowhere"}) == "Nowhere"


def test_dari_names_a_district_in_arabic_script() -> None:
    assert district_name("Paryan") == "Paryan"
    with translation.override("fa"):
        assert district_name("Paryan") == "پریان"
        assert district_name("Not a district") == "Not a district"
