"""Consent decides who reads a source's name and account, in exports and reports."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from sabt.ledger_store.models import LedgerEvent
from sabt.records.models import ConsentRecord, Incident, Source
from sabt.records.services import record_consent, register_source
from tests.bundles.test_export import run_verifier
from tests.factories import make_incident, make_statement
from tests.ledger_store.helpers import run_command

pytestmark = pytest.mark.django_db

NAME = "Zarghuna Panjshiri"


@pytest.fixture
def incident(investigator: User) -> Incident:
    return make_incident(investigator)


@pytest.fixture
def witness(investigator: User, incident: Incident) -> Source:
    """Named to UN and courts, but her account may reach the public."""
    source = register_source(
        actor=investigator, kind="witness", pseudonym="W-3 (Darhel)", real_name=NAME
    )
    make_statement(investigator, source=source, incident=incident,
                   text="They came at ten in the morning.")  # fmt: skip
    return record_consent(
        actor=investigator, source=source, name="un_courts", account="public",
        obtained_how="in_person", obtained_on="2021-09-20",
    )  # fmt: skip


def export(incident: Incident, to: Path, audience: str) -> dict[str, Any]:
    run_command(
        "export", "--incident", incident.record, "--to", str(to),
        "--reason", "request", "--by", "investigator", "--audience", audience,
    )  # fmt: skip
    return dict(json.loads((to / "manifest.json").read_text()))


def report(incident: Incident, to: Path, audience: str) -> str:
    run_command(
        "report", "--incident", incident.record, "--audience", audience,
        "--out", str(to),
    )  # fmt: skip
    return to.read_text()


def test_named_in_a_court_export_and_unnamed_in_a_public_report(
    incident: Incident, witness: Source, tmp_path: Path
) -> None:
    court = export(incident, tmp_path / "court", "un_courts")
    public = report(incident, tmp_path / "public.html", "public")

    assert court["named_sources"] == [{"record": witness.record, "real_name": NAME}]
    assert NAME in (tmp_path / "court" / "MANIFEST.txt").read_text()
    assert run_verifier(tmp_path / "court")[0] == 0
    assert NAME not in public
    assert "W-3 (Darhel)" in public
    assert "They came at ten in the morning." in public


def test_a_public_export_withholds_the_name_and_says_why(
    incident: Incident, witness: Source, tmp_path: Path
) -> None:
    public = export(incident, tmp_path / "public", "public")
    assert public["named_sources"] == []
    assert public["withheld"] == [
        {
            "record": witness.record,
            "what": "identity",
            "why": "the source's consent lets their name go to UN mechanisms and "
            "courts, not to the public",
        }
    ]
    bundle_bytes = b"".join(
        p.read_bytes() for p in (tmp_path / "public").rglob("*") if p.is_file()
    )
    assert NAME.encode() not in bundle_bytes


def test_an_unasked_sources_statement_stays_in_the_organisation(
    investigator: User, incident: Incident, tmp_path: Path
) -> None:
    quiet = register_source(actor=investigator, kind="witness", pseudonym="W-9")
    statement = make_statement(investigator, source=quiet, incident=incident,
                               text="My son was taken to Bagram.")  # fmt: skip

    court = export(incident, tmp_path / "court", "un_courts")
    report_text = report(incident, tmp_path / "r.html", "un_courts")

    assert {"record": statement.record, "what": "statement"}.items() <= next(
        w for w in court["withheld"] if w["record"] == statement.record
    ).items()
    assert "Bagram" not in (tmp_path / "court").joinpath("MANIFEST.txt").read_text()
    assert not any(
        "Bagram" in p.read_text() for p in (tmp_path / "court" / "events").iterdir()
    )
    assert "Bagram" not in report_text
    assert "1 statement left out" in report_text


def test_withdrawing_consent_is_an_event_and_applies_at_once(
    investigator: User, incident: Incident, witness: Source, tmp_path: Path
) -> None:
    record_consent(
        actor=investigator, source=witness, name="nobody", account="organisation",
        obtained_how="by_phone", obtained_on="2021-10-02", notes="family threatened",
    )  # fmt: skip

    court = export(incident, tmp_path / "court", "un_courts")

    assert court["named_sources"] == []
    assert [c.name for c in ConsentRecord.objects.filter(source=witness)] == [
        "un_courts",
        "nobody",
    ]
    assert LedgerEvent.objects.filter(type="source.consent_recorded").count() == 2


def test_bad_consent_is_refused_and_changes_nothing(
    investigator: User, witness: Source
) -> None:
    before = LedgerEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        record_consent(
            actor=investigator, source=witness, name="everyone", account="",
            obtained_how="telepathy", obtained_on="2999-01-01",
        )  # fmt: skip
    assert set(refused.value.message_dict) == {
        "name", "account", "obtained_how", "obtained_on",
    }  # fmt: skip
    assert LedgerEvent.objects.count() == before
    assert Source.objects.get(pk=witness.pk).consent_name == "un_courts"
