"""A database dump holds no source's identity: with the demo case loaded and
sources added through the service, the web form and the API, neither the
SQLite file with its write-ahead log nor ``pg_dump`` on PostgreSQL contains
their names or contacts, in any form a database might store them
(records.services.sources, records.projector, records.search).
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from sabt.access.tokens import issue_token
from sabt.ledger.sealing import unwrap_data_key
from sabt.ledger_store.models import SubjectKey
from sabt.ledger_store.org_key import org_private_key
from sabt.records.models import Incident, Source
from sabt.records.sealed import reveal
from sabt.records.search import search_incidents
from tests.database_bytes import database_bytes, forms_found
from tests.factories import make_source, make_statement
from tests.ledger_store.helpers import run_command

pytestmark = pytest.mark.django_db(transaction=True)

# Each identity: (pseudonym, real name, contact, how to reach them).
IDENTITIES = [
    ("Witness 11", "Zarghuna Panjshiri", "+93 700 123 456", "Only on Fridays"),
    ("Witness 12", "زرغونه پنجشیری", "+۹۳ ۷۰۰ ۶۵۴ ۳۲۱", "از طریق برادرش"),
    ("Witness 13", "Malālai Jān Rokhawi", "malalai.rokhawi@example.org", ""),
]
BY_FORM = ("Witness 14", "Gulalai Dashtaki", "0799 555 010", "")
BY_API = ("Witness 15", "Wazhma Anabawi", "+93 788 444 222", "")
ALL = [*IDENTITIES, BY_FORM, BY_API]
SECRETS = [
    text
    for _, name, contact, notes in ALL
    for text in (name, contact, notes, name.split()[0], "".join(contact.split()))
    if text
]


@pytest.fixture
def case(client: Client, investigator: User) -> list[Source]:
    """The demo case, and five sources with identities, by every way in."""
    code, out, _ = run_command("demo")
    assert code == 0, out
    added = [
        make_source(
            investigator,
            pseudonym=pseudonym,
            real_name=name,
            contact=contact,
            contact_notes=notes,
        )
        for pseudonym, name, contact, notes in IDENTITIES
    ]
    demo_incident = Incident.objects.first()
    assert demo_incident is not None
    make_statement(
        investigator,
        source=added[0],
        incident=demo_incident,
        text="They took my brothers at dawn.",
    )
    client.force_login(investigator)
    pseudonym, name, contact, _ = BY_FORM
    form = {"kind": "witness", "pseudonym": pseudonym, "reliability": "unknown"}
    response = client.post(
        "/sources/new/", {**form, "real_name": name, "contact": contact}
    )
    assert response.status_code == 302
    pseudonym, name, contact, _ = BY_API
    token = issue_token(user=investigator, name="tests")
    response = client.post(
        "/api/sources",
        {
            "kind": "witness",
            "pseudonym": pseudonym,
            "real_name": name,
            "contact": contact,
        },
        content_type="application/json",
        headers={"authorization": f"Bearer {token}"},
    )
    assert response.status_code == 201
    return list(Source.objects.filter(pseudonym__startswith="Witness 1"))


def test_every_identity_was_recorded_and_opens(case: list[Source]) -> None:
    """The dump test below would pass vacuously if nothing had been stored."""
    assert len(case) == len(ALL)
    opened = {(reveal(s, "real_name"), reveal(s, "contact")) for s in case}
    assert opened == {(name, contact) for _, name, contact, _ in ALL}


def test_the_dump_holds_pseudonyms_but_no_identity(case: list[Source]) -> None:
    dump = database_bytes()
    # The search itself works: what is meant to be stored is found.
    for pseudonym, *_ in ALL:
        assert forms_found(dump, pseudonym), pseudonym
    leaks = {secret: forms_found(dump, secret) for secret in SECRETS}
    assert {secret: found for secret, found in leaks.items() if found} == {}


def test_the_dump_holds_no_unwrapped_data_key(case: list[Source]) -> None:
    dump = database_bytes()
    private = org_private_key()
    wrapped = SubjectKey.objects.values_list("wrapped_key", flat=True)
    data_keys = [unwrap_data_key(private, bytes(w)) for w in wrapped if w]
    assert len(data_keys) == len(ALL)
    for data_key in data_keys:
        assert data_key not in dump
        assert data_key.hex().encode() not in dump


def test_search_finds_no_incident_by_a_sealed_name(case: list[Source]) -> None:
    incidents = Incident.objects.all()
    for _, name, _, _ in ALL:
        assert search_incidents(incidents, name).count() == 0
