"""Enrolling a kit: what headquarters records and hands back, and what it refuses."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from sabt.core.cases import Case
from sabt.field.enrolment import enrol, kit_named, revoke
from sabt.field.errors import FieldError
from sabt.field.kit import REQUEST_FORMAT
from sabt.field.signed import document_bytes, sign_document
from sabt.ledger import generate_key, public_key_hex
from sabt.ledger.sealing import public_key_text
from sabt.ledger_store.authors import node_root
from sabt.ledger_store.models import LedgerEvent
from tests.serving import sabt, sqlite_env

pytestmark = pytest.mark.django_db


@pytest.fixture
def case() -> str:
    Case.objects.create(slug="panjshir", name="Panjshir 2021")
    return "panjshir"


def a_request(name: str = "kit-1") -> tuple[bytes, str]:
    key = generate_key()
    request = sign_document(key, REQUEST_FORMAT, {"name": name}, signer="kit")
    return document_bytes(request), public_key_hex(key)


def test_enrolment_records_the_key_and_hands_back_nothing_that_opens(
    case: str, org_key: object
) -> None:
    raw, key = a_request()
    kit_file, event = enrol(raw, case=case)
    stored = json.loads(LedgerEvent.objects.get(event_id=event.id).payload)
    assert (stored["type"], stored["body"]) == (
        "key.trusted",
        {"key": key, "name": "kit-1", "role": "field_kit", "case": case},
    )
    assert set(kit_file) == {
        "format", "v", "name", "kit", "case", "org_public_key", "enrolled_by",
        "hq", "sig",
    }  # fmt: skip
    assert kit_file["org_public_key"] == public_key_text(org_key)  # type: ignore[arg-type]
    assert kit_file["hq"] == node_root()
    assert kit_named("kit-1") is not None


def test_a_forged_request_is_refused(case: str) -> None:
    raw, _ = a_request()
    forged = raw.replace(b'"kit-1"', b'"kit-2"')
    with pytest.raises(
        FieldError, match=r"^sabt-field-request: the signature does not verify$"
    ):
        enrol(forged, case=case)
    assert not LedgerEvent.objects.exists()


def test_an_unknown_case_and_a_name_in_use_are_refused(case: str) -> None:
    with pytest.raises(FieldError, match=r"^no case elsewhere: create it first"):
        enrol(a_request()[0], case="elsewhere")
    enrol(a_request()[0], case=case)
    with pytest.raises(FieldError, match=r"^a kit named kit-1 is enrolled already$"):
        enrol(a_request()[0], case=case)
    assert LedgerEvent.objects.count() == 1


def test_revoking_by_name(case: str) -> None:
    enrol(a_request()[0], case=case)
    with pytest.raises(FieldError, match=r"^no enrolled kit is named kit-9$"):
        revoke("kit-9", reason="lost")
    out = io.StringIO()
    call_command("field", "revoke", "kit-1", "--reason", "seized", stdout=out)
    assert "kit kit-1 revoked by event" in out.getvalue()
    assert kit_named("kit-1") is None
    # A new kit may take the name of a revoked one.
    enrol(a_request()[0], case=case)


def test_init_refuses_a_kit_file_for_another_key(tmp_path: Path, case: str) -> None:
    home = tmp_path / "kit"
    request = tmp_path / "request.json"
    assert (
        sabt(
            sqlite_env(home), "field", "request", "kit-1", "--out", str(request)
        ).returncode
        == 0
    )
    other, _ = a_request("kit-2")
    kit_file, _ = enrol(other, case=case)
    path = tmp_path / "kit.json"
    path.write_bytes(document_bytes(kit_file))
    done = sabt(sqlite_env(home), "field", "init", str(path))
    assert (done.returncode, done.stderr) == (
        1,
        "field init: this kit file is for another kit's key, not this home's\n",
    )
    assert not (home / "field" / "kit.json").exists()


def test_request_keeps_the_key_and_never_prints_it(tmp_path: Path) -> None:
    home = tmp_path / "kit"
    first, second = tmp_path / "1.json", tmp_path / "2.json"
    assert (
        sabt(
            sqlite_env(home), "field", "request", "kit-1", "--out", str(first)
        ).returncode
        == 0
    )
    assert (
        sabt(
            sqlite_env(home), "field", "request", "kit-1", "--out", str(second)
        ).returncode
        == 0
    )
    assert json.loads(first.read_text())["kit"] == json.loads(second.read_text())["kit"]
    seed = (home / "keys" / "kit.key").read_text().strip()
    assert (home / "keys" / "kit.key").stat().st_mode & 0o777 == 0o600
    assert seed not in first.read_text()
