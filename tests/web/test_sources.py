"""Tests for the source pages (sabt.web.views.sources): list, one source,
registering a source, and adding a statement by a known or a new source.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from sabt.ledger_store.models import LedgerEvent
from sabt.records.models import Source, Statement
from tests.factories import make_incident, make_source, make_statement
from tests.web.helpers import error_beside, event_types_of

pytestmark = pytest.mark.django_db

MISSING = "6f1c2a9e-1111-4222-8333-944445555666"
WITNESS_TEXT = "ساعت ده صبح صدای فیر شنیدیم و بعد پیرمردان و جوانان را کشتند"


@pytest.fixture
def signed_in(client: Client, investigator: User) -> Client:
    client.force_login(investigator)
    return client


def test_anonymous_visitor_is_sent_to_login(client: Client) -> None:
    for url in (
        "/sources/",
        "/sources/new/",
        f"/sources/{MISSING}/",
        "/statements/new/",
    ):
        assert client.get(url)["Location"].startswith("/login/?next=/")


def test_list_shows_pseudonyms(signed_in: Client, investigator: User) -> None:
    make_source(investigator, pseudonym="Ahmar")
    assert "Ahmar" in signed_in.get("/sources/").content.decode()


def test_missing_source_is_404(signed_in: Client) -> None:
    assert signed_in.get(f"/sources/{MISSING}/").status_code == 404


def test_source_page_shows_what_it_repeats_and_its_statements(
    signed_in: Client, investigator: User
) -> None:
    witness = make_source(investigator, pseudonym="Ahmar")
    report = make_source(
        investigator,
        kind="journalist",
        pseudonym="News report",
        derived_from=[witness.record],
    )
    make_statement(
        investigator, source=report, incident=make_incident(investigator), text="Shots."
    )
    content = signed_in.get(f"/sources/{report.record}/").content.decode()
    assert "Journalist / news outlet" in content
    assert "Ahmar" in content
    assert "Shots." in content
    assert "Darhel: old and young shot after a gunshot" in content


def test_registering_a_source_records_it_and_its_event(signed_in: Client) -> None:
    response = signed_in.post(
        "/sources/new/",
        {"kind": "witness", "pseudonym": "W-1", "reliability": "unknown"},
    )
    source = Source.objects.get()
    assert response["Location"] == f"/sources/{source.record}/"
    assert (source.kind, source.pseudonym) == ("witness", "W-1")
    assert event_types_of(source.record) == ["source.registered"]


def test_a_blank_pseudonym_is_refused_beside_the_field(signed_in: Client) -> None:
    response = signed_in.post(
        "/sources/new/",
        {"kind": "witness", "pseudonym": "  ", "reliability": "unknown"},
    )
    assert error_beside(response, "pseudonym") == "This field is required."
    assert LedgerEvent.objects.count() == 0


def test_statement_form_links_the_incident_it_was_opened_from(
    signed_in: Client, investigator: User
) -> None:
    incident = make_incident(investigator)
    response = signed_in.get("/statements/new/", {"incident": incident.record})
    assert response.context["form"]["incidents"].initial == [incident.record]


def test_statement_by_a_registered_source(
    signed_in: Client, investigator: User
) -> None:
    incident = make_incident(investigator)
    source = make_source(investigator)
    response = signed_in.post(
        "/statements/new/",
        {
            "source": source.record,
            "text": "They shot the old and the young.",
            "language": "en",
            "stance": "alleges",
            "incidents": [incident.record],
        },
    )
    assert response["Location"] == f"/incidents/{incident.record}/"
    statement = Statement.objects.get()
    assert list(statement.incidents.all()) == [incident]
    assert event_types_of(statement.record) == ["statement.recorded"]


def test_statement_by_a_new_source_registers_both(
    signed_in: Client, investigator: User
) -> None:
    incident = make_incident(investigator)
    signed_in.post(
        "/statements/new/",
        {
            "new_source_kind": "witness",
            "new_source_pseudonym": "Witness from Darhel",
            "text": WITNESS_TEXT,
            "language": "fa",
            "translation": "At ten in the morning we heard shooting.",
            "stance": "corroborates",
            "incidents": [incident.record],
        },
    )
    statement = Statement.objects.get()
    assert (statement.source.pseudonym, statement.text) == (
        "Witness from Darhel",
        WITNESS_TEXT,
    )
    assert event_types_of(statement.source.record) == ["source.registered"]
    assert event_types_of(statement.record) == ["statement.recorded"]


def test_a_new_source_without_a_kind_records_nothing(
    signed_in: Client, investigator: User
) -> None:
    before = LedgerEvent.objects.count()
    response = signed_in.post(
        "/statements/new/",
        {
            "new_source_pseudonym": "Witness from Darhel",
            "text": WITNESS_TEXT,
            "language": "fa",
            "stance": "alleges",
        },
    )
    assert error_beside(response, "new_source_kind").startswith("Unknown value ''")
    assert LedgerEvent.objects.count() == before


def test_a_bad_statement_by_a_new_source_registers_no_source(
    signed_in: Client,
) -> None:
    response = signed_in.post(
        "/statements/new/",
        {
            "new_source_kind": "witness",
            "new_source_pseudonym": "Witness from Darhel",
            "text": WITNESS_TEXT,
            "language": "fa",
            "stance": "alleges",
            "made_on": "2999-01-01",
        },
    )
    assert error_beside(response, "made_on") == "This date is in the future."
    assert LedgerEvent.objects.count() == 0
    assert Source.objects.count() == 0


def test_a_statement_needs_a_source(signed_in: Client) -> None:
    response = signed_in.post(
        "/statements/new/", {"text": "x", "language": "en", "stance": "alleges"}
    )
    assert error_beside(response, "source") == "Choose a source, or register a new one."
    assert LedgerEvent.objects.count() == 0


def test_consent_is_recorded_and_withdrawn_from_the_source_page(
    signed_in: Client, investigator: User
) -> None:
    source = make_source(investigator, pseudonym="Ahmar")
    url = f"/sources/{source.record}/consent/"
    given = {"name": "un_courts", "account": "public", "obtained_how": "in_person",
             "obtained_on": "2021-09-20"}  # fmt: skip
    signed_in.post(url, given)
    signed_in.post(url, {**given, "name": "nobody", "obtained_on": "2021-10-01"})
    refused = signed_in.post(url, {**given, "name": "everyone"})

    page = signed_in.get(f"/sources/{source.record}/").content.decode()
    assert refused.status_code == 400
    assert "Their name may go to</dt><dd>nobody" in page
    assert "Their account may go to</dt><dd>the public" in page
    assert event_types_of(source.record) == [
        "source.registered",
        "source.consent_recorded",
        "source.consent_recorded",
    ]
