"""The overview in chromium: the demo's incidents on the offline map, the
timeline through September 2021, and the same page in Dari, right to left.

Covers sabt.web.views.overview and overview_map.js: every place of every
incident shown is drawn (grouped when close), and no request leaves the
server, neither for tiles nor for scripts.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from sabt.demo.loader import load_demo
from sabt.records.models import Incident, IncidentPlace
from tests.access.two_factor_helpers import code_for, confirmed_device

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _log_in(page: Page, url: str, investigator: User) -> None:
    device = confirmed_device(investigator)
    page.goto(url + "/login/")
    page.get_by_label("Username").fill("investigator")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Code from your authenticator app").fill(code_for(device))
    page.get_by_role("button", name="Verify").click()


def _drawn_points(page: Page) -> int:
    """How many incident places the map's circles stand for, grouped or not."""
    counts = page.locator("#overview-map .incident-point").evaluate_all(
        "dots => dots.map(dot => Number(dot.dataset.count))"
    )
    return sum(counts)


def _drawable_places() -> int:
    """The places of the demo's incidents that are settled or have candidates."""
    rows = IncidentPlace.objects.all()
    return sum(1 for row in rows if row.place_id is not None or row.candidates)


def test_the_overview_draws_the_demo_offline(
    page: Page, live_server: LiveServer, investigator: User
) -> None:
    load_demo(actor=investigator)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    _log_in(page, live_server.url, investigator)
    page.get_by_role("link", name="Overview").click()
    incidents = Incident.objects.count()
    expect(page.get_by_text(f"{incidents} incidents", exact=True)).to_be_visible()
    expect(page.locator("#overview-map .incident-point").first).to_be_visible()
    assert _drawn_points(page) == _drawable_places()
    # Each place not yet settled has its candidates' area outlined.
    unsettled = [row for row in IncidentPlace.objects.all() if row.place_id is None]
    expect(page.locator("#overview-map path.unsettled-area")).to_have_count(
        sum(1 for row in unsettled if row.candidates)
    )
    expect(page.locator(".timeline-axis")).to_contain_text("September 2021")
    # Every incident has its row in time, each linking to its page.
    expect(page.locator(".timeline tbody tr")).to_have_count(incidents)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "overview-en.png", full_page=True)

    # Filtered like the list: one type of event, fewer rows.
    page.get_by_label("Type of event").select_option("battles")
    page.get_by_role("button", name="Filter").click()
    battles = Incident.objects.filter(event_type="battles").count()
    expect(page.locator(".timeline tbody tr")).to_have_count(max(battles, 1))

    page.goto(live_server.url + "/overview/")
    page.get_by_role("button", name="دری").click()
    assert page.evaluate("document.documentElement.dir") == "rtl"
    expect(page.locator("#overview-map .incident-point").first).to_be_visible()
    assert _drawn_points(page) == _drawable_places()
    page.screenshot(path=ARTIFACTS / "overview-fa.png", full_page=True)

    assert [url for url in requested if not url.startswith(live_server.url)] == []
