"""Tests for the source endpoints: list, read, register."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth.models import User

from sabt.ledger_store.models import LedgerEvent
from tests.api.conftest import ApiClient
from tests.factories import make_source

pytestmark = pytest.mark.django_db


def test_registering_a_source_returns_201(api: ApiClient, investigator: User) -> None:
    resident = make_source(investigator, pseudonym="Ahmar")
    response = api.post(
        "/api/sources",
        {
            "kind": "journalist",
            "pseudonym": "Reporter 1",
            "reliability": "fairly_reliable",
            "derived_from": [resident.record],
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["kind"], body["pseudonym"]) == ("journalist", "Reporter 1")
    assert body["derived_from"] == [resident.record]
    assert LedgerEvent.objects.filter(type="source.registered").count() == 2


def test_a_source_is_read_by_its_record(api: ApiClient, investigator: User) -> None:
    source = make_source(investigator)
    body = api.get(f"/api/sources/{source.record}").json()
    assert (body["record"], body["pseudonym"]) == (source.record, "Ahmar")


def test_sources_are_listed_by_pseudonym(api: ApiClient, investigator: User) -> None:
    make_source(investigator, pseudonym="Zeytun")
    make_source(investigator, pseudonym="Ahmar")
    body = api.get("/api/sources").json()
    assert [s["pseudonym"] for s in body["items"]] == ["Ahmar", "Zeytun"]


def test_an_unknown_source_is_404(api: ApiClient) -> None:
    assert api.get(f"/api/sources/{uuid.uuid4()}").status_code == 404


def test_an_unknown_parent_source_is_400_and_appends_nothing(api: ApiClient) -> None:
    unknown = str(uuid.uuid4())
    response = api.post(
        "/api/sources",
        {"kind": "witness", "pseudonym": "A", "derived_from": [unknown]},
    )
    assert response.status_code == 400
    assert response.json()["errors"]["derived_from"] == [f"No such record: {unknown}."]
    assert LedgerEvent.objects.count() == 0
