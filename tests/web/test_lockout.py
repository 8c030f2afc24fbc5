"""The lock-out after failed logins (django-axes, settings ``AXES_*``) and its
page, ``sabt.web.views.auth.locked_out``.

The account is the outsider's, who needs no second factor: a right password
logs straight in. Wrong second-factor codes count too, see
tests/access/test_two_factor.py.
"""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.test import Client

from tests.ledger_store.helpers import run_command

pytestmark = pytest.mark.django_db

RIGHT = "correct horse battery"


@pytest.fixture
def viewer(db: None) -> User:
    return User.objects.create_user(username="viewer", password=RIGHT)


def _attempt(client: Client, password: str) -> object:
    return client.post("/login/", {"username": "outsider", "password": password})


def _fail_five_times(client: Client) -> None:
    for attempt in range(5):
        _attempt(client, f"guess {attempt}")


def test_four_wrong_passwords_do_not_lock(client: Client, outsider: User) -> None:
    for attempt in range(4):
        _attempt(client, f"guess {attempt}")
    response = client.post("/login/", {"username": "outsider", "password": RIGHT})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(outsider.pk)


def test_the_sixth_attempt_is_refused_even_with_the_right_password(
    client: Client, outsider: User
) -> None:
    _fail_five_times(client)

    response = client.post("/login/", {"username": "outsider", "password": RIGHT})

    assert response.status_code == 429
    content = response.content.decode()
    assert "Login locked" in content
    assert "Too many failed attempts to log in to this account" in content
    assert "Try again in 30 minutes, after" in content
    assert "_auth_user_id" not in client.session


def test_the_fifth_failure_already_shows_the_lock(
    client: Client, outsider: User
) -> None:
    for attempt in range(4):
        _attempt(client, f"guess {attempt}")
    response = client.post("/login/", {"username": "outsider", "password": "x"})
    assert response.status_code == 429
    assert "Login locked" in response.content.decode()


def test_reset_unlocks(client: Client, outsider: User) -> None:
    _fail_five_times(client)

    code, out, _ = run_command("axes_reset_username", "outsider")

    assert (code, out.strip()) == (0, "1 attempts removed.")
    response = client.post("/login/", {"username": "outsider", "password": RIGHT})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(outsider.pk)


def test_the_lock_holds_for_the_username_at_that_address_only(
    outsider: User, viewer: User
) -> None:
    here = Client(REMOTE_ADDR="192.0.2.10")
    elsewhere = Client(REMOTE_ADDR="192.0.2.20")
    _fail_five_times(here)

    viewer_here = here.post("/login/", {"username": "viewer", "password": RIGHT})
    outsider_elsewhere = elsewhere.post(
        "/login/", {"username": "outsider", "password": RIGHT}
    )

    assert viewer_here.status_code == 302
    assert outsider_elsewhere.status_code == 302


def test_the_lock_page_carries_no_password(client: Client, outsider: User) -> None:
    _fail_five_times(client)
    response = client.post("/login/", {"username": "outsider", "password": RIGHT})
    assert RIGHT not in response.content.decode()


def test_failed_attempts_are_kept_without_their_passwords(
    client: Client, outsider: User
) -> None:
    _attempt(client, "guess 0")
    attempt = AccessAttempt.objects.get()
    assert attempt.failures_since_start == 1
    assert "guess 0" not in attempt.post_data
