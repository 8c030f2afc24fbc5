"""``POST /api/bundles``: a kit's bundle imported part by part over the API."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from nacl.public import PrivateKey
from pytest_django import Settings

from sabt.access.membership import create_case, grant
from sabt.access.tokens import issue_token
from sabt.field.models import BundleImport
from sabt.ledger_store.models import LedgerEvent
from sabt.records.models import Incident
from tests.access.two_factor_helpers import confirmed_device
from tests.field.kits import Kit, enrolled_kit, export

pytestmark = pytest.mark.django_db


def _record_incident(kit: Kit) -> str:
    out = kit.run(
        """
        from sabt.field import capture
        print(capture.record_incident(
            title="Night raid", date_from="2021-09-10",
            event_type="violence_against_civilians", places=["Bazarak"],
        ))
        """
    )
    return out.strip().splitlines()[-1]


def _post(client: Client, path: Path, data: bytes | None = None) -> Any:
    upload = io.BytesIO(path.read_bytes() if data is None else data)
    upload.name = path.name
    return client.post("/api/bundles", {"part": upload})


@pytest.fixture
def admin_client(db: None, totp_key_path: Path) -> Client:
    case = create_case(slug="panjshir", name="Panjshir 2021").slug
    assert case == "panjshir"
    registrar = User.objects.create_superuser(username="registrar", password="x" * 20)
    confirmed_device(registrar)
    token = issue_token(user=registrar, name="import")
    return Client(headers={"authorization": f"Bearer {token}"})


def test_parts_posted_one_by_one_are_imported_once(
    tmp_path: Path, settings: Settings, org_key: PrivateKey, admin_client: Client
) -> None:
    settings.SABT_BLOB_DIR = tmp_path / "hq-blobs"
    kit = enrolled_kit(tmp_path, "kit-dara", "panjshir")
    record = _record_incident(kit)
    bundle = export(kit, tmp_path / "usb")
    [manifest] = bundle.glob("*.manifest.json")
    [part] = bundle.glob("*.zip")
    before = LedgerEvent.objects.count()

    held = _post(admin_client, manifest)
    assert held.status_code == 200, held.content
    assert held.json()["held"][0]["parts_here"] == []
    assert LedgerEvent.objects.count() == before

    data = bytearray(part.read_bytes())
    data[len(data) // 2] ^= 1
    refused = _post(admin_client, part, bytes(data))
    assert refused.status_code == 422
    assert part.name in refused.json()["detail"]
    assert LedgerEvent.objects.count() == before

    done = _post(admin_client, part)
    assert done.status_code == 200, done.content
    answer = done.json()
    [imported] = answer["imported"]
    assert (imported["kit"], imported["new_events"], imported["new_files"]) == (
        "kit-dara",
        1,
        0,
    )
    assert answer["held"] == []
    assert Incident.objects.get(record=record).created_by == "kit-dara"
    assert BundleImport.objects.get().imported_by == "registrar"
    assert LedgerEvent.objects.count() == before + 2  # the kit's, the import

    # The kit takes the acknowledgement the answer carries.
    [ack] = answer["acknowledgements"]
    ack_file = tmp_path / "got.ack.json"
    ack_file.write_text(json.dumps(ack))
    taken = kit.sabt("field", "ack", str(ack_file))
    assert taken.returncode == 0, taken.stderr

    again = _post(admin_client, part)
    assert again.status_code == 200
    assert again.json()["imported"][0]["new_events"] == 0
    assert LedgerEvent.objects.count() == before + 2

    # A whole bundle folder, zipped, once more: nothing new either.
    folder = tmp_path / "bundle.zip"
    with zipfile.ZipFile(folder, "w") as archive:
        for path in (manifest, part):
            archive.write(path, f"usb/{path.name}")
    whole = _post(admin_client, folder)
    assert whole.status_code == 200, whole.content
    assert whole.json()["imported"][0]["new_events"] == 0
    assert LedgerEvent.objects.count() == before + 2


def test_no_token_is_401(tmp_path: Path) -> None:
    upload = io.BytesIO(b"{}")
    upload.name = "x.manifest.json"
    answer = Client().post("/api/bundles", {"part": upload})
    assert answer.status_code == 401


def test_an_account_that_administers_no_case_is_refused(
    tmp_path: Path, db: None
) -> None:
    create_case(slug="panjshir", name="Panjshir 2021")
    documenter = User.objects.create_user(username="doc", password="x" * 20)
    grant(user=documenter, role="field_documenter", case="panjshir")
    token = issue_token(user=documenter, name="import")
    upload = io.BytesIO(b"{}")
    upload.name = "x.manifest.json"
    answer = Client(headers={"authorization": f"Bearer {token}"}).post(
        "/api/bundles", {"part": upload}
    )
    assert answer.status_code == 403
    assert answer.json() == {
        "detail": "Only an administrator may import a kit's bundles."
    }
