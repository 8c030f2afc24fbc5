"""The analyst's count pages: defining, computing, reading, who may."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from pytest_django import DjangoAssertNumQueries, Settings

from sabt.analysis.models import Count
from sabt.demo.loader import load_demo
from sabt.tracing.models import PersonList
from tests.conftest import _user

QUICK = {"iterations": 300, "burn_in": 300, "bootstrap": 10}


@pytest.fixture
def analyst(db: None) -> User:
    return _user("analyst", "analyst")


def test_an_analyst_defines_computes_and_reads_a_count(
    client: Client,
    analyst: User,
    investigator: User,
    settings: Settings,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    settings.SABT_ESTIMATE_SETTINGS = QUICK
    load_demo(actor=investigator)
    client.force_login(analyst)
    lists = list(PersonList.objects.values_list("record", flat=True))
    response = client.post(
        "/analysis/",
        {
            "title": "Killed in Panjshir",
            "lists": lists,
            "act_types": ["killing"],
            "period_from": "2021-09-05",
            "period_to": "2021-09-20",
            "threshold": "0.9",
        },
    )
    count = Count.objects.get()
    assert response.status_code == 302
    client.post(f"/analysis/{count.record}/compute/")
    named = Count.objects.get().result["documented"]["named"]

    # Reading a computed count reads what was recorded: no linkage, no sampler.
    with django_assert_max_num_queries(25):
        page = client.get(f"/analysis/{count.record}/").content.decode()
    assert f"{named} people are documented by name" in page
    assert "at least 24 unnamed victims" in page
    assert "people were killed (95% interval, LCMCR)" in page
    assert "<svg" in page
    assert "SYNTHETIC casualty list (residents&#x27; committee) + SYNTHETIC" in page


def test_a_count_with_one_list_is_refused_with_its_reason(
    client: Client, analyst: User, investigator: User
) -> None:
    load_demo(actor=investigator)
    client.force_login(analyst)
    one = PersonList.objects.values_list("record", flat=True)[0]
    page = client.post("/analysis/", {"title": "Killed", "lists": [one]})
    assert "A count needs at least two lists." in page.content.decode()
    assert Count.objects.count() == 0


def test_the_counts_are_the_analysts_only(client: Client, db: None) -> None:
    client.force_login(_user("nobody"))
    assert client.get("/analysis/").status_code == 403
