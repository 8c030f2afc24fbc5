"""A word or a district found in many incidents and one found in few give
their matches newest first alike, and count them alike, whichever way the
database is asked to find them (``Matches`` in sabt.records.search,
``COMMON_PLACES`` in sabt.records.filters).
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User

from sabt.access.queries import visible_incident_places, visible_incidents
from sabt.records.filters import IncidentFilter, count_filtered, filter_incidents
from tests.factories import make_incident

pytestmark = pytest.mark.django_db

# Thresholds (COMMON_MATCHES, SHARE_OF_MOST) that make a search of these few
# incidents take each of SQLite's plans: gather and sort the matches; walk
# the list against the matches gathered; walk it looking each row up.
SEARCH_PLANS = {"few": (1000, 10), "many": (0, 1), "most": (0, 10**6)}


def plan_search(monkeypatch: pytest.MonkeyPatch, plan: str) -> None:
    common, share = SEARCH_PLANS[plan]
    monkeypatch.setattr("sabt.records.search.COMMON_MATCHES", common)
    monkeypatch.setattr("sabt.records.search.SHARE_OF_MOST", share)


@pytest.mark.parametrize("plan", SEARCH_PLANS)
def test_matches_come_newest_first_for_a_common_word_and_a_rare_one(
    investigator: User, monkeypatch: pytest.MonkeyPatch, plan: str
) -> None:
    plan_search(monkeypatch, plan)
    for day, title in [
        ("2021-09-03", "Shelling of the market"),
        ("2021-09-05", "Night raid"),
        ("2021-09-01", "Shelling near the bridge"),
        ("2021-09-04", "Shelling of houses"),
    ]:
        make_incident(investigator, title=title, date_from=day)
    found = filter_incidents(
        visible_incidents(investigator), IncidentFilter(text="shelling")
    )
    assert [i.title for i in found] == [
        "Shelling of houses",
        "Shelling of the market",
        "Shelling near the bridge",
    ]
    assert found.count() == 3


@pytest.mark.parametrize("plan", SEARCH_PLANS)
@pytest.mark.parametrize(
    ("wanted", "expected"),
    [
        (IncidentFilter(text="shelling"), 3),
        (IncidentFilter(text="shel"), 3),
        (IncidentFilter(text="SHEL"), 3),
        (IncidentFilter(text="shelling market"), 1),
        (IncidentFilter(text="raid"), 1),
        (IncidentFilter(text="shelling", event_type="battles"), 1),
        (IncidentFilter(text="s"), 3),
    ],
    ids=["word", "prefix", "folded", "two words", "rare", "word and type", "short"],
)
def test_a_search_counts_what_its_list_shows_in_the_users_case(
    investigator: User,
    monkeypatch: pytest.MonkeyPatch,
    plan: str,
    wanted: IncidentFilter,
    expected: int,
) -> None:
    from sabt.core.cases import Case  # noqa: PLC0415

    plan_search(monkeypatch, plan)
    Case.objects.create(slug="other", name="Another case")
    make_incident(investigator, title="Shelling of the market")
    make_incident(investigator, title="Shelling near the bridge")
    make_incident(
        investigator,
        title="Shelling of houses",
        event_type="battles",
        sub_event_type="armed_clash",
    )
    make_incident(investigator, title="Night raid")
    make_incident(investigator, title="Shelling of the market", case="other")
    visible = visible_incidents(investigator)
    shown = filter_incidents(visible, wanted)
    assert len(list(shown)) == expected
    assert count_filtered(visible, wanted, cap=10) == expected


def test_a_search_past_the_cap_counts_one_more_than_the_cap(
    investigator: User,
) -> None:
    for day in ("2021-09-03", "2021-09-04", "2021-09-05", "2021-09-06"):
        make_incident(investigator, title="Shelling", date_from=day)
    visible = visible_incidents(investigator)
    assert count_filtered(visible, IncidentFilter(text="shelling"), cap=2) == 3
    assert count_filtered(visible, IncidentFilter(text="shelling"), cap=4) == 4


NEWEST_IN_RUKHA = [
    "Shelling of the school",
    "Night raid",
    "Shelling of the market",
    "Shelling near the bridge",
]


@pytest.mark.parametrize("common_above", [0, 1000])
@pytest.mark.parametrize(
    ("wanted", "expected"),
    [
        (IncidentFilter(district="Rukha"), NEWEST_IN_RUKHA),
        (
            IncidentFilter(
                district="Rukha",
                date_from=datetime.date(2021, 9, 4),
                date_to=datetime.date(2021, 9, 30),
            ),
            ["Shelling of the school", "Night raid"],
        ),
        (
            IncidentFilter(district="Rukha", text="shelling"),
            [t for t in NEWEST_IN_RUKHA if t.startswith("Shelling")],
        ),
    ],
    ids=["district", "district and dates", "district and word"],
)
def test_a_district_lists_newest_first_and_counts_it_either_way(
    investigator: User,
    monkeypatch: pytest.MonkeyPatch,
    common_above: int,
    wanted: IncidentFilter,
    expected: list[str],
) -> None:
    from sabt.core.cases import Case  # noqa: PLC0415

    monkeypatch.setattr("sabt.records.filters.COMMON_PLACES", common_above)
    Case.objects.create(slug="other", name="Another case")
    rukha = {"name": "Dashtak", "district": "Rukha"}
    also_rukha = {"name": "Chinar", "district": "Rukha"}
    for day, title, places in [
        ("2021-09-03", "Shelling of the market", [rukha]),
        ("2021-09-05", "Night raid", [rukha, also_rukha]),
        ("2021-09-01", "Shelling near the bridge", [rukha]),
        ("2021-09-04", "Shelling of houses", [{"name": "Anaba", "district": "Unaba"}]),
        ("2021-09-06", "Shelling of the school", [rukha, {"name": "Khenj"}]),
    ]:
        make_incident(investigator, title=title, date_from=day, places=places)
    make_incident(
        investigator,
        title="Shelling",
        date_from="2021-09-05",
        places=[rukha],
        case="other",
    )
    visible = visible_incidents(investigator)
    shown = [i.title for i in filter_incidents(visible, wanted)]
    assert shown == expected
    assert count_filtered(visible, wanted, cap=10) == len(expected)
    # Counted from the places alone, an incident at two places counts once,
    # and the other case's incident in the district not at all.
    at = visible_incident_places(investigator)
    assert count_filtered(visible, wanted, cap=10, places=at) == len(expected)
    assert count_filtered(visible, wanted, cap=1, places=at) == 2
