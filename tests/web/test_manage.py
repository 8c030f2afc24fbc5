"""Tests for the admin pages (sabt.web.views.manage): accounts, roles in
cases, cases, and the read audit.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from sabt.access.audit import record_read
from sabt.access.models import Membership, ReadAudit
from sabt.core.cases import Case
from tests.web.helpers import error_beside

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client: Client, investigator: User) -> Client:
    investigator.is_superuser = True
    investigator.save(update_fields=["is_superuser"])
    client.force_login(investigator)
    return client


def test_only_an_admin_may_open_the_admin_pages(client: Client, outsider: User) -> None:
    client.force_login(outsider)
    for url in ("/manage/users/", "/manage/audit/"):
        assert client.get(url).status_code == 403
    assert (
        client.post("/manage/cases/new/", {"slug": "x", "name": "X"}).status_code == 403
    )
    assert not Case.objects.filter(pk="x").exists()


def test_an_admin_adds_an_account_and_sees_its_password_once(admin: Client) -> None:
    response = admin.post(
        "/manage/users/",
        {"username": "nasrin", "role": "tracing_officer", "case": "default"},
    )

    shown = re.search(r"<code>([^<]+)</code>", response.content.decode())
    assert shown is not None
    assert User.objects.get(username="nasrin").check_password(shown.group(1))
    assert Membership.objects.get(user__username="nasrin").role == "tracing_officer"
    assert shown.group(1) not in admin.get("/manage/users/").content.decode()


def test_a_taken_username_is_refused_beside_the_field(admin: Client) -> None:
    response = admin.post(
        "/manage/users/",
        {"username": "investigator", "role": "viewer", "case": "default"},
    )
    assert response.status_code == 400
    assert error_beside(response, "username") == "A user investigator exists already."


def test_an_admin_adds_a_case_and_grants_a_role_in_it(
    admin: Client, colleague: User
) -> None:
    admin.post("/manage/cases/new/", {"slug": "panjshir-2021", "name": "Panjshir 2021"})
    admin.post(
        "/manage/users/grant/",
        {"username": "colleague", "role": "analyst", "case": "panjshir-2021"},
    )
    assert (
        Membership.objects.get(user=colleague, case="panjshir-2021").role == "analyst"
    )
    users = admin.get("/manage/users/").content.decode()
    assert 'analyst — <bdi dir="ltr"><code>panjshir-2021</code></bdi>' in users


def test_the_audit_page_filters_and_its_own_reading_is_audited(admin: Client) -> None:
    record_read(username="farid", action="searched", query="Zarghuna")
    record_read(username="nasrin", action="exported", detail="court bundle")

    page = admin.get("/manage/audit/?action=searched").content.decode()

    assert "Zarghuna" in page
    assert "court bundle" not in page
    assert ReadAudit.objects.filter(actor="investigator", target_type="audit").exists()
