"""Exports from the web (sabt.web.views.exports): for a court, a report and
the list, each within the policy, recorded and audited like the CLI.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client
from openpyxl import load_workbook
from pytest_django import Settings

from sabt.access.membership import create_case, grant
from sabt.access.models import ReadAudit
from sabt.ledger_store.merkle_log import verifier_key
from sabt.ledger_store.models import LedgerEvent
from sabt.records.models import Incident
from tests.conftest import _user
from tests.factories import make_incident
from tests.web.helpers import non_field_errors

pytestmark = pytest.mark.django_db

FORMULA_TITLE = '=HYPERLINK("http://evil.example","click")'


@pytest.fixture(autouse=True)
def _own_home(settings: Settings, tmp_path: Path) -> None:
    settings.SABT_HOME = tmp_path / "home"


@pytest.fixture
def incident(investigator: User) -> Incident:
    return make_incident(investigator)


@pytest.fixture
def signed_in(client: Client, investigator: User) -> Client:
    client.force_login(investigator)
    return client


def _signed_in_as(role: str, username: str = "") -> Client:
    client = Client()
    client.force_login(_user(username or role, role))
    return client


def _exported_entries() -> list[str]:
    rows = ReadAudit.objects.filter(action="exported").order_by("at")
    return list(rows.values_list("detail", flat=True))


def test_buttons_follow_the_policy(signed_in: Client, incident: Incident) -> None:
    page = f"/incidents/{incident.record}/"
    shown = signed_in.get(page).content.decode()
    assert "Export for a court" in shown
    assert "Report (PDF)" in shown
    analyst = _signed_in_as("analyst").get(page).content.decode()
    assert "Export for a court" not in analyst
    assert "Report (PDF)" in analyst
    as_viewer = _signed_in_as("viewer")
    viewer = as_viewer.get(page).content.decode()
    assert "Export for a court" not in viewer
    assert "Report (PDF)" not in viewer
    assert "Download the list" not in as_viewer.get("/incidents/").content.decode()


def test_viewer_may_not_export(incident: Incident) -> None:
    viewer = _signed_in_as("viewer")
    assert viewer.get(f"/exports/court/?incident={incident.record}").status_code == 403
    assert viewer.get("/exports/incidents.csv").status_code == 403


def test_court_export_zip_verifies_with_its_own_verifier(
    signed_in: Client, incident: Incident, tmp_path: Path
) -> None:
    url = f"/exports/court/?incident={incident.record}"
    form = signed_in.get(url).content.decode()
    assert incident.title in form
    events_before = LedgerEvent.objects.count()
    answer = signed_in.post(url, {"audience": "un_courts", "reason": "For the ICC"})
    assert answer.status_code == 302
    ready = signed_in.get(answer["Location"]).content.decode()
    assert "expert verifies it" in ready
    assert verifier_key() in ready
    download = signed_in.get(answer["Location"] + "download/")
    assert download["Content-Disposition"].startswith(
        'attachment; filename="sabt-court-export-'
    )
    data = b"".join(download.streaming_content)  # type: ignore[attr-defined]
    with zipfile.ZipFile(io.BytesIO(data)) as packed:
        assert "HOW-TO-VERIFY.txt" in packed.namelist()
        packed.extractall(tmp_path / "unzipped")
    bundle = tmp_path / "unzipped" / "bundle"
    verifier = [sys.executable, "-I", str(bundle / "verify.py"), str(bundle)]
    checked = subprocess.run(
        [*verifier, "--key", verifier_key()],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout
    assert checked.stdout.splitlines()[-1].startswith("VERIFIED")
    # The export was recorded in the ledger (audit entry) and the download too.
    assert LedgerEvent.objects.count() > events_before
    entries = _exported_entries()
    assert any("1 incidents to" in entry for entry in entries)
    assert entries[-1].startswith("downloaded sabt-court-export-")


def test_court_export_without_a_reason_writes_nothing(
    signed_in: Client, incident: Incident, settings: Settings
) -> None:
    events_before = LedgerEvent.objects.count()
    url = f"/exports/court/?incident={incident.record}"
    answer = signed_in.post(url, {"audience": "un_courts", "reason": "   "})
    assert answer.status_code == 200
    assert "This field is required." in answer.content.decode()
    assert LedgerEvent.objects.count() == events_before
    assert not list((Path(settings.SABT_HOME) / "exports").glob("*/*"))


def test_only_the_maker_may_download(signed_in: Client, incident: Incident) -> None:
    url = f"/exports/court/?incident={incident.record}"
    answer = signed_in.post(url, {"audience": "public", "reason": "For a partner"})
    other = _signed_in_as("investigator", username="another")
    assert other.get(answer["Location"]).status_code == 404
    assert other.get(answer["Location"] + "download/").status_code == 404


def test_list_downloads_what_the_filter_shows(
    signed_in: Client, investigator: User
) -> None:
    make_incident(
        investigator,
        title=FORMULA_TITLE,
        event_type="battles",
        sub_event_type="armed_clash",
    )
    make_incident(investigator, title="Expulsion from Bazarak")
    query = "?event_type=battles"
    response = signed_in.get("/exports/incidents.csv" + query)
    assert response["Content-Disposition"].startswith(
        'attachment; filename="sabt-incidents-'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Incident id", "Title"]
    assert [row[1] for row in rows[1:]] == ["'" + FORMULA_TITLE]
    workbook = signed_in.get("/exports/incidents.xlsx" + query)
    sheet = load_workbook(io.BytesIO(workbook.content)).active
    assert sheet is not None
    cells = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert [row[1] for row in cells[1:]] == ["'" + FORMULA_TITLE]
    assert _exported_entries()[-2].startswith("incident list csv of 1 incidents")


def test_list_with_nothing_to_show_says_so(signed_in: Client) -> None:
    response = signed_in.get("/exports/incidents.csv?q=nothing-like-this")
    assert "No incident matches the filter" in non_field_errors(response)


def test_report_in_dari_downloads_a_pdf(signed_in: Client, incident: Incident) -> None:
    url = f"/exports/report/?incident={incident.record}"
    answer = signed_in.post(url, {"audience": "un_courts", "language": "fa"})
    assert answer.status_code == 302
    pdf = signed_in.get(answer["Location"] + "download/")
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
    assert any("report for un_courts of 1 incidents" in e for e in _exported_entries())


def test_analyst_reports_only_for_the_public(incident: Incident) -> None:
    analyst = _signed_in_as("analyst")
    url = f"/exports/report/?incident={incident.record}"
    answer = analyst.post(url, {"audience": "un_courts", "language": "en"})
    assert answer.status_code == 200
    assert "Select a valid choice" in answer.content.decode()
    assert (
        analyst.post(url, {"audience": "public", "language": "en"}).status_code == 302
    )


def test_filtered_court_export_names_what_the_filter_shows(
    signed_in: Client, investigator: User
) -> None:
    make_incident(investigator, title="Expulsion from Bazarak")
    make_incident(investigator, title="Shots at Darhel")
    response = signed_in.get("/exports/court/?q=Bazarak").content.decode()
    assert "1 incident" in response
    assert "Expulsion from Bazarak" in response
    assert "Shots at Darhel" not in response


def test_incidents_of_a_case_without_export_are_left_out(
    signed_in: Client, investigator: User
) -> None:
    create_case(slug="kabul", name="Kabul arrests")
    grant(user=investigator, role="investigator", case="kabul")
    kabul = make_incident(investigator, title="Arrests in Kabul", case="kabul")
    make_incident(investigator, title="Shots at Darhel")
    grant(user=investigator, role="viewer", case="kabul")  # sees, may not export
    listed = signed_in.get("/exports/court/").content.decode()
    assert "Shots at Darhel" in listed
    assert "Arrests in Kabul" not in listed
    assert signed_in.get(f"/exports/court/?incident={kabul.record}").status_code == 403
