"""An investigator exports the Darhel incident for a court from the web, and
a court's expert checks the downloaded zip with the verify.py it carries.

Covers sabt.web.views.exports end to end in chromium: the button on the
incident page, the audience and reason, the page of the finished export,
the download, and the bundle verified by its own verifier run with python,
as HOW-TO-VERIFY.txt tells the expert to.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect
from pytest_django import Settings
from pytest_django.live_server_helper import LiveServer

from sabt.demo.loader import demo_id, load_demo
from sabt.ledger_store.merkle_log import verifier_key
from tests.access.two_factor_helpers import code_for, confirmed_device

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
DARHEL = demo_id("darhel-10-september")


def _log_in(page: Page, url: str, investigator: User) -> None:
    device = confirmed_device(investigator)
    page.goto(url + "/login/")
    page.get_by_label("Username").fill("investigator")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Code from your authenticator app").fill(code_for(device))
    page.get_by_role("button", name="Verify").click()


def test_a_court_export_from_the_web_verifies_offline(
    page: Page,
    live_server: LiveServer,
    investigator: User,
    settings: Settings,
    tmp_path: Path,
) -> None:
    settings.SABT_HOME = tmp_path / "home"
    load_demo(actor=investigator)
    _log_in(page, live_server.url, investigator)
    page.goto(f"{live_server.url}/incidents/{DARHEL}/")
    page.get_by_role("link", name="Export for a court").click()
    expect(page.get_by_role("heading", name="1 incident")).to_be_visible()
    page.get_by_label("Who will read it").select_option("un_courts")
    page.get_by_label("Why the export is made").fill("Requested by the ICC")
    page.get_by_role("button", name="Write the bundle").click()
    expect(page.get_by_role("heading", name="The export is ready")).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "court-export-ready.png", full_page=True)

    with page.expect_download() as fetched:
        page.get_by_role("link", name="Download sabt-court-export-").click()
    saved = tmp_path / fetched.value.suggested_filename
    fetched.value.save_as(saved)
    with zipfile.ZipFile(saved) as packed:
        packed.extractall(tmp_path / "court")
    instructions = (tmp_path / "court" / "HOW-TO-VERIFY.txt").read_text()
    key = verifier_key()
    assert f"--key '{key}'" in instructions

    # As the expert would: python, in the unzipped folder, with the key line.
    checked = subprocess.run(
        [sys.executable, "-I", "bundle/verify.py", "bundle", "--key", key],
        cwd=tmp_path / "court",
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.splitlines()[-1].startswith("VERIFIED: ")


def test_the_export_buttons_read_in_dari(
    page: Page, live_server: LiveServer, investigator: User
) -> None:
    load_demo(actor=investigator)
    _log_in(page, live_server.url, investigator)
    page.goto(f"{live_server.url}/incidents/?event_type=violence_against_civilians")
    page.get_by_role("button", name="دری").click()
    expect(page.get_by_role("link", name="صدور برای محکمه")).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "incident-list-exports-fa.png", full_page=True)
    page.get_by_role("link", name="صدور برای محکمه").click()
    # The filter carried over: the violence against civilians only.
    expect(page.get_by_role("button", name="نوشتن بسته")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "court-export-fa.png", full_page=True)
