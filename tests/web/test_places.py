"""Tests for the place pages (sabt.web.views.places): one place with its
incidents, and adding a place the gazetteer lacks.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from sabt.gazetteer.models import Place
from sabt.ledger_store.models import LedgerEvent
from tests.factories import make_incident
from tests.web.helpers import error_beside, event_types_of

pytestmark = pytest.mark.django_db

KABUL = "geonames:1138958"


@pytest.fixture
def signed_in(client: Client, investigator: User) -> Client:
    client.force_login(investigator)
    return client


def test_anonymous_visitor_is_sent_to_login(client: Client) -> None:
    for url in (f"/places/{KABUL}/", "/places/new/"):
        assert client.get(url)["Location"].startswith("/login/?next=/places/")


def test_missing_place_is_404(signed_in: Client) -> None:
    assert signed_in.get("/places/geonames:0/").status_code == 404


def test_place_page_lists_its_incidents(signed_in: Client, investigator: User) -> None:
    make_incident(investigator, title="Kabul arrests", places=[{"place": KABUL}])
    make_incident(investigator)
    content = signed_in.get(f"/places/{KABUL}/").content.decode()
    assert "Kabul arrests" in content
    assert "Darhel: old and young" not in content
    assert 'id="map-data"' in content


def test_adding_a_place_records_it_and_its_event(signed_in: Client) -> None:
    response = signed_in.post(
        "/places/new/",
        {
            "name": "Saricha",
            "names_arabic": "سریچه",
            "latitude": "35.31",
            "longitude": "69.52",
            "location_note": "approximate, from a witness's description",
        },
    )
    place = Place.objects.get(name="Saricha")
    assert response["Location"] == f"/places/{place.key}/"
    assert (place.names_arabic, place.district) == (["سریچه"], "Bazarak")
    assert event_types_of(place.key) == ["place.added"]


def test_swapped_coordinates_are_refused_beside_the_field(signed_in: Client) -> None:
    response = signed_in.post(
        "/places/new/",
        {
            "name": "Saricha",
            "latitude": "69.52",
            "longitude": "35.31",
            "location_note": "approximate",
        },
    )
    assert error_beside(response, "latitude") == (
        "This is not in or near Afghanistan (28.0 to 39.5)."
    )
    assert LedgerEvent.objects.count() == 0
