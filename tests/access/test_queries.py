"""Tests for the statement and place readers of ``sabt.access.queries``."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.http import Http404

from sabt.access.queries import get_place_for, get_statement_for, visible_places
from tests.factories import make_incident, make_source, make_statement

pytestmark = pytest.mark.django_db


def test_an_active_user_reads_a_statement(investigator: User) -> None:
    statement = make_statement(
        investigator,
        source=make_source(investigator),
        incident=make_incident(investigator),
    )
    assert get_statement_for(investigator, statement.record) == statement


def test_an_unknown_statement_is_404(investigator: User) -> None:
    with pytest.raises(Http404):
        get_statement_for(investigator, str(uuid.uuid4()))


def test_an_active_user_sees_the_gazetteer(investigator: User) -> None:
    assert visible_places(investigator).exists() is True
    assert get_place_for(investigator, "geonames:1429434").name == "Bāzārak"


def test_no_one_signed_in_sees_no_place() -> None:
    assert visible_places(AnonymousUser()).exists() is False
    with pytest.raises(Http404):
        get_place_for(AnonymousUser(), "geonames:1429434")
