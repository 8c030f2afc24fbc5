"""The overview page (sabt.web.views.overview, sabt.web.pages.overview): the
map's data, the timeline and the counts, filtered like the list.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from sabt.gazetteer.models import Place
from tests.factories import make_incident

pytestmark = pytest.mark.django_db

KABUL = "geonames:1138958"


@pytest.fixture
def signed_in(client: Client, investigator: User) -> Client:
    client.force_login(investigator)
    return client


def _map_data(content: str) -> dict[str, list[dict[str, Any]]]:
    found = re.search(
        r'<script id="overview-data" type="application/json">(.*?)</script>', content
    )
    assert found
    return json.loads(found.group(1))  # type: ignore[no-any-return]


def test_unsettled_place_sits_in_its_candidates_area(
    signed_in: Client, investigator: User
) -> None:
    incident = make_incident(investigator, places=[{"name": "Dashtak"}])
    row = incident.places.get()
    candidates = Place.objects.filter(key__in=[c["place"] for c in row.candidates])
    content = signed_in.get("/overview/").content.decode()
    (point,) = _map_data(content)["points"]
    assert point["unresolved"] is True
    assert point["name"] == "Dashtak"
    (south, _west), (north, east) = point["area"]
    assert south == min(place.latitude for place in candidates)
    assert east == max(place.longitude for place in candidates)
    assert south <= point["latitude"] <= north


def test_counts_are_ranges_and_unknown_counts_are_not_zero(
    signed_in: Client, investigator: User
) -> None:
    make_incident(investigator, places=[{"place": KABUL}], counts={"killed": (12, 30)})
    make_incident(investigator, title="No count given", places=[{"place": KABUL}])
    make_incident(
        investigator,
        date_from="2021-08-20",
        counts={"killed": (3, None)},
        places=[{"place": KABUL}],
    )
    content = signed_in.get("/overview/").content.decode()
    assert "September 2021" in content
    months = content[content.index("by the month") : content.index('id="counted"')]
    assert "12\N{EN DASH}30" in months
    assert "at least 3" in months
    counted = content[content.index('id="counted"') :]
    # Kabul: three incidents, one with no count: 15 at least, no upper bound.
    assert "at least 15" in counted
    assert "not given" not in counted


def test_filter_narrows_the_overview_like_the_list(
    signed_in: Client, investigator: User
) -> None:
    make_incident(investigator, title="Shots at Darhel", places=[{"place": KABUL}])
    make_incident(
        investigator, title="Clash at Bazarak", event_type="battles",
        sub_event_type="armed_clash", places=[{"place": KABUL}],
    )  # fmt: skip
    content = signed_in.get("/overview/?event_type=battles").content.decode()
    titles = [p["incident"]["title"] for p in _map_data(content)["points"]]
    assert titles == ["Clash at Bazarak"]
    assert "Shots at Darhel" not in content


def test_dari_overview_writes_solar_hijri_months_right_to_left(
    signed_in: Client, investigator: User
) -> None:
    make_incident(investigator, places=[{"place": KABUL}])
    signed_in.post("/i18n/setlang/", {"language": "fa"})
    content = signed_in.get("/overview/").content.decode()
    assert 'dir="rtl"' in content
    assert "سنبله" in content  # the Solar Hijri month of 10 September 2021
    # Numbers inside the SVG stay machine numbers, whatever the language.
    assert re.search(r'<rect x="[0-9.]+" y="2" width="[0-9.]+"', content)


def test_outsider_sees_no_incident(client: Client, outsider: User) -> None:
    client.force_login(outsider)
    assert client.get("/overview/").status_code == 403
