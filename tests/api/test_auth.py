"""Tests for bearer-token authentication of the API (``sabt.api.auth``)."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User

from sabt.access.models import ApiToken
from sabt.access.tokens import token_digest
from tests.api.conftest import ApiClient
from tests.ledger_store.helpers import run_command

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


def test_a_revoked_token_gets_401_saying_so(investigator: User, token: str) -> None:
    assert ApiClient(token).get("/api/incidents").status_code == 200
    run_command("token", "revoke", "investigator", "tests")
    response = ApiClient(token).get("/api/incidents")
    assert response.status_code == 401
    assert response.json() == {
        "detail": "This API token was revoked: ask an administrator for a new one."
    }
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_an_expired_token_gets_401_saying_when(investigator: User) -> None:
    _, out, _ = run_command(
        "token", "create", "investigator", "--name", "old", "--days", "1"
    )
    row = ApiToken.objects.get(name="old")
    # The day passes: the token was issued two days ago.
    ApiToken.objects.filter(pk=row.pk).update(
        created=row.created - datetime.timedelta(days=2),
        expires=row.expires - datetime.timedelta(days=2),
    )
    expired_on = (row.expires - datetime.timedelta(days=2)).date().isoformat()
    response = ApiClient(out.strip()).get("/api/incidents")
    assert response.status_code == 401
    assert response.json() == {
        "detail": f"This API token expired on {expired_on}: ask an "
        "administrator for a new one."
    }
    assert ApiToken.objects.get(pk=row.pk).last_used is None


def test_a_new_token_works_where_a_revoked_one_of_that_name_did(
    investigator: User, token: str
) -> None:
    run_command("token", "revoke", "investigator", "tests")
    _, out, _ = run_command("token", "create", "investigator", "--name", "tests")
    assert ApiClient(out.strip()).get("/api/incidents").status_code == 200
    assert ApiClient(token).get("/api/incidents").status_code == 401
