"""Tests for the statement endpoints: list, read, record."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth.models import User

from sabt.ledger_store.models import LedgerEvent
from tests.api.conftest import ApiClient
from tests.factories import make_incident, make_source, make_statement

pytestmark = pytest.mark.django_db


def test_recording_a_denial_returns_201(api: ApiClient, investigator: User) -> None:
    incident = make_incident(investigator)
    official = make_source(investigator, kind="official", pseudonym="Spokesman")
    response = api.post(
        "/api/statements",
        {
            "source": official.record,
            "text": "هیچ غیرنظامی کشته نشده است.",
            "translation": "No civilian was killed.",
            "language": "fa",
            "stance": "denies",
            "made_on": "2021-09-14",
            "incidents": [incident.record],
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["stance"], body["made_on"]) == ("denies", "2021-09-14")
    assert body["incidents"] == [incident.record]
    detail = api.get(f"/api/incidents/{incident.record}").json()
    assert detail["statements"] == [
        {"record": body["record"], "source": official.record, "stance": "denies"}
    ]
    assert LedgerEvent.objects.filter(type="statement.recorded").count() == 1


def test_a_statement_is_read_by_its_record(api: ApiClient, investigator: User) -> None:
    incident = make_incident(investigator)
    statement = make_statement(
        investigator, source=make_source(investigator), incident=incident
    )
    body = api.get(f"/api/statements/{statement.record}").json()
    assert (body["text"], body["incidents"]) == (statement.text, [incident.record])


def test_statements_are_listed(api: ApiClient, investigator: User) -> None:
    incident = make_incident(investigator)
    source = make_source(investigator)
    make_statement(investigator, source=source, incident=incident)
    make_statement(investigator, source=source, incident=incident, stance="denies")
    body = api.get("/api/statements").json()
    assert body["count"] == 2
    assert sorted(s["stance"] for s in body["items"]) == ["alleges", "denies"]


def test_an_unknown_statement_is_404(api: ApiClient) -> None:
    assert api.get(f"/api/statements/{uuid.uuid4()}").status_code == 404


def test_an_unknown_source_is_400_and_appends_nothing(api: ApiClient) -> None:
    unknown = str(uuid.uuid4())
    response = api.post(
        "/api/statements",
        {"source": unknown, "text": "x", "language": "en", "stance": "alleges"},
    )
    assert response.status_code == 400
    assert response.json()["errors"]["source"] == [f"No such record: {unknown}."]
    assert LedgerEvent.objects.count() == 0
