"""Notes follow the case rules of every record: members of its case see it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import Client

from sabt.access.models import Membership
from sabt.access.policy import Role
from sabt.access.queries import get_note_for, visible_notes
from sabt.core.cases import Case
from sabt.ledger_store.models import LedgerEvent
from sabt.notes.models import Note
from tests.factories import make_note
from tests.ledger_store.helpers import run_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_case(db: None) -> str:
    Case.objects.create(slug="other", name="Another organisation's case")
    return "other"


@pytest.fixture
def stranger(other_case: str) -> User:
    """A viewer of the other case only."""
    user = User.objects.create_user(username="stranger", password="x" * 12)
    Membership.objects.create(user=user, case_id=other_case, role=Role.VIEWER)
    return user


def test_a_note_is_seen_by_its_cases_members_only(
    investigator: User, colleague: User, stranger: User, other_case: str
) -> None:
    ours = make_note(investigator, title="Darhel")
    theirs = make_note(investigator, title="Khenj", case=other_case)
    assert list(visible_notes(colleague)) == [ours]
    assert list(visible_notes(stranger)) == [theirs]
    with pytest.raises(Http404):
        get_note_for(colleague, theirs.record)


def test_the_note_pages_hide_a_note_of_another_case(
    client: Client, investigator: User, colleague: User, other_case: str
) -> None:
    theirs = make_note(investigator, title="Khenj", case=other_case)
    client.force_login(colleague)
    assert client.get(f"/notes/{theirs.record}/").status_code == 404
    assert b"Khenj" not in client.get("/notes/").content
    response = client.post(f"/notes/{theirs.record}/", {"title": "x", "text": "y"})
    assert response.status_code == 404
    assert Note.objects.get().title == "Khenj"


def test_a_new_note_goes_only_into_a_case_the_user_documents_in(
    client: Client, investigator: User, other_case: str
) -> None:
    client.force_login(investigator)
    response = client.post("/notes/", {"title": "Khenj", "case": other_case})
    assert response.status_code == 200
    assert b"Select a valid choice." in response.content
    assert LedgerEvent.objects.count() == 0
    client.post("/notes/", {"title": "Darhel", "case": "default"})
    assert Note.objects.get().case == "default"


def test_the_case_is_in_the_event_and_survives_a_rebuild(
    investigator: User, other_case: str
) -> None:
    note = make_note(investigator, case=other_case)
    assert LedgerEvent.objects.get().payload.count('"case":"other"') == 1
    assert run_command("rebuild")[0] == 0
    assert Note.objects.get(pk=note.record).case == other_case


def test_a_note_in_no_case_is_refused(investigator: User) -> None:
    with pytest.raises(ValidationError, match="No case nowhere"):
        make_note(investigator, case="nowhere")
    assert LedgerEvent.objects.count() == 0
