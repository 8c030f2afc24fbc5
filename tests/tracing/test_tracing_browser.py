"""A tracing officer finds Mohammad Aref in a detainee list, in chromium.

Covers the tracing pages end to end (sabt.web.views.tracing): filing the
mother's request through its form, uploading a detainee-list CSV, mapping
its columns, previewing the rows as read, importing, looking for the people
sought, reviewing the top candidate side by side and confirming it, and the
request then showing "located — detained"; the ledger verifies and
rebuilds to the same tables.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from sabt.ledger_store.rebuild import rebuild_projections, verify_ledger
from sabt.tracing.files import XLSX_TYPE
from sabt.tracing.models import PersonList, TracingRequest
from tests.access.two_factor_helpers import code_for, confirmed_device
from tests.ledger_store.helpers import projection_snapshot
from tests.tracing.factories import (
    HOSPITAL_HEADER,
    HOSPITAL_ROWS,
    MOTHER,
    make_request,
    write_bomb_xlsx,
    write_csv,
    write_xlsx,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Headers as a registrar wrote them: one the mapping cannot guess.
HEADER = ("Serial", "Name", "Age", "Gender", "Village")
ROWS = (
    ("1", "Muhammad Arif s/o Gulahmad", "~20", "M", "Paryan"),
    ("2", "Mohammad Arif s/o Abdul Rahim", "20", "M", "Paryan"),
    ("3", "Sayed Agha s/o Sayed Jan", "31", "M", "Dashtak"),
)


def _log_in(page: Page, url: str, officer: User) -> None:
    """Password, then a code: tracing officers may open sealed fields."""
    device = confirmed_device(officer)
    page.goto(url + "/login/")
    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Code from your authenticator app").fill(code_for(device))
    page.get_by_role("button", name="Verify").click()


def _file_arefs_request(page: Page) -> None:
    """The mother's request, as the officer types it in."""
    page.get_by_role("link", name="Open a request").first.click()
    page.get_by_label("Name of the person sought").fill("Mohammad Aref")
    page.get_by_role("textbox", name="Father's name:", exact=True).fill("Gul Ahmad")
    page.get_by_label("Sex:", exact=True).select_option("male")
    page.locator("[name=age_0]").fill("19")
    page.locator("[name=age_1]").fill("19")
    page.get_by_label("Home village").fill("Parian")
    page.get_by_label("Last seen on").fill("2021-09-07")
    page.get_by_label("Last seen at").fill("Parian bazaar")
    page.get_by_label("Enquirer's name:", exact=True).fill(MOTHER)
    page.get_by_label("Enquirer's relationship to the person sought").fill("mother")
    page.get_by_role("button", name="Open the request").click()
    expect(page.get_by_test_id("request-status")).to_have_text("open")


