"""Tests for bearer-token authentication of the API (``sabt.api.auth``)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from sabt.access.models import ApiToken
from sabt.access.tokens import token_digest
from tests.api.conftest import ApiClient

pytestmark = pytest.mark.django_db


def test_a_valid_token_reads_the_api(api: ApiClient) -> None:
    response = api.get("/api/incidents")
    assert response.status_code == 200
    assert response.json() == {"count": 0, "items": []}


def test_a_request_without_a_token_gets_401(anonymous: ApiClient) -> None:
    response = anonymous.get("/api/incidents")
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_an_unknown_token_gets_401(token: str) -> None:
    response = ApiClient(token[:-1] + ("x" if token[-1] != "x" else "y")).get(
        "/api/incidents"
    )
    assert response.status_code == 401


def test_a_token_without_the_bearer_scheme_gets_401(token: str) -> None:
    client = ApiClient(None)
    client.client.defaults["HTTP_AUTHORIZATION"] = f"Token {token}"
    assert client.get("/api/incidents").status_code == 401


def test_an_inactive_users_token_gets_401(investigator: User, token: str) -> None:
    investigator.is_active = False
    investigator.save(update_fields=["is_active"])
    assert ApiClient(token).get("/api/incidents").status_code == 401


def test_a_write_without_a_token_gets_401(anonymous: ApiClient) -> None:
    response = anonymous.post("/api/sources", {"kind": "witness", "pseudonym": "A"})
    assert response.status_code == 401


def test_the_database_holds_only_the_tokens_hash(token: str) -> None:
    row = ApiToken.objects.get()
    assert row.token_sha256 == token_digest(token)
    assert token not in row.token_sha256
    assert token not in repr(ApiToken.objects.values().get())


def test_using_a_token_records_when(api: ApiClient) -> None:
    assert ApiToken.objects.get().last_used is None
    api.get("/api/incidents")
    assert ApiToken.objects.get().last_used is not None
