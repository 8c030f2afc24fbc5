"""Computing a count over the demo's synthetic lists: dedupe, documents, estimates.

Each test links the demo's 186 entries with the real linkage (Splink on
DuckDB, about 7 s); the estimators run short (few iterations, a small
bootstrap) so the rest takes a second or two.
"""

from __future__ import annotations

from collections import Counter

import pytest
from django.contrib.auth.models import User

from sabt.analysis.gather import INCIDENT_VICTIMS
from sabt.analysis.models import Count, Estimate
from sabt.analysis.services import compute_count, define_count, review_pair
from sabt.demo.loader import demo_id, load_demo
from sabt.ledger_store.models import LedgerEvent
from sabt.ledger_store.rebuild import rebuild_projections
from sabt.records.services import record_act, record_person
from sabt.tracing.models import PersonList
from tests.ledger_store.helpers import projection_snapshot

QUICK = {"iterations": 300, "burn_in": 300, "bootstrap": 10}


@pytest.fixture
def computed(investigator: User) -> Count:
    load_demo(actor=investigator)
    count = define_count(
        actor=investigator,
        title="Killed",
        lists=list(PersonList.objects.values_list("record", flat=True)),
        act_types=["killing"],
        period_from="2021-09-05",
        period_to="2021-09-20",
    )
    return compute_count(actor=investigator, count=count, **QUICK)


def test_a_count_documents_and_estimates_the_demo_lists(computed: Count) -> None:
    result = computed.result
    assert sum(item["entries"] for item in result["lists"]) == 71 + 69 + 46
    # 118 people of the hidden 160 are on some list, one of them twice on
    # the casualty list; the linkage at 0.9 misses a few spelling variants.
    documented = result["documented"]
    assert 112 <= documented["named"] <= 126
    assert sum(o["people"] for o in result["overlap"]) == documented["named"]
    # The air strikes' "at least 24" stays a range beside the named.
    assert (documented["unnamed_at_least"], documented["unnamed_at_most"]) == (24, None)
    assert any("not in the named count" in w for w in result["warnings"])

    whole = Estimate.objects.filter(count=computed, stratum="")
    assert sorted(whole.values_list("method", flat=True)) == [
        "dga",
        "lcmcr",
        "loglinear",
    ]
    for found in whole:
        assert found.observed == documented["named"]
        assert found.lower <= found.estimate <= found.upper
        assert found.settings["inputs"] == result["inputs"]
    assert LedgerEvent.objects.filter(type="count.computed").count() == 1


def test_a_rejected_pair_splits_the_person(investigator: User, computed: Count) -> None:
    used = computed.result["pairs"]["used"]
    seen = Counter(key for p in used for key in (p["left"], p["right"]))
    pair = next(p for p in used if seen[p["left"]] == seen[p["right"]] == 1)
    review_pair(
        actor=investigator,
        count=computed,
        left=pair["left"],
        right=pair["right"],
        decision="rejected",
    )
    again = compute_count(actor=investigator, count=computed, **QUICK)
    before = computed.result["documented"]["named"]
    assert again.result["documented"]["named"] == before + 1
    assert again.result["pairs"]["rejected"] == 1
    # The counts, reviews and estimates are projections of their events.
    snapshot = projection_snapshot()
    rebuild_projections()
    assert projection_snapshot() == snapshot


def test_named_victims_in_incident_reports_are_one_more_list(
    investigator: User,
) -> None:
    load_demo(actor=investigator)
    darhel = demo_id("darhel-10-september")
    # Zaher s/o Gul Mohammad s/o Qurban is C002 of the casualty list; the
    # other victim is on no list.
    for name, father, grandfather, home in (
        ("Zaher", "Gul Mohammad", "Qurban", "Dashtak"),
        ("Storay", "Mir Wais", "Painda", "Darhel"),
    ):
        person = record_person(
            actor=investigator,
            name=name,
            father_name=father,
            grandfather_name=grandfather,
            sex="male",
            age=(18, 18),
            home_place_name=home,
        )
        record_act(
            actor=investigator,
            incident=darhel,
            act_type="killing",
            victim=person.record,
        )
    lists = list(PersonList.objects.values_list("record", flat=True))
    count = define_count(
        actor=investigator,
        title="Killed",
        lists=[*lists, INCIDENT_VICTIMS],
        act_types=["killing"],
        period_from="2021-09-05",
        period_to="2021-09-20",
    )
    result = compute_count(actor=investigator, count=count, **QUICK).result
    victims = next(i for i in result["lists"] if i["record"] == INCIDENT_VICTIMS)
    assert (victims["name"], victims["entries"]) == (
        "Named victims in incident reports",
        2,
    )
    casualties = next(
        i["record"]
        for i in result["lists"]
        if i["name"].startswith("SYNTHETIC casualty")
    )
    together = [o for o in result["overlap"] if INCIDENT_VICTIMS in o["lists"]]
    assert any(casualties in o["lists"] for o in together)
    assert [INCIDENT_VICTIMS] in [o["lists"] for o in together]
