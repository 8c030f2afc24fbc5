"""An investigator previews, then imports, a Central export of sabt's incident
form in chromium, and finds the incident with its place and victims."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect
from pytest_django import Settings
from pytest_django.live_server_helper import LiveServer

from sabt.ledger_store.rebuild import verify_ledger
from sabt.records.models import Incident
from tests.access.two_factor_helpers import code_for, confirmed_device
from tests.odk.instances import incident_export

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
INSTANCE = "uuid:5c2d8e61-7f3a-4b9c-a1d2-3e4f5a6b7c88"


@pytest.fixture(autouse=True)
def _blobs(settings: Settings, tmp_path: Path) -> None:
    settings.SABT_BLOB_DIR = tmp_path / "blobs"


def _log_in(page: Page, url: str, investigator: User) -> None:
    device = confirmed_device(investigator)
    page.goto(url + "/login/")
    page.get_by_label("Username").fill("investigator")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Code from your authenticator app").fill(code_for(device))
    page.get_by_role("button", name="Verify").click()


def test_an_export_is_previewed_imported_and_read(
    page: Page, live_server: LiveServer, investigator: User, tmp_path: Path
) -> None:
    export = incident_export(tmp_path / "sabt_incident_report.csv.zip", INSTANCE)
    _log_in(page, live_server.url, investigator)

    page.goto(live_server.url + "/odk/import/")
    page.get_by_label("Export").set_input_files(str(export))
    page.get_by_label("Form").select_option("incident_report")
    page.get_by_role("button", name="Upload").click()
    results = page.get_by_role(
        "region", name="What sabt_incident_report.csv.zip would become"
    )
    expect(results).to_contain_text("1 submission: 1 would import")
    row = results.get_by_role("row").filter(has_text=INSTANCE)
    expect(row.get_by_role("cell")).to_have_text(
        [INSTANCE, "would import", "Men taken from Bazarak", "0", "1", "",
         "2 acts, 1 person"]
    )  # fmt: skip
    assert not Incident.objects.exists()

    page.get_by_label("Export").set_input_files(str(export))
    page.get_by_label("Form").select_option("incident_report")
    page.get_by_label("Only show what each submission would become").uncheck()
    page.get_by_role("button", name="Upload").click()
    expect(
        page.get_by_role("region", name="What sabt_incident_report.csv.zip became")
    ).to_contain_text("imported")

    incident = Incident.objects.get()
    page.goto(f"{live_server.url}/incidents/{incident.record}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Men taken from Bazarak"
    )
    expect(page.locator("body")).to_contain_text("Bāzārak")
    expect(page.locator("body")).to_contain_text("مریم")
    expect(page.locator("body")).to_contain_text("men of the village")
    assert verify_ledger() == []
