"""Tests for issuing and checking API tokens (``sabt.access.tokens``)."""

from __future__ import annotations

import hashlib

import pytest
from django.contrib.auth.models import User

from sabt.access.models import ApiToken
from sabt.access.tokens import authenticate_token, issue_token

pytestmark = pytest.mark.django_db


def test_an_issued_token_authenticates_its_user(investigator: User) -> None:
    token = issue_token(user=investigator, name="ingest")
    assert authenticate_token(token) == investigator


def test_only_the_sha256_of_a_token_is_stored(investigator: User) -> None:
    token = issue_token(user=investigator, name="ingest")
    row = ApiToken.objects.get()
    assert row.token_sha256 == hashlib.sha256(token.encode()).hexdigest()
    assert (row.user, row.name) == (investigator, "ingest")
    assert all(
        token not in str(value) for value in ApiToken.objects.values().get().values()
    )


def test_two_tokens_are_never_the_same(investigator: User) -> None:
    assert issue_token(user=investigator) != issue_token(user=investigator)


@pytest.mark.parametrize(
    "token",
    ["", "sabt_", "sabt_unknown", "not-a-sabt-token", "sabt_\x00", "sabt_" * 50],
)
def test_a_token_never_issued_authenticates_no_one(
    investigator: User, token: str
) -> None:
    issue_token(user=investigator)
    assert authenticate_token(token) is None


def test_an_inactive_users_token_authenticates_no_one(investigator: User) -> None:
    token = issue_token(user=investigator)
    investigator.is_active = False
    investigator.save(update_fields=["is_active"])
    assert authenticate_token(token) is None


def test_authenticating_records_last_use(investigator: User) -> None:
    token = issue_token(user=investigator)
    authenticate_token(token)
    assert ApiToken.objects.get().last_used is not None
