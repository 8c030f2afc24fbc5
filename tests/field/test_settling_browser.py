"""An investigator settles, in chromium, an incident edited on a kit and here.

The panel shows both versions side by side in English and in Dari (right to
left, the screenshots kept); she picks a value per field, types a new title,
and the page shows one version again.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from nacl.signing import SigningKey
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from sabt.ledger_store.rebuild import rebuild_projections, verify_ledger
from sabt.records.models import Incident
from tests.field.two_heads import HQ_TITLE, KIT_TITLE, incident_in_conflict
from tests.ledger_store.helpers import projection_snapshot
from tests.web.test_incident_browser import _log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
NEW_TITLE = "Night raid on Bazarak village"


def test_the_incident_panel_settles_both_versions(
    page: Page,
    live_server: LiveServer,
    investigator: User,
    node_key: SigningKey,
    enrolled_device_key: SigningKey,
) -> None:
    heads = incident_in_conflict(investigator, node_key, enrolled_device_key)
    _log_in(page, live_server.url, investigator)
    page.goto(f"{live_server.url}/incidents/{heads.record}/")
    panel = page.get_by_test_id("conflict")
    title = panel.locator("tr.differs", has_text=HQ_TITLE)
    expect(title).to_contain_text(KIT_TITLE)
    ARTIFACTS.mkdir(exist_ok=True)
    panel.screenshot(path=ARTIFACTS / "incident-versions-en.png")

    page.get_by_role("button", name="دری").click()
    expect(panel.get_by_role("heading")).to_have_text("هم‌زمان در دو جا ویرایش شده")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    panel.screenshot(path=ARTIFACTS / "incident-versions-fa.png")
    page.get_by_role("button", name="English").click()

    # Nothing chosen: the browser asks for a choice before anything is sent.
    page.get_by_role("button", name="Settle on these values").click()
    assert Incident.objects.get(pk=heads.record).is_in_conflict
    title.get_by_role("radio", name="A new value").check()
    title.get_by_role("textbox").fill(NEW_TITLE)
    panel.locator("tr.differs", has_text="Killed").get_by_text("2", exact=True).click()
    perpetrator = panel.locator("tr.differs", has_text="Alleged perpetrator")
    perpetrator.locator("td").nth(1).get_by_role("radio").check()
    page.get_by_role("button", name="Settle on these values").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(NEW_TITLE)
    expect(page.get_by_test_id("conflict")).to_have_count(0)
    expect(page.get_by_test_id("settles")).to_contain_text("kit-1")
    assert len(Incident.objects.get(pk=heads.record).heads) == 1
    assert verify_ledger() == []
    before = projection_snapshot()
    rebuild_projections()
    assert projection_snapshot() == before
