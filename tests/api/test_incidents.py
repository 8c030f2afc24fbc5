"""Tests for the incident endpoints: list, read, report, status, acts."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.contrib.auth.models import User

from sabt.evidence.services import register_evidence_item
from sabt.ledger_store.models import LedgerEvent
from sabt.records import services
from sabt.records.models import Incident
from tests.api.conftest import ApiClient
from tests.factories import make_incident, make_source, make_statement

pytestmark = pytest.mark.django_db

DARHEL: dict[str, Any] = {
    "title": "Darhel: old and young shot after a gunshot",
    "event_type": "violence_against_civilians",
    "sub_event_type": "attack",
    "date_from": "2021-09-10",
    "places": [
        {"name": "Dashtak"},
        {"name": "Changaram"},
        {"name": "Xyzzyq", "keep_unresolved": True},
    ],
    "counts": {"killed": {"min": 3, "max": 7}, "injured": {"min": 2}},
    "perpetrator": "Taliban (alleged)",
}


def test_reporting_an_incident_returns_201_and_appends_one_event(
    api: ApiClient,
) -> None:
    response = api.post("/api/incidents", DARHEL)
    assert response.status_code == 201
    body = response.json()
    incident = Incident.objects.get()
    assert body["record"] == incident.record
    assert body["title"] == DARHEL["title"]
    assert body["created_by"] == "investigator"
    event = LedgerEvent.objects.get()
    assert (event.type, event.record) == ("incident.reported", incident.record)


def test_counts_are_ranges_with_open_ends(api: ApiClient) -> None:
    body = api.post("/api/incidents", DARHEL).json()
    assert body["counts"] == {
        "killed": {"min": 3, "max": 7},
        "injured": {"min": 2, "max": None},
        "detained": {"min": None, "max": None},
        "displaced": {"min": None, "max": None},
    }


def test_places_show_resolved_and_unresolved_names_with_candidates(
    api: ApiClient,
) -> None:
    places = api.post("/api/incidents", DARHEL).json()["places"]
    dashtak, changaram, xyzzyq = places
    assert (dashtak["name"], dashtak["is_resolved"], dashtak["place"]) == (
        "Dashtak",
        False,
        None,
    )
    assert len(dashtak["candidates"]) >= 2
    assert set(dashtak["candidates"][0]) == {"place", "name", "district", "score"}
    assert changaram["is_resolved"] is True
    assert changaram["place"] == "geonames:1145468"
    assert changaram["district"] == "Bazarak"
    assert (xyzzyq["is_resolved"], xyzzyq["candidates"]) == (False, [])
    assert [p["position"] for p in places] == [0, 1, 2]


def test_a_place_can_be_given_by_its_gazetteer_key(api: ApiClient) -> None:
    body = api.post(
        "/api/incidents", {**DARHEL, "places": [{"place": "geonames:1429434"}]}
    ).json()
    assert body["places"][0]["place"] == "geonames:1429434"


def test_reporting_the_same_record_twice_changes_nothing(api: ApiClient) -> None:
    record = str(uuid.uuid4())
    first = api.post("/api/incidents", {**DARHEL, "record": record})
    second = api.post("/api/incidents", {**DARHEL, "record": record, "title": "x"})
    assert (first.status_code, second.status_code) == (201, 201)
    assert second.json()["title"] == DARHEL["title"]
    assert LedgerEvent.objects.count() == 1


def test_one_incident_shows_acts_statements_evidence_and_history(
    api: ApiClient, investigator: User
) -> None:
    incident = make_incident(investigator)
    act = services.record_act(
        actor=investigator,
        incident=incident.record,
        act_type="killing",
        victim_group="men of the village",
        victim_count=(3, 7),
    )
    source = make_source(investigator)
    statement = make_statement(investigator, source=source, incident=incident)
    item = register_evidence_item(
        actor=investigator,
        kind="video",
        title="Video of the shooting",
        incidents=[incident.record],
    )
    services.change_status(
        actor=investigator,
        incident=incident,
        status="under_review",
        reason="A second account arrived.",
    )
    response = api.get(f"/api/incidents/{incident.record}")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "under_review"
    assert [(a["record"], a["act_type"]) for a in body["acts"]] == [
        (act.record, "killing")
    ]
    assert body["acts"][0]["victim_count"] == {"min": 3, "max": 7}
    assert body["statements"] == [
        {"record": statement.record, "source": source.record, "stance": "alleges"}
    ]
    assert body["evidence"] == [item.record]
    assert [
        (s["from_status"], s["to_status"], s["reason"], s["actor"])
        for s in body["status_history"]
    ] == [("reported", "under_review", "A second account arrived.", "investigator")]


def test_an_unknown_incident_is_404(api: ApiClient) -> None:
    response = api.get(f"/api/incidents/{uuid.uuid4()}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_an_id_that_is_no_record_gets_the_same_404(api: ApiClient) -> None:
    unknown = api.get(f"/api/incidents/{uuid.uuid4()}")
    malformed = api.get("/api/incidents/not-a-record")
    assert malformed.status_code == 404
    assert malformed.content == unknown.content


def test_an_incident_id_is_read_in_any_case(api: ApiClient, investigator: User) -> None:
    incident = make_incident(investigator)
    response = api.get(f"/api/incidents/{incident.record.upper()}")
    assert response.json()["record"] == incident.record


def test_a_request_without_a_token_cannot_read_an_incident(
    anonymous: ApiClient, investigator: User
) -> None:
    incident = make_incident(investigator)
    assert anonymous.get(f"/api/incidents/{incident.record}").status_code == 401


def test_changing_status_records_the_step_and_its_reason(
    api: ApiClient, investigator: User
) -> None:
    incident = make_incident(investigator)
    response = api.post(
        f"/api/incidents/{incident.record}/status",
        {"status": "disputed", "reason": "The authorities deny it."},
    )
    assert response.status_code == 200
    assert response.json()["status"] == "disputed"
    assert list(LedgerEvent.objects.values_list("type", flat=True)) == [
        "incident.reported",
        "incident.status_changed",
    ]


def test_a_move_the_statuses_do_not_allow_is_400(
    api: ApiClient, investigator: User
) -> None:
    incident = make_incident(investigator)
    response = api.post(
        f"/api/incidents/{incident.record}/status",
        {"status": "verified", "reason": "sure"},
    )
    assert response.status_code == 400
    assert response.json()["errors"]["status"] == [
        "An incident cannot move from reported to verified."
    ]
    assert LedgerEvent.objects.count() == 1


def test_changing_the_status_of_an_unknown_incident_is_404(api: ApiClient) -> None:
    response = api.post(
        f"/api/incidents/{uuid.uuid4()}/status",
        {"status": "disputed", "reason": "x"},
    )
    assert response.status_code == 404
    assert LedgerEvent.objects.count() == 0


def test_adding_an_act_returns_201_with_its_legal_characterisation(
    api: ApiClient, investigator: User
) -> None:
    incident = make_incident(investigator)
    person = services.record_person(actor=investigator, name="Abdul Ghani")
    response = api.post(
        f"/api/incidents/{incident.record}/acts",
        {"act_type": "execution", "victim": person.record, "perpetrator": "Taliban"},
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["incident"], body["victim"]) == (incident.record, person.record)
    assert body["legal_characterisation"]
    assert incident.acts.get().record == body["record"]
    assert LedgerEvent.objects.filter(type="act.recorded").count() == 1


def test_adding_an_act_to_an_unknown_incident_is_404(api: ApiClient) -> None:
    response = api.post(f"/api/incidents/{uuid.uuid4()}/acts", {"act_type": "killing"})
    assert response.status_code == 404
    assert LedgerEvent.objects.count() == 0


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["Parian", "Darhel", "Kabul"]),
        ({"event_type": "violence_against_civilians"}, ["Darhel", "Kabul"]),
        ({"district": "Bazarak"}, ["Darhel"]),
        ({"place": "geonames:1429434"}, ["Darhel"]),
        ({"date_from": "2021-09-11"}, ["Parian", "Kabul"]),
        ({"date_to": "2021-09-10"}, ["Darhel", "Kabul"]),
        ({"status": "disputed"}, ["Kabul"]),
        ({"perpetrator": "NRF"}, ["Parian"]),
        ({"q": "arrested"}, ["Kabul"]),
    ],
)
def test_the_list_filters_like_the_web_list(
    api: ApiClient, investigator: User, params: dict[str, str], expected: list[str]
) -> None:
    make_incident(investigator, title="Darhel", places=[{"place": "geonames:1429434"}])
    make_incident(
        investigator,
        title="Parian",
        event_type="battles",
        sub_event_type="armed_clash",
        date_from="2021-09-12",
        perpetrator="NRF",
    )
    kabul = make_incident(
        investigator,
        title="Kabul: Panjshiris arrested",
        date_from="2021-09-08",
        date_to="2021-09-14",
    )
    services.change_status(
        actor=investigator, incident=kabul, status="disputed", reason="denied"
    )
    body = api.get("/api/incidents", **params).json()
    titles = [item["title"].split(":")[0] for item in body["items"]]
    assert titles == expected
    assert body["count"] == len(expected)


def test_the_list_is_paged(api: ApiClient, investigator: User) -> None:
    for day in range(1, 6):
        make_incident(investigator, title=f"Day {day}", date_from=f"2021-09-0{day}")
    body = api.get("/api/incidents", limit=2, offset=1).json()
    assert body["count"] == 5
    assert [item["title"] for item in body["items"]] == ["Day 4", "Day 3"]


def test_the_list_reads_a_fixed_number_of_queries(
    api: ApiClient, investigator: User, django_assert_num_queries: Any
) -> None:
    for day in range(1, 4):
        make_incident(investigator, date_from=f"2021-09-0{day}")
    # Token, last use; the user's memberships, read once (must they have a
    # second factor, and which cases do they see?) and device (have they
    # one?); count, page, its places.
    with django_assert_num_queries(7):
        api.get("/api/incidents")
