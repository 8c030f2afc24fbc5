"""Tests for ``sabt demo``: the Panjshir case as the seed documents allege it."""

from __future__ import annotations

import pytest

from sabt.demo.loader import demo_id
from sabt.evidence.models import EvidenceItem
from sabt.ledger_store.models import LedgerEvent
from sabt.ledger_store.rebuild import verify_ledger
from sabt.records.models import Incident, Source, Statement
from tests.ledger_store.helpers import projection_snapshot, run_command

pytestmark = pytest.mark.django_db

LETTER_VILLAGES = ("Ruh", "Parion", "Dashtak", "Anob", "Darhel", "Obdar", "Umarz")


@pytest.fixture
def demo() -> None:
    code, out, _ = run_command("demo")
    assert code == 0, out


def test_running_it_twice_changes_nothing(demo: None) -> None:
    before, snapshot = LedgerEvent.objects.count(), projection_snapshot()
    code, out, _ = run_command("demo")
    assert (code, out) == (0, "demo case loaded: 0 events appended\n")
    assert LedgerEvent.objects.count() == before
    assert projection_snapshot() == snapshot


def test_nothing_is_marked_verified(demo: None) -> None:
    assert set(Incident.objects.values_list("status", flat=True)) == {"reported"}
    assert set(EvidenceItem.objects.values_list("verification", flat=True)) == {
        "unverified"
    }


def test_one_incident_per_village_of_the_letter(demo: None) -> None:
    for village in LETTER_VILLAGES:
        incident = Incident.objects.get(pk=demo_id(f"executions-{village.lower()}"))
        assert incident.places.get().name_as_given == village
        assert incident.acts.get().act_type == "execution"


def test_the_denial_sits_beside_the_allegations_it_denies(demo: None) -> None:
    darhel = Incident.objects.get(pk=demo_id("darhel-10-september"))
    stances = sorted(darhel.statements.values_list("stance", flat=True))
    assert stances == ["alleges", "denies"]
    denial = darhel.statements.get(stance="denies")
    assert denial.source.pseudonym == "Taliban (the accused party)"
    assert '"rumors."' in denial.text


def test_news_report_derives_from_the_residents_it_quotes(demo: None) -> None:
    news = Source.objects.get(pk=demo_id("news-report"))
    assert sorted(news.derived_from.values_list("pseudonym", flat=True)) == [
        "Ahmar",
        "Arif",
        "Head of Foreign Relations, National Resistance Front",
    ]


def test_context_statement_alleges_nothing(demo: None) -> None:
    context = Statement.objects.get(pk=demo_id("nsc-context"))
    assert context.stance == "context"
    assert context.incidents.count() == 0


def test_videos_are_evidence_pending_verification(demo: None) -> None:
    posters = EvidenceItem.objects.get(pk=demo_id("poster-videos"))
    assert posters.verification == "unverified"
    assert list(posters.incidents.values_list("record", flat=True)) == [
        demo_id("posters")
    ]


def test_every_row_of_the_case_table_is_recorded(demo: None) -> None:
    titles = " ".join(Incident.objects.values_list("title", flat=True))
    for words in (
        "drone strikes",
        "looting",
        "cut off",
        "families executed",
        "Darhel:",
        "caves",
        "by truck",
        "three-day deadline",
        "evacuated homes",
        "mass destruction",
        "Kabul",
        "Tomb",
        "posters",
    ):
        assert words in titles
    assert verify_ledger() == []


def test_rebuild_reproduces_the_demo_tables(demo: None) -> None:
    before = projection_snapshot()
    code, _, _ = run_command("rebuild")
    assert code == 0
    assert projection_snapshot() == before


def test_search_finds_the_demo_after_a_rebuild(demo: None) -> None:
    from sabt.records.search import search_incidents  # noqa: PLC0415

    run_command("rebuild")
    found = search_incidents(Incident.objects.all(), "bayonets OR stabbing")
    assert list(found) == []  # every word must match; "OR" is just a word
    found = search_incidents(Incident.objects.all(), "truck")
    assert [i.record for i in found] == [demo_id("youths-taken")]
