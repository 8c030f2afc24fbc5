"""Tests for bad input: every one is a 400 naming its field, with no event.

Whether the services or the request schema catch it, the answer has one
shape, ``{"errors": {"<field>": ["message", ...]}}``, and the ledger is left
as it was.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from sabt.ledger_store.models import LedgerEvent
from tests.api.conftest import ApiClient
from tests.api.test_incidents import DARHEL
from tests.factories import make_incident

pytestmark = pytest.mark.django_db


def _assert_refused(response: Any, field: str, message: str, events: int) -> None:
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert any(m.startswith(message) for m in errors[field]), errors
    assert LedgerEvent.objects.count() == events


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"date_from": "2999-01-01"}, "date_from", "This date is in the future."),
        (
            {"date_from": "2021-09-10", "date_to": "2021-09-01"},
            "date_to",
            "The end date is before the start date.",
        ),
        (
            {"counts": {"killed": {"min": 30, "max": 12}}},
            "killed",
            "The minimum (30) is above the maximum (12).",
        ),
        (
            {"places": [{"name": "Xyzzyq"}]},
            "places",
            "No place in the gazetteer matches 'Xyzzyq'",
        ),
        ({"event_type": "massacre"}, "event_type", "Unknown value 'massacre'"),
    ],
    ids=[
        "incident dated in the future",
        "end before its start",
        "minimum above maximum",
        "place name that resolves to nothing",
        "unknown event type",
    ],
)
def test_a_refused_incident_is_400_and_appends_nothing(
    api: ApiClient, overrides: dict[str, Any], field: str, message: str
) -> None:
    response = api.post("/api/incidents", {**DARHEL, **overrides})
    _assert_refused(response, field, message, events=0)


def test_an_unknown_act_type_is_400_and_appends_nothing(
    api: ApiClient, investigator: User
) -> None:
    incident = make_incident(investigator)
    response = api.post(
        f"/api/incidents/{incident.record}/acts", {"act_type": "massacre"}
    )
    _assert_refused(response, "act_type", "Unknown value 'massacre'", events=1)


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({k: v for k, v in DARHEL.items() if k != "title"}, "title", "Field required"),
        ({**DARHEL, "date_from": "10/09/2021"}, "date_from", "Input should be"),
        (
            {**DARHEL, "counts": {"killed": {"min": -1}}},
            "counts.killed.min",
            "Input should be greater than or equal to 0",
        ),
        (
            {**DARHEL, "counts": {"kiled": {"min": 1}}},
            "counts.kiled",
            "Extra inputs are not permitted",
        ),
        ({**DARHEL, "places": "Darhel"}, "places", "Input should be a valid list"),
        ({**DARHEL, "title": "Dar\x00hel"}, "title", "Value error, Text cannot"),
        ({**DARHEL, "title": "Dar\ud800hel"}, "title", "Value error, Text must"),
        ({**DARHEL, "record": "not-a-uuid"}, "record", "Input should be a valid UUID"),
        ([], "body", "Input should be"),
    ],
    ids=[
        "missing title",
        "date not in ISO form",
        "negative count",
        "misspelt count",
        "places not a list",
        "NUL character",
        "lone surrogate",
        "record id not a UUID",
        "body not an object",
    ],
)
def test_a_body_the_schema_refuses_is_400_naming_the_field(
    api: ApiClient, body: Any, field: str, message: str
) -> None:
    response = api.post("/api/incidents", body)
    _assert_refused(response, field, message, events=0)


def test_a_body_that_is_not_json_is_400(api: ApiClient) -> None:
    response = api.client.post(
        "/api/incidents", "{not json", content_type="application/json"
    )
    _assert_refused(response, "body", "Cannot parse request body", events=0)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 10_000}, "limit"),
        ({"offset": -1}, "offset"),
        ({"offset": 10**30}, "offset"),
        ({"date_from": "yesterday"}, "date_from"),
        ({"q": "x" * 1000}, "q"),
    ],
)
def test_a_query_the_schema_refuses_is_400_naming_the_parameter(
    api: ApiClient, params: dict[str, Any], field: str
) -> None:
    response = api.get("/api/incidents", **params)
    assert response.status_code == 400
    assert field in response.json()["errors"]
