"""Tests for recording people, their status over time, and acts."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from sabt.ledger_store.models import LedgerEvent
from sabt.records.services import record_act, record_person, record_person_status
from tests.factories import make_incident, make_source

pytestmark = pytest.mark.django_db


def test_names_are_kept_exactly_as_written(investigator: User) -> None:
    person = record_person(
        actor=investigator,
        name="محمد عارف",
        other_names=["Muhammad Arif"],
        father_name="گل احمد",
        age=(19, 20),
    )
    assert (person.name, person.father_name) == ("محمد عارف", "گل احمد")
    assert person.other_names == ["Muhammad Arif"]
    assert (person.age_min, person.age_max) == (19, 20)


def test_dari_digits_count_as_numbers(investigator: User) -> None:
    person = record_person(actor=investigator, name="Arif", age=("۱۹", "۲۰"))
    assert (person.age_min, person.age_max) == (19, 20)


def test_latest_status_wins_whatever_the_order_recorded(investigator: User) -> None:
    person = record_person(actor=investigator, name="Aref")
    source = make_source(investigator)
    record_person_status(
        actor=investigator,
        person=person,
        status="detained",
        as_of="2021-09-20",
        source=source.record,
    )
    person = record_person_status(
        actor=investigator, person=person, status="missing", as_of="2021-09-07"
    )
    assert person.status == "detained"
    assert [s.status for s in person.statuses.all()] == ["missing", "detained"]


def test_act_suggests_rome_statute_article(investigator: User) -> None:
    incident = make_incident(investigator)
    act = record_act(
        actor=investigator,
        incident=incident.record,
        act_type="enforced_disappearance",
        victim_group="young men",
        victim_count=(200, None),
    )
    assert act.legal_characterisation == "7(1)(i)"
    assert (act.victim_count_min, act.victim_count_max) == (200, None)


def test_unknown_act_type_is_refused(investigator: User) -> None:
    incident = make_incident(investigator)
    with pytest.raises(ValidationError) as excinfo:
        record_act(actor=investigator, incident=incident.record, act_type="massacre")
    assert excinfo.value.message_dict["act_type"][0].startswith(
        "Unknown value 'massacre'"
    )
    assert LedgerEvent.objects.count() == 1


def test_bad_person_input_names_the_field(investigator: User) -> None:
    with pytest.raises(ValidationError) as excinfo:
        record_person(actor=investigator, name="", age=(30, 20), sex="x")
    assert set(excinfo.value.message_dict) == {"name", "age", "sex"}
    assert LedgerEvent.objects.count() == 0
