"""Tests for reporting incidents: validation, places, counts, idempotence."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from sabt.ledger_store.models import LedgerEvent
from sabt.records.filters import IncidentFilter, filter_incidents
from sabt.records.models import Incident
from sabt.records.services import report_incident, resolve_incident_place
from tests.factories import make_incident

pytestmark = pytest.mark.django_db


def _messages(excinfo: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def test_reported_incident_lands_in_ledger_and_table(investigator: User) -> None:
    incident = make_incident(investigator, counts={"killed": (3, None)})
    event = LedgerEvent.objects.get()
    assert (event.type, event.record) == ("incident.reported", incident.record)
    assert (incident.killed_min, incident.killed_max) == (3, None)
    assert incident.status == "reported"
    assert incident.created_by == "investigator"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"date_from": "2999-01-01"}, "date_from", "This date is in the future."),
        (
            {"date_from": "2021-09-10", "date_to": "2021-09-01"},
            "date_to",
            "The end date is before the start date.",
        ),
        (
            {"counts": {"killed": (30, 12)}},
            "killed",
            "The minimum (30) is above the maximum (12).",
        ),
        (
            {"counts": {"killed": ("-1", None)}},
            "killed",
            "Enter whole numbers from 0 up.",
        ),
        ({"event_type": "massacre"}, "event_type", "Unknown value 'massacre'"),
        ({"title": "  "}, "title", "This field is required."),
        ({"title": "Darhel\x00"}, "title", "Text cannot contain NUL characters"),
        ({"title": "Darhel \ud800"}, "title", "Text cannot contain NUL characters"),
        ({"record": "Darhel"}, "record", "A record id is a lowercase UUID."),
        ({"places": [{"place": "geonames:1\x00"}]}, "places", "No such record"),
        (
            {"places": [{"name": "Xyzzyq"}]},
            "places",
            "No place in the gazetteer matches 'Xyzzyq'",
        ),
    ],
)
def test_bad_input_names_the_field_and_appends_nothing(
    investigator: User, overrides: dict[str, object], field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as excinfo:
        make_incident(investigator, **overrides)
    assert any(m.startswith(message) for m in _messages(excinfo)[field])
    assert LedgerEvent.objects.count() == 0
    assert Incident.objects.count() == 0


def test_the_same_record_id_twice_changes_nothing(investigator: User) -> None:
    record = "0b5f6d0e-8f9a-4a4b-9c1d-2e3f4a5b6c7d"
    first = make_incident(investigator, record=record)
    second = make_incident(investigator, record=record, title="changed")
    assert second.title == first.title
    assert LedgerEvent.objects.count() == 1


def test_unresolved_name_stays_visible_and_can_be_settled(investigator: User) -> None:
    incident = make_incident(investigator, places=[{"name": "Dashtak"}])
    place = incident.places.get()
    assert place.name_as_given == "Dashtak"
    assert place.is_resolved is False
    assert len(place.candidates) >= 2
    chosen = place.candidates[0]["place"]
    incident = resolve_incident_place(
        actor=investigator, incident=incident, position=0, place=chosen
    )
    place = incident.places.get()
    assert place.place_id == chosen
    assert place.place is not None
    assert place.district == place.place.district
    assert list(LedgerEvent.objects.values_list("type", flat=True)) == [
        "incident.reported",
        "incident.place_resolved",
    ]


def test_dashtak_with_its_district_resolves(investigator: User) -> None:
    incident = make_incident(
        investigator, places=[{"name": "Dashtak", "district": "Rukha"}]
    )
    place = incident.places.get()
    assert place.place is not None
    assert place.place.district == "Rukha"


def test_a_district_named_as_the_place_counts_in_that_district_unsettled(
    investigator: User,
) -> None:
    incident = make_incident(investigator, places=[{"name": "دره"}])
    place = incident.places.get()
    assert (place.place_id, place.district) == (None, "Dara")
    assert place.candidates[0]["name"] == "Gudarah"  # offered, never settled
    in_dara = filter_incidents(Incident.objects.all(), IncidentFilter(district="Dara"))
    assert list(in_dara) == [incident]


def test_dates_are_stored_as_dates(investigator: User) -> None:
    incident = make_incident(investigator, date_from=datetime.date(2021, 9, 10))
    assert Incident.objects.get(pk=incident.pk).date_from == datetime.date(2021, 9, 10)


def test_bad_incident_place_position_is_refused(investigator: User) -> None:
    incident = make_incident(investigator)
    with pytest.raises(ValidationError) as excinfo:
        resolve_incident_place(
            actor=investigator, incident=incident, position=7, place="geonames:1138958"
        )
    assert _messages(excinfo)["position"] == [
        "This incident has no place at that position."
    ]
    assert LedgerEvent.objects.count() == 1


def test_report_accepts_a_gazetteer_key(investigator: User) -> None:
    incident = report_incident(
        actor=investigator,
        title="Panjshiris arrested in Kabul",
        event_type="violence_against_civilians",
        date_from="2021-09-12",
        places=[{"place": "geonames:1138958"}],
    )
    assert incident.places.get().place_id == "geonames:1138958"
