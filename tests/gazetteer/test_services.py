"""Tests for ``gazetteer.services.add_place``: every place a user adds is one
signed ``place.added`` event and one Place row; bad input records nothing.
"""

from __future__ import annotations

import math
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from sabt.gazetteer.lookup import resolve
from sabt.gazetteer.models import Place
from sabt.gazetteer.services import add_place
from sabt.ledger_store.models import LedgerEvent
from tests.gazetteer.factories import SARICHA, make_place

pytestmark = pytest.mark.django_db


def test_adding_a_place_appends_one_event_and_one_row(investigator: User) -> None:
    place = make_place(investigator)
    event = LedgerEvent.objects.get()
    assert (event.type, event.record) == ("place.added", place.key)
    assert Place.objects.filter(origin=Place.Origin.USER).get() == place


def test_an_added_place_keeps_what_the_user_said(investigator: User) -> None:
    place = make_place(investigator)
    assert (place.name, place.ascii_name, place.names_latin) == (
        "Saricha",
        "Saricha",
        ["Saricha"],
    )
    assert place.names_arabic == ["سریچه"]
    assert (place.latitude, place.longitude) == (35.31, 69.52)
    assert place.location_note == "approximate, test data near Bazarak"
    assert (place.origin, place.added_by) == ("user", "investigator")
    assert (place.geonames_id, place.feature_code) == (None, "")


def test_a_blank_district_is_taken_from_the_coordinates(investigator: User) -> None:
    place = make_place(investigator)
    assert (place.province, place.district) == ("Panjshir", "Bazarak")


def test_a_district_in_another_spelling_is_stored_by_its_name(
    investigator: User,
) -> None:
    place = make_place(investigator, district="Rokha")
    assert place.district == "Rukha"


def test_a_place_outside_every_district_has_none(investigator: User) -> None:
    place = make_place(investigator, name="Kabul checkpoint", latitude=34.53)
    assert (place.province, place.district) == ("", "")


def test_an_added_place_resolves_by_its_name(investigator: User) -> None:
    place = make_place(investigator)
    resolution = resolve("Saricha")
    assert resolution.status == "resolved"
    assert resolution.place == place


def test_adding_the_same_place_twice_records_it_once(investigator: User) -> None:
    first = make_place(investigator)
    second = make_place(investigator)
    assert first == second
    assert LedgerEvent.objects.count() == 1


BAD_INPUT: dict[str, tuple[dict[str, Any], str, str]] = {
    "blank name": ({"name": "  "}, "name", "A place needs a name."),
    "overlong name": ({"name": "x" * 201}, "name", "at most 200 characters"),
    "Latin text as an Arabic name": (
        {"names_arabic": ["Saricha"]},
        "names_arabic",
        "must be written in Arabic script",
    ),
    "latitude in Paris": (
        {"latitude": 48.85},
        "latitude",
        "not in or near Afghanistan",
    ),
    "latitude and longitude swapped": (
        {"latitude": 69.52, "longitude": 35.31},
        "latitude",
        "not in or near Afghanistan",
    ),
    "longitude not a number": (
        {"longitude": math.nan},
        "longitude",
        "decimal degrees",
    ),
    "blank location note": (
        {"location_note": " "},
        "location_note",
        "Say where the coordinates come from",
    ),
    "unknown district": (
        {"district": "Abshar"},
        "district",
        "No district called “Abshar” is known",
    ),
}


@pytest.mark.parametrize("case", BAD_INPUT)
def test_bad_input_names_the_field_and_records_nothing(
    investigator: User, case: str
) -> None:
    overrides, field, message = BAD_INPUT[case]
    with pytest.raises(ValidationError) as raised:
        add_place(actor=investigator, **{**SARICHA, **overrides})
    assert message in " ".join(raised.value.message_dict[field])
    assert LedgerEvent.objects.count() == 0
    assert not Place.objects.filter(origin=Place.Origin.USER).exists()


def test_every_bad_field_is_reported_at_once(investigator: User) -> None:
    bad = {"name": "", "latitude": 0.0, "location_note": "", "district": "Abshar"}
    with pytest.raises(ValidationError) as raised:
        add_place(actor=investigator, **{**SARICHA, **bad})
    assert set(raised.value.message_dict) == {
        "name",
        "latitude",
        "location_note",
        "district",
    }


def test_a_fixed_record_id_becomes_the_key_and_repeats_change_nothing(
    investigator: User,
) -> None:
    record = "6f1c4d2e-8a3b-5c7d-9e0f-123456789abc"
    first = make_place(investigator, record=record)
    second = make_place(investigator, record=record, name="Saricha hill")
    assert first.key == second.key == record
    assert second.name == "Saricha"
    assert LedgerEvent.objects.count() == 1


def test_a_record_id_that_is_not_a_uuid_is_refused(investigator: User) -> None:
    with pytest.raises(ValidationError) as raised:
        make_place(investigator, record="geonames:1143847")
    assert raised.value.message_dict == {"record": ["A record id is a lowercase UUID."]}
    assert LedgerEvent.objects.count() == 0
