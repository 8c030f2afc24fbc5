"""An investigator documents a photograph of the Bazarak strike in chromium.

Covers the evidence pages end to end (sabt.web.views.evidence): registering
an item from its incident, uploading a file, three assessments moving the
conclusion, opening the file (a download, recorded in the chain of custody
with its purpose), and the ledger verifying and rebuilding afterwards.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect
from pytest_django import Settings
from pytest_django.live_server_helper import LiveServer

from sabt.evidence.services import register_evidence_item
from sabt.ledger_store.models import LedgerEvent
from sabt.ledger_store.rebuild import rebuild_projections, verify_ledger
from tests.access.two_factor_helpers import code_for, confirmed_device
from tests.evidence.test_add_file import picture
from tests.factories import make_incident
from tests.ledger_store.helpers import projection_snapshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Bazarak: house hit by a drone strike"


def _log_in(page: Page, url: str, investigator: User) -> None:
    """Log in with the password, then a code: an investigator has a second
    factor (tests/conftest.py)."""
    page.goto(url + "/login/")
    page.get_by_label("Username").fill("investigator")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    code = code_for(confirmed_device(investigator))
    page.get_by_label("Code from your authenticator app").fill(code)
    page.get_by_role("button", name="Verify").click()


def _assess(page: Page, kind: str, method: str) -> None:
    page.get_by_text("Add an assessment").click()
    page.locator("#id_kind").select_option(kind)
    page.locator("#id_method").fill(method)
    page.locator("#id_finding").select_option("consistent")
    page.locator("#id_confidence").select_option("high")
    page.locator("#id_analyst").fill("Farid")
    page.get_by_role("button", name="Record the assessment").click()


def test_investigator_adds_and_verifies_a_photograph(
    page: Page,
    live_server: LiveServer,
    investigator: User,
    tmp_path: Path,
    settings: Settings,
) -> None:
    settings.SABT_BLOB_DIR = tmp_path / "blobs"
    incident = make_incident(investigator, title=TITLE)
    photo = picture(tmp_path / "IMG_2021-09-06.jpg")
    _log_in(page, live_server.url, investigator)
    page.goto(f"{live_server.url}/incidents/{incident.record}/")

    page.get_by_role("link", name="Register evidence").click()
    page.locator("#id_kind").select_option("photo")
    page.locator("#id_title").fill("Photograph of the house after the strike")
    page.get_by_role("button", name="Register the evidence").click()
    expect(page.get_by_test_id("conclusion")).to_have_text("not yet verified")

    page.get_by_text("Add a file").click()
    page.locator("#id_file").set_input_files(str(photo))
    page.locator("#id_acquired_how").select_option("received")
    page.locator("#id_acquired_by").fill("Amina")
    page.locator("#id_acquired_at").fill("2021-09-07")
    page.get_by_role("button", name="Add the file").click()
    expect(page.get_by_text("image/jpeg")).to_be_visible()

    _assess(page, "source", "Sender known; account history since 2019")
    expect(page.get_by_test_id("conclusion")).to_have_text("partly verified")
    _assess(page, "technical", "EXIF consistent; no signs of editing")
    _assess(page, "geolocation", "Ridge line and minaret match imagery")
    expect(page.get_by_test_id("conclusion")).to_have_text("verified")

    page.get_by_text("Open, hand over, or add a derivative").click()
    page.locator("form[action$='/open/'] #id_purpose").fill("Court submission check")
    with page.expect_download() as download:
        page.get_by_role("button", name="Open the file").click()
    saved = tmp_path / "downloaded.jpg"
    download.value.save_as(saved)
    assert saved.read_bytes() == photo.read_bytes()

    page.reload()
    custody = page.get_by_test_id("custody")
    expect(custody).to_contain_text("Court submission check")
    expect(custody.locator("tbody tr")).to_have_count(2)

    assert verify_ledger() == []
    before = projection_snapshot()
    rebuild_projections()
    assert projection_snapshot() == before


def test_a_file_over_the_limit_is_refused_before_it_is_sent(
    page: Page,
    live_server: LiveServer,
    investigator: User,
    tmp_path: Path,
    settings: Settings,
) -> None:
    settings.SABT_BLOB_DIR = tmp_path / "blobs"
    settings.SABT_MAX_UPLOAD_BYTES = 10_000
    item = register_evidence_item(actor=investigator, kind="video", title=TITLE)
    video = tmp_path / "convoy.mp4"
    video.write_bytes(b"\x00" * 20_000)
    _log_in(page, live_server.url, investigator)
    page.goto(f"{live_server.url}/evidence/{item.record}/")
    before = LedgerEvent.objects.count()

    page.get_by_text("Add a file").click()
    page.locator("#id_file").set_input_files(str(video))
    page.locator("#id_acquired_how").select_option("received")
    page.locator("#id_acquired_by").fill("Amina")
    page.locator("#id_acquired_at").fill("2021-09-07")
    page.get_by_role("button", name="Add the file").click()

    message = page.locator("#id_file").evaluate("input => input.validationMessage")
    assert message == "This file is larger than the 9.8\xa0KB this node takes."
    expect(page).to_have_url(f"{live_server.url}/evidence/{item.record}/")
    assert LedgerEvent.objects.count() == before
    assert not (tmp_path / "blobs").exists()
