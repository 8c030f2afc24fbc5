"""Enrol a kit, record on it, export, import at headquarters: the whole trip."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from nacl.public import PrivateKey
from pytest_django import Settings

from sabt.core.cases import Case
from sabt.evidence.blobs import BlobStore
from sabt.evidence.models import EvidenceFile
from sabt.field.models import BundleImport
from sabt.ledger_store.keyring import is_shredded, open_field, shred
from sabt.ledger_store.models import LedgerEvent
from sabt.records.models import Incident, Source, Statement
from tests.field.kits import (
    PLAINTEXTS,
    REAL_NAME,
    TESTIMONY_DARI,
    enrolled_kit,
    export,
    forms_of,
    hits,
    record_sample,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def case() -> str:
    Case.objects.create(slug="panjshir", name="Panjshir 2021")
    return "panjshir"


def test_recorded_on_the_kit_opens_at_headquarters_after_import(
    tmp_path: Path, case: str, settings: Settings, org_key: PrivateKey
) -> None:
    settings.SABT_BLOB_DIR = tmp_path / "hq-blobs"
    kit = enrolled_kit(tmp_path, "kit-bazarak", case)
    ids = record_sample(kit, tmp_path / "card")
    bundle = export(kit, tmp_path / "usb", "--max-part-size", "64KiB")
    parts = sorted(bundle.glob("*.zip"))
    assert len(parts) >= 2  # the photo does not fit beside the events

    before = LedgerEvent.objects.count()
    acks = tmp_path / "acks"
    call_command(
        "import",
        *map(str, reversed(sorted(bundle.iterdir()))),
        "--by",
        "registrar",
        "--ack-to",
        str(acks),
    )

    assert LedgerEvent.objects.count() == before + 7  # 6 of the kit, 1 import
    source = Source.objects.get(pk=ids["source"])
    assert source.case == case and source.created_by == "kit-bazarak"
    assert (source.consent_name, source.consent_account) == ("nobody", "un_courts")
    opened = open_field(
        source.record, "real_name", source.sealed_identity["real_name"], org_key
    )
    assert opened is not None and REAL_NAME in opened
    statement = Statement.objects.get(pk=ids["statement"])
    assert statement.text == TESTIMONY_DARI
    assert list(statement.incidents.values_list("pk", flat=True)) == [ids["incident"]]
    assert Incident.objects.get(pk=ids["incident"]).detained_min == 1
    photo = EvidenceFile.objects.get(item_id=ids["item"])
    latitude = photo.metadata["latitude"]
    assert photo.metadata["camera_make"] == "Canon"
    original = Path(ids["photo"]).read_bytes()
    assert (
        BlobStore(settings.SABT_BLOB_DIR).path_of(photo.sha256).read_bytes() == original
    )
    imported = BundleImport.objects.get()
    assert (
        imported.kit_name,
        imported.imported_by,
        imported.events,
        imported.files,
    ) == (
        "kit-bazarak",
        "registrar",
        6,
        1,
    )
    assert len(list(acks.glob("*.ack.json"))) == 1

    # The same bundle again: nothing new.
    call_command("import", str(bundle), "--by", "registrar", "--ack-to", str(acks))
    assert LedgerEvent.objects.count() == before + 7
    out = io.StringIO()
    call_command("verify", stdout=out)
    assert out.getvalue() == f"ledger intact: {before + 7} events verified\n"
    rebuilt = io.StringIO()
    call_command("rebuild", "--check", stdout=rebuilt)
    assert rebuilt.getvalue().startswith("projections match the ledger")
    # Shredding the source recorded on the kit still works here, and the
    # bundle imported again does not bring its key back.
    assert (
        shred(source.record, actor="registrar", reason="asked").subject == source.record
    )
    shredded = LedgerEvent.objects.count()
    call_command("import", str(bundle), "--by", "registrar", "--ack-to", str(acks))
    assert LedgerEvent.objects.count() == shredded
    assert is_shredded(source.record)

    # The kit takes the acknowledgement; its next export has nothing to carry.
    ack = next(acks.glob("*.ack.json"))
    assert kit.sabt("field", "ack", str(ack)).returncode == 0
    again = kit.sabt("field", "export", "--to", str(tmp_path / "usb2"))
    assert again.returncode == 1
    assert "nothing to export" in again.stderr

    status = kit.sabt("field", "status")
    assert status.stdout.splitlines()[:2] == [
        "kit kit-bazarak, case panjshir",
        "recorded: 1 incidents, 1 sources, 1 statements, 1 evidence items, "
        "0 persons, 0 acts, "
        "0 tracing requests, 0 list entries, "
        "1 files (6 events)",
    ]
    assert status.stdout.splitlines()[-1] == (
        "not yet acknowledged by headquarters: 0 events"
    )

    # Seized: nothing the documenter recorded can be found in the kit's home.
    needles = [form for text in PLAINTEXTS for form in forms_of(text)]
    needles.append(original[:4096])
    needles += [b"Canon EOS 80D", str(latitude).encode("ascii")]
    assert hits(kit.home, needles) == []
