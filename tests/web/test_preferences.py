"""Tests for the reader's calendar (sabt.web.views.preferences and
sabt.web.calendar_choice): chosen once, every date on every page follows.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tests.factories import make_incident

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(client: Client, investigator: User) -> Client:
    client.force_login(investigator)
    client.cookies["django_language"] = "fa"
    return client


def test_a_dari_page_writes_dates_in_solar_hijri(
    reader: Client, investigator: User
) -> None:
    incident = make_incident(investigator)
    content = reader.get(f"/incidents/{incident.record}/").content.decode()
    assert "۱۹ سنبله ۱۴۰۰" in content
    assert "10 September 2021" not in content


def test_choosing_gregorian_changes_every_later_page(
    reader: Client, investigator: User
) -> None:
    incident = make_incident(investigator)
    page = f"/incidents/{incident.record}/"
    response = reader.post("/calendar/", {"calendar": "gregorian", "next": page})
    assert response.status_code == 302
    assert response["Location"] == page
    content = reader.get(page).content.decode()
    assert "۱۰ سپتمبر ۲۰۲۱" in content
    assert "۱۹ سنبله ۱۴۰۰" not in content
    assert reader.get("/incidents/").content.decode().count("۱۰ سپتمبر ۲۰۲۱") == 1


def test_the_switch_shows_the_calendar_in_use(reader: Client) -> None:
    content = reader.get("/incidents/").content.decode()
    assert '<option value="solar_hijri" selected>هجری شمسی</option>' in content


def test_an_unknown_calendar_is_refused_and_changes_nothing(
    reader: Client,
) -> None:
    response = reader.post("/calendar/", {"calendar": "julian", "next": "/"})
    assert response.status_code == 400
    assert response.content.decode() == "تقویم شناخته‌شده نیست."
    assert "sabt_calendar" not in response.cookies


def test_a_next_address_on_another_site_goes_home_instead(reader: Client) -> None:
    response = reader.post(
        "/calendar/", {"calendar": "both", "next": "https://example.org/"}
    )
    assert response["Location"] == "/"


def test_a_dari_list_counts_in_persian_digits(
    reader: Client, investigator: User
) -> None:
    make_incident(investigator)
    assert "۱ رویداد" in reader.get("/incidents/").content.decode()
