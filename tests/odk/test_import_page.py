"""The ODK import page: upload an export, preview it, import it."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pytest_django import Settings

from sabt.ledger_store.models import LedgerEvent
from sabt.records.models import Incident, Person
from tests.odk.instances import incident_export
from tests.odk.vectors import CENTRAL

pytestmark = pytest.mark.django_db
URL = "/odk/import/"
INSTANCE = "uuid:11111111-2222-3333-4444-555555555555"


@pytest.fixture(autouse=True)
def _blobs(settings: Settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.SABT_BLOB_DIR = tmp_path / "blobs"


def _upload(client: Client, *, preview: bool, data: bytes | None = None):  # type: ignore[no-untyped-def]
    export = data if data is not None else (CENTRAL / "export.csv.zip").read_bytes()
    fields = {
        "file": SimpleUploadedFile("export.csv.zip", export, "application/zip"),
        "form": "central_incident",
        "case": "default",
    }
    if preview:
        fields["preview"] = "on"
    return client.post(URL, fields)


def test_the_preview_shows_what_the_export_becomes_and_writes_nothing(
    client: Client, investigator: User
) -> None:
    client.force_login(investigator)

    response = _upload(client, preview=True)

    assert response.status_code == 200
    page = response.content.decode()
    assert "What export.csv.zip would become" in page
    assert INSTANCE in page
    assert "<bdi>Enforced disappearance reported by Field team A</bdi>" in page
    assert "2 persons" in page
    assert LedgerEvent.objects.count() == 0


def test_importing_writes_the_records_once(client: Client, investigator: User) -> None:
    client.force_login(investigator)

    page = _upload(client, preview=False).content.decode()
    again = _upload(client, preview=False).content.decode()

    assert "What export.csv.zip became" in page
    assert "1 submission: 1 imported" in page
    assert (
        Incident.objects.get().title
        == "Enforced disappearance reported by Field team A"
    )
    assert sorted(Person.objects.values_list("name", flat=True)) == ["Ahmad", "مریم"]
    assert "already imported" in again
    assert "1 submission: 1 already imported" in again


def test_the_menu_offers_the_page_to_those_who_may_import(
    client: Client, investigator: User, outsider: User
) -> None:
    client.force_login(investigator)
    assert f'href="{URL}"' in client.get("/about/").content.decode()
    client.force_login(outsider)
    assert f'href="{URL}"' not in client.get("/about/").content.decode()


def test_a_file_that_is_no_export_is_refused_on_the_form(
    client: Client, investigator: User
) -> None:
    client.force_login(investigator)

    page = _upload(client, preview=False, data=b"KEY\nuuid:1\n").content.decode()

    assert "is not a zip file" in page
    assert LedgerEvent.objects.count() == 0


def test_someone_who_documents_nowhere_is_refused(
    client: Client, outsider: User
) -> None:
    client.force_login(outsider)

    assert client.get(URL).status_code == 403
    assert _upload(client, preview=False).status_code == 403
    assert LedgerEvent.objects.count() == 0


def test_the_preview_lays_out_each_submission_by_kind(
    client: Client, investigator: User, tmp_path: Path
) -> None:
    client.force_login(investigator)
    export = incident_export(tmp_path / "export.zip", INSTANCE).read_bytes()
    fields = {
        "file": SimpleUploadedFile("incidents.zip", export, "application/zip"),
        "form": "incident_report",
        "case": "default",
        "preview": "on",
    }

    page = client.post(URL, fields).content.decode()

    row = page[page.index(f"<code>{INSTANCE}</code>") :]
    row = row[: row.index("</tr>")]
    cells = [c.split(">", 1)[1].strip() for c in row.split("<td")[1:]]
    assert cells == [
        "would import</td>",
        "<bdi>Men taken from Bazarak</bdi></td>",
        "0</td>",
        "1</td>",
        "</td>",
        "2 acts, 1 person</td>",
    ]
    assert LedgerEvent.objects.count() == 0
