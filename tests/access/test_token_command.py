"""Tests for ``sabt token create``: one hashed row, the token printed once."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError

from sabt.access.models import ApiToken
from sabt.access.tokens import authenticate_token, token_digest
from tests.ledger_store.helpers import run_command

pytestmark = pytest.mark.django_db


def test_it_prints_a_token_that_authenticates(investigator: User) -> None:
    code, out, _ = run_command("token", "create", "investigator", "--name", "ingest")
    token = out.strip()
    assert code == 0
    assert authenticate_token(token) == investigator
    row = ApiToken.objects.get()
    assert (row.name, row.token_sha256) == ("ingest", token_digest(token))


def test_it_refuses_an_unknown_user(investigator: User) -> None:
    with pytest.raises(CommandError, match="No user called 'nobody'"):
        run_command("token", "create", "nobody")
    assert ApiToken.objects.count() == 0


def test_it_refuses_an_inactive_user(investigator: User) -> None:
    investigator.is_active = False
    investigator.save(update_fields=["is_active"])
    with pytest.raises(CommandError, match="inactive"):
        run_command("token", "create", "investigator")
    assert ApiToken.objects.count() == 0
