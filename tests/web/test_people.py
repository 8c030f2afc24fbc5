"""Tests for the people pages (sabt.web.views.people): list, one person, and
recording a person.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from sabt.ledger_store.models import LedgerEvent
from sabt.records.models import Person
from sabt.records.services import record_person, record_person_status
from tests.factories import make_source
from tests.web.helpers import error_beside, event_types_of, ranges

pytestmark = pytest.mark.django_db

MISSING = "6f1c2a9e-1111-4222-8333-944445555666"


@pytest.fixture
def signed_in(client: Client, investigator: User) -> Client:
    client.force_login(investigator)
    return client


def test_anonymous_visitor_is_sent_to_login(client: Client) -> None:
    for url in ("/people/", "/people/new/", f"/people/{MISSING}/"):
        assert client.get(url)["Location"].startswith("/login/?next=/people/")


def test_list_shows_names_as_written(signed_in: Client, investigator: User) -> None:
    record_person(actor=investigator, name="محمد عارف", other_names=["Muhammad Arif"])
    content = signed_in.get("/people/").content.decode()
    assert "محمد عارف" in content
    assert "Muhammad Arif" in content


def test_missing_person_is_404(signed_in: Client) -> None:
    assert signed_in.get(f"/people/{MISSING}/").status_code == 404


def test_person_page_shows_lineage_age_and_status_with_source(
    signed_in: Client, investigator: User
) -> None:
    person = record_person(
        actor=investigator,
        name="محمد عارف",
        other_names=["Muhammad Arif"],
        father_name="گل احمد",
        grandfather_name="عبدالله",
        age=(19, 20),
        home_place_name="Darhel",
    )
    source = make_source(investigator, kind="relative", pseudonym="His mother")
    record_person_status(
        actor=investigator,
        person=person,
        status="detained",
        as_of="2021-09-08",
        source=source.record,
        note="Taken away by truck",
    )
    content = signed_in.get(f"/people/{person.record}/").content.decode()
    for text in ("Muhammad Arif", "گل احمد", "عبدالله", "19\N{EN DASH}20", "Darhel"):
        assert text in content
    assert "detained" in content
    assert "His mother" in content
    assert "Taken away by truck" in content


def test_recording_a_person_records_it_and_its_event(signed_in: Client) -> None:
    response = signed_in.post(
        "/people/new/",
        {
            "name": "محمد عارف",
            "other_names": "Muhammad Arif\n\nMohammad Aref",
            "father_name": "گل احمد",
            "sex": "male",
            **ranges(age=(19, 20), birth_year=("", "")),
        },
    )
    person = Person.objects.get()
    assert response["Location"] == f"/people/{person.record}/"
    assert person.other_names == ["Muhammad Arif", "Mohammad Aref"]
    assert (person.age_min, person.age_max) == (19, 20)
    assert event_types_of(person.record) == ["person.recorded"]


def test_an_age_range_upside_down_is_refused_beside_the_field(
    signed_in: Client,
) -> None:
    response = signed_in.post(
        "/people/new/",
        {"name": "Arif", "sex": "male", **ranges(age=(40, 30), birth_year=("", ""))},
    )
    assert (
        error_beside(response, "age") == "The minimum (40) is above the maximum (30)."
    )
    assert LedgerEvent.objects.count() == 0
