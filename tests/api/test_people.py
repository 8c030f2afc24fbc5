"""Tests for the person endpoints: list, read, record."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth.models import User

from sabt.ledger_store.models import LedgerEvent
from sabt.records import services
from tests.api.conftest import ApiClient

pytestmark = pytest.mark.django_db


def test_recording_a_person_returns_201_with_names_as_written(api: ApiClient) -> None:
    response = api.post(
        "/api/persons",
        {
            "name": "عبدالغنی",
            "other_names": ["Abdul Ghani"],
            "father_name": "Ghulam Sakhi",
            "sex": "male",
            "age": {"min": 60, "max": 70},
            "home_place": "geonames:1429434",
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["name"], body["other_names"]) == ("عبدالغنی", ["Abdul Ghani"])
    assert body["age"] == {"min": 60, "max": 70}
    assert body["birth_year"] == {"min": None, "max": None}
    assert body["home_place"] == "geonames:1429434"
    assert LedgerEvent.objects.get().type == "person.recorded"


def test_a_person_shows_their_status_history(
    api: ApiClient, investigator: User
) -> None:
    person = services.record_person(actor=investigator, name="Abdul Ghani")
    services.record_person_status(
        actor=investigator, person=person, status="detained", as_of="2021-09-12"
    )
    body = api.get(f"/api/persons/{person.record}").json()
    assert body["status"] == "detained"
    assert body["status_history"] == [
        {"status": "detained", "as_of": "2021-09-12", "source": None, "note": ""}
    ]


def test_people_are_listed_by_name(api: ApiClient, investigator: User) -> None:
    for name in ("Zarif", "Ahmad", "Mahmud"):
        services.record_person(actor=investigator, name=name)
    body = api.get("/api/persons", limit=2).json()
    assert body["count"] == 3
    assert [p["name"] for p in body["items"]] == ["Ahmad", "Mahmud"]


def test_an_unknown_person_is_404(api: ApiClient) -> None:
    assert api.get(f"/api/persons/{uuid.uuid4()}").status_code == 404


def test_an_unknown_sex_is_400_and_appends_nothing(api: ApiClient) -> None:
    response = api.post("/api/persons", {"name": "Ahmad", "sex": "m"})
    assert response.status_code == 400
    assert response.json()["errors"]["sex"] == ["Unknown value m."]
    assert LedgerEvent.objects.count() == 0
