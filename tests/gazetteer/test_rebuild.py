"""Tests for the gazetteer under ``sabt rebuild``: the shipped rows come back
through the projector's ``reset`` and user places through their events.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core import serializers

from sabt.gazetteer.models import District, Place
from sabt.ledger_store.models import LedgerEvent
from sabt.ledger_store.projection import projection_models
from sabt.ledger_store.rebuild import rebuild_projections, verify_ledger
from tests.gazetteer.factories import make_place

pytestmark = pytest.mark.django_db


def snapshot() -> str:
    """Every Place and District row, serialised in key order."""
    return "\n".join(
        serializers.serialize("json", model.objects.order_by("pk"), sort_keys=True)
        for model in (Place, District)
    )


def test_place_and_district_are_projection_tables() -> None:
    assert {Place, District} <= set(projection_models())


def test_rebuild_gives_back_the_same_places_and_districts(investigator: User) -> None:
    make_place(investigator)
    make_place(investigator, name="Abdara", latitude=35.30, longitude=69.70)
    before = snapshot()
    assert rebuild_projections() == LedgerEvent.objects.count() == 2
    assert snapshot() == before
    assert Place.objects.count() == 196
    assert verify_ledger() == []


def test_rebuild_with_an_empty_ledger_reloads_the_gazetteer() -> None:
    before = snapshot()
    Place.objects.all().delete()
    assert rebuild_projections() == 0
    assert snapshot() == before
