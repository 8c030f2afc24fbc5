"""A field documenter's day in chromium: offered only what the role may do.

Covers sabt.web.templatetags.sabt_policy as a person meets it: on the demo's
Parion incident no link or form leads to a refusal, and every entry of the
menu, clicked in turn, opens a page rather than a bare 403.
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

REFUSED = "You may not open this page"


def _log_in(page: Page, url: str, username: str) -> None:
    page.goto(url + "/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Incidents", exact=True)).to_be_visible()


@pytest.fixture
def documenter(investigator: User) -> User:
    load_demo(actor=investigator)
    user = User.objects.create_user("farida", password="correct horse battery")
    grant(user=user, role="field_documenter", case="default")
    return user


def test_a_field_documenter_meets_no_refusal_on_an_incident_or_in_the_menu(
    page: Page, live_server: LiveServer, documenter: User
) -> None:
    _log_in(page, live_server.url, documenter.get_username())
    parion = Incident.objects.get(title="Parion: families executed")
    page.goto(f"{live_server.url}/incidents/{parion.record}/")

    # What a field documenter may do is offered; changing the status is not.
    main = page.locator("main")
    expect(main.get_by_role("link", name="Add an act")).to_be_visible()
    expect(main.get_by_role("button", name="Settle").first).to_be_visible()
    expect(main.get_by_role("button", name="Change the status")).to_have_count(0)
    for action in main.locator("form").evaluate_all("fs => fs.map(f => f.action)"):
        assert "/places/" in action, action  # settling a place, which the role may
    hrefs = main.locator("a[href^='/']").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    for href in sorted(set(hrefs)):
        status = page.request.get(live_server.url + href).status
        assert status == 200, (href, status)

    page.goto(f"{live_server.url}/incidents/")
    menu = page.get_by_role("navigation", name="Main menu")
    names = menu.get_by_role("link").all_inner_texts()
    assert "Tracing" not in names
    assert page.get_by_role("navigation", name="Administration").count() == 0
    for name in names:
        page.get_by_role("navigation", name="Main menu").get_by_role(
            "link", name=name, exact=True
        ).click()
        expect(page.locator("h1")).to_be_visible()
        expect(page.locator("h1")).not_to_have_text(REFUSED)
        assert page.locator("[data-testid=refused]").count() == 0, name


def test_a_refusal_is_a_styled_page_with_a_way_back(
    page: Page, live_server: LiveServer, documenter: User
) -> None:
    _log_in(page, live_server.url, documenter.get_username())
    page.goto(f"{live_server.url}/people/")
    # A tracing page typed in by hand: refused, inside the usual frame.
    page.goto(f"{live_server.url}/tracing/", referer=f"{live_server.url}/people/")
    expect(page.get_by_role("heading", name=REFUSED)).to_be_visible()
    expect(page.get_by_role("navigation", name="Main menu")).to_be_visible()
    page.get_by_role("link", name="Back to the page you came from").click()
    expect(page).to_have_url(f"{live_server.url}/people/")
