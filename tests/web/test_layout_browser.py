"""The incident list on a phone, in chromium: nothing wider than the screen.

A documenter in the field reads sabt on a phone 390 px wide; a page wider
than that hides the end of every row (in Dari, its start). Checked in both
languages, with the demo case loaded, and the widest element named when it
fails.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from sabt.access.membership import grant
from sabt.demo.loader import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE: ViewportSize = {"width": 390, "height": 844}
# Elements drawn past the screen's edge, widest first.
TOO_WIDE = """(width) => [...document.querySelectorAll('body *')]
  .map(e => [e, e.getBoundingClientRect()])
  .filter(([e, box]) => box.width > 0 && (box.right > width + 1 || box.left < -1))
  .sort((a, b) => b[1].width - a[1].width)
  .slice(0, 8)
  .map(([e, box]) =>
    `${e.tagName}.${e.className} ${Math.round(box.left)}..${Math.round(box.right)}`)"""


@pytest.mark.parametrize("language", ["en", "fa"])
def test_the_incident_list_fits_a_phone(
    page: Page, live_server: LiveServer, investigator: User, language: str
) -> None:
    load_demo(actor=investigator)
    reader = User.objects.create_user("farida", password="correct horse battery")
    grant(user=reader, role="field_documenter", case="default")
    page.set_viewport_size(PHONE)
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    page.goto(live_server.url + "/login/")
    page.locator("#id_username").fill("farida")
    page.locator("#id_password").fill("correct horse battery")
    page.locator("form button[type=submit]").last.click()
    expect(page.locator("table.records")).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"incident-list-phone-{language}.png")
    assert page.evaluate(TOO_WIDE, PHONE["width"]) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
