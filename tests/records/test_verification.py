"""Tests for the verification workflow and the two-independent-sources rule."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from sabt.ledger_store.models import LedgerEvent
from sabt.records.corroboration import corroboration_of
from sabt.records.services import change_status
from tests.factories import make_incident, make_source, make_statement

pytestmark = pytest.mark.django_db


def test_each_step_records_who_and_why(investigator: User) -> None:
    incident = make_incident(investigator)
    incident = change_status(
        actor=investigator, incident=incident, status="under_review", reason="Checking"
    )
    change = incident.status_changes.get()
    assert (change.from_status, change.to_status) == ("reported", "under_review")
    assert (change.actor, change.reason) == ("investigator", "Checking")
    assert incident.status == "under_review"


def test_one_source_cannot_corroborate(investigator: User) -> None:
    incident = make_incident(investigator)
    make_statement(investigator, source=make_source(investigator), incident=incident)
    incident = change_status(
        actor=investigator, incident=incident, status="under_review", reason="Checking"
    )
    with pytest.raises(ValidationError, match="at least two independent sources"):
        change_status(
            actor=investigator, incident=incident, status="corroborated", reason="x"
        )
    assert incident.status == "under_review"


def test_two_independent_sources_corroborate(investigator: User) -> None:
    incident = make_incident(investigator)
    make_statement(investigator, source=make_source(investigator), incident=incident)
    second = make_source(investigator, pseudonym="Arif")
    make_statement(
        investigator, source=second, incident=incident, stance="corroborates"
    )
    incident = change_status(
        actor=investigator, incident=incident, status="under_review", reason="Checking"
    )
    incident = change_status(
        actor=investigator,
        incident=incident,
        status="corroborated",
        reason="Two accounts",
    )
    assert incident.status == "corroborated"


def test_a_source_that_repeats_another_is_not_independent(investigator: User) -> None:
    incident = make_incident(investigator)
    resident = make_source(investigator, pseudonym="Ahmar")
    news = make_source(
        investigator,
        kind="journalist",
        pseudonym="News",
        derived_from=[resident.record],
    )
    make_statement(investigator, source=resident, incident=incident)
    make_statement(investigator, source=news, incident=incident)
    assert corroboration_of(incident).is_corroborated is False


def test_a_denial_does_not_corroborate(investigator: User) -> None:
    incident = make_incident(investigator)
    make_statement(investigator, source=make_source(investigator), incident=incident)
    accused = make_source(investigator, kind="official", pseudonym="Accused party")
    make_statement(
        investigator,
        source=accused,
        incident=incident,
        stance="denies",
        text="Rumours.",
    )
    assert corroboration_of(incident).is_corroborated is False


def test_a_move_the_workflow_does_not_allow_is_refused(investigator: User) -> None:
    incident = make_incident(investigator)
    with pytest.raises(ValidationError, match="cannot move from reported to verified"):
        change_status(
            actor=investigator, incident=incident, status="verified", reason="x"
        )
    assert LedgerEvent.objects.count() == 1


def test_a_reason_is_required(investigator: User) -> None:
    incident = make_incident(investigator)
    with pytest.raises(ValidationError, match="This field is required"):
        change_status(
            actor=investigator, incident=incident, status="under_review", reason=""
        )
