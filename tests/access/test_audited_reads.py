"""Reads the audit must catch: a sealed identity shown, a search, an export."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client

from sabt.access.audit import query_of
from sabt.access.models import Membership, ReadAudit
from sabt.access.tokens import issue_token
from sabt.records.services import register_source
from tests.access.two_factor_helpers import log_in_verified
from tests.factories import make_incident
from tests.ledger_store.helpers import run_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def witness(investigator: User) -> str:
    return register_source(
        actor=investigator, kind="witness", pseudonym="W-7",
        real_name="Zarghuna Panjshiri", contact="+93 700 123 456",
    ).record  # fmt: skip


def test_showing_an_identity_is_audited_and_only_then_shown(
    client: Client, investigator: User, witness: str
) -> None:
    log_in_verified(client, investigator)
    page = client.get(f"/sources/{witness}/").content.decode()
    assert "Zarghuna" not in page
    assert not ReadAudit.objects.exists()

    response = client.post(f"/sources/{witness}/identity/")
    shown = response.content.decode()
    assert "no-store" in response["Cache-Control"]

    assert "Zarghuna Panjshiri" in shown
    assert "+93 700 123 456" in shown
    entry = ReadAudit.objects.get()
    assert (entry.actor, entry.action, entry.target) == (
        "investigator", "revealed", witness,
    )  # fmt: skip
    assert entry.detail == "real_name, contact"  # in Source.IDENTITY_FIELDS order
    assert entry.address == "127.0.0.1"


def test_a_viewer_cannot_show_an_identity_and_nothing_is_audited(
    client: Client, outsider: User, witness: str
) -> None:
    Membership.objects.create(user=outsider, case_id="default", role="viewer")
    log_in_verified(client, outsider)
    page = client.get(f"/sources/{witness}/").content.decode()
    assert "Show the real identity" not in page
    response = client.post(f"/sources/{witness}/identity/")
    assert response.status_code == 403
    assert "Zarghuna" not in response.content.decode()
    assert not ReadAudit.objects.exists()


def test_searches_on_the_web_and_the_api_are_audited_with_their_words_sealed(
    client: Client, investigator: User
) -> None:
    make_incident(investigator)
    log_in_verified(client, investigator)
    client.get("/incidents/", {"q": "Darhel"})
    client.get("/incidents/")  # no words, nothing to audit
    token = issue_token(user=investigator, name="audit")
    bearer = {"authorization": f"Bearer {token}"}
    client.get("/api/incidents", {"q": "Khenj"}, headers=bearer)

    searches = ReadAudit.objects.filter(action="searched").order_by("at")
    assert [query_of(entry) for entry in searches] == ["Darhel", "Khenj"]
    assert all(entry.target_type == "incident" for entry in searches)


def test_an_export_is_audited(investigator: User, tmp_path: Path) -> None:
    incident = make_incident(investigator)
    run_command(
        "export", "--incident", incident.record, "--to", str(tmp_path / "bundle"),
        "--reason", "UN request", "--by", "investigator",
    )  # fmt: skip
    entry = ReadAudit.objects.get(action="exported")
    assert entry.actor == "investigator"
    assert entry.detail == f"1 incidents to {tmp_path / 'bundle'}"