def test_officer_files_a_request_imports_a_list_and_confirms_the_match(
    page: Page, live_server: LiveServer, officer: User, tmp_path: Path
) -> None:
    make_request(officer, given_name="Abdul Wahid", father_name="Rahmatullah")
    path = write_csv(tmp_path / "bagram.csv", HEADER, ROWS)
    _log_in(page, live_server.url, officer)

    page.get_by_role("link", name="Tracing").click()
    expect(page.get_by_role("heading", name="Review queue")).to_be_visible()
    _file_arefs_request(page)
    page.get_by_role("link", name="Import a list").first.click()
    page.get_by_label("Name of the list").fill("Detainees, Bagram, October 2021")
    page.get_by_label("Kind of list").select_option("detainees")
    page.get_by_label("Date the list was drawn up").fill("2021-10-01")
    page.get_by_label("File").set_input_files(str(path))
    page.get_by_role("button", name="Upload and map the columns").click()

    expect(page.get_by_role("heading", name="Map the columns")).to_be_visible()
    serial = page.get_by_label("Serial")
    expect(serial).to_have_value("")  # not guessed
    serial.select_option("id")
    page.get_by_role("button", name="Preview").click()
    preview = page.get_by_test_id("preview")
    expect(preview.locator("tbody tr")).to_have_count(3)
    expect(preview).to_contain_text("Muhammad Arif s/o Gulahmad")
    expect(preview).to_contain_text("18-22")  # "~20", read as a range
    page.get_by_role("button", name="Import the list").click()

    expect(page.get_by_text("Imported 3 people.")).to_be_visible()
    expect(page.get_by_test_id("entries").locator("tbody tr")).to_have_count(3)
    page.get_by_role("button", name="Look for the people sought in this list").click()

    queue = page.get_by_test_id("queue")
    expect(queue.locator("tbody tr").first).to_contain_text(
        "Muhammad Arif s/o Gulahmad"
    )
    queue.locator("tbody tr").first.get_by_role("link").click()

    comparison = page.get_by_test_id("comparison")
    expect(comparison).to_contain_text("Mohammad Aref")
    expect(comparison).to_contain_text("Gulahmad")
    expect(page.get_by_test_id("decision")).to_have_text("not yet reviewed")
    page.get_by_label("Note").fill("Same father, village and age")
    page.get_by_role("button", name="Confirm: the same person").click()
    expect(page.get_by_test_id("decision")).to_have_text("confirmed")
    expect(
        page.get_by_text("The family may not be told where the person is")
    ).to_be_visible()

    page.get_by_role("link", name="Requests").first.click()
    page.get_by_role("link", name="Mohammad Aref").first.click()
    expect(page.get_by_test_id("request-status")).to_have_text("located — detained")

    sought = TracingRequest.objects.get(given_name="Mohammad Aref")
    assert sought.status == TracingRequest.Status.LOCATED_DETAINED
    assert PersonList.objects.get().row_count == 3
    assert verify_ledger() == []
    before = projection_snapshot()
    rebuild_projections()
    assert projection_snapshot() == before


def _upload_list(page: Page, path: Path) -> None:
    page.get_by_role("link", name="Tracing").click()
    page.get_by_role("link", name="Import a list").first.click()
    page.get_by_label("Name of the list").fill("Rokha hospital, September 2021")
    page.get_by_label("Kind of list").select_option("hospital")
    page.get_by_label("File").set_input_files(str(path))
    page.get_by_role("button", name="Upload and map the columns").click()


def test_an_xlsx_list_in_dari_is_uploaded_mapped_and_imported(
    page: Page, live_server: LiveServer, officer: User, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "rokha.xlsx", HOSPITAL_HEADER, HOSPITAL_ROWS)
    _log_in(page, live_server.url, officer)
    _upload_list(page, path)

    expect(page.get_by_role("heading", name="Map the columns")).to_be_visible()
    mapping = page.get_by_test_id("mapping")
    for header, column in (("شماره", "id"), ("نام", "given_name"), ("سن", "age")):
        expect(mapping.get_by_label(header, exact=True)).to_have_value(column)
    preview = page.get_by_test_id("preview")
    expect(preview.locator("tbody tr")).to_have_count(2)
    expect(preview).to_contain_text("محمد عارف ولد گل احمد")
    expect(preview).to_contain_text("2021-09-12")
    page.get_by_role("button", name="Import the list").click()

    expect(page.get_by_text("Imported 2 people.")).to_be_visible()
    expect(page.get_by_test_id("entries").locator("tbody tr")).to_have_count(2)
    assert PersonList.objects.get().media_type == XLSX_TYPE


def test_an_xlsx_zip_bomb_is_refused_with_one_line(
    page: Page, live_server: LiveServer, officer: User, tmp_path: Path, _blob_dir: Path
) -> None:
    path = write_bomb_xlsx(
        tmp_path / "rokha.xlsx", HOSPITAL_HEADER, HOSPITAL_ROWS, mib=300
    )
    _log_in(page, live_server.url, officer)
    _upload_list(page, path)

    expect(
        page.get_by_text(
            "rokha.xlsx expands to 300 MB when unzipped, more than the 256 MB "
            "a list may take; split it."
        )
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Map the columns")).to_have_count(0)
    assert not list(_blob_dir.glob("??/??/*"))
