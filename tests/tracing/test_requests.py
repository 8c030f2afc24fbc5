"""Tests for tracing requests (tracing.services.requests, tracing.projector,
tracing.sealed): opening, closing, status reports, and the sealed enquirer.
"""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import User
from django.core import serializers
from django.core.exceptions import ValidationError

from sabt.access.sealed import reveal_enquirer
from sabt.ledger.sealing import is_token
from sabt.ledger_store.keyring import shred
from sabt.ledger_store.models import LedgerEvent
from sabt.ledger_store.rebuild import rebuild_projections
from sabt.tracing import services
from sabt.tracing.models import StatusReport, TracingRequest
from sabt.tracing.sealed import reveal
from tests.ledger_store.helpers import projection_snapshot
from tests.tracing.factories import AREF, MOTHER, MOTHER_PHONE, make_request

pytestmark = pytest.mark.django_db


def payloads() -> str:
    """Every event of the log as text, non-Latin letters unescaped."""
    return "\n".join(
        json.dumps(json.loads(event.payload), ensure_ascii=False)
        for event in LedgerEvent.objects.all()
    )


def test_opening_a_request_records_an_event_and_projects_it(officer: User) -> None:
    sought = make_request(officer)
    event = LedgerEvent.objects.get(record=sought.record)
    assert event.type == "tracing.request_opened"
    assert sought.given_name == "Mohammad Aref"
    assert sought.father_name == "Gul Ahmad"
    assert (sought.age_low, sought.age_high) == (19, 19)
    assert str(sought.last_seen_date) == "2021-09-07"
    assert sought.taken_by == "Taliban fighters"
    assert sought.case == "default"
    assert sought.status == TracingRequest.Status.OPEN
    assert sought.consent_to_share == "yes"


def test_the_sought_person_starts_missing_since_last_seen(officer: User) -> None:
    sought = make_request(officer)
    [report] = sought.status_reports.all()
    assert report.status == "missing"
    assert str(report.as_of) == "2021-09-07"
    assert report.source_kind == StatusReport.SourceKind.REQUEST


def test_the_enquirer_is_never_in_clear_in_the_ledger(officer: User) -> None:
    sought = make_request(officer, enquirer_notes="ask at the school in Omarz")
    body = json.loads(LedgerEvent.objects.get(record=sought.record).payload)["body"]
    assert set(body["sealed"]) == {
        "enquirer_name",
        "enquirer_contact",
        "enquirer_notes",
    }
    text = payloads()
    for secret in (MOTHER, "Hawa", MOTHER_PHONE, "Omarz"):
        assert secret not in text


def test_the_enquirer_is_never_in_clear_in_the_tables(officer: User) -> None:
    sought = make_request(officer)
    assert all(is_token(token) for token in sought.sealed_enquirer.values())
    rows = serializers.serialize("json", TracingRequest.objects.all())
    assert MOTHER not in rows
    assert MOTHER_PHONE not in rows
    assert MOTHER not in projection_snapshot()
    assert MOTHER not in str(sought)


def test_reveal_opens_the_enquirer(officer: User) -> None:
    sought = make_request(officer)
    assert reveal(sought, "enquirer_name") == MOTHER
    assert reveal_enquirer(officer, sought) == {
        "enquirer_name": MOTHER,
        "enquirer_contact": MOTHER_PHONE,
    }


def test_reveal_refuses_a_field_that_is_not_sealed(officer: User) -> None:
    sought = make_request(officer)
    with pytest.raises(ValueError, match="no sealed field 'given_name'"):
        reveal(sought, "given_name")


def test_shredding_the_enquirer_keeps_the_request(officer: User) -> None:
    sought = make_request(officer)
    shred(sought.record, actor="officer", reason="the mother asked")
    sought.refresh_from_db()
    assert sought.is_enquirer_destroyed is True
    assert reveal(sought, "enquirer_name") is None
    assert sought.given_name == "Mohammad Aref"
    before = projection_snapshot()
    rebuild_projections()
    assert projection_snapshot() == before


def test_bad_input_names_each_field_and_records_nothing(officer: User) -> None:
    before = LedgerEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.open_request(
            actor=officer,
            given_name="  ",
            enquirer_name="",
            sex="boy",
            age=(25, 19),
            last_seen_date="7 Sep 2021",
            consent_to_share="maybe",
            case="nowhere",
        )
    assert set(caught.value.message_dict) == {
        "given_name",
        "enquirer_name",
        "sex",
        "age",
        "last_seen_date",
        "consent_to_share",
        "case",
    }
    assert "No case nowhere." in caught.value.message_dict["case"]
    assert LedgerEvent.objects.count() == before
    assert not TracingRequest.objects.exists()


def test_opening_the_same_record_twice_changes_nothing(officer: User) -> None:
    record = "0b6c7f1e-6a7d-4f64-9a1b-5d9e2c7f3a10"
    first = make_request(officer, record=record)
    again = make_request(officer, record=record, given_name="Someone else")
    assert again.pk == first.pk
    assert again.given_name == "Mohammad Aref"
    assert LedgerEvent.objects.filter(record=record).count() == 1


def test_closing_and_reopening(officer: User) -> None:
    sought = make_request(officer)
    closed = services.close_request(
        actor=officer, request=sought, reason="the family withdrew it"
    )
    assert closed.status == TracingRequest.Status.CLOSED
    assert closed.closed_reason == "the family withdrew it"
    again = services.close_request(actor=officer, request=closed, reason="twice")
    assert LedgerEvent.objects.filter(type="tracing.request_closed").count() == 1
    reopened = services.reopen_request(
        actor=officer, request=again, reason="new information"
    )
    assert reopened.status == TracingRequest.Status.OPEN


def test_closing_needs_a_reason(officer: User) -> None:
    sought = make_request(officer)
    with pytest.raises(ValidationError, match="This field is required"):
        services.close_request(actor=officer, request=sought, reason=" ")
    assert LedgerEvent.objects.filter(type="tracing.request_closed").count() == 0


def test_a_status_from_an_officer_locates_the_person(officer: User) -> None:
    sought = make_request(officer)
    report = services.record_status(
        actor=officer,
        request=sought,
        status="alive",
        as_of="2021-10-20",
        source="a released detainee saw him in Bagram",
    )
    assert report.source_kind == StatusReport.SourceKind.OFFICER
    sought.refresh_from_db()
    assert sought.status == TracingRequest.Status.LOCATED_ALIVE


def test_a_status_needs_a_known_value_a_date_and_a_source(officer: User) -> None:
    sought = make_request(officer)
    before = LedgerEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.record_status(
            actor=officer, request=sought, status="free", as_of="", source=""
        )
    assert set(caught.value.message_dict) == {"status", "as_of", "source"}
    assert LedgerEvent.objects.count() == before


def test_rebuild_gives_back_the_same_tables(officer: User) -> None:
    sought = make_request(officer)
    make_request(officer, **{**AREF, "given_name": "Abdul Wahid"})
    services.record_status(
        actor=officer, request=sought, status="detained", as_of="2021-10-01",
        source="ICRC visit",
    )  # fmt: skip
    services.close_request(actor=officer, request=sought, reason="found")
    before = projection_snapshot()
    rebuild_projections()
    assert projection_snapshot() == before
