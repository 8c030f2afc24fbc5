"""Tests for the place endpoints: list, look up, read, add."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from sabt.gazetteer.models import Place
from sabt.ledger_store.models import LedgerEvent
from tests.api.conftest import ApiClient
from tests.gazetteer.factories import SARICHA, make_place

pytestmark = pytest.mark.django_db


def test_adding_a_place_returns_201_and_appends_one_event(api: ApiClient) -> None:
    response = api.post("/api/places", SARICHA)
    assert response.status_code == 201
    body = response.json()
    assert (body["name"], body["origin"], body["added_by"]) == (
        "Saricha",
        "user",
        "investigator",
    )
    assert body["district"] == "Bazarak"
    assert Place.objects.filter(key=body["key"]).exists()
    assert LedgerEvent.objects.get().type == "place.added"


def test_a_place_is_read_by_its_key(api: ApiClient) -> None:
    body = api.get("/api/places/geonames:1429434").json()
    assert (body["name"], body["district"]) == ("Bāzārak", "Bazarak")
    assert "بازارک" in body["names_arabic"]
    assert body["match"] is None


def test_an_unknown_place_is_404(api: ApiClient) -> None:
    assert api.get("/api/places/geonames:1").status_code == 404


def test_looking_up_a_name_in_arabic_script_resolves_it(api: ApiClient) -> None:
    body = api.get("/api/places", q="چنگرم").json()
    changaram = body["items"][0]
    assert (body["resolved"], body["district"]) == (changaram["key"], "Bazarak")
    assert (changaram["name"], changaram["match"]["score"]) == ("Changaram", 1.0)


def test_a_district_name_resolves_to_the_district_not_its_town(
    api: ApiClient,
) -> None:
    body = api.get("/api/places", q="بازارک").json()
    assert (body["resolved"], body["district"]) == (None, "Bazarak")
    assert body["items"][0]["key"] == "geonames:1429434"  # the town, offered


def test_an_ambiguous_name_lists_candidates_and_resolves_nothing(
    api: ApiClient,
) -> None:
    body = api.get("/api/places", q="Dashtak").json()
    assert body["resolved"] is None
    assert body["count"] >= 2
    assert all(item["match"]["why"] for item in body["items"])


def test_the_district_settles_an_ambiguous_name(api: ApiClient) -> None:
    body = api.get("/api/places", q="Dashtak", district="Rukha").json()
    resolved = Place.objects.get(key=body["resolved"])
    assert resolved.district == "Rukha"


def test_places_are_listed_by_name_and_district(
    api: ApiClient, investigator: User
) -> None:
    make_place(investigator)
    body = api.get("/api/places", district="Bazarak", limit=200).json()
    assert body["count"] == Place.objects.filter(district="Bazarak").count()
    assert "Saricha" in [item["name"] for item in body["items"]]
    assert {item["district"] for item in body["items"]} == {"Bazarak"}
