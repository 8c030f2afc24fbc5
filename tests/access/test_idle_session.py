"""Tests for the idle timeout (sabt.access.idle_session): a session ends
when its user stops, lives on while they work, and a page read within the
minute writes nothing to the session table.
"""

from __future__ import annotations

import datetime
import time

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sabt.access.idle_session import REFRESH_SECONDS, REFRESHED_KEY

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client: Client, investigator: User) -> Client:
    client.force_login(investigator)
    return client


def _last_refresh(seconds_ago: int) -> None:
    """Say the expiry was last moved on ``seconds_ago`` seconds ago."""
    session = Session.objects.get()
    data = session.get_decoded()
    data[REFRESHED_KEY] = int(time.time()) - seconds_ago
    expires = timezone.now() + datetime.timedelta(seconds=30)
    Session.objects.filter(pk=session.pk).update(
        session_data=Session.objects.encode(data), expire_date=expires
    )


def _session_writes(client: Client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    writes = ("UPDATE", "INSERT", "DELETE")
    return [
        q["sql"]
        for q in queries
        if "django_session" in q["sql"] and q["sql"].lstrip().startswith(writes)
    ]


def test_a_page_read_within_the_minute_writes_no_session(signed_in: Client) -> None:
    signed_in.get("/incidents/")  # the first request after logging in moves it on
    expiry = Session.objects.get().expire_date
    assert _session_writes(signed_in, "/incidents/") == []
    assert _session_writes(signed_in, "/people/") == []
    assert Session.objects.get().expire_date == expiry


def test_an_active_session_lives_on(signed_in: Client) -> None:
    # The session would end in 30 s; its last move on was over a minute ago.
    _last_refresh(REFRESH_SECONDS + 1)
    assert _session_writes(signed_in, "/incidents/") != []
    left = Session.objects.get().expire_date - timezone.now()
    age = datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert age - left < datetime.timedelta(minutes=1)
    assert signed_in.get("/incidents/").status_code == 200


def test_a_recent_refresh_leaves_the_expiry_as_it_is(signed_in: Client) -> None:
    _last_refresh(10)
    expiry = Session.objects.get().expire_date
    assert _session_writes(signed_in, "/incidents/") == []
    assert Session.objects.get().expire_date == expiry


def test_an_idle_session_ends(signed_in: Client) -> None:
    signed_in.get("/incidents/")
    _last_refresh(10)
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = signed_in.get("/incidents/")
    assert response["Location"] == "/login/?next=/incidents/"


def test_a_visitor_gets_no_session(client: Client) -> None:
    client.get("/login/")
    assert not Session.objects.exists()
