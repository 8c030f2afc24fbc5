"""An analyst counts the demo's killed in chromium: documented, then estimated.

Covers sabt.web.views.analysis end to end: the menu link, defining a count
over the demo's three synthetic lists, computing it (short samplers, as in
tests/web/test_analysis.py) and reading the documented count, the
estimate's sentence and the chart, all from the server, no other host.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect
from pytest_django import Settings
from pytest_django.live_server_helper import LiveServer

from sabt.analysis.models import Count, Estimate
from sabt.demo.loader import load_demo
from tests.conftest import _user

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUICK = {"iterations": 300, "burn_in": 300, "bootstrap": 10}
SENTENCE = re.compile(
    r"^Between (\d+) and (\d+) people were killed \(95% interval, LCMCR\);"
    r" (\d+) are documented by name\.$"
)


def test_an_analyst_reads_the_documented_count_and_the_estimate(
    page: Page, live_server: LiveServer, investigator: User, settings: Settings
) -> None:
    settings.SABT_ESTIMATE_SETTINGS = QUICK
    load_demo(actor=investigator)
    _user("analyst", "analyst")
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(live_server.url + "/login/")
    page.get_by_label("Username").fill("analyst")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()

    page.get_by_role("link", name="Counts").click()
    page.get_by_label("Title").fill("Killed in Panjshir, September 2021")
    page.get_by_label("From").fill("2021-09-05")
    page.get_by_label("To", exact=True).fill("2021-09-20")
    page.get_by_role("button", name="Define the count").click()
    page.get_by_role("button", name="Compute the count").click()

    named = Count.objects.get().result["documented"]["named"]
    expect(page.locator(".documented-count")).to_have_text(
        f"{named} people are documented by name, each counted once."
    )
    expect(page.locator(".unnamed-range")).to_contain_text("at least 24 unnamed")
    sentence = page.locator("#report-sentence").inner_text()
    found = SENTENCE.match(sentence)
    assert found, sentence
    lower, upper, documented = (int(g) for g in found.groups())
    lcmcr = Estimate.objects.get(stratum="", method="lcmcr")
    assert (lower, upper) == (round(lcmcr.lower), round(lcmcr.upper))
    assert documented == named <= lower < upper
    expect(page.locator("svg.interval-chart circle").first).to_be_visible()
    assert all(url.startswith(live_server.url) for url in requested)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "count-en.png", full_page=True)
