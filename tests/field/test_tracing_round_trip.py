"""A tracing request recorded on a kit: opened at headquarters, then shredded."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from nacl.public import PrivateKey
from pytest_django import Settings

from sabt.access.membership import create_case, grant
from sabt.access.models import ReadAudit
from sabt.access.sealed import reveal_enquirer
from sabt.tracing.models import TracingRequest
from tests.field.kits import MOTHER, enrolled_kit, export

pytestmark = pytest.mark.django_db

CONTACT = "+93 70 555 0199"


def test_enquirer_from_the_kit_opens_audited_then_shreds(
    tmp_path: Path, settings: Settings, org_key: PrivateKey
) -> None:
    settings.SABT_BLOB_DIR = tmp_path / "hq-blobs"
    case = create_case(slug="panjshir", name="Panjshir 2021").slug
    officer = User.objects.create_user(username="officer", password="x" * 20)
    grant(user=officer, role="tracing_officer", case=case)
    kit = enrolled_kit(tmp_path, "kit-dara", case)
    out = kit.run(
        f"""
        from sabt.field import capture
        print(capture.open_tracing_request(
            given_name="Mohammad Aref", father_name="Gul Ahmad",
            enquirer_name={MOTHER!r}, enquirer_contact={CONTACT!r},
            relationship="mother", last_seen_date="2021-09-07",
        ))
        """
    )
    record = out.strip().splitlines()[-1]
    bundle = export(kit, tmp_path / "usb")
    call_command("import", str(bundle), "--by", "registrar", "--ack-to", str(tmp_path))

    sought = TracingRequest.objects.get(record=record)
    assert (sought.case, sought.given_name) == (case, "Mohammad Aref")
    assert MOTHER not in json.dumps(sought.sealed_enquirer)
    assert reveal_enquirer(officer, sought) == {
        "enquirer_name": MOTHER,
        "enquirer_contact": CONTACT,
    }
    audit = ReadAudit.objects.get(target=record)
    assert (audit.actor, audit.action, audit.target_type) == (
        "officer",
        "revealed",
        "tracing_request",
    )
    assert set(audit.detail.split(", ")) == {"enquirer_name", "enquirer_contact"}

    shredded = io.StringIO()
    call_command(
        "shred",
        record,
        "--by",
        "officer",
        "--reason",
        "the mother asked",
        stdout=shredded,
    )
    assert shredded.getvalue().startswith(f"identity of {record} destroyed on ")
    sought.refresh_from_db()
    assert sought.is_enquirer_destroyed is True
    assert reveal_enquirer(officer, sought) == {}
    assert sought.given_name == "Mohammad Aref"
    verified = io.StringIO()
    call_command("verify", stdout=verified)
    assert verified.getvalue().startswith("ledger intact: ")
