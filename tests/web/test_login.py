"""Tests for login, the forced password change, and logout.

The second factor has its own module, tests/access/test_two_factor.py.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from sabt.access.accounts import create_first_admin, must_change_password
from tests.access.two_factor_helpers import enrol

pytestmark = pytest.mark.django_db


def test_login_page_is_served(client: Client) -> None:
    response = client.get("/login/")
    assert response.status_code == 200
    assert b'name="username"' in response.content


def test_anonymous_visitor_is_sent_to_login(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/"


def test_first_admin_is_created_once_with_a_hashed_password() -> None:
    password = create_first_admin()
    assert password is not None
    admin = User.objects.get(username="admin")
    assert admin.is_superuser is True
    assert admin.password.startswith("argon2$")
    assert password not in admin.password
    assert create_first_admin() is None


def test_one_time_password_forces_a_new_password(client: Client) -> None:
    password = create_first_admin()
    response = client.post("/login/", {"username": "admin", "password": password})
    assert response.status_code == 302
    # An admin sets up a second factor first, then chooses a password.
    assert client.get("/").headers["Location"] == "/account/two-factor/?next=%2F"
    enrol(client, User.objects.get(username="admin"))
    assert client.get("/").headers["Location"] == "/password/"
    response = client.post(
        "/password/",
        {
            "old_password": password,
            "new_password1": "Parian valley 2021!",
            "new_password2": "Parian valley 2021!",
        },
    )
    assert response.headers["Location"] == "/"
    assert client.get("/incidents/").status_code == 200
    assert must_change_password(User.objects.get(username="admin")) is False


def test_wrong_password_does_not_log_in(client: Client) -> None:
    create_first_admin()
    response = client.post("/login/", {"username": "admin", "password": "guess"})
    assert response.status_code == 200
    assert b"Please enter a correct username and password" in response.content
    assert client.get("/incidents/").status_code == 302


def test_logout_needs_post(client: Client, investigator: User) -> None:
    client.force_login(investigator)
    assert client.get("/logout/").status_code == 405
    assert client.post("/logout/").status_code == 302
    assert client.get("/incidents/").status_code == 302
