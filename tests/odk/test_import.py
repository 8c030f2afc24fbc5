"""sabt odk import: submissions become records through the services, once each."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from pytest_django import Settings

from sabt.evidence.models import EvidenceItem
from sabt.evidence.services.custody import chain_of
from sabt.ledger_store.models import LedgerEvent
from sabt.odk.errors import OdkError
from sabt.odk.importer import ALREADY, IMPORTED, REFUSED, import_path
from sabt.odk.limits import Limits
from sabt.records.models import Act, Incident, Person
from tests.odk.instances import (
    PHOTO,
    encrypt_folder,
    incident_xml,
    write_submission,
)
from tests.odk.vectors import CENTRAL

FIRST = "uuid:6f1c2b1e-0c3a-4d1b-9f7e-2a5b8c9d0e11"
SECOND = "uuid:0b7e4f52-8a61-4c2d-b3e9-5d6f7a8b9c22"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _blobs(settings: Settings, tmp_path: Path) -> None:
    settings.SABT_BLOB_DIR = tmp_path / "blobs"


def _instances(tmp_path: Path, *xmls: tuple[str, bytes]) -> Path:
    root = tmp_path / "instances"
    for instance_id, xml in xmls:
        write_submission(
            root / instance_id.removeprefix("uuid:"), xml, {"1638000000000.jpg": PHOTO}
        )
    return root


def test_an_incident_report_becomes_its_records(
    tmp_path: Path, investigator: User
) -> None:
    root = _instances(tmp_path, (FIRST, incident_xml(FIRST)))

    (outcome,) = import_path(root, form="incident_report", actor=investigator)

    assert (outcome.status, outcome.reason) == (IMPORTED, "")
    incident = Incident.objects.get(title="Men taken from Bazarak")
    assert incident.event_type == "violence_against_civilians"
    assert incident.sub_event_type == "attack"
    place = incident.places.get()
    assert place.place_id == "geonames:1429434"
    assert "Phone GPS: 35.3128, 69.5226 (accuracy 5 m)." in incident.description
    acts = Act.objects.filter(incident=incident).order_by("act_type")
    assert [a.act_type for a in acts] == ["arbitrary_detention", "killing"]
    victim = Person.objects.get(name="مریم")
    assert (victim.father_name, victim.grandfather_name) == ("احمد", "محمود")
    assert acts[1].victim_id == victim.record
    assert acts[0].victim_group == "men of the village"
    item = EvidenceItem.objects.get(incidents=incident)
    assert item.kind == "photo"
    assert (
        "Captured on device collect:Xq2fTzR8sB1 at 2026-11-30T10:20:00.000+04:30"
        in item.description
    )
    assert "received in export instances" in item.description
    file = item.files.get()
    assert file.acquired_how == "captured"
    assert file.acquisition["device"] == "collect:Xq2fTzR8sB1"
    assert file.acquired_at == "2026-11-30T10:20:00.000+04:30"
    # The chain opens at the phone, then the export brought the file here.
    chain = chain_of(file)
    assert [entry.action for entry in chain] == ["acquired", "transferred"]
    assert chain[0].details["by"] == ("ODK Collect on device collect:Xq2fTzR8sB1")
    assert chain[1].details["means"] == "ODK export instances"
    assert chain[1].details["reason"] == (
        f"Received from device collect:Xq2fTzR8sB1 in ODK submission {FIRST}."
    )
    # Every record is an event in the ledger, signed.
    assert LedgerEvent.objects.filter(
        record=incident.record, type="incident.reported"
    ).exists()


def test_importing_the_same_submissions_twice_writes_nothing(
    tmp_path: Path, investigator: User
) -> None:
    root = _instances(tmp_path, (FIRST, incident_xml(FIRST)))
    import_path(root, form="incident_report", actor=investigator)
    events = LedgerEvent.objects.count()

    (again,) = import_path(root, form="incident_report", actor=investigator)

    assert again.status == ALREADY
    assert LedgerEvent.objects.count() == events


def test_a_bad_submission_is_refused_while_the_others_import(
    tmp_path: Path, investigator: User
) -> None:
    root = _instances(
        tmp_path,
        (FIRST, incident_xml(FIRST, event_type="no_such_type")),
        (SECOND, incident_xml(SECOND)),
    )

    outcomes = {
        o.instance_id: o
        for o in import_path(root, form="incident_report", actor=investigator)
    }

    assert outcomes[FIRST].status == REFUSED
    assert "event_type" in outcomes[FIRST].reason
    assert outcomes[SECOND].status == IMPORTED
    # The refused one left nothing behind, not even its victim or photo.
    assert Incident.objects.count() == 1
    assert Person.objects.count() == 1
    assert EvidenceItem.objects.count() == 1


def test_a_submission_of_another_form_is_refused(
    tmp_path: Path, investigator: User
) -> None:
    root = _instances(tmp_path, (FIRST, incident_xml(FIRST, form_id="sabt_testimony")))

    (outcome,) = import_path(root, form="incident_report", actor=investigator)

    assert outcome.status == REFUSED
    assert "of the form 'sabt_testimony', not 'sabt_incident_report'" in outcome.reason
    assert LedgerEvent.objects.count() == 0


def test_a_place_typed_in_the_field_stays_unresolved(
    tmp_path: Path, investigator: User
) -> None:
    xml = incident_xml(FIRST, place="other", place_other="Qala-e Nawabad")
    root = _instances(tmp_path, (FIRST, xml))

    (outcome,) = import_path(root, form="incident_report", actor=investigator)

    assert outcome.status == IMPORTED, outcome.reason
    place = Incident.objects.get().places.get()
    assert place.name_as_given == "Qala-e Nawabad"
    assert place.place_id is None


def test_an_encrypted_submission_opens_with_the_organisations_key(
    tmp_path: Path, investigator: User, odk_key: rsa.RSAPrivateKey
) -> None:
    root = _instances(tmp_path, (FIRST, incident_xml(FIRST)))
    folder = root / FIRST.removeprefix("uuid:")
    encrypt_folder(
        folder, odk_key.public_key(), form_id="sabt_incident_report", instance_id=FIRST
    )
    assert b"Bazarak" not in (folder / "submission.xml").read_bytes()

    (outcome,) = import_path(root, form="incident_report", actor=investigator)

    assert outcome.status == IMPORTED, outcome.reason
    item = EvidenceItem.objects.get()
    assert item.files.get().size == len(PHOTO)


def test_an_encrypted_submission_for_another_key_is_refused(
    tmp_path: Path, investigator: User, odk_key: rsa.RSAPrivateKey
) -> None:
    root = _instances(tmp_path, (FIRST, incident_xml(FIRST)))
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    encrypt_folder(
        root / FIRST.removeprefix("uuid:"),
        other.public_key(),
        form_id="sabt_incident_report",
        instance_id=FIRST,
    )

    (outcome,) = import_path(root, form="incident_report", actor=investigator)

    assert outcome.status == REFUSED
    assert "encrypted to another key" in outcome.reason
    assert outcome.instance_id == FIRST
    assert LedgerEvent.objects.count() == 0


def test_a_medium_over_the_cap_refuses_its_submission(
    tmp_path: Path, investigator: User
) -> None:
    root = _instances(tmp_path, (FIRST, incident_xml(FIRST)))

    (outcome,) = import_path(
        root,
        form="incident_report",
        actor=investigator,
        limits=Limits(max_media_bytes=100),
    )

    assert outcome.status == REFUSED
    assert "over the cap of 100 bytes" in outcome.reason
    assert LedgerEvent.objects.count() == 0


def test_the_command_reports_each_submission(
    tmp_path: Path, investigator: User
) -> None:
    root = _instances(
        tmp_path,
        (FIRST, incident_xml(FIRST)),
        (SECOND, incident_xml(SECOND, event_type="no_such_type")),
    )
    stdout = io.StringIO()

    call_command(
        "odk",
        "import",
        str(root),
        "--form",
        "incident_report",
        "--as",
        "investigator",
        stdout=stdout,
    )

    out = stdout.getvalue()
    assert f"{FIRST}: imported" in out
    assert f"{SECOND}: refused: event_type" in out
    assert "1 imported, 0 already imported, 1 refused" in out


def test_the_command_refuses_a_hostile_zip_and_writes_nothing(
    tmp_path: Path, investigator: User
) -> None:
    export = tmp_path / "export.csv.zip"
    with zipfile.ZipFile(export, "w") as archive:
        archive.writestr("sabt_incident_report.csv", "KEY\nuuid:1\n")
        archive.writestr("../../etc/cron.d/evil", "x")

    with pytest.raises(CommandError, match="zip slip"):
        call_command(
            "odk",
            "import",
            str(export),
            "--form",
            "incident_report",
            stdout=io.StringIO(),
        )
    assert LedgerEvent.objects.count() == 0


def test_an_unknown_form_is_refused(tmp_path: Path, investigator: User) -> None:
    with pytest.raises(OdkError, match="no form 'nonsense'"):
        import_path(tmp_path, form="nonsense", actor=investigator)


def test_the_central_export_imports_with_its_victims_and_photo(
    investigator: User,
) -> None:
    outcomes = import_path(
        CENTRAL / "export.csv.zip", form="central_incident", actor=investigator
    )

    assert [(o.instance_id, o.status) for o in outcomes] == [
        ("uuid:11111111-2222-3333-4444-555555555555", IMPORTED)
    ]
    incident = Incident.objects.get()
    assert incident.title == "Enforced disappearance reported by Field team A"
    assert str(incident.date_from) == "2024-03-01"
    assert "Phone GPS: 34.3482, 62.1997 (accuracy 5 m)." in incident.description
    victims = {p.name: p for p in Person.objects.all()}
    assert sorted(victims) == ["Ahmad", "مریم"]
    assert victims["Ahmad"].status == "missing"
    assert victims["مریم"].status == "deceased"
    assert (
        Act.objects.filter(incident=incident, act_type="enforced_disappearance").count()
        == 2
    )
    photo = EvidenceItem.objects.get().files.get()
    assert photo.size == 160
    assert photo.acquired_at == "2026-12-02T09:17:13.946Z"
    again = import_path(
        CENTRAL / "export.csv.zip", form="central_incident", actor=investigator
    )
    assert [o.status for o in again] == [ALREADY]


def test_a_dry_run_shows_what_each_submission_becomes_and_writes_nothing(
    tmp_path: Path, investigator: User
) -> None:
    xml = incident_xml(FIRST, place="other", place_other="Qala-e Nawabad")
    root = _instances(tmp_path, (FIRST, xml))
    stdout = io.StringIO()

    call_command(
        "odk", "import", str(root), "--form", "incident_report", "--dry-run",
        stdout=stdout,
    )  # fmt: skip

    out = stdout.getvalue()
    assert (
        f'{FIRST}: would import: 1 incident "Men taken from Bazarak", 2 acts, '
        "1 person, 1 file, unresolved place 'Qala-e Nawabad'"
    ) in out
    assert "1 would import, 0 already imported, 0 refused" in out
    assert LedgerEvent.objects.count() == 0
    assert not (tmp_path / "blobs").exists()


def test_a_hostile_submission_in_a_folder_is_refused_and_writes_nothing(
    tmp_path: Path, investigator: User
) -> None:
    root = _instances(tmp_path, (SECOND, incident_xml(SECOND)))
    write_submission(
        root / "xxe",
        b'<?xml version="1.0"?><!DOCTYPE data [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<data id="sabt_incident_report"><title>&x;</title></data>',
    )

    outcomes = import_path(root, form="incident_report", actor=investigator)

    refused = [o for o in outcomes if o.status == REFUSED]
    assert len(refused) == 1
    assert "DTD or entities, which are refused" in refused[0].reason
    assert Incident.objects.get().title == "Men taken from Bazarak"
