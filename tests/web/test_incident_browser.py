"""An investigator works the Darhel killings of 10 September 2021 in chromium.

Covers the documentation pages end to end (sabt.web.views.incidents,
.sources, .about): loading the demo case, finding the incident, reading its
source and the denial beside it, the two-independent-sources rule refusing
and then allowing "corroborated", a witness statement in Dari script, and the
same page in Dari, right to left. The ledger must verify and rebuild to the
same tables afterwards.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from sabt.ledger_store.rebuild import rebuild_projections, verify_ledger
from tests.access.two_factor_helpers import code_for, confirmed_device
from tests.ledger_store.helpers import projection_snapshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
TITLE = "Darhel: old and young shot after a gunshot was heard"
LETTER = "Residents of Panjshir (open letter)"
ACCUSED = "Taliban (the accused party)"
WITNESS_TEXT = "ساعت ده صبح صدای فیر شنیدیم و بعد پیرمردان و جوانان را کشتند"
REFUSAL = "Corroborated needs at least two independent sources; link another first."


def _log_in(page: Page, url: str, investigator: User) -> None:
    """Log in with the password, then a code: an investigator has a second
    factor (tests/conftest.py)."""
    device = confirmed_device(investigator)
    page.goto(url + "/login/")
    page.get_by_label("Username").fill("investigator")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Code from your authenticator app").fill(code_for(device))
    page.get_by_role("button", name="Verify").click()


def _change_status(page: Page, status: str, reason: str) -> None:
    page.locator("#id_status").select_option(status)
    page.locator("#id_reason").fill(reason)
    page.get_by_role("button", name="Change the status").click()


def _add_witness_statement(page: Page) -> None:
    page.get_by_role("link", name="Add a statement").click()
    page.locator("#id_new_source_kind").select_option("witness")
    page.locator("#id_new_source_pseudonym").fill("Witness from Darhel (W-1)")
    page.locator("#id_text").fill(WITNESS_TEXT)
    page.locator("#id_language").select_option("fa")
    page.locator("#id_translation").fill(
        "At ten in the morning we heard shooting, and then they killed the old "
        "men and the young men."
    )
    page.locator("#id_stance").select_option("corroborates")
    page.locator("#id_made_on").fill("2021-09-20")
    page.get_by_role("button", name="Record the statement").click()


def test_investigator_corroborates_the_darhel_killings(
    page: Page, live_server: LiveServer, investigator: User
) -> None:
    investigator.is_superuser = True
    investigator.save(update_fields=["is_superuser"])
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    _log_in(page, live_server.url, investigator)
    page.get_by_role("button", name="Load the demo case").click()
    expect(page.get_by_text("Demo case loaded:")).to_be_visible()
    # Loaded once: the first-start list marks it done and offers it no more.
    expect(page.get_by_role("button", name="Load the demo case")).to_have_count(0)
    expect(page.locator("[data-step=demo]")).to_have_class("done")

    # Enter narrows the list in place (htmx), no button needed; a date or a
    # choice applies as soon as it is changed. One request each: a second,
    # answered after a click on a result, would pull the reader back.
    page.get_by_label("Search").fill("Darhel gunshot")
    page.get_by_label("Search").press("Enter")
    expect(page.get_by_text("1 incident", exact=True)).to_be_visible()
    page.get_by_label("From").fill("2021-09-11")
    expect(page.get_by_text("No incident matches.")).to_be_visible()
    page.get_by_label("From").fill("")
    expect(page.get_by_text("1 incident", exact=True)).to_be_visible()
    page.get_by_label("Verification status").select_option("under_review")
    expect(page.get_by_text("No incident matches.")).to_be_visible()
    page.get_by_label("Verification status").select_option("")
    expect(page.get_by_text("1 incident", exact=True)).to_be_visible()
    assert len([url for url in requested if "q=Darhel" in url]) == 5
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()

    # The map drew the place offline: no tile, no request leaves the server.
    expect(page.locator("#map .map-label")).to_have_text("Darkhēl")
    allegations = page.locator("section.allegations")
    denials = page.locator("section.denials")
    expect(allegations).to_contain_text(LETTER)
    expect(denials).to_contain_text(ACCUSED)
    left, right = allegations.bounding_box(), denials.bounding_box()
    assert left is not None
    assert right is not None
    assert abs(left["y"] - right["y"]) < 1  # side by side, on one row
    assert right["x"] >= left["x"] + left["width"]

    _change_status(page, "under_review", "Checking the letter against others")
    expect(page.get_by_text("The verification status has changed.")).to_be_visible()
    _change_status(page, "corroborated", "The letter says so")
    expect(page.locator("#id_status_error")).to_have_text(REFUSAL)
    page.get_by_role("link", name=TITLE).click()

    _add_witness_statement(page)
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(allegations).to_contain_text(WITNESS_TEXT)
    _change_status(
        page, "corroborated", "The letter and a witness who does not repeat it"
    )
    expect(page.locator(".page-head .badge")).to_have_text("Corroborated")
    expect(page.get_by_text("Two independent sources support it")).to_be_visible()

    page.get_by_role("button", name="دری").click()
    expect(page.locator(".page-head .badge")).to_have_text("تأییدشده توسط منابع متعدد")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    brand = page.locator(".brand").bounding_box()
    viewport = page.viewport_size
    assert brand is not None
    assert viewport is not None
    assert brand["x"] > viewport["width"] / 2  # the navigation starts on the right
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "darhel-incident-fa.png", full_page=True)

    assert [url for url in requested if not url.startswith(live_server.url)] == []
    assert verify_ledger() == []
    before = projection_snapshot()
    rebuild_projections()
    assert projection_snapshot() == before
