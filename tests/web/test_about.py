"""Tests for the about page and the demo-case button (sabt.web.views.about)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from sabt.ledger_store.models import LedgerEvent
from sabt.records.models import Incident

pytestmark = pytest.mark.django_db


def test_about_page_names_every_data_source_to_anyone(client: Client) -> None:
    content = client.get("/about/").content.decode()
    assert "https://www.geonames.org" in content
    assert "CC BY 4.0" in content
    assert "https://whosonfirst.org" in content
    assert "Runfola D. et al. (2020) geoBoundaries" in content


def test_anonymous_visitor_cannot_load_the_demo(client: Client) -> None:
    assert client.post("/demo/")["Location"] == "/login/?next=/demo/"
    assert LedgerEvent.objects.count() == 0


def test_only_a_superuser_loads_the_demo(client: Client, investigator: User) -> None:
    client.force_login(investigator)
    assert client.post("/demo/").status_code == 403
    assert LedgerEvent.objects.count() == 0


def test_demo_needs_post(client: Client, investigator: User) -> None:
    investigator.is_superuser = True
    investigator.save(update_fields=["is_superuser"])
    client.force_login(investigator)
    assert client.get("/demo/").status_code == 405


def test_loading_the_demo_twice_changes_nothing(
    client: Client, investigator: User
) -> None:
    investigator.is_superuser = True
    investigator.save(update_fields=["is_superuser"])
    client.force_login(investigator)
    response = client.post("/demo/", follow=True)
    loaded = LedgerEvent.objects.count()
    assert loaded > 0
    assert f"Demo case loaded: {loaded} events added to the ledger." in (
        response.content.decode()
    )
    incidents = Incident.objects.count()
    response = client.post("/demo/", follow=True)
    assert (
        "Demo case loaded: 0 events added to the ledger." in response.content.decode()
    )
    assert (LedgerEvent.objects.count(), Incident.objects.count()) == (
        loaded,
        incidents,
    )
