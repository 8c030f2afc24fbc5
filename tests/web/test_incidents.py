"""Tests for the incident pages (sabt.web.views.incidents): the list with its
filters, one incident, reporting one, its status, its places and its acts.
"""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from sabt.ledger_store.models import LedgerEvent
from sabt.records.models import Incident
from sabt.records.services import change_status
from tests.factories import make_incident, make_source, make_statement
from tests.web.helpers import error_beside, event_types_of, ranges

pytestmark = pytest.mark.django_db

MISSING = "6f1c2a9e-1111-4222-8333-944445555666"


@pytest.fixture
def signed_in(client: Client, investigator: User) -> Client:
    client.force_login(investigator)
    return client


def _report(**overrides: Any) -> dict[str, Any]:
    """A valid report form; ``places`` rows are (name, district, keep, place)."""
    places = overrides.pop("places", [("Darhel", "", "", "")])
    data: dict[str, Any] = {
        "title": "Darhel: old and young shot",
        "description": "After a gunshot was heard.",
        "event_type": "violence_against_civilians",
        "sub_event_type": "attack",
        "date_from": "2021-09-10",
        "date_to": "",
        "date_precision": "day",
        "perpetrator": "Taliban (alleged)",
        **ranges(
            killed=("", ""), injured=("", ""), detained=("", ""), displaced=("", "")
        ),
    }
    for row, values in enumerate(places):
        for column, value in enumerate(values):
            if value:
                data[f"places_{row * 4 + column}"] = value
    data.update(overrides)
    return data


# The list


def test_anonymous_visitor_is_sent_to_login(client: Client) -> None:
    response = client.get("/incidents/")
    assert (response.status_code, response["Location"]) == (
        302,
        "/login/?next=/incidents/",
    )


def test_home_is_the_incident_list(signed_in: Client) -> None:
    assert signed_in.get("/")["Location"] == "/incidents/"


def test_list_shows_incidents_with_their_places(
    signed_in: Client, investigator: User
) -> None:
    make_incident(investigator)
    content = signed_in.get("/incidents/").content.decode()
    assert "Darhel: old and young shot after a gunshot" in content
    assert "Darhel" in content
    assert "1 incident" in content


def test_list_marks_a_place_kept_as_written(
    signed_in: Client, investigator: User
) -> None:
    make_incident(investigator, places=[{"name": "Dashtak"}])
    content = signed_in.get("/incidents/").content.decode()
    assert "<bdi>Dashtak</bdi> <span" in content
    assert "unresolved</span>" in content


def test_search_narrows_the_list(signed_in: Client, investigator: User) -> None:
    make_incident(investigator)
    make_incident(investigator, title="Kabul arrests", places=[{"name": "Kabul"}])
    content = signed_in.get("/incidents/", {"q": "kabul"}).content.decode()
    assert "Kabul arrests" in content
    assert "Darhel: old and young" not in content


def test_filters_narrow_the_list(signed_in: Client, investigator: User) -> None:
    make_incident(investigator)
    make_incident(
        investigator,
        title="Air strikes on homes",
        event_type="explosions_remote_violence",
        sub_event_type="air_drone_strike",
        date_from="2021-09-05",
        perpetrator="Pakistan Army (alleged)",
    )
    wanted = {"event_type": "explosions_remote_violence", "date_to": "2021-09-06"}
    content = signed_in.get("/incidents/", wanted).content.decode()
    assert "Air strikes on homes" in content
    assert "Darhel: old and young" not in content
    content = signed_in.get("/incidents/", {"perpetrator": "taliban"}).content.decode()
    assert "Air strikes on homes" not in content


