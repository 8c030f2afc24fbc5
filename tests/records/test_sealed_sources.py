"""Tests for sources' sealed identities: ``register_source`` seals them, the
projection keeps them sealed, ``records.sealed.reveal`` opens them, and
``sabt shred`` destroys them for good (records.services.sources,
records.projector, records.sealed).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client
from nacl.public import PrivateKey
from pytest_django import Settings

from sabt.access.tokens import issue_token
from sabt.ledger.sealing import CannotOpen, is_token, open_value, unwrap_data_key
from sabt.ledger_store import org_key as org_key_store
from sabt.ledger_store.models import LedgerEvent, SubjectKey
from sabt.ledger_store.org_key import OrgKeyLocked
from sabt.ledger_store.rebuild import rebuild_projections
from sabt.records.models import Source
from sabt.records.sealed import reveal
from sabt.web.templatetags.sabt_web import day as as_day
from tests.factories import make_source
from tests.ledger_store.helpers import projection_snapshot, run_command

pytestmark = pytest.mark.django_db

NAME = "Zarghuna Panjshiri"
CONTACT = "+93 700 123 456"
NOTES = "زرغونه — ask at the school in Omarz"


def sealed_source(actor: User, **overrides: str) -> Source:
    fields = {"real_name": NAME, "contact": CONTACT, "contact_notes": NOTES}
    fields.update(overrides)
    return make_source(actor, pseudonym="Witness 7", **fields)


def payload_of(source: Source) -> dict[str, Any]:
    event = LedgerEvent.objects.get(record=source.record, type="source.registered")
    body: dict[str, Any] = json.loads(event.payload)["body"]
    return body


def tokens_in_ledger() -> list[tuple[str, str, str]]:
    """Every sealed token in the log, with its record and field."""
    found = []
    for event in LedgerEvent.objects.all():
        sealed = json.loads(event.payload)["body"].get("sealed", {})
        found += [(event.record, field, token) for field, token in sealed.items()]
    return found


def shred_command(source: Source, by: str = "investigator") -> tuple[int, str, str]:
    return run_command(
        "shred", source.record, "--by", by, "--reason", "the witness asked"
    )


def test_the_event_carries_only_ciphertext(investigator: User) -> None:
    source = sealed_source(investigator)
    body = payload_of(source)
    assert set(body["sealed"]) == {"real_name", "contact", "contact_notes"}
    text = json.dumps(body, ensure_ascii=False)
    for secret in (NAME, CONTACT, "زرغونه", "Omarz"):
        assert secret not in text


def test_the_projection_keeps_the_tokens_not_the_text(investigator: User) -> None:
    source = sealed_source(investigator)
    assert source.sealed_identity == payload_of(source)["sealed"]
    assert all(is_token(token) for token in source.sealed_identity.values())
    assert NAME not in json.dumps(source.sealed_identity)
    assert source.is_sealed is True


def test_reveal_opens_each_field(investigator: User) -> None:
    source = sealed_source(investigator)
    assert reveal(source, "real_name") == NAME
    assert reveal(source, "contact") == CONTACT
    assert reveal(source, "contact_notes") == NOTES


def test_reveal_gives_none_for_a_field_never_recorded(investigator: User) -> None:
    source = sealed_source(investigator, contact="", contact_notes="")
    assert list(source.sealed_identity) == ["real_name"]
    assert reveal(source, "contact") is None


def test_reveal_refuses_a_field_a_source_has_not(investigator: User) -> None:
    source = sealed_source(investigator)
    with pytest.raises(ValueError, match="a source has no sealed field 'pseudonym'"):
        reveal(source, "pseudonym")


def test_reveal_needs_the_unlocked_organisation_key(investigator: User) -> None:
    source = sealed_source(investigator)
    org_key_store.forget()
    with pytest.raises(OrgKeyLocked, match="the organisation's key is locked"):
        reveal(source, "real_name")


def test_a_token_moved_to_another_source_does_not_open(investigator: User) -> None:
    victim = sealed_source(investigator)
    other = sealed_source(investigator, real_name="Someone Else")
    other.sealed_identity = {"real_name": victim.sealed_identity["real_name"]}
    with pytest.raises(CannotOpen, match="another record or field"):
        reveal(other, "real_name")


def test_a_source_without_identity_has_no_key(investigator: User) -> None:
    source = make_source(investigator)
    assert "sealed" not in payload_of(source)
    assert source.is_sealed is False
    assert not SubjectKey.objects.exists()


def test_a_source_is_sealed_by_a_node_with_only_the_public_key(
    investigator: User, settings: Settings
) -> None:
    """A field kit: no private key file, nothing unlocked; sealing works."""
    org_key_store.forget()
    settings.SABT_ORG_KEY = settings.SABT_ORG_KEY.parent / "absent.key"
    source = sealed_source(investigator)
    with pytest.raises(OrgKeyLocked, match="holds no organisation private key"):
        reveal(source, "real_name")


def test_without_any_organisation_key_an_identity_is_refused(
    investigator: User, settings: Settings
) -> None:
    org_key_store.forget()
    folder = settings.SABT_ORG_KEY.parent
    settings.SABT_ORG_KEY = folder / "absent.key"
    settings.SABT_ORG_PUBLIC_KEY = folder / "absent.pub"
    with pytest.raises(ValidationError) as caught:
        sealed_source(investigator, contact="", contact_notes="")
    assert "no organisation key" in caught.value.message_dict["real_name"][0]
    assert not LedgerEvent.objects.exists()
    assert not SubjectKey.objects.exists()


def test_an_identity_too_long_is_refused_before_anything_is_sealed(
    investigator: User,
) -> None:
    with pytest.raises(ValidationError) as caught:
        sealed_source(investigator, real_name="x" * 201)
    assert caught.value.message_dict["real_name"] == [
        "At most 200 characters, not 201."
    ]
    assert not SubjectKey.objects.exists()


def test_rebuild_keeps_sealed_and_shredded_sources_equal(investigator: User) -> None:
    """Rebuild replays the tokens and the shredding, and leaves keys alone."""
    kept = sealed_source(investigator)
    shredded = sealed_source(investigator, real_name="Malālai Jān")
    shred_command(shredded)
    before = projection_snapshot()
    rebuild_projections()
    assert projection_snapshot() == before
    assert reveal(Source.objects.get(pk=kept.record), "real_name") == NAME
    assert Source.objects.get(pk=shredded.record).is_identity_destroyed is True


def test_shredding_destroys_the_identity_for_good(
    investigator: User, org_key: PrivateKey
) -> None:
    source = sealed_source(investigator)
    kept = sealed_source(investigator, real_name="Someone Else")
    code, _, err = shred_command(source)
    assert (code, err) == (0, "")
    source.refresh_from_db()
    assert reveal(source, "real_name") is None
    assert reveal(source, "contact") is None
    assert reveal(kept, "real_name") == "Someone Else"
    # With the organisation key, try every wrapped key left on every token of
    # the shredded source, in the log and in the projection: none opens.
    wrapped = SubjectKey.objects.values_list("wrapped_key", flat=True)
    data_keys = [unwrap_data_key(org_key, bytes(w)) for w in wrapped if w]
    assert len(data_keys) == 1
    tokens = [(r, f, t) for r, f, t in tokens_in_ledger() if r == source.record]
    tokens += [(source.record, f, t) for f, t in source.sealed_identity.items()]
    assert len(tokens) == 6
    for record, field, token in tokens:
        for data_key in data_keys:
            with pytest.raises(CannotOpen):
                open_value(data_key, token, subject=record, field=field)


def test_verify_passes_after_shredding(investigator: User) -> None:
    source = sealed_source(investigator)
    shred_command(source)
    code, out, _ = run_command("verify")
    assert (code, out) == (0, "ledger intact: 2 events verified\n")


def test_the_record_shows_when_and_by_whom(investigator: User) -> None:
    source = sealed_source(investigator)
    shred_command(source, by="colleague")
    source.refresh_from_db()
    event = LedgerEvent.objects.get(type="subject.shredded")
    assert (source.identity_destroyed_at, source.identity_destroyed_by) == (
        event.at,
        "colleague",
    )
    assert source.is_identity_destroyed is True
    assert source.heads == [event.event_id]
    assert source.sealed_identity  # the ciphertext stays, unreadable


def test_the_source_page_says_the_identity_is_sealed(
    client: Client, investigator: User
) -> None:
    source = sealed_source(investigator)
    client.force_login(investigator)
    content = client.get(f"/sources/{source.record}/").content.decode()
    assert "The real identity is recorded and sealed" in content
    assert NAME not in content
    assert CONTACT not in content


def test_the_source_page_says_when_and_by_whom_it_was_destroyed(
    client: Client, investigator: User
) -> None:
    source = sealed_source(investigator)
    shred_command(source, by="colleague")
    source.refresh_from_db()
    client.force_login(investigator)
    content = client.get(f"/sources/{source.record}/").content.decode()
    on = source.identity_destroyed_on
    assert on is not None
    day = as_day(on)
    assert (
        f"The real identity was destroyed on {day} by <bdi>colleague</bdi>" in content
    )


def test_the_form_seals_what_it_is_given(client: Client, investigator: User) -> None:
    client.force_login(investigator)
    response = client.post(
        "/sources/new/",
        {
            "kind": "witness",
            "pseudonym": "Witness 8",
            "reliability": "unknown",
            "real_name": NAME,
            "contact": CONTACT,
        },
    )
    assert response.status_code == 302
    source = Source.objects.get(pseudonym="Witness 8")
    assert reveal(source, "real_name") == NAME
    assert reveal(source, "contact") == CONTACT
    assert NAME not in client.get(response["Location"]).content.decode()


def test_the_api_seals_what_it_is_given(client: Client, investigator: User) -> None:
    token = issue_token(user=investigator, name="tests")
    response = client.post(
        "/api/sources",
        {"kind": "witness", "pseudonym": "Witness 9", "real_name": NAME},
        content_type="application/json",
        headers={"authorization": f"Bearer {token}"},
    )
    assert response.status_code == 201
    assert NAME not in response.content.decode()
    source = Source.objects.get(pk=response.json()["record"])
    assert reveal(source, "real_name") == NAME
