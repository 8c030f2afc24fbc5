"""``sabt rebuild --check``: rows edited, deleted or added behind the ledger's
back are named, and the check changes nothing."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth.models import User
from django.db import connection

from sabt.ledger_store.models import LedgerEvent
from sabt.records.models import Source
from sabt.records.services import record_consent, register_source
from tests.factories import make_incident, make_statement
from tests.ledger_store.helpers import projection_snapshot, run_command

pytestmark = pytest.mark.django_db

NAME = "Zarghuna Panjshiri"


@pytest.fixture
def witness(investigator: User) -> Source:
    """Named to nobody; her account may reach the public."""
    source = register_source(
        actor=investigator, kind="witness", pseudonym="W-3 (Darhel)", real_name=NAME
    )
    make_statement(investigator, source=source, incident=make_incident(investigator))
    return record_consent(
        actor=investigator, source=source, name="nobody", account="public",
        obtained_how="in_person", obtained_on="2021-09-20",
    )  # fmt: skip


def sql(statement: str, *params: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_an_untouched_database_matches_the_ledger(witness: Source) -> None:
    code, out, err = run_command("rebuild", "--check")
    assert (code, err) == (0, "")
    assert out.startswith("projections match the ledger: ")
    assert out.rstrip().endswith(" rows")


def test_consent_changed_in_the_table_is_named_and_left_alone(
    witness: Source,
) -> None:
    sql("UPDATE records_source SET consent_name = 'public'")
    before, events = projection_snapshot(), LedgerEvent.objects.count()

    code, out, err = run_command("rebuild", "--check")

    assert code == 1
    assert out.splitlines() == [
        f"records_source record {witness.record}: consent_name is 'public' "
        "in the table, 'nobody' from the ledger"
    ]
    assert err.strip() == (
        "1 difference(s) between the projection and the ledger; "
        "sabt rebuild replaces the tables with the replay"
    )
    assert projection_snapshot() == before
    assert LedgerEvent.objects.count() == events
    assert Source.objects.get(pk=witness.pk).consent_name == "public"


def test_a_sealed_column_is_named_but_never_printed(witness: Source) -> None:
    sql(
        "UPDATE records_source SET sealed_identity = %s, pseudonym = %s",
        '{"real_name": "forged"}',
        NAME,
    )
    code, out, _ = run_command("rebuild", "--check")
    assert code == 1
    assert out.splitlines() == [
        f"records_source record {witness.record}: pseudonym is '{NAME}' in the "
        "table, 'W-3 (Darhel)' from the ledger; sealed_identity differs "
        "(value not shown)"
    ]


def test_a_deleted_row_is_named(witness: Source) -> None:
    sql("DELETE FROM records_consentrecord")
    code, out, _ = run_command("rebuild", "--check")
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("records_consentrecord record ")
    assert lines[0].endswith(": from the ledger, missing from the table")


def test_an_inserted_row_is_named(witness: Source) -> None:
    # Written straight into the table, as an insider would: no event.
    forged = Source.objects.create(
        record=str(uuid.uuid4()), kind="witness", pseudonym="X", consent_name="public"
    )
    code, out, _ = run_command("rebuild", "--check")
    assert code == 1
    assert out.splitlines() == [
        f"records_source record {forged.record}: in the table, not from the ledger"
    ]
