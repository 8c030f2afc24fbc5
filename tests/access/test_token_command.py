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


def test_a_token_lives_90_days_unless_told(investigator: User) -> None:
    run_command("token", "create", "investigator", "--name", "a")
    run_command("token", "create", "investigator", "--name", "b", "--days", "7")
    a, b = ApiToken.objects.order_by("name")
    assert (a.expires - a.created).days == 90
    assert (b.expires - b.created).days == 7


@pytest.mark.parametrize("days", ["0", "-1", "367"])
def test_it_refuses_a_lifetime_out_of_range(investigator: User, days: str) -> None:
    with pytest.raises(CommandError, match=f"1 to 366 days, not {days}"):
        run_command("token", "create", "investigator", "--days", days)
    assert ApiToken.objects.count() == 0


def test_an_unnamed_token_gets_a_name_it_can_be_revoked_by(
    investigator: User,
) -> None:
    run_command("token", "create", "investigator")
    run_command("token", "create", "investigator")
    assert list(ApiToken.objects.values_list("name", flat=True)) == [
        "token-1",
        "token-2",
    ]


def test_it_refuses_a_second_live_token_of_the_same_name(investigator: User) -> None:
    run_command("token", "create", "investigator", "--name", "ingest")
    with pytest.raises(CommandError, match="already has a token called 'ingest'"):
        run_command("token", "create", "investigator", "--name", "ingest")
    assert ApiToken.objects.count() == 1


def test_list_shows_each_token_but_never_its_secret(
    investigator: User, colleague: User
) -> None:
    _, mine, _ = run_command("token", "create", "investigator", "--name", "ingest")
    _, theirs, _ = run_command("token", "create", "colleague", "--name", "sync")
    authenticate_token(mine.strip())
    code, out, _ = run_command("token", "list")
    lines = out.splitlines()
    assert code == 0
    assert lines[0].split() == [
        *("USER", "NAME", "CREATED", "EXPIRES", "LAST", "USED", "STATE")
    ]
    assert [line.split()[:2] for line in lines[1:]] == [
        ["colleague", "sync"],
        ["investigator", "ingest"],
    ]
    assert lines[1].split()[-2:] == ["never", "valid"]
    assert "never" not in lines[2] and lines[2].endswith("valid")
    for secret in (mine.strip(), theirs.strip()):
        assert secret not in out
        assert token_digest(secret) not in out


def test_list_of_one_user_shows_only_theirs(
    investigator: User, colleague: User
) -> None:
    run_command("token", "create", "investigator", "--name", "ingest")
    run_command("token", "create", "colleague", "--name", "sync")
    _, out, _ = run_command("token", "list", "colleague")
    assert [line.split()[:2] for line in out.splitlines()[1:]] == [
        ["colleague", "sync"]
    ]


def test_list_says_when_there_are_none(investigator: User) -> None:
    assert run_command("token", "list")[1] == "No API tokens.\n"


def test_revoke_stops_the_token_and_list_says_so(investigator: User) -> None:
    _, out, _ = run_command("token", "create", "investigator", "--name", "ingest")
    code, said, _ = run_command("token", "revoke", "investigator", "ingest")
    assert code == 0
    assert said == "Revoked 1 token called 'ingest' of investigator.\n"
    assert authenticate_token(out.strip()) is None
    _, listed, _ = run_command("token", "list", "investigator")
    assert "revoked " in listed.splitlines()[1]


def test_revoke_refuses_an_unknown_name_and_changes_nothing(
    investigator: User,
) -> None:
    run_command("token", "create", "investigator", "--name", "ingest")
    with pytest.raises(CommandError, match="no live token called 'other'"):
        run_command("token", "revoke", "investigator", "other")
    assert ApiToken.objects.get().revoked is None


def test_revoke_refuses_a_token_already_revoked(investigator: User) -> None:
    run_command("token", "create", "investigator", "--name", "ingest")
    run_command("token", "revoke", "investigator", "ingest")
    with pytest.raises(CommandError, match="no live token called 'ingest'"):
        run_command("token", "revoke", "investigator", "ingest")


def test_revoke_needs_a_name(investigator: User) -> None:
    with pytest.raises(CommandError, match="needs USERNAME NAME"):
        run_command("token", "revoke", "investigator")
