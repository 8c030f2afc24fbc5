"""Tests for filtering and searching incidents (sabt.records.filters, .search)."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User

from sabt.records.filters import IncidentFilter, capped_count, filter_incidents
from sabt.records.models import Incident
from tests.factories import make_incident

pytestmark = pytest.mark.django_db


def _titles(wanted: IncidentFilter) -> list[str]:
    found = filter_incidents(Incident.objects.all(), wanted)
    return sorted(found.values_list("title", flat=True))


@pytest.fixture
def three(investigator: User) -> None:
    make_incident(
        investigator,
        title="Kabul arrests",
        date_from="2021-09-01",
        date_to="2021-09-15",
        places=[{"place": "geonames:1138958"}],
        event_type="violence_against_civilians",
        sub_event_type="abduction_forced_disappearance",
    )
    make_incident(
        investigator,
        title="Darhel shooting",
        date_from="2021-09-10",
        places=[{"name": "Dashtak", "district": "Rukha"}],
        perpetrator="Taliban (alleged)",
    )
    make_incident(
        investigator,
        title="Air strikes on homes",
        date_from="2021-09-05",
        event_type="explosions_remote_violence",
        sub_event_type="air_drone_strike",
        perpetrator="Pakistan Army (alleged)",
        places=[{"name": "Dashtak", "district": "Rukha"}],
    )


def test_date_range_selects_incidents_that_overlap_it(three: None) -> None:
    wanted = IncidentFilter(
        date_from=datetime.date(2021, 9, 6), date_to=datetime.date(2021, 9, 12)
    )
    assert _titles(wanted) == ["Darhel shooting", "Kabul arrests"]


def test_district_and_type_filters_combine(three: None) -> None:
    wanted = IncidentFilter(district="Rukha", event_type="explosions_remote_violence")
    assert _titles(wanted) == ["Air strikes on homes"]


def test_perpetrator_matches_part_of_the_name(three: None) -> None:
    assert _titles(IncidentFilter(perpetrator="pakistan")) == ["Air strikes on homes"]


def test_text_search_needs_every_word_and_reads_prefixes(three: None) -> None:
    assert _titles(IncidentFilter(text="strikes hom")) == ["Air strikes on homes"]
    assert _titles(IncidentFilter(text="strikes Kabul")) == []


def test_text_search_finds_place_names_in_arabic_script(three: None) -> None:
    assert _titles(IncidentFilter(text="کابل")) == ["Kabul arrests"]


def test_query_syntax_in_search_text_is_harmless(three: None) -> None:
    assert _titles(IncidentFilter(text='"Kabul" OR NEAR( * ) -')) == []
    assert _titles(IncidentFilter(text="')--")) == [
        "Air strikes on homes",
        "Darhel shooting",
        "Kabul arrests",
    ]


def test_capped_count_stops_past_the_cap(three: None) -> None:
    assert capped_count(Incident.objects.all(), cap=2) == 3
    assert capped_count(Incident.objects.all(), cap=10) == 3


def test_settling_a_place_reindexes_the_incident_once(investigator: User) -> None:
    from sabt.records.services import resolve_incident_place  # noqa: PLC0415

    incident = make_incident(
        investigator, title="Shooting", places=[{"name": "Dashtak"}]
    )
    assert _titles(IncidentFilter(text="Rukha")) == []
    rukha = next(
        c for c in incident.places.get().candidates if c["district"] == "Rukha"
    )
    resolve_incident_place(
        actor=investigator, incident=incident, position=0, place=rukha["place"]
    )
    found = filter_incidents(Incident.objects.all(), IncidentFilter(text="دشتک"))
    assert list(found.values_list("title", flat=True)) == ["Shooting"]
