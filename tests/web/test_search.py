"""The incident search on the web (sabt.web.search_audit, and the spelling
keys of sabt.records.spelling_search behind it): a search is audited once
when it is submitted, not again when the same words are reloaded, paged or
narrowed.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from sabt.access.audit import query_of
from sabt.access.models import ReadAudit
from tests.factories import make_incident

pytestmark = pytest.mark.django_db


def _searched() -> list[str | None]:
    entries = ReadAudit.objects.filter(action="searched").order_by("at", "pk")
    return [query_of(entry) for entry in entries]


@pytest.fixture
def signed_in(client: Client, investigator: User, org_key: object) -> Client:
    client.force_login(investigator)
    return client


def test_a_search_is_audited_once_however_often_it_is_shown(
    signed_in: Client,
) -> None:
    signed_in.get("/incidents/", {"q": "Darhel"})
    signed_in.get("/incidents/", {"q": "Darhel"})  # reloaded
    signed_in.get("/incidents/", {"q": " Darhel ", "page": "2"})  # paged
    signed_in.get(
        "/incidents/",
        {"q": "Darhel", "status": "reported"},
        headers={"HX-Request": "true"},
    )
    assert _searched() == ["Darhel"]
    signed_in.get("/incidents/", {"q": "Parian"})
    signed_in.get("/incidents/", {"q": "Darhel"})  # asked again after another
    assert _searched() == ["Darhel", "Parian", "Darhel"]


def test_the_session_keeps_no_search_words(signed_in: Client) -> None:
    signed_in.get("/incidents/", {"q": "Zarghuna"})
    assert "Zarghuna" not in str(dict(signed_in.session.items()))


def test_the_list_searches_when_submitted_not_on_each_keystroke(
    signed_in: Client,
) -> None:
    page = signed_in.get("/incidents/").content.decode()
    trigger = re.search(r'<form[^>]*hx-trigger="([^"]*)"', page)
    assert trigger, "the filter form asks the server itself"
    events = [part.strip() for part in trigger.group(1).split(",")]
    assert "submit" in events
    # A typed word waits for Enter; only pickers apply when changed.
    assert all(
        event == "submit" or event.startswith("change from:(.filters ")
        for event in events
    ), events
    assert "text" not in trigger.group(1)


def test_a_search_says_how_many_of_the_users_incidents_match(
    signed_in: Client, investigator: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sabt.core.cases import Case  # noqa: PLC0415
    from sabt.web.pagination import CappedPaginator  # noqa: PLC0415

    Case.objects.create(slug="other", name="Another case")
    for day in ("2021-09-03", "2021-09-04", "2021-09-05"):
        make_incident(investigator, title="Shelling of the market", date_from=day)
    make_incident(investigator, title="Night raid")
    make_incident(investigator, title="Shelling of the bazaar", case="other")
    response = signed_in.get("/incidents/", {"q": "shelling"})
    assert b"3 incidents" in response.content
    monkeypatch.setattr(CappedPaginator, "cap", 2)
    response = signed_in.get("/incidents/", {"q": "shelling"})
    assert b"More than 2 incidents: narrow the search" in response.content