def test_htmx_request_gets_only_the_fragment(
    signed_in: Client, investigator: User
) -> None:
    make_incident(investigator)
    response = signed_in.get("/incidents/", {"q": "Darhel"}, HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert "Darhel: old and young shot" in content
    assert "<html" not in content
    assert "HX-Request" in response["Vary"]


def test_htmx_restoring_history_gets_the_whole_page(signed_in: Client) -> None:
    response = signed_in.get(
        "/incidents/",
        HTTP_HX_REQUEST="true",
        HTTP_HX_HISTORY_RESTORE_REQUEST="true",
    )
    assert "<html" in response.content.decode()


def test_list_is_paginated_25_a_page(signed_in: Client, investigator: User) -> None:
    for day in range(1, 28):
        make_incident(
            investigator, title=f"Incident {day}", date_from=f"2021-08-{day:02}"
        )
    first = signed_in.get("/incidents/").context["page"]
    assert len(first.object_list) == 25
    # The next link starts after the first page's last incident.
    second = signed_in.get(first.next_url)
    assert "after=" in first.next_url
    assert [i.title for i in second.context["page"]] == ["Incident 2", "Incident 1"]
    assert "Page 2 of 2" in second.content.decode()
    # A page number alone, as older links carry, opens the same page.
    by_number = signed_in.get("/incidents/", {"page": 2}).context["page"]
    assert [i.title for i in by_number] == ["Incident 2", "Incident 1"]


def test_list_reads_in_a_fixed_number_of_queries(
    signed_in: Client,
    investigator: User,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    for day in range(1, 11):
        make_incident(
            investigator, title=f"Incident {day}", date_from=f"2021-08-{day:02}"
        )
    # Session, user, the session's second-factor device, account; the
    # user's memberships, once for every check of the policy; the place and
    # district choices of the filters; the count, the page, and one query
    # for the places of all its incidents. No write: the first request
    # moved the session's idle expiry on, and the next move is a minute away.
    signed_in.get("/incidents/")
    with django_assert_num_queries(10):
        signed_in.get("/incidents/")


def test_demo_button_is_shown_to_superusers_only(
    signed_in: Client, investigator: User
) -> None:
    assert "Load the demo case" not in signed_in.get("/incidents/").content.decode()
    investigator.is_superuser = True
    investigator.save(update_fields=["is_superuser"])
    assert "Load the demo case" in signed_in.get("/incidents/").content.decode()


# One incident


def test_missing_incident_is_404(signed_in: Client) -> None:
    assert signed_in.get(f"/incidents/{MISSING}/").status_code == 404


def test_incident_page_needs_login(client: Client, investigator: User) -> None:
    incident = make_incident(investigator)
    response = client.get(f"/incidents/{incident.record}/")
    assert response["Location"].startswith("/login/")


def test_denial_stands_beside_the_allegation(
    signed_in: Client, investigator: User
) -> None:
    incident = make_incident(investigator)
    letter = make_source(investigator, kind="collective", pseudonym="Residents' letter")
    accused = make_source(investigator, kind="official", pseudonym="The accused party")
    make_statement(investigator, source=letter, incident=incident)
    make_statement(
        investigator,
        source=accused,
        incident=incident,
        stance="denies",
        text="Rumours.",
    )
    page = signed_in.get(f"/incidents/{incident.record}/").context["page"]
    assert [s.source.pseudonym for s in page.statements.supporting] == [
        "Residents' letter"
    ]
    assert [s.source.pseudonym for s in page.statements.denials] == [
        "The accused party"
    ]
    content = signed_in.get(f"/incidents/{incident.record}/").content.decode()
    allegations, denials = (
        content.index('class="allegations"'),
        content.index('class="denials"'),
    )
    assert allegations < content.index("Residents&#x27; letter") < denials
    assert denials < content.index("Rumours.")


def test_unresolved_place_shows_its_candidates(
    signed_in: Client, investigator: User
) -> None:
    incident = make_incident(investigator, places=[{"name": "Dashtak"}])
    row = incident.places.get()
    assert row.is_resolved is False
    content = signed_in.get(f"/incidents/{incident.record}/").content.decode()
    assert "unresolved" in content
    assert f'value="{row.candidates[0]["place"]}"' in content


def test_map_gets_the_districts_and_resolved_places(
    signed_in: Client, investigator: User
) -> None:
    incident = make_incident(investigator, places=[{"place": "geonames:1138958"}])
    content = signed_in.get(f"/incidents/{incident.record}/").content.decode()
    script = re.search(
        r'<script id="map-data" type="application/json">(.*?)</script>', content
    )
    assert script
    data = json.loads(script.group(1))
    assert len(data["districts"]["features"]) == 7
    assert [p["name"] for p in data["places"]] == ["Kabul"]
    assert "<script>" not in content


def test_counts_read_as_ranges(signed_in: Client, investigator: User) -> None:
    incident = make_incident(
        investigator, counts={"killed": (24, None), "detained": (12, 30)}
    )
    content = signed_in.get(f"/incidents/{incident.record}/").content.decode()
    assert "at least 24" in content
    assert "12\N{EN DASH}30" in content
    assert "unknown" in content


def test_history_lists_every_event_of_the_record(
    signed_in: Client, investigator: User
) -> None:
    incident = make_incident(investigator)
    change_status(
        actor=investigator, incident=incident, status="under_review", reason="Checking"
    )
    history = signed_in.get(f"/incidents/{incident.record}/").context["page"].history
    assert [(e.type, e.actor) for e in history] == [
        ("incident.reported", "investigator"),
        ("incident.status_changed", "investigator"),
    ]
    author = LedgerEvent.objects.filter(record=incident.record).first()
    assert author is not None
    assert history[0].short_author == author.author[:12]


def test_status_history_says_who_and_why(signed_in: Client, investigator: User) -> None:
    incident = make_incident(investigator)
    change_status(
        actor=investigator, incident=incident, status="under_review", reason="Checking"
    )
    content = signed_in.get(f"/incidents/{incident.record}/").content.decode()
    assert "Reported → Under review" in content
    assert "Checking" in content


# Reporting


def test_reporting_an_incident_records_it_and_its_event(
    signed_in: Client,
) -> None:
    data = _report(**ranges(killed=(12, 30)), places=[("Darhel", "Rukha", "", "")])
    response = signed_in.post("/incidents/new/", data)
    incident = Incident.objects.get()
    assert response["Location"] == f"/incidents/{incident.record}/"
    assert (incident.killed_min, incident.killed_max) == (12, 30)
    assert incident.places.get().name_as_given == "Darhel"
    assert event_types_of(incident.record) == ["incident.reported"]


def test_a_gazetteer_place_can_be_picked(signed_in: Client) -> None:
    signed_in.post(
        "/incidents/new/", _report(places=[("", "", "", "geonames:1138958")])
    )
    assert Incident.objects.get().places.get().place_id == "geonames:1138958"


def test_a_name_with_no_match_can_be_kept_unresolved(signed_in: Client) -> None:
    signed_in.post("/incidents/new/", _report(places=[("Qqxzv", "", "on", "")]))
    row = Incident.objects.get().places.get()
    assert (row.name_as_given, row.is_resolved) == ("Qqxzv", False)


@pytest.mark.parametrize(
    ("case", "field", "message"),
    [
        (
            "a date in the future",
            "date_from",
            "This date is in the future.",
        ),
        (
            "an end before its start",
            "date_to",
            "The end date is before the start date.",
        ),
        (
            "a minimum above the maximum",
            "killed",
            "The minimum (30) is above the maximum (12).",
        ),
        (
            "a place name that matches nothing",
            "places",
            "No place in the gazetteer matches 'Qqxzv': add the place, "
            "or keep the name as written, unresolved.",
        ),
    ],
)
def test_bad_report_is_refused_beside_the_field(
    signed_in: Client, case: str, field: str, message: str
) -> None:
    tomorrow = timezone.now().date() + datetime.timedelta(days=1)
    bad = {
        "a date in the future": {"date_from": tomorrow.isoformat()},
        "an end before its start": {"date_to": "2021-09-01"},
        "a minimum above the maximum": ranges(killed=(30, 12)),
        "a place name that matches nothing": {"places": [("Qqxzv", "", "", "")]},
    }[case]
    response = signed_in.post("/incidents/new/", _report(**bad))
    assert response.status_code == 200
    assert error_beside(response, field) == message
    assert LedgerEvent.objects.count() == 0


def test_report_needs_a_place(signed_in: Client) -> None:
    response = signed_in.post("/incidents/new/", _report(places=[]))
    assert error_beside(response, "places") == "This field is required."
    assert LedgerEvent.objects.count() == 0


# Status


def test_changing_the_status_records_who_and_why(
    signed_in: Client, investigator: User
) -> None:
    incident = make_incident(investigator)
    response = signed_in.post(
        f"/incidents/{incident.record}/status/",
        {"status": "under_review", "reason": "Two letters to compare"},
    )
    assert response["Location"] == f"/incidents/{incident.record}/"
    incident.refresh_from_db()
    change = incident.status_changes.get()
    assert (incident.status, change.reason, change.actor) == (
        "under_review",
        "Two letters to compare",
        "investigator",
    )
    assert event_types_of(incident.record) == [
        "incident.reported",
        "incident.status_changed",
    ]


def test_corroborated_needs_two_independent_sources(
    signed_in: Client, investigator: User
) -> None:
    incident = make_incident(investigator)
    make_statement(investigator, source=make_source(investigator), incident=incident)
    incident = change_status(
        actor=investigator, incident=incident, status="under_review", reason="x"
    )
    before = LedgerEvent.objects.count()
    response = signed_in.post(
        f"/incidents/{incident.record}/status/",
        {"status": "corroborated", "reason": "one letter"},
    )
    assert error_beside(response, "status") == (
        "Corroborated needs at least two independent sources; link another first."
    )
    assert LedgerEvent.objects.count() == before


def test_a_status_the_current_one_cannot_reach_is_refused(
    signed_in: Client, investigator: User
) -> None:
    incident = make_incident(investigator)
    response = signed_in.post(
        f"/incidents/{incident.record}/status/",
        {"status": "verified", "reason": "trust me"},
    )
    assert "Select a valid choice." in error_beside(response, "status")
    assert LedgerEvent.objects.count() == 1


def test_status_of_a_missing_incident_is_404(signed_in: Client) -> None:
    response = signed_in.post(
        f"/incidents/{MISSING}/status/", {"status": "under_review", "reason": "x"}
    )
    assert response.status_code == 404


# Places


def test_settling_an_unresolved_place(signed_in: Client, investigator: User) -> None:
    incident = make_incident(investigator, places=[{"name": "Dashtak"}])
    candidate = incident.places.get().candidates[0]["place"]
    response = signed_in.post(
        f"/incidents/{incident.record}/places/0/", {"place": candidate}
    )
    assert response["Location"] == f"/incidents/{incident.record}/"
    assert incident.places.get().place_id == candidate
    assert event_types_of(incident.record) == [
        "incident.reported",
        "incident.place_resolved",
    ]


def test_settling_on_an_unknown_place_is_refused(
    signed_in: Client, investigator: User
) -> None:
    incident = make_incident(investigator, places=[{"name": "Dashtak"}])
    response = signed_in.post(
        f"/incidents/{incident.record}/places/0/", {"place": "geonames:0"}
    )
    assert "Select a valid choice." in error_beside(response, "place")
    assert LedgerEvent.objects.count() == 1


def test_a_place_position_the_incident_lacks_is_404(
    signed_in: Client, investigator: User
) -> None:
    incident = make_incident(investigator)
    assert signed_in.get(f"/incidents/{incident.record}/places/7/").status_code == 404


# Acts


def test_adding_an_act_records_it_and_its_event(
    signed_in: Client, investigator: User
) -> None:
    incident = make_incident(investigator)
    response = signed_in.post(
        f"/incidents/{incident.record}/acts/new/",
        {
            "act_type": "killing",
            "victim_group": "old and young residents",
            **ranges(victim_count=(3, "")),
        },
    )
    assert response["Location"] == f"/incidents/{incident.record}/"
    act = incident.acts.get()
    assert (act.act_type, act.victim_count_min, act.legal_characterisation) == (
        "killing",
        3,
        "7(1)(a), 8(2)(c)(i)",
    )
    assert event_types_of(act.record) == ["act.recorded"]


def test_an_unknown_act_type_is_refused_beside_the_field(
    signed_in: Client, investigator: User
) -> None:
    incident = make_incident(investigator)
    response = signed_in.post(
        f"/incidents/{incident.record}/acts/new/", {"act_type": "beheading"}
    )
    assert error_beside(response, "act_type") == (
        "Select a valid choice. beheading is not one of the available choices."
    )
    assert LedgerEvent.objects.count() == 1


def test_act_count_with_minimum_above_maximum_is_refused(
    signed_in: Client, investigator: User
) -> None:
    incident = make_incident(investigator)
    response = signed_in.post(
        f"/incidents/{incident.record}/acts/new/",
        {"act_type": "killing", **ranges(victim_count=(9, 2))},
    )
    assert error_beside(response, "victim_count") == (
        "The minimum (9) is above the maximum (2)."
    )
    assert LedgerEvent.objects.count() == 1


def test_acts_of_a_missing_incident_are_404(signed_in: Client) -> None:
    assert signed_in.get(f"/incidents/{MISSING}/acts/new/").status_code == 404


def test_a_list_past_the_count_cap_says_more_than(
    signed_in: Client, investigator: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sabt.web.pagination import CappedPaginator  # noqa: PLC0415

    monkeypatch.setattr(CappedPaginator, "cap", 2)
    for day in ("2021-09-05", "2021-09-06", "2021-09-07"):
        make_incident(investigator, date_from=day)
    response = signed_in.get("/incidents/")
    assert b"More than 2 incidents: narrow the search" in response.content
    monkeypatch.setattr(CappedPaginator, "cap", 10)
    response = signed_in.get("/incidents/")
    assert b"3 incidents" in response.content


def test_the_place_filter_offers_only_places_of_incidents_the_user_sees(
    signed_in: Client, investigator: User
) -> None:
    from sabt.core.cases import Case  # noqa: PLC0415

    Case.objects.create(slug="other", name="Another case")
    make_incident(investigator, places=[{"place": "geonames:1148173"}])
    make_incident(investigator, case="other", places=[{"place": "geonames:1138958"}])
    form = signed_in.get("/incidents/").context["form"]
    offered = [
        key
        for _district, group in form.fields["place"].choices[1:]
        for key, _name in group
    ]
    assert offered == ["geonames:1148173"]
