"""Accounts, cases and roles: ``sabt user``, ``sabt case`` and the policy table."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.management.base import CommandError

from sabt.access.accounts import must_change_password
from sabt.access.membership import add_user, create_case, grant, revoke
from sabt.access.models import Membership
from sabt.access.policy import (
    Capability,
    Role,
    can,
    cases_where,
    needs_second_factor,
)
from sabt.core.cases import Case
from tests.ledger_store.helpers import run_command

pytestmark = pytest.mark.django_db


def test_the_default_case_exists_from_the_start() -> None:
    assert Case.objects.filter(pk="default").exists()


def test_user_add_creates_an_account_with_a_one_time_password() -> None:
    run_command("case", "add", "panjshir-2021", "Panjshir, September 2021")
    code, out, _ = run_command(
        "user", "add", "nasrin", "--role", "tracing_officer", "--case", "panjshir-2021"
    )

    password = out.rsplit(": ", 1)[1].strip()
    user = User.objects.get(username="nasrin")
    assert code == 0
    assert user.check_password(password)
    assert must_change_password(user)
    assert Membership.objects.get(user=user).role == "tracing_officer"
    assert password not in User.objects.get(username="nasrin").password


def test_bad_user_and_case_commands_say_what_is_wrong_and_change_nothing() -> None:
    with pytest.raises(CommandError, match="Unknown role boss"):
        run_command("user", "add", "x", "--role", "boss")
    with pytest.raises(CommandError, match="No case nowhere"):
        run_command("user", "add", "x", "--role", "viewer", "--case", "nowhere")
    with pytest.raises(CommandError, match="letters, digits, hyphens"):
        run_command("case", "add", "bad slug!", "Name")
    with pytest.raises(CommandError, match="No user called 'ghost'"):
        run_command("user", "grant", "ghost", "--role", "viewer")
    assert not User.objects.exists()
    assert Case.objects.count() == 1


def test_grant_replaces_the_role_held_in_a_case_and_revoke_removes_it() -> None:
    run_command("user", "add", "farid", "--role", "viewer")
    run_command("user", "grant", "farid", "--role", "analyst")
    farid = User.objects.get(username="farid")
    assert [m.role for m in Membership.objects.filter(user=farid)] == ["analyst"]
    _, listed, _ = run_command("user", "list")
    assert "farid: analyst in default" in listed
    run_command("user", "revoke", "farid")
    assert not Membership.objects.filter(user=farid).exists()


@pytest.mark.parametrize(
    ("role", "sees_sealed"),
    [
        ("investigator", True),
        ("tracing_officer", True),
        ("field_documenter", False),
        ("analyst", False),
        ("viewer", False),
    ],
)
def test_roles_open_sealed_fields_only_where_the_table_says(
    role: str, sees_sealed: bool
) -> None:
    Case.objects.create(slug="other", name="Other")
    run_command("user", "add", "u", "--role", role)
    user = User.objects.get(username="u")

    assert can(user, Capability.VIEW, "default")
    assert can(user, Capability.SEE_SEALED, "default") is sees_sealed
    assert not can(user, Capability.VIEW, "other")  # not a member there
    assert needs_second_factor(user) is sees_sealed
    assert cases_where(user, Capability.VIEW) == ["default"]


def test_an_admin_holds_every_capability_in_every_case() -> None:
    run_command("user", "add", "root", "--role", "admin")
    admin = User.objects.get(username="root")
    assert all(can(admin, capability, "any-case") for capability in Capability)
    assert cases_where(admin, Capability.SEE_SEALED) is None
    assert needs_second_factor(admin)
    assert set(Role) == {
        "admin", "investigator", "tracing_officer", "field_documenter", "analyst",
        "viewer",
    }  # fmt: skip


def test_a_user_asked_before_is_answered_anew_after_a_grant_or_revoke() -> None:
    create_case(slug="panjshir-2021", name="Panjshir, September 2021")
    user, _password = add_user(username="zarmina", role="viewer", case="default")
    assert cases_where(user, Capability.VIEW) == ["default"]
    assert not can(user, Capability.VIEW, "panjshir-2021")

    grant(user=user, role="investigator", case="panjshir-2021")
    assert can(user, Capability.SEE_SEALED, "panjshir-2021")
    assert needs_second_factor(user)

    revoke(user=user, case="panjshir-2021")
    assert not can(user, Capability.VIEW, "panjshir-2021")
    assert cases_where(user, Capability.VIEW) == ["default"]
