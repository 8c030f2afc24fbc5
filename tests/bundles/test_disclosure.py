"""Export and report refuse, writing nothing, when the rows they would disclose
differ from the ledger."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management.base import CommandError
from django.db import connection

from sabt.ledger_store.models import LedgerEvent
from sabt.records.models import Incident, Source
from sabt.records.services import record_consent, register_source
from tests.factories import make_incident, make_statement
from tests.ledger_store.helpers import projection_snapshot, run_command

pytestmark = pytest.mark.django_db

NAME = "Zarghuna Panjshiri"


@pytest.fixture
def incident(investigator: User) -> Incident:
    return make_incident(investigator)


@pytest.fixture
def witness(investigator: User, incident: Incident) -> Source:
    """Named to nobody; her account may reach the public."""
    source = register_source(
        actor=investigator, kind="witness", pseudonym="W-3 (Darhel)", real_name=NAME
    )
    make_statement(investigator, source=source, incident=incident,
                   text="They came at ten in the morning.")  # fmt: skip
    return record_consent(
        actor=investigator, source=source, name="nobody", account="public",
        obtained_how="in_person", obtained_on="2021-09-20",
    )  # fmt: skip


def consent_to_public_in_the_table() -> None:
    with connection.cursor() as cursor:
        cursor.execute("UPDATE records_source SET consent_name = 'public'")


def refusal(witness: Source) -> str:
    return (
        f"refused: the projection of record {witness.record} (records_source) "
        "differs from the ledger: consent_name; run sabt rebuild --check"
    )


def test_a_public_report_refuses_a_consent_changed_in_the_table(
    incident: Incident, witness: Source, tmp_path: Path
) -> None:
    consent_to_public_in_the_table()
    before, events = projection_snapshot(), LedgerEvent.objects.count()
    out = tmp_path / "public.html"

    with pytest.raises(CommandError) as refused:
        run_command(
            "report", "--incident", incident.record, "--audience", "public",
            "--out", str(out),
        )  # fmt: skip

    assert str(refused.value) == refusal(witness)
    assert not out.exists()
    assert projection_snapshot() == before
    assert LedgerEvent.objects.count() == events


def test_an_export_refuses_a_consent_changed_in_the_table(
    incident: Incident, witness: Source, tmp_path: Path
) -> None:
    consent_to_public_in_the_table()
    before, events = projection_snapshot(), LedgerEvent.objects.count()
    to = tmp_path / "public"

    with pytest.raises(CommandError) as refused:
        run_command(
            "export", "--incident", incident.record, "--to", str(to),
            "--reason", "request", "--by", "investigator", "--audience", "public",
        )  # fmt: skip

    assert str(refused.value) == refusal(witness)
    assert not to.exists() or not any(to.iterdir())
    assert projection_snapshot() == before
    assert LedgerEvent.objects.count() == events


def test_the_untouched_report_goes_out_without_the_name(
    incident: Incident, witness: Source, tmp_path: Path
) -> None:
    out = tmp_path / "public.html"
    code, _, err = run_command(
        "report", "--incident", incident.record, "--audience", "public",
        "--out", str(out),
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert NAME not in out.read_text()
    assert "They came at ten in the morning." in out.read_text()
