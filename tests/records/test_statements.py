"""Tests for recording a statement together with the new source that made it
(records.services.statements.record_statement_by_new_source).
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from sabt.ledger_store.models import LedgerEvent
from sabt.records.models import Source
from sabt.records.services import record_statement_by_new_source
from tests.factories import make_incident

pytestmark = pytest.mark.django_db

WITNESS = {"kind": "witness", "pseudonym": "Witness from Darhel"}


def test_registers_the_source_then_records_its_statement(investigator: User) -> None:
    incident = make_incident(investigator)
    statement = record_statement_by_new_source(
        actor=investigator,
        new_source=WITNESS,
        text="ساعت ده صبح صدای فیر شنیدیم",
        language="fa",
        stance="corroborates",
        incidents=[incident.record],
    )
    assert statement.source.pseudonym == "Witness from Darhel"
    assert list(statement.incidents.all()) == [incident]
    assert list(LedgerEvent.objects.values_list("type", flat=True))[-2:] == [
        "source.registered",
        "statement.recorded",
    ]


def test_errors_about_the_source_name_it_as_new_source(investigator: User) -> None:
    with pytest.raises(ValidationError) as raised:
        record_statement_by_new_source(
            actor=investigator,
            new_source={"kind": "rumour", "pseudonym": ""},
            text="x",
            language="en",
            stance="alleges",
        )
    assert set(raised.value.message_dict) == {
        "new_source_kind",
        "new_source_pseudonym",
    }
    assert LedgerEvent.objects.count() == 0


def test_a_bad_statement_leaves_no_source_behind(investigator: User) -> None:
    with pytest.raises(ValidationError, match="Unknown language"):
        record_statement_by_new_source(
            actor=investigator,
            new_source=WITNESS,
            text="x",
            language="klingon",
            stance="alleges",
        )
    assert (Source.objects.count(), LedgerEvent.objects.count()) == (0, 0)
