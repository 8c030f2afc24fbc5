"""Searching the demo case in chromium for a place spelled three ways.

The open letter wrote "Parion"; "Parian", "Paryan" and "پریان", typed in the
incident list's search box, all find that incident, which is still
unresolved (sabt.records.spelling_search).
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from sabt.access.membership import grant
from sabt.demo.loader import load_demo
from sabt.records.models import Incident

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PARION = "Parion: families executed"


def test_three_spellings_find_the_parion_incident(
    page: Page, live_server: LiveServer, investigator: User
) -> None:
    load_demo(actor=investigator)
    assert not Incident.objects.get(title=PARION).places.get().is_resolved
    reader = User.objects.create_user("farida", password="correct horse battery")
    grant(user=reader, role="field_documenter", case="default")
    page.goto(live_server.url + "/login/")
    page.get_by_label("Username").fill("farida")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()

    results = page.locator("#incident-results")
    for spelling in ("Parian", "Paryan", "پریان"):
        box = page.get_by_label("Search")
        box.fill(spelling)
        with page.expect_response(lambda r: "/incidents/?" in r.url) as answer:
            box.press("Enter")
        assert answer.value.ok
        expect(results.get_by_role("link", name=PARION)).to_be_visible()
        # Only the villages the letter names with Parion, not the whole case.
        tomb = results.get_by_role("link", name="Tomb of Ahmad Shah Massoud desecrated")
        expect(tomb).to_have_count(0)
