"""Search that finds every spelling (sabt.records.spelling_search, through
records.search and records.filters) on the demo case: "Parian", "Paryan" and
"پریان" find the incident whose letter wrote "Parion"; what sources said is
searched; the district filter counts unresolved names whose candidates all
lie in that district.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from sabt.demo.loader import demo_id, load_demo
from sabt.records.filters import IncidentFilter, filter_incidents
from sabt.records.models import Incident
from sabt.records.services.statements import record_statement
from sabt.records.spelling_search import (
    name_tokens,
    skeleton_token,
    spelling_query,
    unanimous_district,
)

PARION = "Parion: families executed"
TOMB = "Tomb of Ahmad Shah Massoud desecrated"
EXPULSION = "Residents expelled from captured villages with a three-day deadline"
WITNESS = "ساعت ده صبح صدای فیر شنیدیم"


def _titles(*, text: str = "", district: str = "") -> set[str]:
    wanted = IncidentFilter(text=text, district=district)
    found = filter_incidents(Incident.objects.all(), wanted)
    return set(found.values_list("title", flat=True))


def test_spellings_of_one_place_share_their_keys() -> None:
    assert name_tokens("Parion") & name_tokens("پریان") & name_tokens("Paryan")
    assert skeleton_token("Sr") == "qqname9sr"
    assert skeleton_token("Sr") != skeleton_token("sr")


def test_a_query_keeps_its_words_and_adds_their_keys() -> None:
    query = spelling_query("Deh-e Parian")
    assert [word for word, _keys in query.words] == ["Deh", "e", "Parian"]
    assert skeleton_token("prn") in dict(query.words)["Parian"]
    assert query.whole_place.startswith("qqplace")
    assert spelling_query("!!").words == ()


def test_a_district_is_known_when_every_candidate_agrees() -> None:
    same = [{"district": "Rukha"}, {"district": "Rukha"}]
    assert unanimous_district(same) == "Rukha"
    assert unanimous_district([*same, {"district": "Dara"}]) == ""
    assert unanimous_district([{"district": ""}]) == ""
    assert unanimous_district([]) == ""


@pytest.mark.django_db
def test_the_demo_is_found_by_every_spelling_and_by_what_was_said(
    investigator: User,
) -> None:
    load_demo(actor=investigator)
    parion = Incident.objects.get(title=PARION)
    row = parion.places.get()
    assert row.name_as_given == "Parion"
    assert not row.is_resolved
    for spelling in ("Parion", "Parian", "Paryan", "پریان", "پريان", "parian executed"):
        assert PARION in _titles(text=spelling), spelling
    assert TOMB not in _titles(text="Parian")

    # Words only a statement holds, in English and in Dari.
    expulsion = Incident.objects.get(title=EXPULSION)
    assert "cleansing" not in expulsion.description
    assert _titles(text="ethnic cleansing") == {EXPULSION}
    record_statement(
        actor=investigator,
        source=demo_id("letter"),
        text=WITNESS,
        language="fa",
        translation="We heard a shot at ten in the morning.",
        stance="alleges",
        incidents=[parion.record],
    )
    assert _titles(text="صدای فیر") == {PARION}
    assert _titles(text="ten in the morning") == {PARION}

    # Ruh is unresolved, but its one candidate (Rukhah) lies in Rukha: the
    # district filter counts it there. Parion's candidates lie in three.
    ruh = Incident.objects.get(title="Ruh: families executed").places.get()
    assert not ruh.is_resolved
    assert {c["district"] for c in ruh.candidates} == {"Rukha"}
    assert "Ruh: families executed" in _titles(district="Rukha")
    assert row.district == ""
